package activation

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/mat"
)

// refCrossEntropyLabels returns CrossEntropyLabels's loss and gradient
// from their definitions in 400-bit arithmetic, and for each entry of the
// gradient the magnitude of the two terms it is the difference of: at
// the label (ε/K)·Σ_(k≠y) w_k and (1 - softmax_y)·Σ w·q, elsewhere
// softmax·Σ w·q and w·q, each over D. Each row is taken over the K
// classes that mask keeps (all C for a nil mask), and the rows that keep
// none take no part, nor count in D; the other entries are 0. Logits are
// finite or -Inf.
func refCrossEntropyLabels(x *mat.Dense, labels []int, o CrossEntropyLabelsOptions, mask *Mask) (loss float64, grad, terms []float64) {
	r, c := x.Dims()
	w := make([]*big.Float, c)
	for k := range w {
		w[k] = bf(1)
		if o.Weights != nil {
			w[k] = bf(o.Weights[k])
		}
	}
	takesPart := func(i, y int) bool {
		return !(o.Ignore && y == o.IgnoreLabel) && len(keptIndices(mask, i, c)) > 0
	}
	d := bf(1)
	if o.Reduction == ReduceMean {
		d = newBig()
		for i, y := range labels {
			if takesPart(i, y) {
				d.Add(d, w[y])
			}
		}
	}
	grad, terms = make([]float64, r*c), make([]float64, r*c)
	total := newBig()
	for i, y := range labels {
		if !takesPart(i, y) {
			continue
		}
		idx := keptIndices(mask, i, c)
		all := newBig()
		for _, k := range idx {
			all.Add(all, w[k])
		}
		logp, e, sum := bigLogSoftmax(pick(mat.Row(nil, i, x), idx), 1)
		share := newBig().Quo(bf(o.Smoothing), bf(float64(len(idx))))
		// Σ_k w_k·q_k = (1-ε)·w_y + (ε/K)·Σ w
		wq := newBig().Mul(newBig().Sub(bf(1), bf(o.Smoothing)), w[y])
		wq.Add(wq, newBig().Mul(share, all))
		for kk, k := range idx {
			q := newBig().Set(share)
			if k == y {
				q.Add(q, newBig().Sub(bf(1), bf(o.Smoothing)))
			}
			wk := newBig().Mul(w[k], q)
			if wk.Sign() != 0 || !logp[kk].IsInf() {
				total.Sub(total, newBig().Mul(wk, logp[kk]))
			}
			var a, b *big.Float
			if k == y {
				a = newBig().Mul(share, newBig().Sub(all, w[y]))
				b = newBig().Quo(newBig().Sub(sum, e[kk]), sum)
				b.Mul(b, wq)
			} else {
				a = newBig().Quo(e[kk], sum)
				a.Mul(a, wq)
				b = wk
			}
			grad[i*c+k], terms[i*c+k] = math.NaN(), math.NaN()
			if d.Sign() != 0 {
				grad[i*c+k] = f64(newBig().Quo(newBig().Sub(a, b), d))
				terms[i*c+k] = f64(newBig().Quo(newBig().Add(a, b), d))
			}
		}
	}
	if d.Sign() == 0 {
		return math.NaN(), grad, terms
	}
	return f64(total.Quo(total, d)), grad, terms
}

// assertLossNear checks a loss within 4 ulp of want and each entry of a
// gradient within 4 ulp of the magnitude of its terms.
func assertLossNear(t *testing.T, loss float64, grad *mat.Dense, want float64, wantGrad, terms []float64) {
	t.Helper()
	assert.LessOrEqual(t, ulps(loss, want), 4.0, "loss %v, want %v", loss, want)
	_, c := grad.Dims()
	for k := range wantGrad {
		got, w, s := grad.At(k/c, k%c), wantGrad[k], terms[k]
		if w != w || s == 0 {
			assert.Zero(t, ulps(got, w), "grad[%d][%d] = %v, want %v", k/c, k%c, got, w)
			continue
		}
		assert.LessOrEqual(t, math.Abs(got-w), 4*(math.Nextafter(s, inf)-s), "grad[%d][%d] = %v, want %v (terms %v)", k/c, k%c, got, w, s)
	}
}

