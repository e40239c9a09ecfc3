package activation

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// BinaryCrossEntropy is the binary cross-entropy of logits, each element a
// two-class problem of its own (PyTorch's BCEWithLogitsLoss, with its
// pos_weight, weight and reduction): for a logit x, its target t in
// [0, 1], the positive weight p of its column (1 without PosWeights) and
// its weight w (1 without weights),
//
//	ℓ    = -w·[p·t·log σ(x) + (1-t)·log(1-σ(x))] = w·[p·t·softplus(-x) + (1-t)·softplus(x)]
//	Loss = Σ ℓ / (rows·cols) for ReduceMean, Σ ℓ for ReduceSum
//
// and Backward returns dLoss/dx = w·[(1-t)·σ(x) - p·t·σ(-x)], divided by
// rows·cols for ReduceMean: PyTorch's w·[(p·t + 1 - t)·σ(x) - p·t],
// written so that no term is a difference: each term of ℓ and of the
// gradient is a product of positive factors, so each keeps its digits
// where the other vanishes: x = 40 with t = 1 gives ℓ = 4.248e-18 and a
// gradient of -4.248e-18, not 0. softplus(-|x|) and σ(-|x|) come from the
// library's Softplus, and softplus(|x|) = |x| + softplus(-|x|), so the
// tails neither overflow nor cancel: a logit of -800 with target 1 gives
// 800, as does +800 with target 0.
//
// Special cases are:
//
//	ℓ(+Inf) with t = 1 and ℓ(-Inf) with t = 0 are 0 (PyTorch's (1-t)·x is NaN there)
//	ℓ(+Inf) with t < 1 and ℓ(-Inf) with p·t > 0 are +Inf; the gradient stays finite
//	a weight of 0 adds nothing, even where ℓ is infinite (PyTorch's w·ℓ is NaN there)
//	a NaN logit makes the loss NaN, and its gradient
//
// The zero value is ready to use, with PyTorch's defaults: no positive
// weights, the mean. A BinaryCrossEntropy is not safe for concurrent use:
// two calls that overlap panic.
type BinaryCrossEntropy struct {
	lossState
	opts    BinaryCrossEntropyOptions // PosWeights is a private copy
	grad    *mat.Dense                // dLoss/dLogits of the last Loss
	dx      *mat.Dense                // Backward's copy of grad
	scratch []float64                 // a chunk's terms: see Loss
}

// BinaryCrossEntropyOptions configures a BinaryCrossEntropy. Its zero
// value, like a nil *BinaryCrossEntropyOptions, is PyTorch's defaults.
type BinaryCrossEntropyOptions struct {
	// PosWeights, if not nil, holds the weight of the positive term of
	// each column, one for each column of the logits, finite and not
	// negative (PyTorch's pos_weight, with one class of a multi-label
	// problem a column).
	PosWeights []float64
	// Reduction is ReduceMean or ReduceSum.
	Reduction Reduction
}

// NewBinaryCrossEntropy returns a binary cross-entropy loss on logits
// with the options of opts, which it copies; nil is PyTorch's defaults. It
// panics if a positive weight is negative or not finite, or if Reduction
// is neither ReduceMean nor ReduceSum.
func NewBinaryCrossEntropy(opts *BinaryCrossEntropyOptions) *BinaryCrossEntropy {
	c := &BinaryCrossEntropy{}
	if opts == nil {
		return c
	}
	problem := weightsProblem("PosWeights", opts.PosWeights)
	if problem == "" {
		problem = reductionProblem(opts.Reduction)
	}
	if problem != "" {
		panic("activation: NewBinaryCrossEntropy: " + problem)
	}
	c.opts = *opts
	if opts.PosWeights != nil {
		c.opts.PosWeights = append([]float64(nil), opts.PosWeights...)
	}
	return c
}

// bceChunk is how many elements go through Softplus's kernel at a time:
// few enough for the chunk's three slices to stay in the L1 cache, many
// enough for the vectors, whatever the width of the rows.
const bceChunk = 256

