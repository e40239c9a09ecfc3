package activation

import (
	"fmt"
	"math"
	"unsafe"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// kernel is the raw-slice computation behind a layer. The slices hold whole
// rows of contiguous data; an element-wise kernel may be handed several rows
// as one slice, a row-wise kernel exactly one row.
type kernel interface {
	// forwardRows writes the output of x into y and, when saved is not nil,
	// what backwardRows will need into saved.
	forwardRows(y, saved, x []float64)
	// backwardRows writes dLoss/dInput into dx from the output gradient g and
	// what forward saved.
	backwardRows(dx, g, saved []float64)
}

// engine carries what every layer does around its kernel: argument checks,
// the result matrices it owns, and the private state kept from a training
// Forward for Backward.
type engine struct {
	name    string
	kernel  kernel
	rowwise bool // the kernel needs one row per call

	out, grad result
	saved     *mat.Dense // what Backward needs; nil until a training Forward
	ready     bool       // saved holds the state of the last Forward
}

func (e *engine) forward(x *mat.Dense, training bool) *mat.Dense {
	r, c := e.dims("Forward", "input", x)
	e.ready = false
	y := e.out.next(r, c, x)
	var saved *mat.Dense
	if training {
		if e.saved == nil || !sameShape(e.saved, r, c) {
			e.saved = mat.NewDense(r, c, nil)
		}
		saved = e.saved
	}
	e.apply(y, saved, x, e.kernel.forwardRows)
	e.ready = training
	return y
}

func (e *engine) backward(g *mat.Dense) *mat.Dense {
	r, c := e.dims("Backward", "gradient", g)
	if !e.ready {
		panic(e.errorf("Backward", "no training Forward to go back through: call Forward(x, true) first"))
	}
	if sr, sc := e.saved.Dims(); sr != r || sc != c {
		panic(e.errorf("Backward", "gradient is %dx%d, input was %dx%d", r, c, sr, sc))
	}
	dx := e.grad.next(r, c, g)
	e.apply(dx, g, e.saved, e.kernel.backwardRows)
	return dx
}

// apply calls f on the rows of dst, a and b, which have one shape; dst is
// contiguous, a and b may be views, a may be nil. Element-wise kernels get
// contiguous operands in one call, so that they see long slices.
func (e *engine) apply(dst, a, b *mat.Dense, f func(dst, a, b []float64)) {
	r, c := dst.Dims()
	d := dst.RawMatrix().Data
	var ra blas64.General
	if a != nil {
		ra = a.RawMatrix()
	}
	rb := b.RawMatrix()
	if !e.rowwise && rb.Stride == c && (a == nil || ra.Stride == c) {
		f(d[:r*c], span(ra, 0, r), rb.Data[:r*c])
		return
	}
	for i := 0; i < r; i++ {
		f(d[i*c:(i+1)*c], span(ra, i, i+1), span(rb, i, i+1))
	}
}

// span returns rows [from, to) of m as one slice, which is only meaningful
// for a single row or for contiguous data; nil for an absent matrix.
func span(m blas64.General, from, to int) []float64 {
	if m.Data == nil {
		return nil
	}
	return m.Data[from*m.Stride : (to-1)*m.Stride+m.Cols]
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
	m := res.m[res.current]
	if m == nil || !sameShape(m, r, c) {
		m = mat.NewDense(r, c, nil)
		res.m[res.current] = m
	}
	return m
}

func sameShape(m *mat.Dense, r, c int) bool {
	mr, mc := m.Dims()
	return mr == r && mc == c
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

// mul sets dst[i] = a[i] * b[i].
func mul(dst, a, b []float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

// compensated accumulates a sum with the error of each addition carried
// separately (Neumaier; Ogita, Rump and Oishi's Dot2 for products), so the
// result is as accurate as if computed in twice the working precision.
type compensated struct{ sum, err float64 }

func (c *compensated) add(v float64) {
	s, e := twoSum(c.sum, v)
	c.sum = s
	c.err += e
}

func (c *compensated) addProduct(a, b float64) {
	p := a * b
	c.add(p)
	c.err += math.FMA(a, b, -p)
}

// merge adds the sum that d accumulated.
func (c *compensated) merge(d compensated) {
	c.add(d.sum)
	c.err += d.err
}

func (c *compensated) value() float64 {
	if math.IsInf(c.sum, 0) || math.IsNaN(c.sum) {
		return c.sum // the error terms are NaN past overflow
	}
	return c.sum + c.err
}

// twoSum returns s = fl(a+b) and the rounding error e, with s+e = a+b exactly
// (Knuth).
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bv := s - a
	e = (a - (s - bv)) + (b - bv)
	return s, e
}

// twoProd returns p = fl(a·b) and the rounding error e, with p+e = a·b
// exactly.
func twoProd(a, b float64) (p, e float64) {
	p = a * b
	return p, math.FMA(a, b, -p)
}

// ln 2 split in two: ln2Hi has its low 21 bits clear, so small multiples of
// it add to numbers near 700 without rounding.
const (
	ln2Hi = 6.93147180369123816490e-01
	ln2Lo = 1.90821492927058770002e-10
)

// exp512 returns e^x · 2^512 for -1100 <= x <= -700, where e^x itself is
// subnormal or close to it and so has lost bits. The shift by 512·ln 2 is
// done in double-double: x + 512·ln2Hi is exact there, and the rounding
// error of adding 512·ln2Lo is put back after exp.
func exp512(x float64) float64 {
	z, err := twoSum(x+512*ln2Hi, 512*ln2Lo)
	e := math.Exp(z)
	return math.FMA(e, err, e)
}

// mulExp returns c·e^x for x <= 0 and |c| <= 2^64, rounded once even where
// e^x alone would be subnormal and have lost digits.
func mulExp(c, x float64) float64 {
	switch {
	case x < -1100:
		return c * 0 // below the smallest subnormal, with the sign of c
	case x < -708:
		return math.Ldexp(c*exp512(x), -512)
	}
	return c * math.Exp(x)
}

// choose returns a if c and b otherwise, by masking bits instead of
// branching: a branch on the sign of random data mispredicts half the time.
func choose(c bool, a, b float64) float64 {
	var mask uint64
	if c {
		mask = ^mask
	}
	return math.Float64frombits(math.Float64bits(a)&mask | math.Float64bits(b)&^mask)
}
