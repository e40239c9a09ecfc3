package activation

import (
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
// the label (ε/C)·Σ_(k≠y) w_k and (1 - softmax_y)·Σ w·q, elsewhere
// softmax·Σ w·q and w·q, each over D. Logits are finite or -Inf.
func refCrossEntropyLabels(x *mat.Dense, labels []int, o CrossEntropyLabelsOptions) (loss float64, grad, terms []float64) {
	r, c := x.Dims()
	w, all := make([]*big.Float, c), newBig()
	for k := range w {
		w[k] = bf(1)
		if o.Weights != nil {
			w[k] = bf(o.Weights[k])
		}
		all.Add(all, w[k])
	}
	ignored := func(y int) bool { return o.Ignore && y == o.IgnoreLabel }
	d := bf(1)
	if o.Reduction == ReduceMean {
		d = newBig()
		for _, y := range labels {
			if !ignored(y) {
				d.Add(d, w[y])
			}
		}
	}
	grad, terms = make([]float64, r*c), make([]float64, r*c)
	share := newBig().Quo(bf(o.Smoothing), bf(float64(c)))
	total := newBig()
	for i, y := range labels {
		if ignored(y) {
			continue
		}
		logp, e, sum := bigLogSoftmax(mat.Row(nil, i, x), 1)
		// Σ_k w_k·q_k = (1-ε)·w_y + (ε/C)·Σ w
		wq := newBig().Mul(newBig().Sub(bf(1), bf(o.Smoothing)), w[y])
		wq.Add(wq, newBig().Mul(share, all))
		for k := range c {
			q := newBig().Set(share)
			if k == y {
				q.Add(q, newBig().Sub(bf(1), bf(o.Smoothing)))
			}
			wk := newBig().Mul(w[k], q)
			if wk.Sign() != 0 || !logp[k].IsInf() {
				total.Sub(total, newBig().Mul(wk, logp[k]))
			}
			var a, b *big.Float
			if k == y {
				a = newBig().Mul(share, newBig().Sub(all, w[y]))
				b = newBig().Quo(newBig().Sub(sum, e[y]), sum)
				b.Mul(b, wq)
			} else {
				a = newBig().Quo(e[k], sum)
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
			x := randomDense(rng, s.r, s.c, s.scale)
			labels := make([]int, s.r)
			for i := range labels {
				labels[i] = rng.IntN(s.c)
				if opts.Ignore && i%4 == 1 {
					labels[i] = opts.IgnoreLabel
				}
			}
			l := NewCrossEntropyLabels(&opts)
			loss := l.Loss(x, labels)
			grad := mat.DenseCopyOf(l.Backward())
			want, wantGrad, terms := refCrossEntropyLabels(x, labels, opts)
			assertLossNear(t, loss, grad, want, wantGrad, terms)

			// A view of the logits gives the same bits.
			view := mat.NewDense(s.r+2, s.c+3, nil).Slice(1, s.r+1, 2, s.c+2).(*mat.Dense)
			view.Copy(x)
			assert.Zero(t, ulps(loss, l.Loss(view, labels)), "%s, %dx%d: a view", oc.name, s.r, s.c)
			assert.True(t, sameBits(grad, l.Backward()), "%s, %dx%d: a view", oc.name, s.r, s.c)
		}
	}
}

// PyTorch's test_cross_entropy_label_smoothing_consistent_index_target_and_probs:
// labels smoothed by ε are the targets (1-ε)·onehot + ε/C of CrossEntropy.
func TestCrossEntropyLabelsIsCrossEntropyOfSmoothedTargets(t *testing.T) {
	rng := rand.New(rand.NewPCG(132, 133))
	const r, c = 10, 4
	for _, eps := range []float64{0, 0.05, 0.15} {
		x := randomDense(rng, r, c, 1)
		labels := make([]int, r)
		target := mat.NewDense(r, c, nil)
		for i := range labels {
			labels[i] = rng.IntN(c)
			for j := range c {
				q := eps / c
				if j == labels[i] {
					q += 1 - eps
				}
				target.Set(i, j, q)
			}
		}
		l, ce := NewCrossEntropyLabels(&CrossEntropyLabelsOptions{Smoothing: eps}), NewCrossEntropy()
		assert.LessOrEqual(t, ulps(l.Loss(x, labels), ce.Loss(x, target)), 8.0, "ε = %v", eps)
		g, want := l.Backward(), ce.Backward()
		for i := range r {
			for j := range c {
				assert.InDelta(t, want.At(i, j), g.At(i, j), 8*0x1p-53, "ε = %v: [%d][%d]", eps, i, j)
			}
		}
	}
}

// TestCrossEntropyLabelsGradient compares Backward with central
// differences of Loss.
func TestCrossEntropyLabelsGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(134, 135))
	x := randomDense(rng, 5, 6, 2)
	labels := []int{3, -1, 0, 5, 3}
	for _, opts := range []CrossEntropyLabelsOptions{
		{},
		{Weights: []float64{0.5, 2, 1, 0, 3, 1.5}, Ignore: true, IgnoreLabel: -1, Smoothing: 0.2},
		{Weights: []float64{0.5, 2, 1, 0, 3, 1.5}, Ignore: true, IgnoreLabel: -1, Smoothing: 0.7, Reduction: ReduceSum},
	} {
		if !opts.Ignore {
			labels[1] = 2
		}
		l := NewCrossEntropyLabels(&opts)
		l.Loss(x, labels)
		grad := mat.DenseCopyOf(l.Backward())
		for i := range 5 {
			for j := range 6 {
				v, h := x.At(i, j), 1e-5
				x.Set(i, j, v+h)
				up := l.Loss(x, labels)
				x.Set(i, j, v-h)
				down := l.Loss(x, labels)
				x.Set(i, j, v)
				assert.InDelta(t, (up-down)/(2*h), grad.At(i, j), 1e-9, "%+v: [%d][%d]", opts, i, j)
			}
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
			want, wantGrad, terms := refCrossEntropyLabels(sub, labels, tc.opts)
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
