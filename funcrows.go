package activation

import (
	"fmt"
	"sync"
	"unsafe"
)

// RowFunc is a row-wise activation (Softmax, LogSoftmax, Softmin,
// Sparsemax, Entmax15, Hardmax) on slices of float32 or float64 that hold
// rows of cols elements one after another: Forward sets each row of dst to
// the function of the row of x, and Backward each row of dx to dLoss/dx
// from the output gradient g and the output y that Forward gave. Like Func
// it keeps nothing, allocates nothing in a steady loop, serves any number
// of goroutines, and gives the layer's results, float32 ones computed in
// float64 and rounded once. RowFuncOf makes one of a layer.
type RowFunc[T Float] struct{ f *rowFunc }

// RowFuncOf returns the row-wise function of the layer l, with the
// temperature l has now, or an error if l is not row-wise.
func RowFuncOf[T Float](l Layer) (RowFunc[T], error) {
	f, err := rowFuncOf(l)
	return RowFunc[T]{f}, err
}

// Name returns the name of the layer the function comes from.
func (f RowFunc[T]) Name() string { return f.f.name }

// Forward sets each row of dst, cols elements, to the function of the row
// of x. dst may be x. It panics if cols is not positive, if the lengths
// differ or are not a whole number of rows.
func (f RowFunc[T]) Forward(dst, x []T, cols int) {
	f.f.check("Forward", cols, len(dst), len(x), len(x))
	for i := 0; i < len(x); i += cols {
		if float32s[T]() {
			f.f.forward32(asF32(dst[i:i+cols]), asF32(x[i:i+cols]))
		} else {
			f.f.forward64(asF64(dst[i:i+cols]), asF64(x[i:i+cols]))
		}
	}
}

// Backward sets each row of dx to dLoss/dx from the rows of the output
// gradient g and of the output y. dx may be g or y. It panics as Forward
// does.
func (f RowFunc[T]) Backward(dx, g, y []T, cols int) {
	f.f.check("Backward", cols, len(dx), len(g), len(y))
	for i := 0; i < len(y); i += cols {
		if float32s[T]() {
			f.f.backward32(asF32(dx[i:i+cols]), asF32(g[i:i+cols]), asF32(y[i:i+cols]))
		} else {
			f.f.backward64(asF64(dx[i:i+cols]), asF64(g[i:i+cols]), asF64(y[i:i+cols]))
		}
	}
}

// rowKernel is what a row-wise layer's kernel does for a row.
type rowKernel interface {
	forwardRows(y, saved, x []float64, row int, stream bool)
	backwardRows(dx, g, saved []float64, block int, stream bool)
}

// rowFunc is a RowFunc of either type: a row kernel with its settings
// taken, which its calls only read.
type rowFunc struct {
	name   string
	kernel rowKernel
	// probs is set for LogSoftmax, whose Backward takes the softmax: e^y.
	probs bool
}

// rowFuncOf returns the function of the row-wise layer l.
func rowFuncOf(l Layer) (*rowFunc, error) {
	switch l := l.(type) {
	case *Softmax:
		if l != nil {
			s := &Softmax{Temperature: l.Temperature, Epsilon: l.Epsilon}
			if err := takeRows(s); err != nil {
				return nil, err
			}
			return &rowFunc{name: "Softmax", kernel: s}, nil
		}
	case *Softmin:
		if l != nil {
			s := &Softmin{Temperature: l.Temperature, Epsilon: l.Epsilon}
			if err := takeRows(s); err != nil {
				return nil, err
			}
			return &rowFunc{name: "Softmin", kernel: s}, nil
		}
	case *LogSoftmax:
		if l != nil {
			s := &LogSoftmax{Temperature: l.Temperature}
			if err := takeRows(s); err != nil {
				return nil, err
			}
			return &rowFunc{name: "LogSoftmax", kernel: s, probs: true}, nil
		}
	case *Activation:
		if l == nil {
			break
		}
		switch k := l.kernel.(type) {
		case sparseRows, hardmaxRows:
			return &rowFunc{name: l.name, kernel: k.(rowKernel)}, nil
		}
	}
	return nil, fmt.Errorf("activation: RowFuncOf: %s is not a row-wise layer", describe(l))
}

