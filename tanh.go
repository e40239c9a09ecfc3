package activation

import "math"

// NewTanh returns the hyperbolic tangent layer y = tanh(x), with derivative
// 1 - y² computed as 4e^-2|x|/(1+e^-2|x|)^2, without the cancellation of
// 1 - y², so that it stays accurate in the tails: y'(-40) = 7.219e-35, not 0.
//
// Special cases are:
//
//	y(±Inf) = ±1, y'(±Inf) = 0
//	y(±0) = ±0, y'(±0) = 1
//	y(NaN) = NaN, y'(NaN) = NaN
func NewTanh() *Activation {
	return newActivation("Tanh", func(y, dy, x []float64) { pointwise(y, dy, x, tanh) })
}

// tanh returns tanh(x) and its derivative sech²(x).
func tanh(x float64) (y, dy float64) {
	y = math.Tanh(x)
	switch a := math.Abs(x); {
	case a > 550:
		return y, 0 // 4e^-2|x| underflows; also keeps Inf out of exp512
	case a > 354:
		// e^-2|x| is subnormal: scale it back up to keep its bits.
		return y, math.Ldexp(exp512(-2*a), 2-512)
	default:
		e := math.Exp(-2 * a)
		return y, 4 * e / ((1 + e) * (1 + e))
	}
}
