package activation

import "math"

// NewSwish returns the swish layer y = x·σ(x), also known as SiLU, with
// derivative σ(x)(1 + x(1-σ(x))). Both stay accurate where they are tiny:
// for x below -708, where e^x is subnormal, they are computed from a scaled
// exponential.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSwish() *Activation {
	return newActivation("Swish", swishKernel)
}

func swishKernel(y, dy, x []float64, _ bool) {
	vectorKernel(y, dy, x, swishVector, swishElem)
}

// swishElem returns x·σ(x) and its derivative as swishVector does where it
// can, so that an element gets the same bits on either path.
func swishElem(x float64) (y, dy float64) {
	if !(math.Abs(x) <= logisticRange) {
		return swish(x)
	}
	s, c := logisticVec(x)
	return x * s, s * math.FMA(x, c, 1)
}

// swish returns x·σ(x) and its derivative.
func swish(x float64) (y, dy float64) {
	switch {
	case x < -1100:
		// Both underflow; written out because -Inf·0 would be NaN.
		return math.Copysign(0, -1), math.Copysign(0, -1)
	case x < -708:
		// y ≈ x·e^x and y' ≈ (1+x)·e^x, with e^x subnormal.
		e := exp512(x)
		return math.Ldexp(x*e, -512), math.Ldexp((1+x)*e, -512)
	case x == math.Inf(1):
		return x, 1 // x·(1-σ(x)) would be Inf·0
	}
	s, c := logistic(x)
	return x * s, s * (1 + x*c)
}
