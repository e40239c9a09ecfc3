package activation

import "math"

// What the row-wise layers share: the kinds of rows and their special
// cases, the shift of a row's logits in double-double, and the lane sums,
// dot products and scalings that their kernels make.

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
	// Comparisons, not min and max, whose NaN and signed-zero cases cost
	// a dozen instructions an element: a NaN is caught on its own, the
	// branches are taken rarely and so predicted, and the sign of a zero
	// maximum is settled below (lo's does not matter).
	for _, v := range x[n:] {
		if v > hi {
			hi = v
		}
		if v < lo {
			lo = v
		}
		if v != v {
			nan = true
		}
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

// laneDot returns the compensated dot product of a and b, summed in lanes.
func laneDot(a, b []float64) float64 {
	var l lanes
	l.addDot(a, b)
	t := l.total()
	return t.value()
}

// addDot adds a[i]·b[i] to the lanes, element i to lane i mod 8, on
// vectors where the CPU allows.
func (l *lanes) addDot(a, b []float64) {
	b = b[:len(a)]
	i := laneDotVector(a, b, l) // a multiple of laneCount
	l.addProducts(a[i:], b[i:])
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
	if !useVectors {
		l.addQuads(x, skip)
		return
	}
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
// show. Its two steps are functions of their own, each small enough for
// the compiler to inline into a loop.
func (s shift) z(v float64) (zh, zl float64) {
	return s.quotient(s.difference(v))
}

// difference returns d + dl = (x - max x)·pre exactly, x halved first
// where scale says so.
func (s shift) difference(v float64) (d, dl float64) {
	d, dl = twoSum(float64(s.scale*v), -s.top) // rounded, not fused into twoSum
	return d * s.pre, dl * s.pre
}

// quotient returns zh + zl = (d + dl)/τ.
func (s shift) quotient(d, dl float64) (zh, zl float64) {
	q := d * s.inv
	return q * s.unscale, (math.FMA(-q, s.tau, d) + dl) * s.inv * s.unscale
}

// exp returns e^z for the logit v, as expLoop does.
func (s *shift) exp(v float64) float64 {
	var y [1]float64
	s.expLoop(y[:], []float64{v})
	return y[0]
}

// expLoop sets y = e^z for the logits x: e^zh·(1+zl), or 0 where it
// rounds to 0. Where e^zh is normal it is expNeg's, as in shiftExpVector,
// with the steps of z and of the exponential inlined.
func (s *shift) expLoop(y, x []float64) {
	y = y[:len(x)]
	for i, v := range x {
		zh, zl := s.quotient(s.difference(v))
		var e float64
		switch {
		case zh >= -logisticRange:
			k, r := expReduce(zh) // expNeg(-zh), inlined
			e = (1 + expPoly(r)) * expScale(k)
		case zh >= shiftExpZero:
			e = exp(zh) // subnormal
		default: // also -Inf entries, whose zl is NaN
			y[i] = 0
			continue
		}
		y[i] = math.FMA(e, zl, e)
	}
}

// shiftExpZero bounds the zh of expLoop: below it e^zh·(1+zl) rounds to 0.
const shiftExpZero = -745.2

// exps sets y = exp(x), on vectors where the CPU allows.
func (s *shift) exps(y, x []float64) {
	y = y[:len(x)]
	if !useVectors {
		s.expLoop(y, x)
		return
	}
	for i := 0; i < len(x); {
		i += shiftExpVector(y[i:], x[i:], s, nil)
		end := min(i+4, len(x))
		s.expLoop(y[i:end], x[i:end])
		i = end
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

// index returns the index of the first element of x equal to v, or -1,
// as slices.Index does, on vectors where the CPU allows.
func index(x []float64, v float64) int {
	i, found := indexVector(x, v)
	if found {
		return i
	}
	for ; i < len(x); i++ {
		if x[i] == v {
			return i
		}
	}
	return -1
}

func fill(s []float64, v float64) {
	for i := range s {
		s[i] = v
	}
}
