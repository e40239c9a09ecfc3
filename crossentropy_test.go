package activation

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// refCrossEntropy returns the mean over rows of -Σ t·log softmax(x) in
// 400-bit arithmetic, from refLogSoftmax, over the classes that mask keeps
// (every one for a nil mask) and the rows that keep any.
func refCrossEntropy(x, t *mat.Dense, mask *Mask) float64 {
	r, c := x.Dims()
	total, rows := newBig(), 0
	for i := range r {
		idx := keptIndices(mask, i, c)
		if len(idx) == 0 {
			continue
		}
		rows++
		logp, _ := refLogSoftmax(pick(mat.Row(nil, i, x), idx), 1)
		for k, j := range idx {
			if tv := t.At(i, j); tv != 0 {
				total.Sub(total, newBig().Mul(bf(tv), bf(logp[k])))
			}
		}
	}
	v, _ := total.Quo(total, bf(float64(rows))).Float64()
	return v
}

func TestCrossEntropy(t *testing.T) {
	rng := rand.New(rand.NewPCG(110, 111))
	for _, tc := range []struct {
		name     string
		r, c     int
		scale    float64
		soft     bool
		infinite bool
	}{{"one-hot", 17, 5, 3, false, false}, {"soft", 9, 33, 10, true, false}, {"-Inf logits", 8, 6, 2, true, true}, {"wide", 3, 1000, 30, false, false}} {
		t.Run(tc.name, func(t *testing.T) {
			x := randomDense(rng, tc.r, tc.c, tc.scale)
			target := mat.NewDense(tc.r, tc.c, nil)
			for i := range tc.r {
				if tc.soft {
					for j := range tc.c {
						target.Set(i, j, rng.Float64())
					}
				} else {
					target.Set(i, rng.IntN(tc.c), 1)
				}
				if tc.infinite {
					for j := range tc.c {
						if target.At(i, j) < 0.3 {
							target.Set(i, j, 0)
							x.Set(i, j, math.Inf(-1))
						}
					}
					target.Set(i, 0, 1)
				}
			}
			ce := NewCrossEntropy()
			loss := ce.Loss(x, target)
			want := refCrossEntropy(x, target, nil)
			assert.LessOrEqual(t, ulps(loss, want), 4.0, "loss %v, want %v", loss, want)

			// The gradient is (softmax·Σt - t)/rows to the last digits.
			dx := mat.DenseCopyOf(ce.Backward())
			for i := range tc.r {
				_, p := refLogSoftmax(mat.Row(nil, i, x), 1)
				sum := newBig()
				for j := range tc.c {
					sum.Add(sum, bf(target.At(i, j)))
				}
				for j := range tc.c {
					w := newBig().Mul(bf(p[j]), sum)
					w.Sub(w, bf(target.At(i, j)))
					w.Quo(w, bf(float64(tc.r)))
					want := f64(w)
					// 4 ulp of the terms' magnitude: p·Σt - t cancels where
					// the target is near p·Σt.
					scale := (p[j]*f64(sum) + target.At(i, j)) / float64(tc.r)
					ulp := math.Nextafter(scale, inf) - scale
					assert.InDelta(t, want, dx.At(i, j), 4*ulp+5e-324, "dx[%d][%d]", i, j)
					assert.False(t, math.IsNaN(dx.At(i, j)) || math.IsInf(dx.At(i, j), 0))
				}
			}
		})
	}
}

