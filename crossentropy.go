package activation

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// CrossEntropy is the softmax cross-entropy loss of a batch of logits, the
// output layer's loss of a classifier (PyTorch's CrossEntropyLoss with
// probabilities for targets): for rows x_i of logits and rows t_i of
// targets,
//
//	Loss = (1/rows) Σ_i -Σ_j t_ij · log softmax(x_i)_j
//
// and Backward returns dLoss/dLogits = (softmax(x_i)·Σ_j t_ij - t_i)/rows.
// The logarithm is LogSoftmax's, never log of a probability that has
// rounded to 0, so the loss stays exact where a softmax followed by a log
// gives +Inf or NaN: logits [800, 0, 1] and target class 2 give 799, and a
// finite gradient. Targets are distributions, one-hot or soft: their rows
// must be non-negative with a positive sum.
//
// Special cases, per row, are:
//
//	a logit of -Inf whose target is 0 adds nothing
//	a logit of -Inf whose target is positive makes the loss +Inf; its gradient stays finite
//	a NaN logit where the target is positive makes the loss NaN
//
// The zero value is ready to use. A CrossEntropy, like a layer, is not safe
// for concurrent use: two calls that overlap panic.
type CrossEntropy struct {
	lossState
	logSoftmax *LogSoftmax
	seed       *mat.Dense // -t/rows, the gradient LogSoftmax's Backward takes
}

// NewCrossEntropy returns a softmax cross-entropy loss.
func NewCrossEntropy() *CrossEntropy { return &CrossEntropy{} }

// Loss returns the mean cross-entropy of the softmax of logits against
// target, a matrix of the same shape, and keeps what Backward needs. It
// panics if either is nil or empty, if their shapes differ, or if a row of
// target has an entry that is negative or not finite, or sums to 0; a Loss
// that panics leaves nothing for Backward.
func (c *CrossEntropy) Loss(logits, target *mat.Dense) float64 {
	c.enter("CrossEntropy", "Loss")
	defer c.leave()
	c.state = noState
	if c.logSoftmax == nil {
		c.logSoftmax = NewLogSoftmax(1)
	}
	checkOperand("CrossEntropy", "logits", logits)
	checkOperand("CrossEntropy", "target", target)
	r, cols := logits.Dims()
	if tr, tc := target.Dims(); tr != r || tc != cols {
		panic(fmt.Sprintf("activation: CrossEntropy.Loss: target is %dx%d, logits are %dx%d", tr, tc, r, cols))
	}
	for i := range r {
		var sum float64
		for j, t := range target.RawRowView(i) {
			if !(t >= 0 && t <= math.MaxFloat64) {
				panic(fmt.Sprintf("activation: CrossEntropy.Loss: target[%d][%d] is %v, must be finite and not negative", i, j, t))
			}
			sum += t
		}
		if !(sum > 0) {
			panic(fmt.Sprintf("activation: CrossEntropy.Loss: target row %d sums to 0, want a distribution with a positive sum", i))
		}
	}
	logp := c.logSoftmax.Forward(logits, true)
	c.seed = reshape(c.seed, r, cols)
	var total compensated
	n := float64(r)
	for i := range r {
		var row compensated
		lp, seed := logp.RawRowView(i), c.seed.RawRowView(i)
		for j, t := range target.RawRowView(i) {
			seed[j] = -t / n
			if t != 0 { // 0·(-Inf) would be NaN, and adds nothing
				row.addProduct(t, lp[j])
			}
		}
		v := row.value()
		total.add(-v)
	}
	c.state = pending
	return total.value() / n
}

// Backward returns dLoss/dLogits for the last Loss: LogSoftmax's Backward
// of -target/rows. The result belongs to the loss and is overwritten by
// its next Backward.
func (c *CrossEntropy) Backward() *mat.Dense {
	c.enter("CrossEntropy", "Backward")
	defer c.leave()
	c.spend("CrossEntropy", "Loss(logits, target)")
	return c.logSoftmax.Backward(c.seed)
}

// Clone returns a new CrossEntropy, for another goroutine.
func (c *CrossEntropy) Clone() *CrossEntropy { return NewCrossEntropy() }
