package activation

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// CrossEntropyLabels is the softmax cross-entropy loss of a batch of
// logits against class labels, one a row: PyTorch's cross_entropy with
// class-index targets, and its weight, ignore_index, label_smoothing and
// reduction. For rows x_i of logits over C classes, labels y_i, class
// weights w_c (1 without Weights), ε = Smoothing and the smoothed target
// q_i = (1-ε)·onehot(y_i) + ε/C,
//
//	ℓ_i  = -Σ_c w_c·q_ic·log softmax(x_i)_c
//	Loss = Σ_i ℓ_i / D,  D = Σ_i w_(y_i) for ReduceMean, 1 for ReduceSum
//
// over the rows whose label is not the ignored one. This is PyTorch's
// formula: (1-ε) times the weighted negative log-likelihood plus ε/C
// times the smoothing term -Σ_c w_c·log softmax(x_i)_c, in which each
// class has its own weight, both divided by the one D, the weights of
// the labels. Backward returns
//
//	dLoss/dx_ic = (softmax(x_i)_c·Σ_k w_k·q_ik - w_c·q_ic)/D
//
// and 0 in the rows whose label is ignored. At the label the softmax is
// not subtracted from 1 but 1 - softmax taken from log softmax, so the
// gradient keeps its digits where the softmax rounds to 1: logits [40, 0]
// with label 0 give -4.248e-18, not 0. As in CrossEntropy, the logarithm
// is LogSoftmax's, never that of a probability rounded to 0: logits
// [800, 0, 1] with label 2 give 799 and a finite gradient.
//
// Special cases are:
//
//	Loss = NaN for ReduceMean where the labels' weights sum to 0 (every label ignored, say), as PyTorch's 0/0; the rows not ignored then have a NaN gradient
//	Loss = 0 for ReduceSum where every label is ignored
//	a class of weight 0 adds nothing, even at a logit of -Inf (PyTorch's 0·Inf is NaN there)
//	a logit of -Inf where w·q > 0 makes the loss +Inf; the gradient stays finite
//	a NaN logit makes the loss NaN unless its row is ignored, and its row's gradient NaN either way
//
// A label is a class, 0 to C-1, or the ignored label: any other panics.
// The labels and the logits are separate arguments, where CrossEntropy
// takes targets of the logits' shape, so the two are separate types.
//
// The zero value is ready to use, with the default options. A
// CrossEntropyLabels is not safe for concurrent use: two calls that
// overlap panic.
type CrossEntropyLabels struct {
	lossState
	opts       CrossEntropyLabelsOptions // Weights is a private copy
	weightSum  dd                        // Σ_c w_c, where there are Weights
	logSoftmax *LogSoftmax
	seed       *mat.Dense // -w·q/D, the gradient LogSoftmax's Backward takes
	others     []float64  // -w_c·(ε/C)/D: a row of seed but for the label
	at         []int      // the label of each row, or -1 where it is ignored
	atGrad     []float64  // dLoss/dx at the label of each row
}

// CrossEntropyLabelsOptions configures a CrossEntropyLabels. Its zero
// value, like a nil *CrossEntropyLabelsOptions, is the default: no
// weights, no ignored label, no smoothing, the mean; PyTorch's defaults
// but for ignore_index (see Ignore).
type CrossEntropyLabelsOptions struct {
	// Weights, if not nil, holds the weight of each class, one for each
	// column of the logits, finite and not negative (PyTorch's weight).
	Weights []float64
	// Ignore makes the rows whose label is IgnoreLabel take no part in
	// the loss or in D (PyTorch's ignore_index). IgnoreLabel may be a
	// class, such as 0 for padding, or any other int. Without Ignore, as
	// by default, every label must be a class: PyTorch's default, which
	// ignores -100, is Ignore: true, IgnoreLabel: -100.
	Ignore      bool
	IgnoreLabel int
	// Smoothing is ε, in [0, 1] (PyTorch's label_smoothing).
	Smoothing float64
	// Reduction is ReduceMean or ReduceSum.
	Reduction Reduction
}

