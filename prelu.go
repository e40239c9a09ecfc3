package activation

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// PReLU is the parametric rectified linear unit y = x for x > 0 and y = αx
// otherwise, with a learnable slope α (Params()["alpha"]). Unlike the
// original's max(αx, x) it is right for every α, α > 1 included.
//
// Its derivative is 1 for x > 0 and α otherwise; dLoss/dα is the sum over
// the batch of g·x where x <= 0, set (not accumulated) by each Backward.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = α·(-Inf), y'(-Inf) = α; y(-Inf) = 0 when α = 0
//	y(NaN) = NaN, y'(NaN) = NaN
type PReLU struct {
	engine
	learned
}

// NewPReLU returns a PReLU layer whose slope starts at alpha; the original
// uses 0.01. It panics if alpha is not finite.
func NewPReLU(alpha float64) *PReLU {
	if err := checkFinite("alpha", alpha); err != nil {
		panic("activation: NewPReLU: " + err.Error())
	}
	p := &PReLU{learned: newLearned("alpha", 1, alpha)}
	p.engine = engine{name: "PReLU", kernel: p, cost: cheapCost}
	return p
}

// Forward returns the PReLU of input with the current value of α. With
// training set it keeps a private copy of input for Backward, which needs
// x for dLoss/dα. The result belongs to the layer and is overwritten by its
// next Forward.
func (p *PReLU) Forward(input *mat.Dense, training bool) *mat.Dense {
	p.made("PReLU", "Forward")
	return p.forward(input, training)
}

// Backward returns dLoss/dInput for the last training Forward, with the α
// it used, and sets Params()["alpha"].Grad. The result belongs to the layer
// and is overwritten by its next Backward.
func (p *PReLU) Backward(outputGrad *mat.Dense) *mat.Dense {
	p.made("PReLU", "Backward")
	return p.backward(outputGrad)
}

// Config returns the name "PReLU" and the constructor's alpha; Marshal
// saves the learned slope beside it.
func (p *PReLU) Config() map[string]any {
	p.made("PReLU", "Config")
	return map[string]any{"name": p.name, "alpha": p.start}
}

// Clone returns a new PReLU with the same constructor alpha and a copy of
// the current slope, its gradient zero and none of p's state, for use at
// another place in a network or by another goroutine.
func (p *PReLU) Clone() Layer {
	p.made("PReLU", "Clone")
	c := &PReLU{learned: p.cloneLearned()}
	c.engine = engine{name: p.name, kernel: c, cost: cheapCost}
	return c
}

func (p *PReLU) prepare(_, _ int, training bool) { p.read(training) }

func (p *PReLU) forwardRows(y, saved, x []float64, _ int, stream bool) {
	leakyRows(y, saved, x, p.values[0], stream)
}

func (p *PReLU) backwardRows(dx, g, x []float64, block int, stream bool) {
	g, x = g[:len(dx)], x[:len(dx)]
	a := p.kept[0]
	var l lanes
	n := leakyBackwardVector(dx, g, x, a, &l, stream) // a multiple of laneCount
	var gNeg, xNeg [lanesChunk]float64
	for off := n; off < len(x); off += lanesChunk {
		m := min(lanesChunk, len(x)-off)
		for i := range m {
			j := off + i
			dx[j] = g[j] * leakyDeriv(x[j], a) // leakyBackward, inlined
			gNeg[i], xNeg[i] = leakyNeg(x[j], g[j])
		}
		l.addProducts(gNeg[:m], xNeg[:m])
	}
	p.sums.block(block)[0].merge(l.total())
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
	if err := checkPerFeature(features, alpha); err != nil {
		panic("activation: NewPReLUPerFeature: " + err.Error())
	}
	p := &PReLUPerFeature{learned: newLearned("alpha", features, alpha)}
	p.engine = engine{name: "PReLUPerFeature", kernel: p, rowwise: true, cost: cheapCost}
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
		dx[j] = g[j] * leakyDeriv(x[j], slopes[j]) // leakyBackward, inlined
		sums[j].addProduct(leakyNeg(x[j], g[j]))
	}
}

// checkPerFeature reports arguments that NewPReLUPerFeature and NewSnake
// refuse.
func checkPerFeature(features int, alpha float64) error {
	if features < 1 {
		return fmt.Errorf("features is %d, must be at least 1", features)
	}
	return checkFinite("alpha", alpha)
}
