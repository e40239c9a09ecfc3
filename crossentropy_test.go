package activation

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// refCrossEntropy returns the mean over rows of -Σ t·log softmax(x) in
// 400-bit arithmetic, from refLogSoftmax.
func refCrossEntropy(x, t *mat.Dense) float64 {
	r, c := x.Dims()
	total := newBig()
	for i := range r {
		logp, _ := refLogSoftmax(mat.Row(nil, i, x), 1)
		for j := range c {
			if tv := t.At(i, j); tv != 0 {
				total.Sub(total, newBig().Mul(bf(tv), bf(logp[j])))
			}
		}
	}
	v, _ := total.Quo(total, bf(float64(r))).Float64()
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
			want := refCrossEntropy(x, target)
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
