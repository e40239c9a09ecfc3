package activation

import "gonum.org/v1/gonum/mat"

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
	slope float64 // α as of the last Forward
}

// NewPReLU returns a PReLU layer whose slope starts at alpha; the original
// uses 0.01.
func NewPReLU(alpha float64) *PReLU {
	p := &PReLU{learned: newLearned(1, alpha)}
	p.engine = engine{name: "PReLU", kernel: p, cheap: true}
	return p
}

// learned holds the learnable slopes of PReLU and PReLUPerFeature: their
// Param, the constructor's value, and the partial sums of their gradient.
type learned struct {
	alpha  Param
	params map[string]Param
	start  float64   // the constructor's α
	sums   blockSums // dLoss/dα accumulated over the blocks of a Backward
}

func newLearned(n int, alpha float64) learned {
	value := mat.NewDense(1, n, nil)
	for j := range n {
		value.Set(0, j, alpha)
	}
	l := learned{alpha: Param{Value: value, Grad: mat.NewDense(1, n, nil)}, start: alpha, sums: blockSums{width: n}}
	l.params = map[string]Param{"alpha": l.alpha}
	return l
}

// Params returns the slopes under "alpha": a 1 x n Value, n = 1 for PReLU
// and features for PReLUPerFeature, and its Grad.
func (l *learned) Params() map[string]Param { return l.params }

// backwardThrough runs e's Backward and sets the gradient of the slopes from the
// partial sums its kernel left.
func (l *learned) backwardThrough(e *engine, outputGrad *mat.Dense) *mat.Dense {
	l.sums.reset(e.saved)
	dx := e.backward(outputGrad)
	l.sums.totals(l.alpha.Grad.RawRowView(0))
	return dx
}

// Forward returns the PReLU of input with the current value of α. With
// training set it keeps a private copy of input for Backward, which needs
// x for dLoss/dα. The result belongs to the layer and is overwritten by its
// next Forward of the same shape.
func (p *PReLU) Forward(input *mat.Dense, training bool) *mat.Dense {
	p.slope = p.alpha.Value.At(0, 0)
	return p.forward(input, training)
}

// Backward returns dLoss/dInput for the last training Forward and sets
// Params()["alpha"].Grad. The result belongs to the layer and is
// overwritten by its next Backward of the same shape.
func (p *PReLU) Backward(outputGrad *mat.Dense) *mat.Dense {
	return p.backwardThrough(&p.engine, outputGrad)
}

// Config returns the name "PReLU" and the constructor's alpha; Marshal
// saves the learned slope beside it.
func (p *PReLU) Config() map[string]any {
	return map[string]any{"name": p.name, "alpha": p.start}
}

func (p *PReLU) forwardRows(y, saved, x []float64, stream bool) {
	leakyRows(y, saved, x, p.slope, stream)
}

func (p *PReLU) backwardRows(dx, g, x []float64, block int, stream bool) {
	g, x = g[:len(dx)], x[:len(dx)]
	var l lanes
	n := leakyBackwardVector(dx, g, x, p.slope, &l, stream)
	for i := n; i < len(x); i++ {
		var gNeg, xNeg float64
		dx[i], gNeg, xNeg = leakyBackward(x[i], p.slope, g[i])
		l.addProduct(i, gNeg, xNeg)
	}
	p.sums.block(block)[0].merge(l.total())
}
