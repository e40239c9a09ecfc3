package activation

import (
	"fmt"
	"sync"
	"unsafe"
)

// Float is the element type of the slice functions: float32 or float64.
type Float interface{ float32 | float64 }

// Func is an element-wise activation f on slices of float32 or float64,
// for code that holds its tensors as plain slices rather than gonum
// matrices: Forward sets dst = f(x) and Backward dx = g·f'(x), element by
// element. It keeps nothing, so one Func serves any number of goroutines,
// and allocates nothing. FuncOf makes one of a layer.
//
// Its results are the layer's: the same float64 kernels (on vectors where
// the CPU has them) give the same bits. For float32 each element is widened
// exactly, computed in float64 and rounded once, so every result is within
// 0.51 ulp of the exact value, correctly rounded but for the rare input
// whose exact value lies within a few float64 ulp of a float32 rounding
// boundary; Backward's product g·f'(x) is taken in float64 too.
type Func[T Float] struct{ f *elementFunc }

// FuncOf returns the element-wise function of the layer l, with the
// parameters l has now (PReLU's slope, SwishBeta's β, XIELU's αp and αn,
// which later training does not change), or an error if l is not
// element-wise (a row-wise layer: see RowFuncOf; a gated unit: see
// GatedFuncOf; PReLUPerFeature and Snake, whose parameters are a column's)
// or holds a parameter that is not finite. RReLU gives its inference
// slope, since its training slopes are random.
func FuncOf[T Float](l Layer) (Func[T], error) {
	f, err := elementFuncOf(l)
	return Func[T]{f}, err
}

// Name returns the name of the layer the function comes from.
func (f Func[T]) Name() string { return f.f.name }

// Forward sets dst = f(x). dst may be x. It panics if their lengths
// differ.
func (f Func[T]) Forward(dst, x []T) {
	f.f.check("Forward", len(dst), len(x), len(x))
	if float32s[T]() {
		f.f.forward32(asF32(dst), asF32(x))
	} else {
		f.f.forward64(asF64(dst), asF64(x))
	}
}

// Backward sets dx = g·f'(x). dx may be g or x. It panics if the lengths
// differ.
func (f Func[T]) Backward(dx, g, x []T) {
	f.f.check("Backward", len(dx), len(g), len(x))
	if float32s[T]() {
		f.f.backward32(asF32(dx), asF32(g), asF32(x))
	} else {
		f.f.backward64(asF64(dx), asF64(g), asF64(x))
	}
}

// float32s reports whether T is float32.
func float32s[T Float]() bool { return unsafe.Sizeof(T(0)) == 4 }

// asF32 and asF64 return s as the slice it is, T being known.
func asF32[T Float](s []T) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}
func asF64[T Float](s []T) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// elementFunc is a Func of either type: a layer's float64 kernel, and its
// vector kernels in the forms of the slice functions.
type elementFunc struct {
	name   string
	kernel elementwise // y and y' of x
	coded  codedKernel // or y and the code of y'
	forms  *forms
}

// forms are an element-wise layer's vector kernels for the slice
// functions: y of float32 x, and dx = g·f'(x) of float64 and of float32
// slices, each returning how many elements it did, as the layer's do.
type forms struct {
	y32    func(y, x []float32) int
	grad64 func(dx, g, x []float64) int
	grad32 func(dx, g, x []float32) int
}

// elementFuncOf returns the function of the element-wise layer l.
func elementFuncOf(l Layer) (*elementFunc, error) {
	switch l := l.(type) {
	case *Activation:
		if l != nil && l.name != "" && !l.rowwise {
			return &elementFunc{name: l.name, kernel: l.elementwiseKernel(), coded: l.coded, forms: l.forms}, nil
		}
	case *PReLU:
		if l != nil && l.name != "" {
			alpha := l.param.Value.At(0, 0)
			if err := checkFinite("alpha", alpha); err != nil {
				return nil, fmt.Errorf("activation: FuncOf: PReLU's %v", err)
			}
			a := NewLeakyReLU(alpha)
			return &elementFunc{name: l.name, coded: a.coded, forms: a.forms}, nil
		}
	case *RReLU:
		if l != nil {
			a := NewLeakyReLU(l.inferenceSlope())
			return &elementFunc{name: "RReLU", coded: a.coded, forms: a.forms}, nil
		}
	case *SwishBeta:
		if l != nil && l.name != "" {
			beta := l.param.Value.At(0, 0)
			if err := checkFinite("beta", beta); err != nil {
				return nil, fmt.Errorf("activation: FuncOf: SwishBeta's %v", err)
			}
			return swishBetaFunc(beta), nil
		}
	case *XIELU:
		if l != nil && l.name != "" {
			rp, rn := l.ap.param.Value.At(0, 0), l.an.param.Value.At(0, 0)
			for _, p := range []struct {
				name string
				v    float64
			}{{"alpha_p", rp}, {"alpha_n", rn}} {
				if err := checkFinite(p.name, p.v); err != nil {
					return nil, fmt.Errorf("activation: FuncOf: XIELU's %v", err)
				}
			}
			q, _, _ := l.paramsOf(rp, rn)
			return xieluFunc(q), nil
		}
	}
	return nil, fmt.Errorf("activation: FuncOf: %s is not an element-wise layer", describe(l))
}

