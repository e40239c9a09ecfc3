package activation

import (
	"fmt"
	"math"
)

// leaky returns x for x > 0 and a·x otherwise, branch-free. It is the
// forward of LeakyReLU, PReLU and PReLUPerFeature.
func leaky(x, a float64) float64 {
	if a == 0 {
		return max(x, 0) // a·x would be NaN at -Inf
	}
	return choose(x > 0, x, a*x)
}

// leakyRows sets y = leaky(x, a) and, unless saved is nil, saved = x, in
// one pass on vectors where the CPU allows, and with stream set around the
// caches.
func leakyRows(y, saved, x []float64, a float64, stream bool) {
	y = y[:len(x)]
	var i int
	if a == 0 {
		i = reluCodesVector(y, nil, x, stream)
		copy(saved, x)
	} else {
		i = leakyVector(y, saved, x, a, stream)
	}
	for ; i < len(x); i++ {
		y[i] = leaky(x[i], a)
		if saved != nil {
			saved[i] = x[i]
		}
	}
}

// leakyBackward returns dLoss/dx = g·leaky'(x) and the factors of the term
// that x adds to dLoss/da: g·x where x <= 0. Where x > 0 the factors are
// 0 and 0, so an infinite g there cannot make NaN.
// Its parts are functions of their own, small enough for the compiler to
// inline into the Go loops.
func leakyBackward(x, a, g float64) (dx, gNeg, xNeg float64) {
	gNeg, xNeg = leakyNeg(x, g)
	return g * leakyDeriv(x, a), gNeg, xNeg
}

// leakyDeriv returns leaky's derivative: 1 for x > 0, NaN for NaN and a
// otherwise.
func leakyDeriv(x, a float64) float64 {
	d := choose(x > 0, 1, a)
	if x != x {
		d = x
	}
	return d
}

// leakyNeg returns the factors of x's term of dLoss/da: g and x where
// x <= 0, 0 and 0 otherwise.
func leakyNeg(x, g float64) (gNeg, xNeg float64) {
	return choose(x <= 0, g, 0), min(x, 0)
}

// NewLeakyReLU returns the leaky rectified linear unit y = x for x > 0 and
// y = slope·x otherwise, with derivative 1 or slope: PReLU with a fixed,
// untrained slope (PyTorch's LeakyReLU, negative_slope 0.01 by default). It
// panics if slope is not finite.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = slope·(-Inf), y'(-Inf) = slope; y(-Inf) = 0 when slope = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewLeakyReLU(slope float64) *Activation {
	if err := checkFinite("slope", slope); err != nil {
		panic("activation: NewLeakyReLU: " + err.Error())
	}
	k := &leakyCodes{slope: slope, d: [3]float64{slope, 1, math.NaN()}}
	f := &forms{
		func(y, x []float32) int { return leakyCodesVector32(y, nil, x, slope, false) },
		func(dx, g, x []float64) int { return leakyCodesVectorGrad(dx, g, x, slope, &k.d) },
		func(dx, g, x []float32) int { return leakyCodesVectorGrad32(dx, g, x, slope, &k.d) },
	}
	if slope == 0 {
		f = &forms{f.y32, f.grad64, f.grad32}
		f.y32 = reluForms.y32 // max(x, 0), not 0·x, which is -0 for x < 0
	}
	return &Activation{engine: engine{name: "LeakyReLU", coded: k, cost: cheapCost}, config: map[string]any{"slope": slope}, forms: f}
}

// leakyCodes is LeakyReLU's kernel, which saves the code of its derivative
// as ReLU's does: relu's codes, standing for the slope, 1 and NaN.
type leakyCodes struct {
	slope float64
	d     [3]float64
}

func (k *leakyCodes) derivs() *[3]float64 { return &k.d }

func (k *leakyCodes) forwardCodes(y []float64, codes []byte, x []float64, stream bool) {
	y = y[:len(x)]
	var i int
	if k.slope == 0 {
		i = reluCodesVector(y, codes, x, stream)
	} else {
		i = leakyCodesVector(y, codes, x, k.slope, stream)
	}
	for ; i < len(x); i++ {
		var code byte
		y[i], code = leaky(x[i], k.slope), reluCode(x[i])
		if codes != nil {
			codes[i] = code
		}
	}
}

// leakyKernel returns the element-wise kernel of a leaky unit with the
// given slope, y and y' as floats: ReGLU's gate, with slope 0.
func leakyKernel(slope float64) elementwise {
	return func(y, dy, x []float64, stream bool) {
		if !useVectors && dy != nil {
			// One pass over x instead of two.
			y, dy = y[:len(x)], dy[:len(x)]
			for i, v := range x {
				y[i], dy[i] = leaky(v, slope), leakyDeriv(v, slope)
			}
			return
		}
		leakyRows(y, nil, x, slope, stream)
		if dy != nil {
			dy = dy[:len(x)]
			for i := leakyDerivVector(dy, x, slope, stream); i < len(x); i++ {
				dy[i] = leakyDeriv(x[i], slope)
			}
		}
	}
}

// checkFinite reports a constructor argument that is not finite.
func checkFinite(name string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s is %v, must be finite", name, v)
	}
	return nil
}
