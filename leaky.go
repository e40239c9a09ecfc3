package activation

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
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
func leakyBackward(x, a, g float64) (dx, gNeg, xNeg float64) {
	d := choose(x > 0, 1, a)
	if x != x {
		d = x
	}
	return g * d, choose(x <= 0, g, 0), min(x, 0)
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
	a := newActivation("LeakyReLU", leakyKernel(slope))
	a.config = map[string]any{"slope": slope}
	return a
}

// leakyKernel returns the kernel of LeakyReLU with the given slope; with
// slope 0 it gives ReLU's y and y', as floats.
func leakyKernel(slope float64) elementwise {
	return func(y, dy, x []float64, stream bool) {
		leakyRows(y, nil, x, slope, stream)
		if dy != nil {
			dy = dy[:len(x)]
			for i := leakyDerivVector(dy, x, slope, stream); i < len(x); i++ {
				dy[i], _, _ = leakyBackward(x[i], slope, 1)
			}
		}
	}
}

// PReLUPerFeature is PReLU with one learnable slope per column, as
// PyTorch's PReLU(num_parameters=features): y = x for x > 0 and α_j·x
// otherwise in column j. Params()["alpha"] is a 1 x features Value with its
// Grad, dLoss/dα_j = Σ_i g_ij·x_ij over x_ij <= 0, set by each Backward.
//
// Special cases are those of PReLU, column by column.
type PReLUPerFeature struct {
	engine
	learned
}

// NewPReLUPerFeature returns a PReLUPerFeature layer for batches of features
// columns, every slope starting at alpha. It panics if features < 1 or
// alpha is not finite.
func NewPReLUPerFeature(features int, alpha float64) *PReLUPerFeature {
	if err := checkPReLUPerFeature(features, alpha); err != nil {
		panic("activation: NewPReLUPerFeature: " + err.Error())
	}
	p := &PReLUPerFeature{learned: newLearned("alpha", features, alpha)}
	p.engine = engine{name: "PReLUPerFeature", kernel: p, rowwise: true}
	return p
}

// Forward returns the PReLU of input with the current slopes, column j
// with α_j. With training set it keeps a private copy of input for
// Backward. The result belongs to the layer and is overwritten by its next
// Forward. Forward panics if input has other than features columns.
func (p *PReLUPerFeature) Forward(input *mat.Dense, training bool) *mat.Dense {
	p.made("PReLUPerFeature", "Forward")
	return p.forward(input, training)
}

// Backward returns dLoss/dInput for the last training Forward, with the
// slopes it used, and sets Params()["alpha"].Grad. The result belongs to
// the layer and is overwritten by its next Backward.
func (p *PReLUPerFeature) Backward(outputGrad *mat.Dense) *mat.Dense {
	p.made("PReLUPerFeature", "Backward")
	return p.backward(outputGrad)
}

// Config returns the name "PReLUPerFeature", features and the
// constructor's alpha; Marshal saves the learned slopes beside them.
func (p *PReLUPerFeature) Config() map[string]any {
	p.made("PReLUPerFeature", "Config")
	return map[string]any{"name": p.name, "features": len(p.values), "alpha": p.start}
}

// Clone returns a new PReLUPerFeature with the same features and
// constructor alpha and a copy of the current slopes, their gradient zero
// and none of p's state, for use at another place in a network or by
// another goroutine.
func (p *PReLUPerFeature) Clone() Layer {
	p.made("PReLUPerFeature", "Clone")
	c := &PReLUPerFeature{learned: p.cloneLearned()}
	c.engine = engine{name: p.name, kernel: c, rowwise: true}
	return c
}

func (p *PReLUPerFeature) prepare(_, c int, training bool) {
	if c != len(p.values) {
		panic(p.errorf("Forward", "input has %d columns, layer has %d features", c, len(p.values)))
	}
	p.read(training)
}

func (p *PReLUPerFeature) forwardRows(y, saved, x []float64, _ int, _ bool) {
	y = y[:len(x)]
	slopes := p.values[:len(x)]
	n := leakyColsVector(y, saved, x, slopes)
	for j := n; j < len(x); j++ {
		y[j] = leaky(x[j], slopes[j])
	}
	if saved != nil {
		copy(saved[n:], x[n:])
	}
}

func (p *PReLUPerFeature) backwardRows(dx, g, x []float64, block int, _ bool) {
	g, x = g[:len(dx)], x[:len(dx)]
	slopes, sums := p.kept[:len(dx)], p.sums.block(block)[:len(dx)]
	for j := leakyColsBackwardVector(dx, g, x, slopes, sums); j < len(x); j++ {
		var gNeg, xNeg float64
		dx[j], gNeg, xNeg = leakyBackward(x[j], slopes[j], g[j])
		sums[j].addProduct(gNeg, xNeg)
	}
}

// checkPReLUPerFeature reports arguments that NewPReLUPerFeature refuses.
func checkPReLUPerFeature(features int, alpha float64) error {
	if features < 1 {
		return fmt.Errorf("features is %d, must be at least 1", features)
	}
	return checkFinite("alpha", alpha)
}

// checkFinite reports a constructor argument that is not finite.
func checkFinite(name string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s is %v, must be finite", name, v)
	}
	return nil
}