// elementwiseKernel returns the layer's kernel as an element-wise one, or
// nil for a coded layer.
func (a *Activation) elementwiseKernel() elementwise {
	k, _ := a.kernel.(elementwise)
	return k
}

// describe names a layer for a message.
func describe(l Layer) string {
	if n, ok := l.(interface{ layerName() string }); ok && n.layerName() != "" {
		return n.layerName()
	}
	return fmt.Sprintf("%T", l)
}

func (f *elementFunc) check(method string, n, m, k int) {
	if n != m || m != k {
		panic(fmt.Sprintf("activation: %s.%s: slices of %d, %d and %d elements, want one length", f.name, method, n, m, k))
	}
}

// chunk is how many elements the Go path takes at a time through the
// float64 kernels.
const chunk = 256

// scratch is the Go path's arrays for a chunk. The kernels are func values
// and interfaces, which would take arrays on the stack to the heap: a pool
// keeps a steady loop from allocating.
type scratch struct {
	x, y, dy [chunk]float64
	codes    [chunk]byte
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// values sets y, and dy unless it is nil, from x, by the layer's kernel;
// a coded layer's needs codes for as many elements.
func (f *elementFunc) values(y, dy, x []float64, codes []byte) {
	if f.kernel != nil {
		f.kernel(y, dy, x, false)
		return
	}
	for off := 0; off < len(x); off += chunk {
		n := min(chunk, len(x)-off)
		var c []byte
		if dy != nil {
			c = codes[off : off+n]
		}
		f.coded.forwardCodes(y[off:off+n], c, x[off:off+n], false)
		if dy != nil {
			d := f.coded.derivs()
			for i, code := range c {
				dy[off+i] = d[code]
			}
		}
	}
}

func (f *elementFunc) forward64(dst, x []float64) {
	if f.kernel != nil {
		f.kernel(dst, nil, x, false)
		return
	}
	f.coded.forwardCodes(dst, nil, x, false)
}

func (f *elementFunc) backward64(dx, g, x []float64) {
	i := 0
	if f.forms != nil && useVectors {
		i = f.forms.grad64(dx, g, x)
	}
	if i == len(x) {
		return
	}
	s := scratches.Get().(*scratch)
	defer scratches.Put(s)
	for ; i < len(x); i += chunk {
		n := min(chunk, len(x)-i)
		f.values(s.y[:n], s.dy[:n], x[i:i+n], s.codes[:n])
		for j, d := range s.dy[:n] {
			dx[i+j] = g[i+j] * d
		}
	}
}

func (f *elementFunc) forward32(dst, x []float32) {
	i := 0
	if f.forms != nil && useVectors {
		i = f.forms.y32(dst, x)
	}
	if i == len(x) {
		return
	}
	s := scratches.Get().(*scratch)
	defer scratches.Put(s)
	for ; i < len(x); i += chunk {
		n := min(chunk, len(x)-i)
		for j, v := range x[i : i+n] {
			s.x[j] = float64(v)
		}
		f.values(s.y[:n], nil, s.x[:n], nil)
		for j, v := range s.y[:n] {
			dst[i+j] = float32(v)
		}
	}
}

func (f *elementFunc) backward32(dx, g, x []float32) {
	i := 0
	if f.forms != nil && useVectors {
		i = f.forms.grad32(dx, g, x)
	}
	if i == len(x) {
		return
	}
	s := scratches.Get().(*scratch)
	defer scratches.Put(s)
	for ; i < len(x); i += chunk {
		n := min(chunk, len(x)-i)
		for j, v := range x[i : i+n] {
			s.x[j] = float64(v)
		}
		f.values(s.y[:n], s.dy[:n], s.x[:n], s.codes[:n])
		for j, d := range s.dy[:n] {
			dx[i+j] = float32(float64(g[i+j]) * d)
		}
	}
}

// swishBetaFunc returns the function of SwishBeta with the given β.
func swishBetaFunc(beta float64) *elementFunc {
	return &elementFunc{name: "SwishBeta", kernel: fixedSwishKernel(beta), forms: swishBetaForms(beta)}
}

// swishBetaForms returns the forms of y = x·σ(βx) with β fixed.
func swishBetaForms(beta float64) *forms {
	return &forms{
		func(y, x []float32) int { return swishBetaVector32(y, nil, nil, x, beta) },
		func(dx, g, x []float64) int { return swishBetaVectorGrad(dx, g, x, beta) },
		func(dx, g, x []float32) int { return swishBetaVectorGrad32(dx, g, x, beta) },
	}
}