// The values the hand-written loss gets wrong: -log(softmax) of [800, 0, 1]
// at class 2 is +Inf there, 799 here.
func TestCrossEntropyTails(t *testing.T) {
	ce := NewCrossEntropy()
	x := mat.NewDense(1, 3, []float64{800, 0, 1})
	loss := ce.Loss(x, mat.NewDense(1, 3, []float64{0, 0, 1}))
	assert.Equal(t, 799.0, loss)
	// softmax(x) = [1, e^-800, e^-799], whose last two underflow to 0.
	assert.Equal(t, []float64{1, 0, -1}, ce.Backward().RawRowView(0))

	// A -Inf logit: no term where the target is 0, +Inf where it is not,
	// the gradient finite either way.
	x = mat.NewDense(1, 3, []float64{math.Inf(-1), 2, 1})
	ce.Loss(x, mat.NewDense(1, 3, []float64{0, 1, 0}))
	for _, v := range ce.Backward().RawRowView(0) {
		assert.False(t, math.IsNaN(v) || math.IsInf(v, 0))
	}
	assert.Equal(t, math.Inf(1), ce.Loss(x, mat.NewDense(1, 3, []float64{0.5, 0.5, 0})))
	for _, v := range ce.Backward().RawRowView(0) {
		assert.False(t, math.IsNaN(v) || math.IsInf(v, 0))
	}
	assert.True(t, math.IsNaN(ce.Loss(mat.NewDense(1, 2, []float64{math.NaN(), 1}), mat.NewDense(1, 2, []float64{0, 1}))))

	// A row of -Inf with a target.
	x = mat.NewDense(1, 2, []float64{math.Inf(-1), math.Inf(-1)})
	assert.Equal(t, math.Inf(1), ce.Loss(x, mat.NewDense(1, 2, []float64{0, 1})))
	assert.Equal(t, []float64{0, -1}, ce.Backward().RawRowView(0))
}

func TestCrossEntropyMisuse(t *testing.T) {
	x := mat.NewDense(2, 3, nil)
	one := mat.NewDense(2, 3, []float64{1, 0, 0, 0, 1, 0})
	for _, tc := range []struct {
		name string
		run  func()
		want string
	}{
		{"nil logits", func() { NewCrossEntropy().Loss(nil, one) }, "activation: CrossEntropy.Loss: logits is nil"},
		{"empty target", func() { NewCrossEntropy().Loss(x, &mat.Dense{}) }, "activation: CrossEntropy.Loss: target is empty"},
		{"shape", func() { NewCrossEntropy().Loss(x, mat.NewDense(3, 2, []float64{1, 0, 1, 0, 1, 0})) }, "activation: CrossEntropy.Loss: target is 3x2, logits are 2x3"},
		{"negative", func() { NewCrossEntropy().Loss(x, mat.NewDense(2, 3, []float64{1, 0, 0, 0, 1.5, -0.5})) }, "activation: CrossEntropy.Loss: target[1][2] is -0.5, must be finite and not negative"},
		{"NaN", func() { NewCrossEntropy().Loss(x, mat.NewDense(2, 3, []float64{math.NaN(), 0, 1, 0, 1, 0})) }, "activation: CrossEntropy.Loss: target[0][0] is NaN, must be finite and not negative"},
		{"zero row", func() { NewCrossEntropy().Loss(x, mat.NewDense(2, 3, []float64{1, 0, 0, 0, 0, 0})) }, "activation: CrossEntropy.Loss: target row 1 sums to 0, want a distribution with a positive sum"},
		// +Inf is refused as NaN is, not normalised into Inf/Inf = NaN.
		{"+Inf", func() { NewCrossEntropy().Loss(x, mat.NewDense(2, 3, []float64{1, 0, 0, 0, math.Inf(1), 0})) }, "activation: CrossEntropy.Loss: target[1][1] is +Inf, must be finite and not negative"},
		{"+Inf masked", func() {
			NewCrossEntropy().LossMasked(x, mat.NewDense(2, 3, []float64{math.Inf(1), 0, 1, 0, 1, 0}), NewMask(2, 3, []bool{true, true, true, true, true, true}))
		}, "activation: CrossEntropy.LossMasked: target[0][0] is +Inf, must be finite and not negative"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.PanicsWithValue(t, tc.want, tc.run) })
	}
	var zero CrossEntropy // the zero value works
	assert.InDelta(t, math.Log(3), zero.Loss(x, one), 1e-15)
}

