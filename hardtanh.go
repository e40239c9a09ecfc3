package activation

import (
	"fmt"
	"math"
)

// NewHardtanh returns y = min(max(x, min), max), x clamped to [min, max]
// (PyTorch's Hardtanh, Keras's hard_tanh), with derivative 1 for
// min < x < max and 0 otherwise, as PyTorch's. It panics unless min < max,
// both finite.
//
// Special cases are:
//
//	y(+Inf) = max, y'(+Inf) = 0
//	y(-Inf) = min, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewHardtanh(min, max float64) *Activation {
	if err := checkHardtanh(min, max); err != nil {
		panic("activation: NewHardtanh: " + err.Error())
	}
	return newPiecewiseLayer("Hardtanh", hardtanh(min, max), map[string]any{"min": min, "max": max})
}

func hardtanh(lo, hi float64) *piecewise {
	negZero := math.Copysign(0, -1)
	return newPiecewise(up(lo), down(hi), [3]float64{0, 1, 0}, [3]float64{lo, negZero, hi})
}

// checkHardtanh reports bounds that NewHardtanh refuses.
func checkHardtanh(lo, hi float64) error {
	if err := checkFinite("min", lo); err != nil {
		return err
	}
	if err := checkFinite("max", hi); err != nil {
		return err
	}
	if !(lo < hi) {
		return fmt.Errorf("min is %v and max %v, want min < max", lo, hi)
	}
	return nil
}

// NewReLU6 returns y = min(max(x, 0), 6) (PyTorch's ReLU6, Keras's relu6,
// JAX's relu6), Hardtanh(0, 6), with derivative 1 for 0 < x < 6 and 0
// otherwise, as PyTorch's.
//
// Special cases are:
//
//	y(+Inf) = 6, y'(+Inf) = 0
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(±0) = 0, y'(±0) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewReLU6() *Activation {
	return newPiecewiseLayer("ReLU6", hardtanh(0, 6), nil)
}
