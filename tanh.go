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
	return newActivation("Tanh", tanhKernel)
}

func tanhKernel(y, dy, x []float64) {
	y = y[:len(x)]
	if dy == nil {
		for i, v := range x {
			y[i] = math.Tanh(v)
		}
		return
	}
	dy = dy[:len(x)]
	for i, v := range x {
		y[i], dy[i] = tanh(v)
	}
}

// tanh returns tanh(x) and its derivative sech²(x) from one exponential.
func tanh(x float64) (y, dy float64) {
	a := math.Abs(x)
	if a > 354 {
		return math.Copysign(1, x), tanhTail(a)
	}
	e := math.Exp(-2 * a)
	p := 1 / (1 + e)
	// (1-e)/(1+e) cancels for small |x|, where math.Tanh uses a
	// polynomial instead.
	y = math.Copysign((1-e)*p, x)
	if a < 0.625 {
		y = math.Tanh(x)
	}
	return y, 4 * e * p * p
}

// tanhTail returns sech²(a) for a > 354, where e^-2a is subnormal.
func tanhTail(a float64) float64 {
	if a > 550 {
		return 0 // underflows; also keeps Inf out of exp512
	}
	return math.Ldexp(exp512(-2*a), 2-512)
}
