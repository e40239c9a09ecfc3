package activation

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Softmax is the row-wise softmax with temperature: for each row x,
//
//	y_i = exp(z_i) / Σ_j exp(z_j),  z = (x - max x) / τ,  τ = Temperature + Epsilon
//
// where τ is the float64 sum of the two fields. Backward returns
// y ⊙ (g - <y, g>) / τ for each row.
//
// z is formed in double-double, so entries far below the row's maximum keep
// every digit that e^z has, and logits up to ±MaxFloat64 never overflow at
// any temperature. Sums and the dot product are compensated.
//
// Special cases, per row, are:
//
//	an entry of -Inf gets 0
//	a row of only -Inf gives all zeros
//	entries of +Inf share the row equally, the others get 0
//	a NaN anywhere gives a row of NaN
type Softmax struct {
	// Temperature scales the logits: above 1 the output is flatter, below
	// 1 sharper. It must be finite and positive.
	Temperature float64
	// Epsilon is added to Temperature, as in the original; it must be
	// finite and non-negative. NewSoftmax sets it to 1e-8; a Softmax
	// written as a literal, &Softmax{Temperature: 1}, has 0.
	Epsilon float64

	engine
	rows softmaxRows
}

// softmaxRows is the row kernel of Softmax and Softmin, with the τ it
// takes.
type softmaxRows struct {
	tau     float64 // Temperature + Epsilon, for the running Forward
	keptTau float64 // τ of the last training Forward, for its Backward
}

// take checks the temperature and epsilon of the layer e, as its Forward
// reads them, and takes τ = t + eps for the running Forward, keeping it
// for Backward where training.
func (k *softmaxRows) take(e *engine, t, eps float64, training bool) {
	if !validTemperature(t) {
		panic(e.errorf("Forward", "Temperature is %v, must be finite and positive", t))
	}
	if checkEpsilon(t, eps) != nil {
		panic(e.errorf("Forward", "Epsilon is %v, must be finite and non-negative", eps))
	}
	k.tau = t + eps
	if training {
		k.keptTau = k.tau
	}
}

// NewSoftmax returns a row-wise softmax with the given temperature and
// Epsilon 1e-8. It panics if temperature is not finite and positive.
func NewSoftmax(temperature float64) *Softmax {
	if err := checkTemperature(temperature); err != nil {
		panic("activation: NewSoftmax: " + err.Error())
	}
	return &Softmax{Temperature: temperature, Epsilon: 1e-8}
}

// layerName is the name in s's messages, before init too.
func (s *Softmax) layerName() string { return "Softmax" }

// init sets up the engine of a Softmax, which a literal does not.
func (s *Softmax) init() {
	if s.kernel == nil {
		s.name, s.kernel, s.rowwise = "Softmax", s, true
	}
}

// Forward returns the softmax of each row of input. With training set it
// keeps a private copy of the result for Backward. The result belongs to
// the layer and is overwritten by its next Forward. Forward panics if
// Temperature or Epsilon is out of range.
func (s *Softmax) Forward(input *mat.Dense, training bool) *mat.Dense {
	s.init()
	return s.forward(input, training)
}

// Backward returns dLoss/dInput for the last training Forward, with the
// temperature it used. The result belongs to the layer and is overwritten by
// its next Backward.
func (s *Softmax) Backward(outputGrad *mat.Dense) *mat.Dense {
	s.init()
	return s.backward(outputGrad)
}

// Params returns nil: Softmax has no trainable parameters.
func (s *Softmax) Params() map[string]Param { return nil }

// Clone returns a new Softmax with the same Temperature and Epsilon and
// none of s's state, for use at another place in a network or by another
// goroutine.
func (s *Softmax) Clone() Layer {
	return &Softmax{Temperature: s.Temperature, Epsilon: s.Epsilon}
}

func (s *Softmax) prepare(_, _ int, training bool) {
	s.rows.take(&s.engine, s.Temperature, s.Epsilon, training)
}

func (s *Softmax) forwardRows(y, saved, x []float64, _ int, stream bool) {
	s.rows.forward(y, saved, x, stream)
}

func (s *Softmax) backwardRows(dx, g, y []float64, _ int, stream bool) {
	s.rows.backward(dx, g, y, stream)
}

// forward sets y, and saved unless it is nil, to the softmax of x. y may be
// x itself: each element is read before its place is written.
func (k *softmaxRows) forward(y, saved, x []float64, stream bool) {
	y = y[:len(x)]
	if kind, hi, lo := specialRow(y, x); kind == rowFinite {
		k.exps(y, saved, x, hi, lo, stream)
		return
	}
	copy(saved, y)
}

