package activation

import "math"

// Several kernels run on vectors of four where the CPU has AVX2 and FMA
// (vector_amd64.s; vector_other.go elsewhere): every layer but the exact
// GELU, RReLU and New's, and the multiplication that is every element-wise
// Backward. Where the CPU has AVX-512F as well, the kernels with an
// exponential (Sigmoid, Swish, SwishBeta, Tanh, Tanhshrink, Softplus,
// LogSigmoid, ELU, SELU, CELU, Mish, GELUTanh, Softmax's and LogSoftmax's
// e^z), the piecewise-linear ones, Softsign, Squareplus, SparsePlus, and
// ReLU's and PReLU's Forward take eight at a time, with the same
// operations, before they finish on fours.
// Each has a Go counterpart that does the same operations in the same
// order, e^-|x| by expNeg below, and takes the elements the vectors leave:
// the last few, and those out of the vector range (where e^-|x| is not
// normal, and NaN), which go on to each layer's scalar tail code. So an
// element gets the same bits whichever path takes it.

// logisticRange bounds the |x| that expNeg takes: e^-708 is still normal.
const logisticRange = 708

// expCoef holds the coefficients of expNeg's polynomial, e^r = 1 + r +
// r²·(c0 + c1·r + ... + c9·r⁹) for |r| <= ln2/2: minimax for the relative
// error of e^r, which they keep below 2^-57.9 (testdata/expcoef.py finds
// them by the Remez exchange). Taylor's 1/k! needed thirteen terms for
// 2^-57.8.
var expCoef = [10]float64{
	0.5000000000000011, 0.16666666666666438, 0.04166666666652578,
	0.008333333333473702, 0.0013888888944871439, 0.0001984126956071939,
	2.4801491729127907e-05, 2.755752998854819e-06, 2.763076408594909e-07,
	2.5020400178367795e-08,
}

// expNeg returns e^-a for 0 <= a <= logisticRange: a = k·ln2 + r, e^r by
// the polynomial of expCoef, and 2^k from the exponent bits. The
// polynomial is evaluated by Estrin's scheme, in pairs, then pairs of
// pairs, so that its chain of dependent operations is five long instead of
// ten. The vector kernels do the same operations in the same order.
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
	// e^r = 1 + (r + r²·q): the leading 1 + r is rounded once, at the end.
	c := &expCoef
	r2 := r * r
	q01 := math.FMA(math.FMA(c[3], r, c[2]), r2, math.FMA(c[1], r, c[0]))
	q23 := math.FMA(math.FMA(c[7], r, c[6]), r2, math.FMA(c[5], r, c[4]))
	r4 := r2 * r2
	q := math.FMA(math.FMA(math.FMA(c[9], r, c[8]), r4, q23), r4, q01)
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
// elements it did. dy, which may be nil, takes the derivatives, or for
// ReLU their codes.
func vectorKernel[D float64 | byte](y []float64, dy []D, x []float64, vector func(y []float64, dy []D, x []float64) int, elem func(float64) (float64, D)) {
	y = y[:len(x)]
	if dy != nil {
		dy = dy[:len(x)]
	}
	for i := 0; i < len(x); {
		var dyRest []D
		if dy != nil {
			dyRest = dy[i:]
		}
		i += vector(y[i:], dyRest, x[i:])
		for end := min(i+4, len(x)); i < end; i++ {
			var d D
			y[i], d = elem(x[i])
			if dy != nil {
				dy[i] = d
			}
		}
	}
}

// The coefficients of log1pUnit's polynomial, Lg1 ... Lg7 of fdlibm's
// e_log.c: log(1+f) = 2s + s·R(s²), s = f/(2+f), for |s| <= 0.1716.
const (
	lg1 = 6.666666666666735130e-01
	lg2 = 3.999999999940941908e-01
	lg3 = 2.857142874366239149e-01
	lg4 = 2.222219843214978396e-01
	lg5 = 1.818357216161805012e-01
	lg6 = 1.531383769920937332e-01
	lg7 = 1.479819860511658591e-01
)

// log1pUnit returns log(1+w) for 0 <= w <= 1 (a little over 1 too), within
// 1 ulp: fdlibm's log on 1+f, where f is w itself, or (w-1)/2 above √2-1
// with 1+w = 2(1+f). Either f is exact, so no rounding of 1+w is lost,
// and the same few operations serve every w: the vector kernels do them in
// the same order.
func log1pUnit(w float64) float64 {
	f, k := w, 0.0
	if w > math.Sqrt2-1 {
		f, k = (w-1)*0.5, 1
	}
	// The products are rounded before they are added, as the vectors do:
	// float64 keeps the compiler from fusing them into FMAs.
	hfsq := float64(0.5 * f * f)
	s := f / (2 + f)
	z := s * s
	zz := z * z
	t1 := float64(zz * math.FMA(zz, math.FMA(zz, lg6, lg4), lg2))
	t2 := float64(z * math.FMA(zz, math.FMA(zz, math.FMA(zz, lg7, lg5), lg3), lg1))
	return math.FMA(k, ln2Hi, -((hfsq - math.FMA(s, hfsq+(t2+t1), k*ln2Lo)) - f))
}