// NewCrossEntropyLabels returns a softmax cross-entropy loss against class
// labels with the options of opts, which it copies; nil is the default.
// It panics if a weight is negative or not finite, if Smoothing is not in
// [0, 1], or if Reduction is neither ReduceMean nor ReduceSum.
func NewCrossEntropyLabels(opts *CrossEntropyLabelsOptions) *CrossEntropyLabels {
	c := &CrossEntropyLabels{}
	if opts == nil {
		return c
	}
	c.opts = *opts
	problem := weightsProblem("Weights", opts.Weights)
	if eps := opts.Smoothing; problem == "" && !(eps >= 0 && eps <= 1) {
		problem = fmt.Sprintf("Smoothing is %v, must be in [0, 1]", eps)
	}
	if problem == "" {
		problem = reductionProblem(opts.Reduction)
	}
	if problem != "" {
		panic("activation: NewCrossEntropyLabels: " + problem)
	}
	if opts.Weights != nil {
		c.opts.Weights = append([]float64(nil), opts.Weights...)
		var sum compensated
		for _, v := range opts.Weights {
			sum.add(v)
		}
		c.weightSum = ddOf(sum)
	}
	return c
}

// Loss returns the cross-entropy of the softmax of logits against labels,
// one for each row, and keeps what Backward needs. It panics if logits is
// nil or empty, if there are not as many labels as rows, or Weights not
// as many as columns, or if a label is neither a column nor the ignored
// label; a Loss that panics leaves nothing for Backward.
func (c *CrossEntropyLabels) Loss(logits *mat.Dense, labels []int) float64 {
	c.enter("CrossEntropyLabels", "Loss")
	defer c.leave()
	c.state = noState
	checkOperand("CrossEntropyLabels", "logits", logits)
	r, cols := logits.Dims()
	switch w := c.opts.Weights; {
	case len(labels) != r:
		panic(fmt.Sprintf("activation: CrossEntropyLabels.Loss: labels has length %d, logits have %d rows", len(labels), r))
	case w != nil && len(w) != cols:
		panic(fmt.Sprintf("activation: CrossEntropyLabels.Loss: Weights has %d classes, logits have %d columns", len(w), cols))
	}
	d := c.divisor(labels, cols)
	if c.logSoftmax == nil {
		c.logSoftmax = NewLogSoftmax(1)
	}
	logp := c.logSoftmax.Forward(logits, true)

	eps, classes := c.opts.Smoothing, float64(cols)
	share := dd{eps, 0}.div(classes) // each class's share of ε
	hi, lo := twoSum(1, -eps)
	oneLessEps := dd{hi, lo}        // 1 - ε, exactly
	qLabel := oneLessEps.add(share) // q at the label
	spread := share.hi
	if eps > 0 {
		c.others = resized(c.others, cols)
		for j := range c.others {
			c.others[j] = seedEntry(c.weight(j), share, d)
		}
	}
	c.seed = reshape(c.seed, r, cols)
	c.at, c.atGrad = resized(c.at, r), resized(c.atGrad, r)
	var nll, smooth compensated // Σ w_y·log p_y and Σ Σ_c w_c·log p_c
	for i, y := range labels {
		seed := c.seed.RawRowView(i)
		c.at[i] = -1
		if c.ignored(y) {
			clear(seed)
			continue
		}
		lp := logp.RawRowView(i)
		wy := c.weight(y)
		nll.addProduct(wy, termOf(wy, lp[y]))
		if eps > 0 {
			smooth.add(weightedLogSum(c.opts.Weights, lp))
			copy(seed, c.others)
		} else {
			clear(seed)
		}
		seed[y] = seedEntry(wy, qLabel, d)
		// softmax·Σ_k w_k·q_k - w_y·q_y at the label is
		// (ε/C)·Σ_(k≠y) w_k - (1 - softmax)·Σ_k w_k·q_k, with 1 - softmax
		// from log softmax: no digit is lost to 1 - softmax.
		total, rest := c.weightTotals(wy, classes)
		s := math.FMA(1-eps, wy, float64(spread*total))
		c.at[i], c.atGrad[i] = y, math.FMA(expm1(lp[y]), s, float64(spread*rest))/d
	}
	c.state = pending
	return c.total(nll, smooth, oneLessEps, share, d)
}

// seedEntry returns -w·q/d rounded once, an entry of the gradient that
// LogSoftmax's Backward takes.
func seedEntry(w float64, q dd, d float64) float64 {
	return -q.mul(dd{w, 0}).quo(dd{d, 0}).hi
}

