package activation

import "math"

// Several kernels run on vectors of four where the CPU has AVX2 and FMA
// (vector_amd64.s; vector_other.go elsewhere): every layer but Softplus,
// GELU, PReLUPerFeature and New's, and the multiplication that is every
// element-wise Backward. Where the CPU has AVX-512F as well, the kernels
// that spend their time in the exponential (Sigmoid, Swish, Tanh, and
// Softmax's and LogSoftmax's e^z) take eight at a time, with the same
// operations, before they finish on fours.
// Each has a Go counterpart that does the same operations in the same
// order, e^-|x| by expNeg below, and takes the elements the vectors leave:
// the last few, and those out of the vector range (where e^-|x| is not
// normal, and NaN), which go on to each layer's scalar tail code. So an
// element gets the same bits whichever path takes it.

// logisticRange bounds the |x| that expNeg takes: e^-708 is still normal.
const logisticRange = 708

// Coefficients of expNeg: Taylor's 1/k! for e^r, |r| <= ln2/2, where the
// first omitted term is below 2^-57.
var expTaylor = [14]float64{
	1, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040,
	1.0 / 40320, 1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800,
	1.0 / 479001600, 1.0 / 6227020800,
}

// expNeg returns e^-a for 0 <= a <= logisticRange: a = k·ln2 + r, e^r by
// its Taylor polynomial, and 2^k from the exponent bits. The polynomial is
// evaluated by Estrin's scheme, in pairs, then pairs of pairs, so that its
// chain of dependent operations is six long instead of thirteen. The vector
// kernels do the same operations in the same order.
func expNeg(a float64) float64 {
	scale, m := expNegParts(a)
	return (1 + m) * scale
}

// expNegParts returns 2^k and e^r - 1 with e^-a = 2^k·e^r, as expNeg
// computes them; ELU's e^x - 1 and the vector kernels build on them too.
func expNegParts(a float64) (scale, m float64) {
	t := -a
	k := math.RoundToEven(t * math.Log2E)
	r := math.FMA(-k, ln2Hi, t)
	r = math.FMA(-k, ln2Lo, r)
	// e^r = 1 + (r + r²·Q(r)), Q(r) = c2 + c3·r + ... + c13·r^11: the
	// leading 1 + r is rounded once, at the end.
	c := &expTaylor
	r2 := r * r
	q0 := math.FMA(math.FMA(c[5], r, c[4]), r2, math.FMA(c[3], r, c[2]))
	q1 := math.FMA(math.FMA(c[9], r, c[8]), r2, math.FMA(c[7], r, c[6]))
	q2 := math.FMA(math.FMA(c[13], r, c[12]), r2, math.FMA(c[11], r, c[10]))
	r4 := r2 * r2
	q := math.FMA(q2, r4*r4, math.FMA(q1, r4, q0))
	// k + 2^52 + 1023 holds k + 1023 in its low bits.
	bits := math.Float64bits(k+(0x1p52+1023)) << 52
	return math.Float64frombits(bits), math.FMA(r2, q, r)
}

// logisticVec returns σ(x) and 1-σ(x) for |x| <= logisticRange, as the
// vector kernels do.
func logisticVec(x float64) (s, c float64) {
	e := expNeg(math.Abs(x))
	p := 1 / (1 + e)
	q := e * p
	if x < 0 {
		return q, p
	}
	return p, q
}

// vectorKernel runs vector over as much of x as it takes and elem over
// the rest: the elements it stops at (out of its range, or the last few),
// after which it takes up the vector again. vector returns how many
// elements it did; dy may be nil.
func vectorKernel(y, dy, x []float64, vector func(y, dy, x []float64) int, elem func(float64) (float64, float64)) {
	y = y[:len(x)]
	if dy != nil {
		dy = dy[:len(x)]
	}
	for i := 0; i < len(x); {
		var dyRest []float64
		if dy != nil {
			dyRest = dy[i:]
		}
		i += vector(y[i:], dyRest, x[i:])
		for end := min(i+4, len(x)); i < end; i++ {
			var d float64
			y[i], d = elem(x[i])
			if dy != nil {
				dy[i] = d
			}
		}
	}
}
