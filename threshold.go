package activation

import "math"

// NewThreshold returns y = x for x > threshold and y = value otherwise
// (PyTorch's Threshold), with derivative 1 for x > threshold and 0
// otherwise. A NaN gives NaN, as in PyTorch, whose test x <= threshold is
// false for NaN. It panics unless both are finite.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = value, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewThreshold(threshold, value float64) *Activation {
	if err := checkThreshold(threshold, value); err != nil {
		panic("activation: NewThreshold: " + err.Error())
	}
	negZero := math.Copysign(0, -1)
	p := newPiecewise(up(threshold), threshold, [3]float64{0, 0, 1}, [3]float64{value, value, negZero})
	return newPiecewiseLayer("Threshold", p, map[string]any{"threshold": threshold, "value": value})
}

// checkThreshold reports arguments that NewThreshold refuses.
func checkThreshold(threshold, value float64) error {
	if err := checkFinite("threshold", threshold); err != nil {
		return err
	}
	return checkFinite("value", value)
}
