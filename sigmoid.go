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
	return newActivation("Sigmoid", sigmoidKernel).withForms(pairForms(sigmoidVector32, sigmoidVectorGrad, sigmoidVectorGrad32))
}

func sigmoidKernel(y, dy, x []float64, _ bool) {
	if !useVectors {
		sigmoidLoop(y, dy, x)
		return
	}
	vectorKernel(y, dy, x, sigmoidVector, sigmoidElem)
}

// sigmoidLoop sets y = σ(x) and, unless dy is nil, dy = σ'(x), as
// sigmoidVector does where it can, so that an element gets the same bits
// on either path. It is the whole of the Go path: the exponential's steps
// are inlined and nothing is called per element in the vector range.
func sigmoidLoop(y, dy, x []float64) {
	y = y[:len(x)]
	for i, v := range x {
		a := math.Abs(v)
		if !(a <= logisticRange) {
			y[i], a = sigmoid(v)
		} else {
			k, r := expReduce(-a) // the logistic of vector.go, inlined
			e := (1 + expPoly(r)) * expScale(k)
			p := 1 / (1 + e)
			s, c := swapIfNegative(v, p, e*p)
			y[i], a = s, s*c
		}
		if dy != nil {
			dy[i] = a
		}
	}
}

// sigmoidElem returns σ(x) and σ'(x) as sigmoidLoop does.
func sigmoidElem(x float64) (y, dy float64) {
	return elemOf(sigmoidLoop, x)
}

// sigmoid returns σ(x) and σ'(x).
func sigmoid(x float64) (y, dy float64) {
	s, c := logistic(x)
	return s, s * c
}

// logistic returns σ(x) and 1-σ(x) = σ(-x), each to full relative precision.
func logistic(x float64) (s, c float64) {
	e := exp(-math.Abs(x))
	p := 1 / (1 + e) // σ(|x|)
	q := e * p       // σ(-|x|), without subtracting from 1
	return choose(x < 0, q, p), choose(x < 0, p, q)
}
