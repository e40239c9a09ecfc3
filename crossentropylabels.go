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
// LossMasked takes a Mask beside the logits: the classes it leaves out of
// a row take no part in its softmax nor in its smoothing, and their
// gradient is exactly 0.
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
	at         []int      // the label of each row, or -1 where it takes no part
	atGrad     []float64  // dLoss/dx at the label of each row
	gathered   []float64  // a row's kept log-probabilities, then weights
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
		c.weightSum = weightSum(opts.Weights)
	}
	return c
}

// Loss returns the cross-entropy of the softmax of logits against labels,
// one for each row, and keeps what Backward needs. It panics if logits is
// nil or empty, if there are not as many labels as rows, or Weights not
// as many as columns, or if a label is neither a column nor the ignored
// label; a Loss that panics leaves nothing for Backward.
func (c *CrossEntropyLabels) Loss(logits *mat.Dense, labels []int) float64 {
	return c.loss("Loss", logits, labels, nil)
}

// LossMasked returns the cross-entropy of the softmax of logits over the
// classes mask keeps against labels, and keeps what Backward needs: each
// row's term is Loss's on a row of its kept classes alone, with their
// weights. Smoothing spreads ε over the K classes a row keeps, ε/K each,
// not over all C: a class the mask leaves out has probability 0, and any
// target there would make the loss infinite. PyTorch has no mask; its
// smoothing over logits of -Inf, the usual stand-in, gives +Inf. The
// classes left out get a gradient of exactly 0. A row that keeps no class
// takes no part, whatever its label (which must still be a class or the
// ignored label), and does not count in D, as an ignored label. A nil mask
// keeps every class, as Loss does. LossMasked panics as Loss does, if
// mask's shape differs from the logits', and if a label not ignored is a
// class its row leaves out (in a row that keeps any): its loss would be
// infinite.
func (c *CrossEntropyLabels) LossMasked(logits *mat.Dense, labels []int, mask *Mask) float64 {
	return c.loss("LossMasked", logits, labels, mask)
}

// loss is Loss, or with method LossMasked LossMasked.
func (c *CrossEntropyLabels) loss(method string, logits *mat.Dense, labels []int, mask *Mask) float64 {
	c.enter("CrossEntropyLabels", method)
	defer c.leave()
	c.state = noState
	checkOperand("CrossEntropyLabels", method, "logits", logits)
	r, cols := logits.Dims()
	switch w := c.opts.Weights; {
	case len(labels) != r:
		panic(fmt.Sprintf("activation: CrossEntropyLabels.%s: labels has length %d, logits have %d rows", method, len(labels), r))
	case w != nil && len(w) != cols:
		panic(fmt.Sprintf("activation: CrossEntropyLabels.%s: Weights has %d classes, logits have %d columns", method, len(w), cols))
	}
	mask.check("CrossEntropyLabels", method, "logits are", r, cols)
	d := c.divisor(method, labels, cols, mask)
	if c.logSoftmax == nil {
		c.logSoftmax = NewLogSoftmax(1)
	}
	logp := c.logSoftmax.ForwardMasked(logits, mask, true)

	eps := c.opts.Smoothing
	hi, lo := twoSum(1, -eps)
	oneLessEps := dd{hi, lo} // 1 - ε, exactly
	whole := c.classesOf(cols, c.weightSum, oneLessEps)
	if eps > 0 {
		c.others = resized(c.others, cols)
		for j := range c.others {
			c.others[j] = seedEntry(c.weight(j), whole.share, d)
		}
	}
	c.seed = reshape(c.seed, r, cols)
	c.at, c.atGrad = resized(c.at, r), resized(c.atGrad, r)
	if mask != nil {
		c.gathered = resized(c.gathered, 2*cols)
	}
	// Σ w_y·log p_y, Σ Σ_c w_c·log p_c over the whole rows, and
	// Σ (ε/K)·Σ_c w_c·log p_c over the rows that keep K < C classes.
	var nll, smooth, parts compensated
	for i, y := range labels {
		seed := c.seed.RawRowView(i)
		c.at[i] = -1
		n, keep := cols, []bool(nil)
		if mask != nil {
			n, keep = mask.row(i)
		}
		if c.ignored(y) || n == 0 {
			clear(seed)
			continue
		}
		lp := logp.RawRowView(i)
		wy := c.weight(y)
		nll.addProduct(wy, termOf(wy, lp[y]))
		rc, w := whole, c.opts.Weights
		if n < cols {
			if w != nil {
				w = keptOf(c.gathered[cols:], w, n, keep)
			}
			rc = c.classesOf(n, weightSum(w), oneLessEps)
		}
		switch {
		case eps == 0:
			clear(seed)
		case n == cols:
			smooth.add(weightedLogSum(w, lp))
			copy(seed, c.others)
		default:
			addShare(&parts, rc.share, weightedLogSum(w, keptOf(c.gathered, lp, n, keep)))
			c.seedKept(seed, mask, i, rc.share, d)
		}
		seed[y] = seedEntry(wy, rc.qLabel, d)
		// softmax·Σ_k w_k·q_k - w_y·q_y at the label is
		// (ε/K)·Σ_(k≠y) w_k - (1 - softmax)·Σ_k w_k·q_k, with 1 - softmax
		// from log softmax: no digit is lost to 1 - softmax.
		total, rest := c.weightTotals(wy, rc)
		spread := rc.share.hi
		s := math.FMA(1-eps, wy, float64(spread*total))
		c.at[i], c.atGrad[i] = y, math.FMA(expm1(lp[y]), s, float64(spread*rest))/d
	}
	c.state = pending
	return c.total(nll, smooth, parts, oneLessEps, whole.share, d)
}

