package activation

import "math"

// NewHardSigmoid returns the piecewise-linear sigmoid y = min(max(x+3, 0), 6)/6
// (PyTorch's Hardsigmoid), with derivative 1/6 for -3 < x < 3 and 0
// otherwise.
//
// Special cases are:
//
//	y(+Inf) = 1, y'(+Inf) = 0
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewHardSigmoid() *Activation {
	return newActivation("HardSigmoid", func(y, dy, x []float64, stream bool) {
		vector := func(y, dy, x []float64) int { return hardSigmoidVector(y, dy, x, stream) }
		vectorKernel(y, dy, x, vector, hardSigmoid)
	}).withForms(&forms{func(y, x []float32) int { return hardSigmoidVector32(y, nil, x, false) }, hardSigmoidVectorGrad, hardSigmoidVectorGrad32})
}

// NewHardSwish returns y = x·min(max(x+3, 0), 6)/6 (PyTorch's Hardswish,
// from MobileNetV3), with derivative 0 for x <= -3, (2x+3)/6 for
// -3 < x < 3 and 1 for x >= 3. At the kinks ±3 it takes the derivative of
// the outer piece, as PyTorch's hardswish_backward (0 for x <= -3, 1 for
// x >= 3) and JAX's hard_swish (relu6's derivative is 0 at its kinks) do,
// so that a gradient is the same whichever of them trained the network.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(-3) = 0, y'(-3) = 0
//	y(3) = 3, y'(3) = 1
//	y(NaN) = NaN, y'(NaN) = NaN
func NewHardSwish() *Activation {
	return newActivation("HardSwish", func(y, dy, x []float64, stream bool) {
		vector := func(y, dy, x []float64) int { return hardSwishVector(y, dy, x, stream) }
		vectorKernel(y, dy, x, vector, hardSwish)
	}).withForms(&forms{func(y, x []float32) int { return hardSwishVector32(y, nil, x, false) }, hardSwishVectorGrad, hardSwishVectorGrad32})
}

// hardSigmoid returns min(max(x+3, 0), 6)/6 and its derivative, as
// hardSigmoidVector does.
func hardSigmoid(x float64) (y, dy float64) {
	dy = choose(math.Abs(x) < 3, 1.0/6, 0) // not -3 < x && x < 3, a branch
	if x != x {
		dy = x
	}
	return min(max(x+3, 0), 6) / 6, dy
}

// hardSwish returns PyTorch's hard swish and its derivative, as
// hardSwishVector does.
func hardSwish(x float64) (y, dy float64) {
	// Written out beyond ±3: x·0 would be -0, or NaN at -Inf, and x·6/6
	// may round away from x.
	y = choose(x <= -3, 0, choose(x >= 3, x, x*(x+3)/6))
	return y, choose(x >= 3, 1, choose(x <= -3, 0, (2*x+3)/6))
}