// TestCrossEntropyTermsMatchOnEveryPath runs the loss's sums of a row on
// every path the CPU has, every length up to 40, with zero, subnormal and
// bad targets and -Inf log-probabilities among the data, and checks them
// bit for bit against the Go path's.
func TestCrossEntropyTermsMatchOnEveryPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(112, 113))
	specials := []float64{0, 0, 5e-324, 1e300, -1, math.Inf(1), math.NaN()}
	for n := 0; n <= 40; n++ {
		tt, lp := make([]float64, n), make([]float64, n)
		for j := range tt {
			tt[j], lp[j] = rng.Float64(), -30*rng.Float64()
			if rng.IntN(5) == 0 {
				tt[j] = specials[rng.IntN(len(specials))]
			}
			if rng.IntN(7) == 0 {
				lp[j] = math.Inf(-1)
			}
		}
		type terms struct {
			dot, sum float64
			bad      bool
		}
		var got []terms
		for _, path := range vectorPaths() {
			path.run(func() {
				d, s, b := crossEntropyTerms(tt, lp)
				got = append(got, terms{d, s, b})
			})
		}
		for _, g := range got[1:] {
			require.Equal(t, got[0].bad, g.bad, "n=%d", n)
			require.Zero(t, ulps(got[0].dot, g.dot), "dot, n=%d", n)
			require.Zero(t, ulps(got[0].sum, g.sum), "sum, n=%d", n)
		}
	}
}

// maskedLabels returns a label for each row of an r x c batch: one of the
// classes that mask keeps, or any class in a row that keeps none.
func maskedLabels(rng *rand.Rand, mask *Mask, r, c int) []int {
	labels := make([]int, r)
	for i := range labels {
		labels[i] = rng.IntN(c)
		if idx := keptIndices(mask, i, c); len(idx) > 0 {
			labels[i] = idx[rng.IntN(len(idx))]
		}
	}
	return labels
}

// withLeftOut returns x with NaN and ±Inf at a third of the entries that
// mask leaves out, which must change nothing.
func withLeftOut(rng *rand.Rand, x *mat.Dense, mask *Mask) *mat.Dense {
	x = mat.DenseCopyOf(x)
	r, c := x.Dims()
	specials := []float64{nan, inf, -inf}
	for i := range r {
		for j := range c {
			if mask != nil && !mask.Kept(i, j) && rng.IntN(3) == 0 {
				x.Set(i, j, specials[rng.IntN(3)])
			}
		}
	}
	return x
}

// TestCrossEntropyMasked holds LossMasked to the reference on the kept
// classes of each row, with soft targets that are 0 at the classes left
// out, where the logits hold NaN and ±Inf, and rows that keep no class
// (with targets at classes they leave out) out of the mean. The gradient
// is within 4 ulp of its terms, exactly +0 at the classes left out, and
// Backward follows the last Loss, masked or not.
func TestCrossEntropyMasked(t *testing.T) {
	rng := rand.New(rand.NewPCG(114, 115))
	const r, c = 8, 13
	for _, nm := range testMasks(rng, r, c) {
		t.Run(nm.name, func(t *testing.T) {
			x := withLeftOut(rng, randomDense(rng, r, c, 3), nm.m)
			target := mat.NewDense(r, c, nil)
			rows := 0
			for i := range r {
				idx := keptIndices(nm.m, i, c)
				for _, j := range idx {
					target.Set(i, j, rng.Float64())
				}
				if len(idx) == 0 {
					target.Set(i, rng.IntN(c), 1) // takes no part: not checked
					continue
				}
				rows++
			}
			ce := NewCrossEntropy()
			ce.Loss(randomDense(rng, 2, 3, 1), mat.NewDense(2, 3, []float64{1, 0, 0, 0, 0, 1})) // a Loss before, unmasked
			loss := ce.LossMasked(x, target, nm.m)
			dx := mat.DenseCopyOf(ce.Backward())
			if rows == 0 {
				assert.True(t, math.IsNaN(loss), "the mean over no row is NaN: %v", loss)
			} else {
				want := refCrossEntropy(x, target, nm.m)
				assert.LessOrEqual(t, ulps(loss, want), 4.0, "loss %v, want %v", loss, want)
			}
			for i := range r {
				idx := keptIndices(nm.m, i, c)
				_, p := refLogSoftmax(pick(mat.Row(nil, i, x), idx), 1)
				sum := newBig()
				for _, j := range idx {
					sum.Add(sum, bf(target.At(i, j)))
				}
				for k, j := range idx {
					w := newBig().Mul(bf(p[k]), sum)
					w.Sub(w, bf(target.At(i, j)))
					w.Quo(w, bf(float64(rows)))
					scale := (p[k]*f64(sum) + target.At(i, j)) / float64(rows)
					ulp := math.Nextafter(scale, inf) - scale
					assert.InDelta(t, f64(w), dx.At(i, j), 4*ulp+5e-324, "dx[%d][%d]", i, j)
				}
				for j := range c {
					if !slices.Contains(idx, j) {
						assert.True(t, same(0, dx.At(i, j)), "dx[%d][%d] = %v at a class left out", i, j, dx.At(i, j))
					}
				}
			}
			// The next Loss, unmasked, has no mask.
			x = randomDense(rng, r, c, 3)
			ref := NewCrossEntropy()
			assert.Zero(t, ulps(ref.Loss(x, target), ce.Loss(x, target)))
			assertSameEntries(t, ref.Backward(), ce.Backward(), "Backward after an unmasked Loss")
		})
	}
}

