package activation

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/mat"
)

// refBinaryCrossEntropy returns BinaryCrossEntropy's loss and gradient from
// their definitions in 400-bit arithmetic, and for each entry of the
// gradient the magnitude of its two terms, w·(1-t)·σ(x) and w·p·t·σ(-x),
// over n. Logits are not NaN; weights may be nil.
func refBinaryCrossEntropy(x, target, weights *mat.Dense, o BinaryCrossEntropyOptions) (loss float64, grad, terms []float64) {
	r, c := x.Dims()
	n := bf(1)
	if o.Reduction == ReduceMean {
		n = bf(float64(r * c))
	}
	total := newBig()
	for i := range r {
		for j := range c {
			v, t := x.At(i, j), bf(target.At(i, j))
			w, p := bf(1), bf(1)
			if weights != nil {
				w = bf(weights.At(i, j))
			}
			if o.PosWeights != nil {
				p = bf(o.PosWeights[j])
			}
			pos := newBig().Mul(w, newBig().Mul(p, t))
			neg := newBig().Mul(w, newBig().Sub(bf(1), t))
			for _, term := range []struct{ c, sp *big.Float }{{pos, bigSoftplus(-v)}, {neg, bigSoftplus(v)}} {
				if term.c.Sign() != 0 || !term.sp.IsInf() {
					total.Add(total, newBig().Mul(term.c, term.sp))
				}
			}
			a := newBig().Mul(neg, bigLogistic(v))
			b := newBig().Mul(pos, bigLogistic(-v))
			grad = append(grad, f64(newBig().Quo(newBig().Sub(a, b), n)))
			terms = append(terms, f64(newBig().Quo(newBig().Add(a, b), n)))
		}
	}
	return f64(total.Quo(total, n)), grad, terms
}

// bigSoftplus returns log(1 + e^x), taking e^x as 0 below -5000, far below
// float64's numbers.
func bigSoftplus(x float64) *big.Float {
	switch {
	case x == inf:
		return newBig().SetInf(false)
	case x < -5000:
		return newBig()
	case x > 0:
		return newBig().Add(bf(x), bigSoftplus(-x))
	}
	return bigLog1p(bigExp(bf(x)))
}

// bigLogistic returns σ(x), taking e^-|x| as 0 beyond 5000.
func bigLogistic(x float64) *big.Float {
	switch {
	case x > 5000:
		return bf(1)
	case x < -5000:
		return newBig()
	}
	return bigSigmoid(bf(x))
}

func TestBinaryCrossEntropy(t *testing.T) {
	rng := rand.New(rand.NewPCG(140, 141))
	uniform := func(r, c int, scale float64, hard bool) *mat.Dense {
		m := mat.NewDense(r, c, nil)
		for i := range r {
			for j := range c {
				v := scale * rng.Float64()
				if hard {
					v = float64(rng.IntN(2))
				}
				m.Set(i, j, v)
			}
		}
		return m
	}
	// Rows narrower than, as wide as and wider than a chunk of bceChunk;
	// thin() takes a quarter of the cases, each shape once.
	for si, s := range []struct {
		r, c  int
		scale float64
	}{{17, 5, 3}, {9, 33, 30}, {300, 1, 10}, {2, 300, 800}, {1, bceChunk, 1}} {
		for oi, oc := range []struct {
			name             string
			posWeights, hard bool
			weights          bool
			reduction        Reduction
		}{
			{"defaults", false, false, false, ReduceMean},
			{"hard targets, summed", false, true, false, ReduceSum},
			{"positive weights", true, false, false, ReduceMean},
			{"everything", true, false, true, ReduceSum},
		} {
			if thin() && (si+oi)%4 != 0 {
				continue
			}
			t.Run(fmt.Sprintf("%dx%d %s", s.r, s.c, oc.name), func(t *testing.T) {
				opts := BinaryCrossEntropyOptions{Reduction: oc.reduction}
				if oc.posWeights {
					opts.PosWeights = uniform(1, s.c, 3, false).RawRowView(0)
				}
				x, target := randomDense(rng, s.r, s.c, s.scale), uniform(s.r, s.c, 1, oc.hard)
				var weights *mat.Dense
				if oc.weights {
					weights = uniform(s.r, s.c, 2, false)
				}
				l := NewBinaryCrossEntropy(&opts)
				loss := l.Loss(x, target, weights)
				grad := mat.DenseCopyOf(l.Backward())
				want, wantGrad, terms := refBinaryCrossEntropy(x, target, weights, opts)
				assertLossNear(t, loss, grad, want, wantGrad, terms)

				// Views give the same bits.
				view := func(m *mat.Dense) *mat.Dense {
					if m == nil {
						return nil
					}
					v := mat.NewDense(s.r+1, s.c+2, nil).Slice(1, s.r+1, 1, s.c+1).(*mat.Dense)
					v.Copy(m)
					return v
				}
				assert.Zero(t, ulps(loss, l.Loss(view(x), view(target), view(weights))))
				assert.True(t, sameBits(grad, l.Backward()))
			})
		}
	}
}