// specialRow sets y for a row x that falls in a special case of the
// row-wise layers that give probabilities (Softmax, Softmin, Sparsemax,
// Entmax15): a NaN gives NaN, a row of -Inf zeros, and entries of +Inf
// share the row. It returns the row's kind, maximum and minimum, and
// leaves y alone where the maximum is finite. y may be x.
func specialRow(y, x []float64) (kind rowKind, hi, lo float64) {
	kind, hi, lo = scanRow(x)
	switch kind {
	case rowNaN:
		fill(y, math.NaN())
	case rowAllNegInf:
		fill(y, 0)
	case rowPosInf:
		share := 1 / float64(count(x, hi))
		for i, v := range x {
			y[i] = choose(v == hi, share, 0)
		}
	}
	return kind, hi, lo
}

// rowKind classifies a row of logits by the special case it falls in.
type rowKind int

const (
	rowFinite    rowKind = iota // the maximum is finite
	rowNaN                      // some entry is NaN
	rowAllNegInf                // every entry is -Inf
	rowPosInf                   // some entry is +Inf
)

// scanRow returns the kind of the row x, its maximum and its minimum.
func scanRow(x []float64) (kind rowKind, hi, lo float64) {
	inf := math.Inf(1)
	his, los := [4]float64{-inf, -inf, -inf, -inf}, [4]float64{inf, inf, inf, inf}
	n, nan := scanVector(x, &his, &los)
	lo, hi = inf, -inf
	for j := range his {
		lo, hi = min(lo, los[j]), max(hi, his[j])
	}
	for _, v := range x[n:] {
		lo, hi = min(lo, v), max(hi, v)
		nan = nan || v != v
	}
	hi += 0 // +0 for -0, whichever order the zeros came in
	switch {
	case nan:
		return rowNaN, hi, lo
	case hi == math.Inf(-1):
		return rowAllNegInf, hi, lo
	case hi == math.Inf(1):
		return rowPosInf, hi, lo
	}
	return rowFinite, hi, lo
}

// count returns how many entries of x equal v.
func count(x []float64, v float64) int {
	n := 0
	for _, w := range x {
		if w == v {
			n++
		}
	}
	return n
}

// exps sets y, and saved unless it is nil, to the softmax of x, which is
// finite at its maximum hi and has minimum lo. With AVX-512 the
// exponentials are summed as they are made, eight at a time, the last
// group masked; from a subnormal e^z on, and all of them elsewhere, after.
// Either way each lane adds the same terms in the same order, so the sum
// is laneSum(y, -1) to the bit.
func (k *softmaxRows) exps(y, saved, x []float64, hi, lo float64, stream bool) {
	sh := newShift(hi, lo, k.tau)
	var l lanes
	i := shiftExpVector(y, x, &sh, &l) // all of x, or a multiple of laneCount
	sh.exps(y[i:], x[i:])
	l.addAll(y[i:], -1)
	sum := l.total()
	scaleTo(y, saved, y, 1/sum.value(), stream)
}

// laneDot returns the compensated dot product of a and b, summed in lanes.
func laneDot(a, b []float64) float64 {
	b = b[:len(a)]
	var l lanes
	for i := laneDotVector(a, b, &l); i < len(a); i++ {
		l.addProduct(i, a[i], b[i])
	}
	t := l.total()
	return t.value()
}

// laneSum returns the compensated sum of x without x[skip], summed in lanes.
func laneSum(x []float64, skip int) float64 {
	var l lanes
	l.addAll(x, skip)
	t := l.total()
	return t.value()
}

// addAll adds x but x[skip] to the lanes, element i to lane i mod 8.
func (l *lanes) addAll(x []float64, skip int) {
	for i := 0; i < len(x); {
		stop := len(x)
		if skip >= i {
			stop = skip - skip%laneCount // the vectors stop at the group that holds skip
		}
		i += laneSumVector(x[i:stop], l)
		for end := min(i+laneCount, len(x)); i < end; i++ {
			if i != skip {
				l.add(i, x[i])
			}
		}
	}
}

// scaleTo sets dst = y·c and, unless dst2 is nil, dst2 = y·c too, in one
// pass on vectors where the CPU allows, and with stream set dst2 around the
// caches.
func scaleTo(dst, dst2, y []float64, c float64, stream bool) {
	dst = dst[:len(y)]
	if dst2 != nil {
		dst2 = dst2[:len(y)]
	}
	for i := scaleVector(dst, dst2, y, c, stream); i < len(y); i++ {
		dst[i] = y[i] * c
		if dst2 != nil {
			dst2[i] = dst[i]
		}
	}
}