func TestCrossEntropyLabels(t *testing.T) {
	rng := rand.New(rand.NewPCG(130, 131))
	weights := func(c int) []float64 {
		w := make([]float64, c)
		for j := range w {
			w[j] = 2 * rng.Float64()
		}
		return w
	}
	// thin() takes a third of the cases: each shape twice, each options
	// at least once.
	for oi, oc := range []struct {
		name string
		opts func(c int) CrossEntropyLabelsOptions
	}{
		{"defaults", func(int) CrossEntropyLabelsOptions { return CrossEntropyLabelsOptions{} }},
		{"weights", func(c int) CrossEntropyLabelsOptions { return CrossEntropyLabelsOptions{Weights: weights(c)} }},
		{"smoothing", func(int) CrossEntropyLabelsOptions { return CrossEntropyLabelsOptions{Smoothing: 0.1} }},
		{"everything, summed", func(c int) CrossEntropyLabelsOptions {
			return CrossEntropyLabelsOptions{Weights: weights(c), Ignore: true, IgnoreLabel: -100, Smoothing: 0.25, Reduction: ReduceSum}
		}},
		{"a class ignored", func(c int) CrossEntropyLabelsOptions {
			return CrossEntropyLabelsOptions{Weights: weights(c), Ignore: true, IgnoreLabel: 0, Smoothing: 0.05}
		}},
		{"smoothing 1", func(int) CrossEntropyLabelsOptions { return CrossEntropyLabelsOptions{Smoothing: 1} }},
	} {
		for si, s := range []struct {
			r, c  int
			scale float64
		}{{17, 5, 3}, {9, 33, 10}, {3, 1000, 30}, {4, 1, 1}} {
			if thin() && (si+oi)%3 != 0 {
				continue
			}
			opts := oc.opts(s.c)
			// Each case unmasked, and with one of the masks in turn.
			masks := testMasks(rng, s.r, s.c)
			for _, nm := range []namedMask{{"unmasked", nil}, masks[(si+oi)%len(masks)]} {
				x := withLeftOut(rng, randomDense(rng, s.r, s.c, s.scale), nm.m)
				labels := maskedLabels(rng, nm.m, s.r, s.c)
				for i := range labels {
					if opts.Ignore && i%4 == 1 {
						labels[i] = opts.IgnoreLabel
					}
				}
				l := NewCrossEntropyLabels(&opts)
				loss := l.LossMasked(x, labels, nm.m)
				grad := mat.DenseCopyOf(l.Backward())
				want, wantGrad, terms := refCrossEntropyLabels(x, labels, opts, nm.m)
				assertLossNear(t, loss, grad, want, wantGrad, terms)

				// A view of the logits gives the same bits, and Loss those
				// of LossMasked without a mask.
				view := mat.NewDense(s.r+2, s.c+3, nil).Slice(1, s.r+1, 2, s.c+2).(*mat.Dense)
				view.Copy(x)
				assert.Zero(t, ulps(loss, l.LossMasked(view, labels, nm.m)), "%s, %dx%d, %s: a view", oc.name, s.r, s.c, nm.name)
				assert.True(t, sameBits(grad, l.Backward()), "%s, %dx%d, %s: a view", oc.name, s.r, s.c, nm.name)
				if nm.m == nil {
					assert.Zero(t, ulps(loss, l.Loss(x, labels)), "%s, %dx%d: Loss", oc.name, s.r, s.c)
					assert.True(t, sameBits(grad, l.Backward()), "%s, %dx%d: Loss", oc.name, s.r, s.c)
				}
			}
		}
	}
}