// TestBinaryCrossEntropyGradient compares Backward with central
// differences of Loss.
func TestBinaryCrossEntropyGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(142, 143))
	x, target, weights := randomDense(rng, 4, 3, 3), mat.NewDense(4, 3, nil), mat.NewDense(4, 3, nil)
	for i := range 4 {
		for j := range 3 {
			target.Set(i, j, rng.Float64())
			weights.Set(i, j, 2*rng.Float64())
		}
	}
	for _, opts := range []BinaryCrossEntropyOptions{{}, {PosWeights: []float64{3, 0.5, 0}, Reduction: ReduceSum}} {
		for _, w := range []*mat.Dense{nil, weights} {
			l := NewBinaryCrossEntropy(&opts)
			assertCentralDifferences(t, x, func() float64 { return l.Loss(x, target, w) }, l.Backward, fmt.Sprintf("%+v", opts))
		}
	}
}

// The special cases of the doc, and the tails, each an element summed
// alone.
func TestBinaryCrossEntropySpecialCases(t *testing.T) {
	for _, tc := range []struct {
		x, t, w, p float64
		loss, grad float64
	}{
		{-800, 1, 1, 1, 800, -1},
		{800, 0, 1, 1, 800, 1},
		{-800, 1, 1, 3, 2400, -3},
		{-1e300, 1, 1, 1, 1e300, -1},
		{40, 1, 1, 1, 4.248354255291589e-18, -4.248354255291589e-18},
		{-40, 0, 1, 1, 4.248354255291589e-18, 4.248354255291589e-18},
		{inf, 1, 1, 1, 0, 0},
		{-inf, 0, 1, 1, 0, 0},
		{inf, 0.5, 1, 1, inf, 0.5},
		{-inf, 0.5, 2, 3, inf, -3},
		{-inf, 1, 1, 0, 0, 0},
		{inf, 0, 0, 1, 0, 0},
		{nan, 1, 1, 1, nan, nan},
		{nan, 1, 0, 1, nan, nan},
		{0, 0, 1, 1, math.Ln2, 0.5}, // PyTorch's test_bce_with_logits_has_correct_grad_at_zero
	} {
		l := NewBinaryCrossEntropy(&BinaryCrossEntropyOptions{PosWeights: []float64{tc.p}, Reduction: ReduceSum})
		loss := l.Loss(mat.NewDense(1, 1, []float64{tc.x}), mat.NewDense(1, 1, []float64{tc.t}), mat.NewDense(1, 1, []float64{tc.w}))
		grad := l.Backward().At(0, 0)
		assert.LessOrEqual(t, ulps(loss, tc.loss), 1.0, "%+v: loss %v", tc, loss)
		assert.LessOrEqual(t, ulps(grad, tc.grad), 1.0, "%+v: grad %v", tc, grad)
	}
}

