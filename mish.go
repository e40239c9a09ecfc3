package activation

import "math"

// NewMish returns y = x·tanh(softplus(x)) = x·tanh(log(1+e^x)) (Misra,
// 2019), with derivative tanh(sp) + x·sech²(sp)·σ(x). Both are rational
// in e^-|x|, computed from one exponential without cancellation; below
// x = -708 they follow x·e^x and (1+x)·e^x from a scaled exponential.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewMish() *Activation {
	return newActivation("Mish", func(y, dy, x []float64, _ bool) {
		vectorKernel(y, dy, x, mishVector, mish)
	}).withForms(pairForms(mishVector32, mishVectorGrad, mishVectorGrad32))
}

// mish returns x·tanh(softplus(x)) and its derivative. Where
// |x| <= logisticRange mishVector does the same operations in the same
// order, each multiply-add written out as fused or not.
func mish(x float64) (y, dy float64) {
	a := math.Abs(x)
	switch {
	case x != x:
		return x, x
	case x < -logisticRange:
		// tanh(softplus(x)) = e^x to double precision, as for swish.
		return swish(x)
	case x > logisticRange:
		return x, 1 // tanh(softplus(x)) = 1 and x·sech² < 2^-1000; also +Inf
	}
	// With u = 1 + e^x, tanh(softplus(x)) = (u²-1)/(u²+1),
	// sech²(softplus(x)) = 4u²/(u²+1)² and σ(x) = (u-1)/u. Both are put
	// over one denominator in powers of e = e^-|x|, so nothing overflows,
	// and the derivative is one fused sum, since its two terms cancel
	// towards its zero near x = -1.19.
	e := expNeg(a)
	if x > 0 {
		// t = (1+2e)/d and y' = t + x·4e²(1+e)/d², d = 1+2e+2e².
		n := 1 + 2*e
		d := math.FMA(2*e, e, n)
		return x * (n / d), math.FMA(4*e*e*x, 1+e, n*d) / (d * d)
	}
	// t = e(e+2)/d and y' = e((e+2)d + 4x(1+e))/d², d = e(e+2)+2. d is
	// kept in double-double and the quotient corrected by its remainder,
	// which leaves the error of exp and of the sum as the only ones that
	// count.
	n := math.FMA(e, e, 2*e)
	d, dl := twoSum(n, 2)
	inner := math.FMA(4*x, e, math.FMA(e+2, d, 4*x))
	num, numl := twoProd(e, inner)
	den, denl := twoProd(d, d)
	denl = math.FMA(2*d, dl, denl)
	q := num / den
	q += math.FMA(-q, denl, math.FMA(-q, den, num)+numl) / den
	return x * (n / d), q
}