// PyTorch's test_cross_entropy_label_smoothing_consistent_index_target_and_probs:
// labels smoothed by ε are the targets (1-ε)·onehot + ε/C of CrossEntropy;
// with a mask, (1-ε)·onehot + ε/K over the K classes a row keeps.
func TestCrossEntropyLabelsIsCrossEntropyOfSmoothedTargets(t *testing.T) {
	rng := rand.New(rand.NewPCG(132, 133))
	const r, c = 10, 4
	for _, nm := range append([]namedMask{{"unmasked", nil}}, testMasks(rng, r, c)...) {
		for _, eps := range []float64{0, 0.05, 0.15} {
			x := randomDense(rng, r, c, 1)
			labels := maskedLabels(rng, nm.m, r, c)
			target := mat.NewDense(r, c, nil)
			for i := range labels {
				idx := keptIndices(nm.m, i, c)
				for _, j := range idx {
					q := eps / float64(len(idx))
					if j == labels[i] {
						q += 1 - eps
					}
					target.Set(i, j, q)
				}
			}
			l, ce := NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Smoothing: eps}), NewCrossEntropy()
			loss, want := l.LossMasked(x, labels, nm.m), ce.LossMasked(x, target, nm.m)
			assert.LessOrEqual(t, ulps(loss, want), 8.0, "%s, ε = %v", nm.name, eps)
			g, wantGrad := l.Backward(), ce.Backward()
			for i := range r {
				for j := range c {
					assert.InDelta(t, wantGrad.At(i, j), g.At(i, j), 8*0x1p-53, "%s, ε = %v: [%d][%d]", nm.name, eps, i, j)
				}
			}
		}
	}
}

// TestCrossEntropyLabelsGradient compares Backward with central
// differences of Loss, and of LossMasked: a logit the mask leaves out
// changes nothing.
func TestCrossEntropyLabelsGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(134, 135))
	x := randomDense(rng, 5, 6, 2)
	labels := []int{3, -1, 0, 5, 3}
	T, F := true, false
	mask := NewMask(5, 6, []bool{
		T, F, T, T, F, T,
		T, T, F, F, T, T,
		T, T, T, F, F, F,
		F, F, F, F, F, F,
		F, T, F, T, T, T,
	})
	for _, opts := range []CrossEntropyLabelsOptions{
		{},
		{Weights: []float64{0.5, 2, 1, 0, 3, 1.5}, Ignore: true, IgnoreLabel: -1, Smoothing: 0.2},
		{Weights: []float64{0.5, 2, 1, 0, 3, 1.5}, Ignore: true, IgnoreLabel: -1, Smoothing: 0.7, Reduction: ReduceSum},
	} {
		if !opts.Ignore {
			labels[1] = 0
		}
		for _, m := range []*Mask{nil, mask} {
			l := NewCrossEntropyLabels(&opts)
			assertCentralDifferences(t, x, func() float64 { return l.LossMasked(x, labels, m) }, l.Backward, fmt.Sprintf("%+v, masked %v", opts, m != nil))
		}
	}
}