// Loss returns the binary cross-entropy of logits against target, a
// matrix of the same shape, with the element weights of weights, which is
// nil or of the same shape too, and keeps what Backward needs. It panics
// if logits or target is nil or empty, if a shape differs, if PosWeights
// has not one weight for each column, if a target is not in [0, 1], or if
// a weight is negative or not finite; a Loss that panics leaves nothing for
// Backward.
func (c *BinaryCrossEntropy) Loss(logits, target, weights *mat.Dense) float64 {
	c.enter("BinaryCrossEntropy", "Loss")
	defer c.leave()
	c.state = noState
	checkOperand("BinaryCrossEntropy", "Loss", "logits", logits)
	checkOperand("BinaryCrossEntropy", "Loss", "target", target)
	r, cols := logits.Dims()
	for _, m := range []struct {
		what string
		m    *mat.Dense
	}{{"target", target}, {"weights", weights}} {
		if m.m == nil {
			continue
		}
		if mr, mc := m.m.Dims(); mr != r || mc != cols {
			panic(fmt.Sprintf("activation: BinaryCrossEntropy.Loss: %s is %dx%d, logits are %dx%d", m.what, mr, mc, r, cols))
		}
	}
	if pw := c.opts.PosWeights; pw != nil && len(pw) != cols {
		panic(fmt.Sprintf("activation: BinaryCrossEntropy.Loss: PosWeights has %d columns, logits have %d", len(pw), cols))
	}
	n := 1.0
	if c.opts.Reduction == ReduceMean {
		n = float64(r * cols)
	}
	c.grad = reshape(c.grad, r, cols)
	// The loss is Σ pos·softplus(-x) + neg·softplus(x): a chunk's
	// coefficients and softpluses go into the scratch, as terms writes
	// them, and then into sum, its products exact.
	c.scratch = resized(c.scratch, 4*bceChunk)
	sc := c.scratch
	pos, spm, neg, spx := sc[:bceChunk], sc[bceChunk:2*bceChunk], sc[2*bceChunk:3*bceChunk], sc[3*bceChunk:]
	var sum lanes
	from := cursor{rows: r, cols: cols}
	for !from.done() {
		to, k := from, 0
		for k < bceChunk && !to.done() {
			i, j, m := to.next(bceChunk - k)
			for p, v := range logits.RawRowView(i)[j : j+m] {
				pos[k+p] = -math.Abs(v)
			}
			k += m
		}
		size := k
		softplusKernel(spm[:size], neg[:size], pos[:size], softplusUnitVector, 1, math.Inf(1))
		for k = 0; from != to; {
			i, j, m := from.next(bceChunk - k)
			var w []float64
			if weights != nil {
				w = weights.RawRowView(i)[j : j+m]
			}
			c.terms(i, j, logits.RawRowView(i)[j:j+m], target.RawRowView(i)[j:j+m], w, pos[k:k+m], spm[k:k+m], neg[k:k+m], spx[k:k+m], n)
			k += m
		}
		sum.addDot(pos[:size], spm[:size])
		sum.addDot(neg[:size], spx[:size])
	}
	total := sum.total()
	c.state = pending
	return total.value() / n
}

// terms writes the gradients of the elements x of row i, from column j,
// over n, into c.grad, and the two terms of their losses into the other
// slices: pos and neg the coefficients of softplus(-x) and softplus(x),
// w·p·t and w·(1-t), spm and spx the softpluses, 0 where their
// coefficient is 0. spm and neg come in holding softplus(-|x|) and
// σ(-|x|); w holds the weights, or is nil.
func (c *BinaryCrossEntropy) terms(i, j int, x, t, w, pos, spm, neg, spx []float64, n float64) {
	t, pos, spm, neg, spx = t[:len(x)], pos[:len(x)], spm[:len(x)], neg[:len(x)], spx[:len(x)]
	var pw []float64
	if c.opts.PosWeights != nil {
		pw = c.opts.PosWeights[j : j+len(x)]
	}
	g := c.grad.RawRowView(i)[j : j+len(x)]
	for p, v := range x {
		tv := t[p]
		if !(tv >= 0 && tv <= 1) {
			panic(fmt.Sprintf("activation: BinaryCrossEntropy.Loss: target[%d][%d] is %v, must be in [0, 1]", i, j+p, tv))
		}
		a, b := tv, 1-tv
		if pw != nil {
			a = pw[p] * tv
		}
		if w != nil {
			wv := w[p]
			if !(wv >= 0 && wv <= math.MaxFloat64) {
				panic(fmt.Sprintf("activation: BinaryCrossEntropy.Loss: weights[%d][%d] is %v, must be finite and not negative", i, j+p, wv))
			}
			a, b = wv*a, wv*b
		}
		// softplus(±x) and σ(±x) from softplus(-|x|) and σ(-|x|), chosen by
		// the sign of x: no difference, no overflow.
		low, high := spm[p], math.Abs(v)+spm[p]
		small, large := neg[p], 1-neg[p]
		negative := v < 0
		up, down := choose(negative, low, high), choose(negative, high, low) // softplus(x), softplus(-x)
		sx, sm := choose(negative, small, large), choose(negative, large, small)
		g[p] = math.FMA(b, sx, -float64(a*sm)) / n
		pos[p], spm[p], neg[p], spx[p] = a, termOf(a, down), b, termOf(b, up)
	}
}

// Backward returns dLoss/dLogits for the last Loss. The result belongs to
// the loss and is overwritten by its next Backward.
func (c *BinaryCrossEntropy) Backward() *mat.Dense {
	c.enter("BinaryCrossEntropy", "Backward")
	defer c.leave()
	c.spend("BinaryCrossEntropy", "Loss(logits, target, weights)")
	r, cols := c.grad.Dims()
	c.dx = reshape(c.dx, r, cols)
	copy(c.dx.RawMatrix().Data, c.grad.RawMatrix().Data)
	return c.dx
}

// Clone returns a new BinaryCrossEntropy with the same options and none of
// c's state, for another goroutine.
func (c *BinaryCrossEntropy) Clone() *BinaryCrossEntropy { return NewBinaryCrossEntropy(&c.opts) }

// softplusUnitVector is Softplus's vector kernel with β = 1 and no
// threshold.
func softplusUnitVector(y, dy, x []float64) int { return softplusVector(y, dy, x, 1, math.Inf(1)) }

// cursor walks the elements of a rows x cols matrix in row order, a
// stretch of one row at a time, so that a loop over chunks of elements
// takes narrow rows, wide rows and views alike.
type cursor struct{ i, j, rows, cols int }

func (c *cursor) done() bool { return c.i == c.rows }

// next returns the next stretch, m <= limit elements of row i from column
// j, and moves past it.
func (c *cursor) next(limit int) (i, j, m int) {
	i, j = c.i, c.j
	m = min(c.cols-j, limit)
	if c.j += m; c.j == c.cols {
		c.i, c.j = c.i+1, 0
	}
	return i, j, m
}
