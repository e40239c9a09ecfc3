package activation

import "math"

// The library's exponential. Go's math.Exp is assembly on some platforms
// and pure Go on others, whose compilers may fuse its multiply-adds: its
// bits vary. Everything here is written so that every platform rounds
// each operation alike: products that feed a sum are rounded by an
// explicit float64 or fused by an explicit math.FMA, and the vector
// kernels do the same operations in the same order.

// expNeg returns e^-a for -709 <= a <= logisticRange, where 2^k is normal:
// a = k·ln2 + r, e^r by the polynomial of expC0...expC9, and 2^k from the
// exponent bits. The polynomial is evaluated by Estrin's scheme, in pairs, then pairs of
// pairs, so that its chain of dependent operations is five long instead of
// ten. The vector kernels do the same operations in the same order.
func expNeg(a float64) float64 {
	scale, m := expNegParts(a)
	return (1 + m) * scale
}

// expNegParts returns 2^k and e^r - 1 with e^-a = 2^k·e^r, as expNeg
// computes them; ELU's e^x - 1 and the vector kernels build on them too.
// Its three steps are functions of their own, each small enough for the
// compiler to inline into a loop that keeps them in registers.
func expNegParts(a float64) (scale, m float64) {
	k, r := expReduce(-a)
	return expScale(k), expPoly(r)
}

// expReduce returns k and r with t = k·ln2 + r, |r| <= ln2/2, k whole.
func expReduce(t float64) (k, r float64) {
	k = math.RoundToEven(t * math.Log2E)
	r = math.FMA(-k, ln2Hi, t)
	return k, math.FMA(-k, ln2Lo, r)
}

// expPoly returns e^r - 1.
func expPoly(r float64) float64 {
	// e^r = 1 + (r + r²·q): the leading 1 + r is rounded once, at the end.
	r2 := r * r
	q01 := math.FMA(math.FMA(expC3, r, expC2), r2, math.FMA(expC1, r, expC0))
	q23 := math.FMA(math.FMA(expC7, r, expC6), r2, math.FMA(expC5, r, expC4))
	r4 := r2 * r2
	q := math.FMA(math.FMA(math.FMA(expC9, r, expC8), r4, q23), r4, q01)
	return math.FMA(r2, q, r)
}

// expScale returns 2^k for a whole k with -1022 <= k <= 1023.
func expScale(k float64) float64 {
	return math.Float64frombits(math.Float64bits(k+expBias) << 52)
}

// expBias is 2^52 + 1023: k + expBias holds k + 1023, 2^k's exponent
// field, in its low bits.
const expBias = 0x1p52 + 1023

// The coefficients of expNeg's polynomial, e^r = 1 + r + r²·(c0 + c1·r +
// ... + c9·r⁹) for |r| <= ln2/2: minimax for the relative error of e^r,
// which they keep below 2^-57.9 (testdata/expcoef.py finds them by the
// Remez exchange). Taylor's 1/k! needed thirteen terms for 2^-57.8.
// The vector kernels take them from here, by name (internal/asmgen).
const (
	expC0 = 0.5000000000000011
	expC1 = 0.16666666666666438
	expC2 = 0.04166666666652578
	expC3 = 0.008333333333473702
	expC4 = 0.0013888888944871439
	expC5 = 0.0001984126956071939
	expC6 = 2.4801491729127907e-05
	expC7 = 2.755752998854819e-06
	expC8 = 2.763076408594909e-07
	expC9 = 2.5020400178367795e-08
)

// exp returns e^x for every x: within 1 ulp where the result is normal,
// rounded from a 53-bit value where it is subnormal, 0 below
// -745.1332191019412 (where e^x is under half the smallest subnormal) and
// +Inf above 709.782712893384.
//
// Special cases are exp(+Inf) = +Inf, exp(-Inf) = 0 and exp(NaN) = NaN.
func exp(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > 709.782712893384:
		return math.Inf(1)
	case x < -745.1332191019412:
		return 0
	case x < -logisticRange:
		return exp512(x) * 0x1p-512 // one rounding, into the subnormals
	case x > 709:
		// e^x = 2·e^(x - ln 2), whose 2^k is at most 2^1023; x - ln2Hi
		// is exact, and ln2Lo's part is put back after.
		e := expNeg(-(x - ln2Hi))
		return 2 * math.FMA(e, -ln2Lo, e)
	}
	return expNeg(-x)
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
	e := exp(z)
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
	return c * exp(x)
}

// expm1 returns e^x - 1 for x <= 0, as ELU with α = 1 has it: from e^x's
// parts, rounded once, so exact near 0 where e^x - 1 would cancel.
func expm1(x float64) float64 {
	y, _ := elu(x, 1, 1)
	return y
}