func TestCrossEntropyMaskedMisuse(t *testing.T) {
	T, F := true, false
	x := mat.NewDense(2, 3, nil)
	m := NewMask(2, 3, []bool{T, T, T, T, T, F})
	one := mat.NewDense(2, 3, []float64{1, 0, 0, 0, 1, 0})
	for _, tc := range []struct {
		name string
		run  func()
		want string
	}{
		{"nil target", func() { NewCrossEntropy().LossMasked(x, nil, m) }, "activation: CrossEntropy.LossMasked: target is nil"},
		{"shape", func() { NewCrossEntropy().LossMasked(x, mat.NewDense(3, 2, nil), m) }, "activation: CrossEntropy.LossMasked: target is 3x2, logits are 2x3"},
		{"mask shape", func() { NewCrossEntropy().LossMasked(x, one, CausalMask(3, 2, 0)) }, "activation: CrossEntropy.LossMasked: mask is 3x2, logits are 2x3"},
		{"target left out", func() { NewCrossEntropy().LossMasked(x, mat.NewDense(2, 3, []float64{1, 0, 0, 0, 0.5, 0.5}), m) },
			"activation: CrossEntropy.LossMasked: target[1][2] is 0.5 at a class the mask leaves out, want 0: its loss would be infinite"},
		{"negative left out", func() { NewCrossEntropy().LossMasked(x, mat.NewDense(2, 3, []float64{1, 0, 0, 0, 1.5, -0.5}), m) },
			"activation: CrossEntropy.LossMasked: target[1][2] is -0.5, must be finite and not negative"},
		{"negative in a row that keeps nothing", func() {
			NewCrossEntropy().LossMasked(x, mat.NewDense(2, 3, []float64{1, 0, 0, -1, 0, 0}), PaddingMask(2, 3, []int{3, 0}))
		}, "activation: CrossEntropy.LossMasked: target[1][0] is -1, must be finite and not negative"},
		{"zero row", func() { NewCrossEntropy().LossMasked(x, mat.NewDense(2, 3, []float64{1, 0, 0, 0, 0, 0}), m) },
			"activation: CrossEntropy.LossMasked: target row 1 sums to 0, want a distribution with a positive sum"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.PanicsWithValue(t, tc.want, tc.run) })
	}
	// A row that keeps nothing takes no part, whatever its target.
	loss := NewCrossEntropy().LossMasked(x, mat.NewDense(2, 3, []float64{1, 0, 0, 0, 0, 0}), PaddingMask(2, 3, []int{3, 0}))
	assert.InDelta(t, math.Log(3), loss, 1e-15)
}