// takeRows sets up the private layer s with its settings, as a training
// Forward takes them, and reports settings out of range.
func takeRows(s interface {
	init()
	prepare(r, c int, training bool)
}) (err error) {
	s.init()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("activation: RowFuncOf: %v", p)
		}
	}()
	s.prepare(1, 1, true)
	return nil
}

func (f *rowFunc) check(method string, cols, n, m, k int) {
	switch {
	case cols < 1:
		panic(fmt.Sprintf("activation: %s.%s: cols is %d, must be positive", f.name, method, cols))
	case n != m || m != k:
		panic(fmt.Sprintf("activation: %s.%s: slices of %d, %d and %d elements, want one length", f.name, method, n, m, k))
	case n%cols != 0:
		panic(fmt.Sprintf("activation: %s.%s: %d elements are not a whole number of rows of %d", f.name, method, n, cols))
	}
}

// rowScratch is a row's worth of float64 arrays, pooled, so that a steady
// loop allocates none.
type rowScratch struct{ x, y, g []float64 }

var rowScratches = sync.Pool{New: func() any { return new(rowScratch) }}

// getRows returns scratch arrays of n elements.
func getRows(n int) *rowScratch {
	s := rowScratches.Get().(*rowScratch)
	if cap(s.x) < n {
		s.x, s.y, s.g = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	s.x, s.y, s.g = s.x[:n], s.y[:n], s.g[:n]
	return s
}

// overlap reports whether a and b share memory.
func overlap[T Float](a, b []T) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	size := unsafe.Sizeof(T(0))
	a0, b0 := uintptr(unsafe.Pointer(&a[0])), uintptr(unsafe.Pointer(&b[0]))
	return a0 < b0+uintptr(len(b))*size && b0 < a0+uintptr(len(a))*size
}

func (f *rowFunc) forward64(dst, x []float64) {
	if !overlap(dst, x) {
		f.kernel.forwardRows(dst, nil, x, 0, false)
		return
	}
	s := getRows(len(x))
	defer rowScratches.Put(s)
	copy(s.x, x)
	f.kernel.forwardRows(dst, nil, s.x, 0, false)
}

// backward64 takes g and y from s.g and s.y where they overlap dx.
func (f *rowFunc) backward64(dx, g, y []float64) {
	s := getRows(len(y))
	defer rowScratches.Put(s)
	copy(s.g, g)
	if f.probs {
		probs(s.y, y)
	} else {
		copy(s.y, y)
	}
	f.kernel.backwardRows(dx, s.g, s.y, 0, false)
}

func (f *rowFunc) forward32(dst, x []float32) {
	s := getRows(len(x))
	defer rowScratches.Put(s)
	for i, v := range x {
		s.x[i] = float64(v)
	}
	f.kernel.forwardRows(s.y, nil, s.x, 0, false)
	for i, v := range s.y {
		dst[i] = float32(v)
	}
}

func (f *rowFunc) backward32(dx, g, y []float32) {
	s := getRows(len(y))
	defer rowScratches.Put(s)
	for i, v := range g {
		s.g[i] = float64(v)
	}
	for i, v := range y {
		s.y[i] = float64(v)
	}
	if f.probs {
		probs(s.y, s.y)
	}
	f.kernel.backwardRows(s.x, s.g, s.y, 0, false)
	for i, v := range s.x {
		dx[i] = float32(v)
	}
}

// probs sets p = e^y, the softmax of LogSoftmax's output y, on vectors
// where it can: the shift of a row whose maximum is 0 at temperature 1
// leaves z = y exactly, for the y <= 0 that log-probabilities are; any
// other y, NaN among them, takes exp. p may be y.
func probs(p, y []float64) {
	s := newShift(0, 0, 1)
	for i := 0; i < len(y); i += chunk {
		end := min(i+chunk, len(y))
		var odd [chunk]float64 // the y that the shift does not cover
		copy(odd[:end-i], y[i:end])
		s.exps(p[i:end], y[i:end])
		for j, v := range odd[:end-i] {
			if !(v <= 0) {
				p[i+j] = exp(v)
			}
		}
	}
}