// shift turns logits x into z = (x - max x)/τ in double-double, for the
// rows of Softmax and LogSoftmax whose maximum is finite.
type shift struct {
	// shiftExpVector reads these six fields in this order.
	scale, top    float64 // x is halved where x - max x would overflow
	pre, tau, inv float64 // x - max x and τ are multiplied by pre where 1/τ overflows
	unscale       float64
}

// newShift returns the shift of a row with maximum hi and minimum lo.
func newShift(hi, lo, tau float64) shift {
	// Halving keeps x - hi finite for logits near ±MaxFloat64; it is exact
	// for the entries that do not underflow to 0 after exp.
	scale := 1.0
	if math.IsInf(hi-lo, 0) {
		scale = 0.5
	}
	// A subnormal τ has no finite reciprocal; scaling both sides by 2^64
	// keeps the quotient and is exact.
	pre := 1.0
	if math.IsInf(1/tau, 0) {
		pre = 0x1p64
	}
	return shift{scale: scale, top: scale * hi, pre: pre, tau: pre * tau, inv: 1 / (pre * tau), unscale: 1 / scale}
}

// z returns z = zh + zl for the logit v. Multiplying by 1/τ instead of
// dividing keeps z exact: the FMA recovers the remainder of whatever
// quotient q is, and zl only corrects zh, so its own rounding does not
// show.
func (s shift) z(v float64) (zh, zl float64) {
	d, dl := twoSum(float64(s.scale*v), -s.top) // rounded, not fused into twoSum
	d, dl = d*s.pre, dl*s.pre
	q := d * s.inv
	zl = (math.FMA(-q, s.tau, d) + dl) * s.inv * s.unscale
	return q * s.unscale, zl
}

// exp returns e^z for the logit v: e^zh·(1+zl), or 0 where it rounds to
// 0. Where e^zh is normal it comes from expNeg, as in shiftExpVector.
func (s shift) exp(v float64) float64 {
	zh, zl := s.z(v)
	var e float64
	switch {
	case !(zh >= -745.2): // also -Inf entries, whose zl is NaN
		return 0
	case zh < -logisticRange:
		e = exp(zh) // subnormal
	default:
		e = expNeg(-zh)
	}
	return math.FMA(e, zl, e)
}

// exps sets y = exp(x), on vectors where the CPU allows.
func (s *shift) exps(y, x []float64) {
	y = y[:len(x)]
	for i := 0; i < len(x); {
		i += shiftExpVector(y[i:], x[i:], s, nil)
		for end := min(i+4, len(x)); i < end; i++ {
			y[i] = s.exp(x[i])
		}
	}
}

// backward sets dx = y ⊙ (g - <y, g>)/τ, τ the last training Forward's.
func (k *softmaxRows) backward(dx, g, y []float64, stream bool) {
	g, y = g[:len(dx)], y[:len(dx)]
	yg := laneDot(y, g)
	tau := k.keptTau
	if inv, ok := reciprocal(tau); ok {
		for i := softmaxBackwardVector(dx, g, y, yg, inv, stream); i < len(dx); i++ {
			dx[i] = y[i] * (g[i] - yg) * inv
		}
		return
	}
	for i := range dx {
		dx[i] = y[i] * (g[i] - yg) / tau
	}
}

// reciprocal returns 1/τ and whether it is normal. Backward passes
// multiply by it in place of dividing by τ: a division costs as much as a
// dozen multiplications, and the product is off the quotient by at most
// half an ulp more. Where 1/τ is subnormal or infinite it has lost
// digits, and they divide.
func reciprocal(tau float64) (inv float64, ok bool) {
	inv = 1 / tau
	return inv, inv >= 0x1p-1022 && inv <= math.MaxFloat64
}

func validTemperature(t float64) bool { return t > 0 && t <= math.MaxFloat64 }

// checkTemperature reports a temperature that NewSoftmax and NewLogSoftmax
// refuse.
func checkTemperature(t float64) error {
	if !validTemperature(t) {
		return fmt.Errorf("temperature is %v, must be finite and positive", t)
	}
	return nil
}

// checkEpsilon reports an Epsilon that Softmax refuses beside temperature
// t.
func checkEpsilon(t, eps float64) error {
	if !(eps >= 0 && eps <= math.MaxFloat64) || math.IsInf(t+eps, 0) {
		return fmt.Errorf("epsilon is %v, must be finite and non-negative", eps)
	}
	return nil
}

// Config returns the name "Softmax", temperature and epsilon.
func (s *Softmax) Config() map[string]any {
	return map[string]any{"name": "Softmax", "temperature": s.Temperature, "epsilon": s.Epsilon}
}

func fill(s []float64, v float64) {
	for i := range s {
		s[i] = v
	}
}