func TestBinaryCrossEntropyMisuse(t *testing.T) {
	x, ones := mat.NewDense(2, 3, nil), mat.NewDense(2, 3, []float64{1, 1, 1, 1, 1, 1})
	bad := func(i, j int, v float64) *mat.Dense {
		m := mat.DenseCopyOf(ones)
		m.Set(i, j, v)
		return m
	}
	for _, tc := range []struct {
		name string
		run  func()
		want string
	}{
		{"negative positive weight", func() { NewBinaryCrossEntropy(&BinaryCrossEntropyOptions{PosWeights: []float64{-2}}) }, "activation: NewBinaryCrossEntropy: PosWeights[0] is -2, must be finite and not negative"},
		{"NaN positive weight", func() { NewBinaryCrossEntropy(&BinaryCrossEntropyOptions{PosWeights: []float64{1, nan}}) }, "activation: NewBinaryCrossEntropy: PosWeights[1] is NaN, must be finite and not negative"},
		{"reduction", func() { NewBinaryCrossEntropy(&BinaryCrossEntropyOptions{Reduction: -1}) }, "activation: NewBinaryCrossEntropy: Reduction is Reduction(-1), must be ReduceMean or ReduceSum"},
		{"nil logits", func() { NewBinaryCrossEntropy(nil).Loss(nil, ones, nil) }, "activation: BinaryCrossEntropy.Loss: logits is nil"},
		{"nil target", func() { NewBinaryCrossEntropy(nil).Loss(x, nil, nil) }, "activation: BinaryCrossEntropy.Loss: target is nil"},
		{"empty target", func() { NewBinaryCrossEntropy(nil).Loss(x, &mat.Dense{}, nil) }, "activation: BinaryCrossEntropy.Loss: target is empty"},
		{"target's shape", func() { NewBinaryCrossEntropy(nil).Loss(x, mat.NewDense(3, 2, nil), nil) }, "activation: BinaryCrossEntropy.Loss: target is 3x2, logits are 2x3"},
		{"weights' shape", func() { NewBinaryCrossEntropy(nil).Loss(x, ones, mat.NewDense(2, 2, nil)) }, "activation: BinaryCrossEntropy.Loss: weights is 2x2, logits are 2x3"},
		{"positive weights' length", func() {
			NewBinaryCrossEntropy(&BinaryCrossEntropyOptions{PosWeights: []float64{1, 2}}).Loss(x, ones, nil)
		}, "activation: BinaryCrossEntropy.Loss: PosWeights has 2 columns, logits have 3"},
		{"target above 1", func() { NewBinaryCrossEntropy(nil).Loss(x, bad(1, 2, 1.5), nil) }, "activation: BinaryCrossEntropy.Loss: target[1][2] is 1.5, must be in [0, 1]"},
		{"negative target", func() { NewBinaryCrossEntropy(nil).Loss(x, bad(0, 1, -0.25), nil) }, "activation: BinaryCrossEntropy.Loss: target[0][1] is -0.25, must be in [0, 1]"},
		{"NaN target", func() { NewBinaryCrossEntropy(nil).Loss(x, bad(1, 0, nan), nil) }, "activation: BinaryCrossEntropy.Loss: target[1][0] is NaN, must be in [0, 1]"},
		{"negative weight", func() { NewBinaryCrossEntropy(nil).Loss(x, ones, bad(1, 1, -1)) }, "activation: BinaryCrossEntropy.Loss: weights[1][1] is -1, must be finite and not negative"},
		{"infinite weight", func() { NewBinaryCrossEntropy(nil).Loss(x, ones, bad(0, 2, inf)) }, "activation: BinaryCrossEntropy.Loss: weights[0][2] is +Inf, must be finite and not negative"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.PanicsWithValue(t, tc.want, tc.run) })
	}
}

// The options are copied: a caller's later change to its positive weights
// changes nothing, and a Clone has the same options.
func TestBinaryCrossEntropyOptionsAreCopied(t *testing.T) {
	x, target := mat.NewDense(2, 2, []float64{1, -2, 3, 0.5}), mat.NewDense(2, 2, []float64{1, 0, 0.5, 1})
	p := []float64{2, 3}
	l := NewBinaryCrossEntropy(&BinaryCrossEntropyOptions{PosWeights: p, Reduction: ReduceSum})
	want := l.Loss(x, target, nil)
	p[0] = 100
	assert.Zero(t, ulps(want, l.Loss(x, target, nil)))
	assert.Zero(t, ulps(want, l.Clone().Loss(x, target, nil)))
	var zero BinaryCrossEntropy // the zero value works, with the defaults
	assert.Zero(t, ulps(NewBinaryCrossEntropy(nil).Loss(x, target, nil), zero.Loss(x, target, nil)))
}
