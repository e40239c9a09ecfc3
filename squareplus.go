package activation

import (
	"fmt"
	"math"
)

// NewSquareplus returns y = (x + √(x² + b))/2 (Barron, 2021; JAX's
// squareplus, whose b is 4 by default; Keras's squareplus), a smooth ReLU
// made of a square root, with derivative (1 + x/√(x² + b))/2. For x < 0,
// where x and the root cancel, both are computed without the difference:
// y = b/(2(√(x² + b) - x)) and y' = b/(2√(x² + b)(√(x² + b) - x)). x² is
// never formed where it would overflow or underflow, so the layer takes
// any finite x. It panics unless b is finite and not negative. With b = 0
// it is ReLU, and y'(0) = 1/2.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSquareplus(b float64) *Activation {
	if err := checkSquareplus(b); err != nil {
		panic("activation: NewSquareplus: " + err.Error())
	}
	// The vectors take the |x| that need no scaling in squareplus.
	lo, hi := 0.0, 0x1p500
	switch {
	case b > 0x1p1000:
		hi = -1 // none
	case b < 0x1p-1000:
		lo = 0x1p-500
	}
	a := newActivation("Squareplus", func(y, dy, x []float64, _ bool) {
		vector := func(y, dy, x []float64) int { return squareplusVector(y, dy, x, b, lo, hi) }
		vectorKernel(y, dy, x, vector, func(x float64) (float64, float64) { return squareplus(x, b) })
	})
	a.config = map[string]any{"b": b}
	return a.withForms(&forms{
		func(y, x []float32) int { return squareplusVector32(y, nil, x, b, lo, hi) },
		func(dx, g, x []float64) int { return squareplusVectorGrad(dx, g, x, b, lo, hi) },
		func(dx, g, x []float32) int { return squareplusVectorGrad32(dx, g, x, b, lo, hi) },
	})
}

// checkSquareplus reports a b that NewSquareplus refuses.
func checkSquareplus(b float64) error {
	if !(b >= 0 && b <= math.MaxFloat64) {
		return fmt.Errorf("b is %v, must be finite and not negative", b)
	}
	return nil
}

// squareplus returns (x + √(x² + b))/2 and its derivative. Where the
// scale is 1, squareplusVector does the same operations in the same order.
func squareplus(x, b float64) (y, dy float64) {
	switch {
	case x == math.Inf(1):
		return x, 1
	case x != x:
		return x, x
	}
	// The work is done on x/scale and b/scale², with scale a power of 2
	// (so the scalings are exact) that keeps x² and b inside the exponent
	// range where they are near its ends, subnormal x included; y' is the
	// same scaled or not.
	scale := 1.0
	switch a := math.Abs(x); {
	case a > 0x1p500 || b > 0x1p1000:
		scale = 0x1p512
	case a < 0x1p-500 && b < 0x1p-1000:
		scale = 0x1p-600
	}
	xs, bs := x/scale, b/scale/scale
	s := math.Sqrt(math.FMA(xs, xs, bs))
	switch {
	case s == 0:
		return 0, 0.5 // x = 0 and b = 0
	case xs >= 0:
		return (xs + s) * (scale / 2), (1 + xs/s) / 2
	}
	// y = b/(2(√(x²+b) - x)) = (b/d)/scale with d scaled; b/d cannot
	// overflow, since d >= 2√b/scale and d >= 4|x|/scale.
	d := 2 * (s - xs)
	return b / d / scale, bs / s / d
}
