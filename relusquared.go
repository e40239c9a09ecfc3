package activation

// NewReLUSquared returns y = max(0, x)² (So et al., 2021's Primer; Hugging
// Face's relu2), with derivative 2·max(0, x). Both are rounded once: the
// square, and the doubling, which is exact.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = +Inf
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(±0) = 0, y'(±0) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewReLUSquared() *Activation {
	return newActivation("ReLUSquared", func(y, dy, x []float64, stream bool) {
		vector := func(y, dy, x []float64) int { return reluSquaredVector(y, dy, x, stream) }
		vectorKernel(y, dy, x, vector, reluSquared)
	}).cheap().withForms(&forms{func(y, x []float32) int { return reluSquaredVector32(y, nil, x, false) }, reluSquaredVectorGrad, reluSquaredVectorGrad32})
}

// reluSquared returns max(0, x)² and 2·max(0, x), as reluSquaredVector
// does.
func reluSquared(x float64) (y, dy float64) {
	r := max(x, 0) // NaN for NaN, +0 for -0
	return r * r, r + r
}
