package activation

import (
	"fmt"
	"math"
	"sync/atomic"
	"unsafe"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// kernel is the raw-slice computation behind a layer. The slices hold whole
// rows of contiguous data; an element-wise kernel may be handed several rows
// as one slice, a row-wise kernel exactly one row.
type kernel interface {
	// forwardRows writes the output of x into y and, when saved is not nil,
	// what backwardRows will need into saved; x begins at the given row of
	// the batch. With stream set, as for backwardRows, they may be written
	// around the caches.
	forwardRows(y, saved, x []float64, row int, stream bool)
	// backwardRows writes dLoss/dInput into dx from the output gradient g and
	// what forward saved. The rows belong to the given block of the
	// partition (see blocks); a kernel that reduces over the batch keeps a
	// partial result per block, so that the blocks may run in parallel and
	// still add up in one order. With stream set the batch is too large
	// for the caches, and dx may be written around them.
	backwardRows(dx, g, saved []float64, block int, stream bool)
}

// engine carries what every layer does around its kernel: argument checks,
// the result matrices it owns, the private state kept from a training
// Forward for Backward, and the split of large batches across goroutines.
type engine struct {
	name    string
	kernel  kernel
	rowwise bool // the kernel needs one row per call
	cost    cost // how the batch is split: see parallelElems

	// coded, where set, takes the place of kernel for a layer that saves
	// codes, not float64s.
	coded codedKernel

	busy      atomic.Bool // a Forward or Backward is running: see enter
	out, grad result
	saved     *mat.Dense // what Backward needs; nil until a training Forward
	codes     []byte     // what Backward needs from coded, one byte an element
	state     state      // what saved or codes hold
	rows      int        // the shape of the last training Forward's input
	cols      int
	outCols   int    // and the columns of its output
	mask      *Mask  // and its mask, nil for none
	method    string // the running Forward's name, for the messages of prepare
	job       job    // the call being split across goroutines
}

// state is what a layer holds for Backward.
type state uint8

const (
	noState state = iota // no training Forward yet
	pending              // the state of the last training Forward, for its Backward
	spent                // the last training Forward has had its Backward
)

// A kernel may have settings of its own, such as a temperature or learned
// slopes, that its layer reads at each Forward.
type preparer interface {
	// prepare checks the settings for a Forward of an r x c batch, panics
	// with the layer's message if they are out of range, and takes them
	// for the kernel; with training set it also keeps them for the
	// Backward of this Forward, which a later inference Forward must not
	// change.
	prepare(r, c int, training bool)
}

// A kernel's output may have other columns than its input, and what it
// saves others again: a gated unit takes 2n columns to n and saves 3n.
type shaper interface {
	outCols(c int) int
	savedCols(c int) int
}

// A kernel may also reduce over the batch for the gradient of its
// parameters: Backward calls beginGrad before the blocks and endGrad
// after them.
type gradSummer interface {
	beginGrad(r, c int)
	endGrad()
}

// codedKernel is the kernel of an element-wise layer whose derivative takes
// one of three values only, as ReLU's 0, 1 and NaN: a training Forward
// saves which, one byte an element, and Backward multiplies by it. A step
// then moves 34 bytes an element, not 48.
type codedKernel interface {
	// forwardCodes writes the output of x into y and, when codes is not
	// nil, the code of the derivative at each x into codes.
	forwardCodes(y []float64, codes []byte, x []float64, stream bool)
	// derivs returns the derivative for each code.
	derivs() *[3]float64
}

// enter marks the start of a Forward or Backward and panics if another is
// running on the same layer: the two would write the same matrices. It
// catches misuse, it does not make sharing safe: a caller still reading a
// result that another goroutine's call overwrites goes unseen.
func (e *engine) enter(method string) {
	if !e.busy.CompareAndSwap(false, true) {
		panic(e.errorf(method, "called while another Forward or Backward of this layer is running; a layer is not safe for concurrent use: give each goroutine its own Clone"))
	}
}

func (e *engine) leave() { e.busy.Store(false) }

// forward runs a Forward. An inference Forward touches only the result it
// returns: the state that a training Forward kept for its Backward stays,
// so a network may be evaluated between the two.
func (e *engine) forward(x *mat.Dense, training bool) *mat.Dense {
	return e.forwardMasked("Forward", x, nil, training)
}

// forwardMasked runs the Forward named method over the entries mask keeps,
// every entry for a nil mask; a training one keeps the mask for its
// Backward. The kernel must take a mask where method is ForwardMasked.
func (e *engine) forwardMasked(method string, x *mat.Dense, mask *Mask, training bool) *mat.Dense {
	e.enter(method)
	defer e.leave()
	e.method = method
	r, c := e.dims(method, "input", x)
	mask.check(e.name, method, "input is", r, c)
	if p, ok := e.kernel.(preparer); ok {
		p.prepare(r, c, training)
	}
	oc, sc := c, c
	if s, ok := e.kernel.(shaper); ok {
		oc, sc = s.outCols(c), s.savedCols(c)
	}
	y := e.out.next(r, oc, x)
	if !training {
		e.apply(y, nil, x, nil, mask, true)
		return y
	}
	e.state = noState // until the new state is whole
	var saved *mat.Dense
	var codes []byte
	if e.coded != nil {
		if cap(e.codes) < r*c {
			e.codes = make([]byte, r*c)
		}
		e.codes = e.codes[:r*c]
		codes = e.codes
	} else {
		e.saved = reshape(e.saved, r, sc)
		saved = e.saved
	}
	e.apply(y, saved, x, codes, mask, true)
	e.rows, e.cols, e.outCols, e.mask = r, c, oc, mask
	e.state = pending
	return y
}

// backward runs a Backward, which uses up the state of the training Forward
// before it: a layer at two places in a network would otherwise give the
// second place's Backward the first place's state.
func (e *engine) backward(g *mat.Dense) *mat.Dense {
	e.enter("Backward")
	defer e.leave()
	r, c := e.dims("Backward", "gradient", g)
	switch e.state {
	case noState:
		panic(e.errorf("Backward", "no training Forward to go back through: call Forward(x, true) first"))
	case spent:
		panic(e.errorf("Backward", "second Backward of one training Forward: each Forward(x, true) feeds one Backward; a layer used at two places in a network needs two instances (see Clone)"))
	}
	switch {
	case e.outCols != e.cols && (e.rows != r || e.outCols != c):
		panic(e.errorf("Backward", "gradient is %dx%d, output was %dx%d", r, c, e.rows, e.outCols))
	case e.rows != r || e.outCols != c:
		panic(e.errorf("Backward", "gradient is %dx%d, input was %dx%d", r, c, e.rows, e.cols))
	}
	dx := e.grad.next(r, e.cols, g)
	s, _ := e.kernel.(gradSummer)
	if s != nil {
		s.beginGrad(r, c)
	}
	if e.coded != nil {
		e.apply(dx, nil, g, e.codes, nil, false)
	} else {
		e.apply(dx, g, e.saved, nil, e.mask, false)
	}
	if s != nil {
		s.endGrad()
	}
	e.state = spent
	return dx
}

// cloneEngine returns an engine with e's kernel and none of its state, for
// the Clone of a layer whose kernel holds nothing of its own.
func (e *engine) cloneEngine() engine {
	return engine{name: e.name, kernel: e.kernel, rowwise: e.rowwise, cost: e.cost, coded: e.coded}
}

// dims checks a Forward or Backward argument and returns its shape.
func (e *engine) dims(method, what string, m *mat.Dense) (r, c int) {
	if m == nil {
		panic(e.errorf(method, "%s is nil", what))
	}
	if m.IsEmpty() {
		panic(e.errorf(method, "%s is empty", what))
	}
	return m.Dims()
}

func (e *engine) errorf(method, format string, args ...any) string {
	return fmt.Sprintf("activation: %s.%s: ", e.name, method) + fmt.Sprintf(format, args...)
}

// made panics for the zero value of a layer type whose constructor,
// New followed by the type's name, must make it.
func (e *engine) made(layer, method string) {
	if e.name == "" {
		panic(fmt.Sprintf("activation: %s.%s: zero %s: make one with New%s", layer, method, layer, layer))
	}
}

// layerName returns the name the layer's messages give it.
func (e *engine) layerName() string { return e.name }

// result is a matrix a layer returns and reuses. It keeps two so that a
// caller may pass the previous result back in: the new one is then written
// into the other matrix, never over the argument being read.
type result struct {
	m       [2]*mat.Dense
	current int
}

func (res *result) next(r, c int, arg *mat.Dense) *mat.Dense {
	if m := res.m[res.current]; m != nil && overlaps(m, arg) {
		res.current ^= 1
	}
	res.m[res.current] = reshape(res.m[res.current], r, c)
	return res.m[res.current]
}

// reshape returns m made r x c and contiguous: the same matrix, on its own
// memory where that holds r·c elements, so that a batch smaller than one
// before allocates nothing. A nil m gives a new matrix.
func reshape(m *mat.Dense, r, c int) *mat.Dense {
	if m == nil {
		return mat.NewDense(r, c, nil)
	}
	data := m.RawMatrix().Data
	if cap(data) < r*c {
		data = make([]float64, r*c)
	}
	m.SetRawMatrix(blas64.General{Rows: r, Cols: c, Stride: c, Data: data[:r*c]})
	return m
}

// overlaps reports whether the backing arrays of a and b may share memory.
// Capacities count, since a view's slice runs on to the end of its parent.
func overlaps(a, b *mat.Dense) bool {
	ad, bd := a.RawMatrix().Data, b.RawMatrix().Data
	if cap(ad) == 0 || cap(bd) == 0 {
		return false
	}
	a0 := uintptr(unsafe.Pointer(unsafe.SliceData(ad)))
	b0 := uintptr(unsafe.Pointer(unsafe.SliceData(bd)))
	const size = unsafe.Sizeof(float64(0))
	return a0 < b0+uintptr(cap(bd))*size && b0 < a0+uintptr(cap(ad))*size
}

// mul sets dst[i] = a[i] * b[i], on vectors where the CPU allows, and with
// stream set around the caches.
func mul(dst, a, b []float64, stream bool) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := mulVector(dst, a, b, stream); i < len(dst); i++ {
		dst[i] = a[i] * b[i]
	}
}