// rowClasses is what the smoothing of a row takes from the K classes it
// keeps: each class's share ε/K, q = 1 - ε + ε/K at the label, and K and
// Σ_k w_k over them.
type rowClasses struct {
	share, qLabel dd
	count         float64
	weights       dd // where there are Weights
}

// classesOf returns the rowClasses of n classes whose weights sum to
// weights, oneLessEps being 1 - ε.
func (c *CrossEntropyLabels) classesOf(n int, weights, oneLessEps dd) rowClasses {
	share := dd{c.opts.Smoothing, 0}.div(float64(n))
	return rowClasses{share: share, qLabel: oneLessEps.add(share), count: float64(n), weights: weights}
}

// keptOf returns the entries of v, a row's worth, at the n classes that a
// row keeps: its first n where keep is nil, or keep's, gathered into dst.
func keptOf(dst, v []float64, n int, keep []bool) []float64 {
	if keep == nil {
		return v[:n]
	}
	return gather(dst, v, keep)
}

// weightSum returns Σ w in double-double.
func weightSum(w []float64) dd {
	var sum compensated
	for _, v := range w {
		sum.add(v)
	}
	return ddOf(sum)
}

// addShare adds share·v to parts: in double-double where v is finite, so
// that it keeps share's digits, and where it is not, as the product that
// total's non-finite case takes.
func addShare(parts *compensated, share dd, v float64) {
	if math.IsInf(v, 0) || v != v {
		parts.add(float64(share.hi * v))
		return
	}
	p := share.mul(dd{v, 0})
	parts.add(p.hi)
	parts.add(p.lo)
}

// seedKept sets the row i of seed to -w_c·share/d at the classes that
// mask keeps, and to 0 at the others.
func (c *CrossEntropyLabels) seedKept(seed []float64, mask *Mask, i int, share dd, d float64) {
	kept := seed // the entries to set: a prefix, or every one
	if n, keep := mask.row(i); keep == nil {
		kept = seed[:n]
	}
	every := seedEntry(1, share, d) // without Weights
	for j := range kept {
		kept[j] = every
		if c.opts.Weights != nil {
			kept[j] = seedEntry(c.opts.Weights[j], share, d)
		}
	}
	mask.zeroLeftOut(i, seed)
}

// seedEntry returns -w·q/d rounded once, an entry of the gradient that
// LogSoftmax's Backward takes.
func seedEntry(w float64, q dd, d float64) float64 {
	return -q.mul(dd{w, 0}).quo(dd{d, 0}).hi
}

// Backward returns dLoss/dLogits for the last Loss or LossMasked:
// LogSoftmax's Backward of -w·q/D, with the labels' entries computed
// apart, as the type's doc says, and exactly 0 at the classes the mask
// leaves out. The result belongs to the loss and is overwritten by its
// next Backward.
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

// weightTotals returns Σ_k w_k and Σ_(k≠y) w_k over the classes of rc,
// given w_y; the latter from the former in double-double, so that it
// keeps its digits where w_y is most of the total.
func (c *CrossEntropyLabels) weightTotals(wy float64, rc rowClasses) (total, rest float64) {
	if c.opts.Weights == nil {
		return rc.count, rc.count - 1
	}
	return rc.weights.hi, (rc.weights.hi - wy) + rc.weights.lo
}

// divisor checks the labels, against mask too unless it is nil, and
// returns D: for ReduceMean the sum of the weights of the labels that
// take part, or NaN where that is 0, so that the loss and the gradient of
// the rows that take part are NaN, and 1 for ReduceSum.
func (c *CrossEntropyLabels) divisor(method string, labels []int, cols int, mask *Mask) float64 {
	var sum compensated
	for i, y := range labels {
		if c.ignored(y) {
			continue
		}
		if uint(y) >= uint(cols) {
			msg := fmt.Sprintf("activation: CrossEntropyLabels.%s: row %d has label %d, want a class in [0, %d)", method, i, y, cols)
			if c.opts.Ignore {
				msg += fmt.Sprintf(" or the ignored label %d", c.opts.IgnoreLabel)
			}
			panic(msg)
		}
		if mask != nil && mask.kept[i] == 0 {
			continue
		}
		if mask != nil && !mask.Kept(i, y) {
			panic(fmt.Sprintf("activation: CrossEntropyLabels.LossMasked: row %d has label %d, a class the mask leaves out: its loss would be infinite", i, y))
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

// total returns -(oneLessEps·nll + share·smooth + parts)/d, the loss,
// share being ε/C and parts the smoothing terms of the rows that keep
// fewer classes; in double-double where the sums are finite, so that it
// is rounded once.
func (c *CrossEntropyLabels) total(nll, smooth, parts compensated, oneLessEps, share dd, d float64) float64 {
	eps := c.opts.Smoothing
	a, b, p := nll.value(), smooth.value(), parts.value()
	if s := a + b + p; math.IsInf(s, 0) || s != s {
		// No digits to keep; a part whose coefficient is 0 adds nothing.
		var v float64
		if eps < 1 {
			v = float64((1 - eps) * a)
		}
		if eps > 0 {
			v += float64(share.hi * b) // rounded: not fused, as on every platform
			v += p
		}
		return -v / d
	}
	v := oneLessEps.mul(ddOf(nll)).add(share.mul(ddOf(smooth)))
	if parts != (compensated{}) {
		v = v.add(ddOf(parts))
	}
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
