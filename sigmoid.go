package activation

import "math"

// NewSigmoid returns the logistic layer y = 1/(1+e^-x), with derivative
// y(1-y) computed as e^-|x|/(1+e^-|x|)^2, without the cancellation of 1-y,
// so that it stays accurate in the tails: y'(40) = 4.248e-18, not 0.
//
// Special cases are:
//
//	y(+Inf) = 1, y'(+Inf) = 0
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSigmoid() *Activation {
	return newActivation("Sigmoid", func(y, dy, x []float64) { pointwise(y, dy, x, sigmoid) })
}

// sigmoid returns σ(x) and σ'(x).
func sigmoid(x float64) (y, dy float64) {
	s, c := logistic(x)
	return s, s * c
}

// logistic returns σ(x) and 1-σ(x) = σ(-x), each to full relative precision.
func logistic(x float64) (s, c float64) {
	e := math.Exp(-math.Abs(x))
	p := 1 / (1 + e) // σ(|x|)
	q := e * p       // σ(-|x|), without subtracting from 1
	if x < 0 {
		return q, p
	}
	return p, q
}