// The special cases of the doc, and the tails.
func TestCrossEntropyLabelsSpecialCases(t *testing.T) {
	zeros := func(n int) []float64 { return make([]float64, n) }
	for _, tc := range []struct {
		name   string
		logits []float64 // one row of each label
		labels []int
		opts   CrossEntropyLabelsOptions
		loss   float64   // with grad
		grad   []float64 // nil: compared with refCrossEntropyLabels
	}{
		{"800", []float64{800, 0, 1}, []int{2}, CrossEntropyLabelsOptions{}, 799, []float64{1, 0, -1}},
		{"40 at the label", []float64{40, 0}, []int{0}, CrossEntropyLabelsOptions{}, 4.248354255291589e-18, []float64{-4.248354255291589e-18, 4.248354255291589e-18}},
		{"+Inf logits share the row", []float64{inf, 1, inf}, []int{0}, CrossEntropyLabelsOptions{}, math.Ln2, []float64{-0.5, 0, 0.5}},
		{"-Inf at the label", []float64{-inf, 1, 0, 2, 0, 1}, []int{0, 0}, CrossEntropyLabelsOptions{Reduction: ReduceSum}, 0, nil},
		{"a row of -Inf", []float64{-inf, -inf}, []int{1}, CrossEntropyLabelsOptions{}, inf, []float64{0, -1}},
		{"-Inf of weight 0", []float64{-inf, 2, 1}, []int{1}, CrossEntropyLabelsOptions{Weights: []float64{0, 1, 2}, Smoothing: 0.1}, 0, nil},
		{"every label ignored, mean", []float64{1, 2, 3, 4}, []int{7, 7}, CrossEntropyLabelsOptions{Ignore: true, IgnoreLabel: 7}, math.NaN(), zeros(4)},
		{"every label ignored, sum", []float64{1, 2, 3, 4}, []int{7, 7}, CrossEntropyLabelsOptions{Ignore: true, IgnoreLabel: 7, Smoothing: 0.5, Reduction: ReduceSum}, 0, zeros(4)},
		{"labels of weight 0, mean", []float64{1, 2, 3, 4}, []int{0, 0}, CrossEntropyLabelsOptions{Weights: []float64{0, 1}, Smoothing: 0.1}, math.NaN(), []float64{nan, nan, nan, nan}},
		{"a NaN logit", []float64{nan, 2, 3, 4}, []int{1, 0}, CrossEntropyLabelsOptions{}, 0, nil},
		{"a NaN logit, ignored", []float64{nan, 2, 3, 4}, []int{-100, 0}, CrossEntropyLabelsOptions{Ignore: true, IgnoreLabel: -100, Smoothing: 0.3}, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := len(tc.labels)
			c := len(tc.logits) / r
			x := mat.NewDense(r, c, tc.logits)
			l := NewCrossEntropyLabels(&tc.opts)
			loss := l.Loss(x, tc.labels)
			grad := l.Backward()
			if tc.grad != nil {
				assert.Zero(t, ulps(loss, tc.loss), "loss %v, want %v", loss, tc.loss)
				for k, want := range tc.grad {
					assert.Zero(t, ulps(grad.At(k/c, k%c), want), "grad %v, want %v", grad.RawMatrix().Data, tc.grad)
				}
				return
			}
			// A row with a NaN gives a row of NaN, and a NaN loss unless it
			// is ignored; the other rows are held to the reference.
			var rows []int
			for i, y := range tc.labels {
				if !slices.ContainsFunc(tc.logits[i*c:(i+1)*c], math.IsNaN) {
					rows = append(rows, i)
					continue
				}
				for j := range c {
					assert.True(t, math.IsNaN(grad.At(i, j)), "grad[%d][%d] = %v", i, j, grad.At(i, j))
				}
				if !tc.opts.Ignore || y != tc.opts.IgnoreLabel {
					assert.True(t, math.IsNaN(loss), "loss %v", loss)
					return
				}
			}
			sub, got, labels := mat.NewDense(len(rows), c, nil), mat.NewDense(len(rows), c, nil), make([]int, len(rows))
			for k, i := range rows {
				sub.SetRow(k, tc.logits[i*c:(i+1)*c])
				got.SetRow(k, grad.RawRowView(i))
				labels[k] = tc.labels[i]
			}
			want, wantGrad, terms := refCrossEntropyLabels(sub, labels, tc.opts, nil)
			assertLossNear(t, loss, got, want, wantGrad, terms)
			if math.IsInf(loss, 0) {
				for _, v := range got.RawMatrix().Data {
					assert.False(t, math.IsInf(v, 0) || v != v, "grad %v", got.RawMatrix().Data)
				}
			}
		})
	}
}

