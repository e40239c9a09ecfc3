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
	target     *mat.Dense // a copy of the last Loss's target
	sums       []float64  // Σ_j t_ij of each row
	grad       *mat.Dense // what Backward returns
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
	logp := c.logSoftmax.Forward(logits, true)
	c.target = reshape(c.target, r, cols)
	c.target.Copy(target)
	c.sums = resized(c.sums, r)
	var total compensated
	for i := range r {
		t := c.target.RawRowView(i)
		dot, sum, bad := crossEntropyTerms(t, logp.RawRowView(i))
		if bad || !(sum > 0) {
			badTarget(i, t)
		}
		c.sums[i] = sum
		total.add(-dot)
	}
	n := float64(r)
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
	r, cols := c.target.Dims()
	c.grad = reshape(c.grad, r, cols)
	dx := c.grad
	p, n := c.logSoftmax.saved, float64(r)
	for i := range r {
		d, pr, t := dx.RawRowView(i), p.RawRowView(i), c.target.RawRowView(i)
		for j := crossEntropyBackwardVector(d, pr, t, c.sums[i], n); j < len(d); j++ {
			d[j] = math.FMA(pr[j], c.sums[i], -t[j]) / n
		}
	}
	return dx
}

// crossEntropyTerms returns, of a row of targets t and the log-softmax lp
// of its logits, Σ_j t_j·lp_j over the t_j that are not 0 (0·-Inf would
// be NaN, and adds nothing) and Σ_j t_j, each summed in lanes, and
// whether a target is negative, infinite or NaN.
func crossEntropyTerms(t, lp []float64) (dot, sum float64, bad bool) {
	lp = lp[:len(t)]
	var dots, sums lanes
	n, bad := crossEntropyRowVector(t, lp, &dots, &sums)
	for j := n; j < len(t); j++ {
		v := t[j]
		bad = bad || !(v >= 0 && v <= math.MaxFloat64)
		sums.add(j, v)
		dots.addProduct(j, v, choose(v != 0, lp[j], 0))
	}
	d, s := dots.total(), sums.total()
	return d.value(), s.value(), bad
}

// badTarget panics with the problem of the row i of targets t.
func badTarget(i int, t []float64) {
	for j, v := range t {
		if !(v >= 0 && v <= math.MaxFloat64) {
			panic(fmt.Sprintf("activation: CrossEntropy.Loss: target[%d][%d] is %v, must be finite and not negative", i, j, v))
		}
	}
	panic(fmt.Sprintf("activation: CrossEntropy.Loss: target row %d sums to 0, want a distribution with a positive sum", i))
}

// Clone returns a new CrossEntropy, for another goroutine.
func (c *CrossEntropy) Clone() *CrossEntropy { return NewCrossEntropy() }
