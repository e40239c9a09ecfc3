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
// LossMasked takes a Mask beside the logits: the classes it leaves out of
// a row take no part in its softmax, and their gradient is exactly 0.
//
// The zero value is ready to use. A CrossEntropy, like a layer, is not safe
// for concurrent use: two calls that overlap panic.
type CrossEntropy struct {
	lossState
	logSoftmax *LogSoftmax
	target     *mat.Dense // a copy of the last Loss's target
	sums       []float64  // Σ_j t_ij of each row
	rows       float64    // how many rows take part, the mean's divisor
	mask       *Mask      // the last Loss's, nil for none
	gathered   []float64  // a row's targets at its kept classes
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
	return c.loss("Loss", logits, target, nil)
}

// LossMasked returns the mean cross-entropy of the softmax of logits over
// the classes mask keeps against target, and keeps what Backward needs:
// each row's term is Loss's on a row of its kept classes alone. A row
// that keeps no class takes no part, whatever its target, and does not
// count in the mean, as a label PyTorch ignores; where no row takes part
// the mean is NaN, 0/0. A nil mask keeps every class, as Loss does.
// LossMasked panics as Loss does, if mask's shape differs from the
// logits', and if a class the mask leaves out has a positive target in a
// row that keeps any: its probability is 0, and its loss would be
// infinite.
func (c *CrossEntropy) LossMasked(logits, target *mat.Dense, mask *Mask) float64 {
	return c.loss("LossMasked", logits, target, mask)
}

// loss is Loss, or with method LossMasked LossMasked.
func (c *CrossEntropy) loss(method string, logits, target *mat.Dense, mask *Mask) float64 {
	c.enter("CrossEntropy", method)
	defer c.leave()
	c.state = noState
	if c.logSoftmax == nil {
		c.logSoftmax = NewLogSoftmax(1)
	}
	checkOperand("CrossEntropy", method, "logits", logits)
	checkOperand("CrossEntropy", method, "target", target)
	r, cols := logits.Dims()
	if tr, tc := target.Dims(); tr != r || tc != cols {
		panic(fmt.Sprintf("activation: CrossEntropy.%s: target is %dx%d, logits are %dx%d", method, tr, tc, r, cols))
	}
	mask.check("CrossEntropy", method, "logits are", r, cols)
	logp := c.logSoftmax.ForwardMasked(logits, mask, true)
	c.target = reshape(c.target, r, cols)
	c.target.Copy(target)
	c.sums = resized(c.sums, r)
	var total compensated
	rows := 0
	for i := range r {
		t := c.target.RawRowView(i)
		dot, sum, bad := crossEntropyTerms(t, logp.RawRowView(i))
		if bad {
			badTarget(method, i, t)
		}
		if mask != nil && mask.kept[i] == 0 {
			continue
		}
		// A positive target where the log-probability is -Inf makes the
		// dot -Inf (or NaN, with a NaN logit); only then can it be at a
		// class the mask leaves out.
		if mask != nil && !(dot > math.Inf(-1)) {
			checkLeftOut(i, t, mask)
		}
		if !(sum > 0) {
			badTarget(method, i, t)
		}
		c.sums[i] = sum
		total.add(-dot)
		rows++
	}
	c.rows, c.mask = float64(rows), mask
	c.state = pending
	return total.value() / c.rows
}

// Backward returns dLoss/dLogits for the last Loss or LossMasked:
// LogSoftmax's Backward of -target/rows, rows those that take part, and
// exactly 0 at the classes the mask leaves out. The result belongs to the
// loss and is overwritten by its next Backward.
func (c *CrossEntropy) Backward() *mat.Dense {
	c.enter("CrossEntropy", "Backward")
	defer c.leave()
	c.spend("CrossEntropy", "Loss(logits, target)")
	r, cols := c.target.Dims()
	c.grad = reshape(c.grad, r, cols)
	dx := c.grad
	p, n := c.logSoftmax.saved, c.rows
	for i := range r {
		d, pr, t := dx.RawRowView(i), p.RawRowView(i), c.target.RawRowView(i)
		// The kept classes only: a prefix, or those LogSoftmax gathered,
		// whose probabilities it keeps gathered (see maskedBlock).
		kept, keep := cols, []bool(nil)
		if c.mask != nil {
			kept, keep = c.mask.row(i)
		}
		if keep != nil {
			c.gathered = resized(c.gathered, cols)
			t = gather(c.gathered, t, keep)
		}
		d, pr, t = d[:kept], pr[:kept], t[:kept]
		for j := crossEntropyBackwardVector(d, pr, t, c.sums[i], n); j < len(d); j++ {
			d[j] = math.FMA(pr[j], c.sums[i], -t[j]) / n
		}
		if d = dx.RawRowView(i); keep != nil {
			scatter(d, keep, kept, 0)
		} else {
			clear(d[kept:])
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

// badTarget panics with the problem of the row i of targets t, for
// method.
func badTarget(method string, i int, t []float64) {
	for j, v := range t {
		if !(v >= 0 && v <= math.MaxFloat64) {
			panic(fmt.Sprintf("activation: CrossEntropy.%s: target[%d][%d] is %v, must be finite and not negative", method, i, j, v))
		}
	}
	panic(fmt.Sprintf("activation: CrossEntropy.%s: target row %d sums to 0, want a distribution with a positive sum", method, i))
}

// checkLeftOut panics if the row i of targets t is positive at a class
// that mask leaves out.
func checkLeftOut(i int, t []float64, mask *Mask) {
	for j, v := range t {
		if v > 0 && !mask.Kept(i, j) {
			panic(fmt.Sprintf("activation: CrossEntropy.LossMasked: target[%d][%d] is %v at a class the mask leaves out, want 0: its loss would be infinite", i, j, v))
		}
	}
}

// Clone returns a new CrossEntropy, for another goroutine.
func (c *CrossEntropy) Clone() *CrossEntropy { return NewCrossEntropy() }
