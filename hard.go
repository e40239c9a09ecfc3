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
	}).cheap().withForms(&forms{func(y, x []float32) int { return hardSigmoidVector32(y, nil, x, false) }, hardSigmoidVectorGrad, hardSigmoidVectorGrad32})
}

// NewHardSigmoidAffine returns ONNX's HardSigmoid, y = max(0, min(1, αx + β)),
// with derivative α where 0 < y < 1 and 0 elsewhere, the kinks included,
// as PyTorch's Hardsigmoid takes its own. αx + β is one fused
// multiply-add, rounded once, so y is the exact value correctly rounded;
// ONNX's reference rounds the product, then the sum. ONNX's defaults are
// α = 0.2 and β = 0.5, Keras 2's hard_sigmoid. NewHardSigmoid is
// PyTorch's (x+3)/6, with a division, and so not this layer with α = 1/6.
// α may be any finite value, 0 and negative included (y then falls from
// 1 to 0), and β any finite value; it panics otherwise.
//
// Special cases are:
//
//	y(+Inf) = 1 for α > 0, 0 for α < 0, y'(+Inf) = 0
//	y(-Inf) = 0 for α > 0, 1 for α < 0, y'(-Inf) = 0
//	for α = 0, y(±Inf) = max(0, min(1, β)), not 0·Inf + β = NaN
//	y(NaN) = NaN, y'(NaN) = NaN
func NewHardSigmoidAffine(alpha, beta float64) *Activation {
	if err := checkHardSigmoidAffine(alpha, beta); err != nil {
		panic("activation: NewHardSigmoidAffine: " + err.Error())
	}
	return newPiecewiseLayer("HardSigmoidAffine", affineSigmoid(alpha, beta), map[string]any{"alpha": alpha, "beta": beta})
}

// affineSigmoid returns the pieces of max(0, min(1, αx + β)): 0, the fused
// αx + β, and 1, in the reverse order for a negative α. Its bounds are
// where the fused αx + β, not the exact one, leaves (0, 1), so that each x
// takes the piece its rounded value says: the kinks, where it is 0 or 1,
// go to the outer pieces.
func affineSigmoid(alpha, beta float64) *piecewise {
	slopes := [3]float64{0, alpha, 0}
	r := func(x float64) float64 { return math.FMA(alpha, x, beta) }
	switch {
	case alpha > 0:
		below := least(func(x float64) bool { return r(x) > 0 })
		above := down(least(func(x float64) bool { return r(x) >= 1 }))
		return newPiecewise(below, above, slopes, [3]float64{0, beta, 1})
	case alpha < 0:
		below := least(func(x float64) bool { return r(x) < 1 })
		above := down(least(func(x float64) bool { return r(x) <= 0 }))
		return newPiecewise(below, above, slopes, [3]float64{1, beta, 0})
	}
	// The middle piece everywhere, of slope 0, which keeps ±Inf from 0·Inf.
	return newPiecewise(math.Inf(-1), math.Inf(1), slopes, [3]float64{0, min(max(beta, 0), 1), 0})
}

// least returns the least float64 at which p holds, for a p that is false
// below some x and true from x on, +Inf included: a bisection of the
// float64s in the order of their values.
func least(p func(float64) bool) float64 {
	if p(math.Inf(-1)) {
		return math.Inf(-1)
	}
	lo, hi := ordered(math.Inf(-1)), ordered(math.Inf(1))
	for lo+1 < hi { // p is false at lo and true at hi
		mid := lo>>1 + hi>>1 + lo&hi&1 // (lo+hi)/2 rounded down, without overflow
		if p(fromOrdered(mid)) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return fromOrdered(hi)
}

// checkHardSigmoidAffine reports an α or β that NewHardSigmoidAffine
// refuses.
func checkHardSigmoidAffine(alpha, beta float64) error {
	if err := checkFinite("alpha", alpha); err != nil {
		return err
	}
	return checkFinite("beta", beta)
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
	}).cheap().withForms(&forms{func(y, x []float32) int { return hardSwishVector32(y, nil, x, false) }, hardSwishVectorGrad, hardSwishVectorGrad32})
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