func TestCrossEntropyLabelsMisuse(t *testing.T) {
	x := mat.NewDense(2, 3, nil)
	for _, tc := range []struct {
		name string
		run  func()
		want string
	}{
		{"negative weight", func() { NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Weights: []float64{1, -1}}) }, "activation: NewCrossEntropyLabels: Weights[1] is -1, must be finite and not negative"},
		{"NaN weight", func() { NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Weights: []float64{nan}}) }, "activation: NewCrossEntropyLabels: Weights[0] is NaN, must be finite and not negative"},
		{"infinite weight", func() { NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Weights: []float64{1, 2, inf}}) }, "activation: NewCrossEntropyLabels: Weights[2] is +Inf, must be finite and not negative"},
		{"smoothing below 0", func() { NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Smoothing: -0.1}) }, "activation: NewCrossEntropyLabels: Smoothing is -0.1, must be in [0, 1]"},
		{"smoothing above 1", func() { NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Smoothing: 1.5}) }, "activation: NewCrossEntropyLabels: Smoothing is 1.5, must be in [0, 1]"},
		{"NaN smoothing", func() { NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Smoothing: nan}) }, "activation: NewCrossEntropyLabels: Smoothing is NaN, must be in [0, 1]"},
		{"reduction", func() { NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Reduction: 2}) }, "activation: NewCrossEntropyLabels: Reduction is Reduction(2), must be ReduceMean or ReduceSum"},
		{"nil logits", func() { NewCrossEntropyLabels(nil).Loss(nil, []int{0}) }, "activation: CrossEntropyLabels.Loss: logits is nil"},
		{"empty logits", func() { NewCrossEntropyLabels(nil).Loss(&mat.Dense{}, nil) }, "activation: CrossEntropyLabels.Loss: logits is empty"},
		{"labels", func() { NewCrossEntropyLabels(nil).Loss(x, []int{0}) }, "activation: CrossEntropyLabels.Loss: labels has length 1, logits have 2 rows"},
		{"weights", func() {
			NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Weights: []float64{1, 2}}).Loss(x, []int{0, 1})
		}, "activation: CrossEntropyLabels.Loss: Weights has 2 classes, logits have 3 columns"},
		{"negative label", func() { NewCrossEntropyLabels(nil).Loss(x, []int{0, -1}) }, "activation: CrossEntropyLabels.Loss: row 1 has label -1, want a class in [0, 3)"},
		{"label past the columns", func() {
			NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Ignore: true, IgnoreLabel: -100}).Loss(x, []int{3, -100})
		}, "activation: CrossEntropyLabels.Loss: row 0 has label 3, want a class in [0, 3) or the ignored label -100"},
		{"label left out", func() { NewCrossEntropyLabels(nil).LossMasked(x, []int{0, 2}, CausalMask(2, 3, 0)) },
			"activation: CrossEntropyLabels.LossMasked: row 1 has label 2, a class the mask leaves out: its loss would be infinite"},
		{"mask shape", func() { NewCrossEntropyLabels(nil).LossMasked(x, []int{0, 1}, CausalMask(3, 2, 0)) },
			"activation: CrossEntropyLabels.LossMasked: mask is 3x2, logits are 2x3"},
		{"nil logits, masked", func() { NewCrossEntropyLabels(nil).LossMasked(nil, []int{0}, nil) }, "activation: CrossEntropyLabels.LossMasked: logits is nil"},
		{"labels, masked", func() { NewCrossEntropyLabels(nil).LossMasked(x, []int{0}, nil) }, "activation: CrossEntropyLabels.LossMasked: labels has length 1, logits have 2 rows"},
		{"weights, masked", func() {
			NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Weights: []float64{1, 2}}).LossMasked(x, []int{0, 1}, nil)
		}, "activation: CrossEntropyLabels.LossMasked: Weights has 2 classes, logits have 3 columns"},
		{"label in a row that keeps nothing", func() { NewCrossEntropyLabels(nil).LossMasked(x, []int{0, 3}, PaddingMask(2, 3, []int{1, 0})) },
			"activation: CrossEntropyLabels.LossMasked: row 1 has label 3, want a class in [0, 3)"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.PanicsWithValue(t, tc.want, tc.run) })
	}
}

