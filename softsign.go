package activation

import "math"

// NewSoftsign returns y = x/(1+|x|) (PyTorch's Softsign, Keras's and
// JAX's soft_sign), with derivative 1/(1+|x|)², computed as r² with
// r = 1/(1+|x|), so that it does not overflow to 0 where it is a
// subnormal: y'(1e154) = 1e-308.
//
// Special cases are:
//
//	y(±Inf) = ±1, y'(±Inf) = 0
//	y(±0) = ±0, y'(±0) = 1
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSoftsign() *Activation {
	return newActivation("Softsign", func(y, dy, x []float64, _ bool) {
		vectorKernel(y, dy, x, softsignVector, softsign)
	}).cheap().withForms(pairForms(softsignVector32, softsignVectorGrad, softsignVectorGrad32))
}

// softsign returns x/(1+|x|) and 1/(1+|x|)², as softsignVector does for
// finite x.
func softsign(x float64) (y, dy float64) {
	a := math.Abs(x)
	if a == math.Inf(1) {
		return math.Copysign(1, x), 0
	}
	d := 1 + a
	r := 1 / d
	return x / d, r * r
}