// mulCodes sets dst[i] = a[i] * d[codes[i]], on vectors where the CPU
// allows, and with stream set around the caches.
func mulCodes(dst, a []float64, codes []byte, d *[3]float64, stream bool) {
	a, codes = a[:len(dst)], codes[:len(dst)]
	for i := mulCodesVector(dst, a, codes, d, stream); i < len(dst); i++ {
		dst[i] = a[i] * d[codes[i]]
	}
}

// choose returns a if c and b otherwise, by masking bits instead of
// branching: a branch on the sign of random data mispredicts half the time.
func choose(c bool, a, b float64) float64 {
	mask := maskOf(c)
	return math.Float64frombits(math.Float64bits(a)&mask | math.Float64bits(b)&^mask)
}

// maskOf returns all ones if c and 0 otherwise, without a branch.
func maskOf(c bool) uint64 {
	var mask uint64
	if c {
		mask = ^mask
	}
	return mask
}

// swapIfNegative returns b, a if x has its sign bit set and a, b
// otherwise, without a branch, as choose.
func swapIfNegative(x, a, b float64) (float64, float64) {
	mask := uint64(int64(math.Float64bits(x)) >> 63)
	ab, bb := math.Float64bits(a), math.Float64bits(b)
	d := (ab ^ bb) & mask
	return math.Float64frombits(ab ^ d), math.Float64frombits(bb ^ d)
}