// The options are copied: a caller's later change to its weights changes
// nothing, and a Clone has the same options.
func TestCrossEntropyLabelsOptionsAreCopied(t *testing.T) {
	x := mat.NewDense(2, 3, []float64{1, 2, 3, -1, 0, 4})
	w := []float64{1, 2, 3}
	l := NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Weights: w, Smoothing: 0.2, Reduction: ReduceSum})
	want := l.Loss(x, []int{0, 2})
	w[0] = 100
	assert.Zero(t, ulps(want, l.Loss(x, []int{0, 2})))
	assert.Zero(t, ulps(want, l.Clone().Loss(x, []int{0, 2})))
	var zero CrossEntropyLabels // the zero value works, with the defaults
	assert.Zero(t, ulps(NewCrossEntropyLabels(nil).Loss(x, []int{0, 2}), zero.Loss(x, []int{0, 2})))
}

// The special cases of LossMasked's doc.
func TestCrossEntropyLabelsMaskedSpecialCases(t *testing.T) {
	T, F := true, false
	zeros := func(n int) []float64 { return make([]float64, n) }
	for _, tc := range []struct {
		name   string
		logits []float64 // one row of each label
		labels []int
		keep   []bool
		opts   CrossEntropyLabelsOptions
		loss   float64
		grad   []float64
	}{
		{"no row keeps a class, mean", []float64{1, 2, 3, 4}, []int{0, 1}, []bool{F, F, F, F}, CrossEntropyLabelsOptions{}, math.NaN(), zeros(4)},
		{"no row keeps a class, sum", []float64{1, 2, 3, 4}, []int{0, 1}, []bool{F, F, F, F}, CrossEntropyLabelsOptions{Smoothing: 0.5, Reduction: ReduceSum}, 0, zeros(4)},
		{"a row that keeps nothing does not count", []float64{nan, 2, 0, 0}, []int{1, 0}, []bool{F, F, T, T}, CrossEntropyLabelsOptions{}, math.Ln2, []float64{0, 0, -0.5, 0.5}},
		{"one class kept, the label", []float64{5, nan, -inf}, []int{0}, []bool{T, F, F}, CrossEntropyLabelsOptions{Smoothing: 0.3, Weights: []float64{2, 1, 1}}, 0, zeros(3)},
		// q = 0.5 + 0.5/4 at the label, 0.5/4 at the 3 other classes kept,
		// where p = 1/4.
		{"smoothing over the kept classes", []float64{0, inf, 0, 0, 0}, []int{2}, []bool{T, F, T, T, T}, CrossEntropyLabelsOptions{Smoothing: 0.5}, math.Log(4), []float64{0.125, 0, -0.375, 0.125, 0.125}},
		// w·q = 0.75 at the label, 0.25 at the other class kept, where
		// p = 1/2; the weight of the class left out counts nowhere.
		{"smoothing over the kept classes, weighted", []float64{-inf, 1, 1}, []int{1}, []bool{F, T, T}, CrossEntropyLabelsOptions{Smoothing: 0.5, Weights: []float64{4, 1, 1}}, math.Ln2, []float64{0, -0.25, 0.25}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := len(tc.labels)
			c := len(tc.logits) / r
			l := NewCrossEntropyLabels(&tc.opts)
			loss := l.LossMasked(mat.NewDense(r, c, tc.logits), tc.labels, NewMask(r, c, tc.keep))
			assert.LessOrEqual(t, ulps(loss, tc.loss), 2.0, "loss %v, want %v", loss, tc.loss)
			for k, got := range l.Backward().RawMatrix().Data {
				if want := tc.grad[k]; want == 0 {
					assert.True(t, same(0, got), "grad[%d] = %v, want +0", k, got)
				} else {
					assert.LessOrEqual(t, ulps(got, want), 2.0, "grad[%d] = %v, want %v", k, got, want)
				}
			}
		})
	}
}
