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
	return newActivation("Sigmoid", sigmoidKernel)
}

func sigmoidKernel(y, dy, x []float64) {
	y = y[:len(x)]
	if dy == nil {
		for i, v := range x {
			y[i], _ = logistic(v)
		}
		return
	}
	dy = dy[:len(x)]
	for i, v := range x {
		y[i], dy[i] = sigmoid(v)
	}
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
	return choose(x < 0, q, p), choose(x < 0, p, q)
}