// Backward returns dLoss/dLogits for the last Loss: LogSoftmax's Backward
// of -w·q/D, with the labels' entries computed apart, as the type's doc
// says. The result belongs to the loss and is overwritten by its next
// Backward.
func (c *CrossEntropyLabels) Backward() *mat.Dense {
	c.enter("CrossEntropyLabels", "Backward")
	defer c.leave()
	c.spend("CrossEntropyLabels", "Loss(logits, labels)")
	dx := c.logSoftmax.Backward(c.seed)
	raw := dx.RawMatrix()
	for i, j := range c.at {
		if j >= 0 {
			raw.Data[i*raw.Stride+j] = c.atGrad[i]
		}
	}
	return dx
}

// Clone returns a new CrossEntropyLabels with the same options and none of
// c's state, for another goroutine.
func (c *CrossEntropyLabels) Clone() *CrossEntropyLabels { return NewCrossEntropyLabels(&c.opts) }

func (c *CrossEntropyLabels) ignored(label int) bool {
	return c.opts.Ignore && label == c.opts.IgnoreLabel
}

func (c *CrossEntropyLabels) weight(class int) float64 {
	if c.opts.Weights == nil {
		return 1
	}
	return c.opts.Weights[class]
}

// weightTotals returns Σ_k w_k and Σ_(k≠y) w_k, given w_y; the latter from
// the former in double-double, so that it keeps its digits where w_y is
// most of the total.
func (c *CrossEntropyLabels) weightTotals(wy, classes float64) (total, rest float64) {
	if c.opts.Weights == nil {
		return classes, classes - 1
	}
	return c.weightSum.hi, (c.weightSum.hi - wy) + c.weightSum.lo
}

// divisor checks the labels and returns D: for ReduceMean the sum of the
// labels' weights, or NaN where that is 0, so that the loss and the
// gradient of the rows not ignored are NaN, and 1 for ReduceSum.
func (c *CrossEntropyLabels) divisor(labels []int, cols int) float64 {
	var sum compensated
	for i, y := range labels {
		if c.ignored(y) {
			continue
		}
		if uint(y) >= uint(cols) {
			msg := fmt.Sprintf("activation: CrossEntropyLabels.Loss: row %d has label %d, want a class in [0, %d)", i, y, cols)
			if c.opts.Ignore {
				msg += fmt.Sprintf(" or the ignored label %d", c.opts.IgnoreLabel)
			}
			panic(msg)
		}
		sum.add(c.weight(y))
	}
	if c.opts.Reduction == ReduceSum {
		return 1
	}
	if d := sum.value(); d > 0 {
		return d
	}
	return math.NaN()
}

// total returns -(oneLessEps·nll + share·smooth)/d, the loss, share being
// ε/C; in double-double where the sums are finite, so that it is rounded
// once.
func (c *CrossEntropyLabels) total(nll, smooth compensated, oneLessEps, share dd, d float64) float64 {
	eps := c.opts.Smoothing
	if a, b := nll.value(), smooth.value(); math.IsInf(a+b, 0) || a+b != a+b {
		// No digits to keep; a part whose coefficient is 0 adds nothing.
		var v float64
		if eps < 1 {
			v = float64((1 - eps) * a)
		}
		if eps > 0 {
			v += float64(share.hi * b) // rounded: not fused, as on every platform
		}
		return -v / d
	}
	v := oneLessEps.mul(ddOf(nll)).add(share.mul(ddOf(smooth)))
	return -v.quo(dd{d, 0}).hi
}

// weightedLogSum returns Σ_c w_c·lp_c over a row of log-probabilities,
// Σ_c lp_c where w is nil; a class of weight 0 adds nothing, even where
// lp_c is -Inf.
func weightedLogSum(w, lp []float64) float64 {
	if w == nil {
		return laneSum(lp, -1)
	}
	if s := laneDot(w, lp); s == s {
		return s
	}
	// 0·(-Inf) made the NaN, or a NaN in lp did: the latter stays.
	var sum compensated
	for j, v := range lp {
		sum.addProduct(w[j], termOf(w[j], v))
	}
	return sum.value()
}
