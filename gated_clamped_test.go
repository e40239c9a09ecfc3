package activation

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestClampedSwiGLUAgainstHighPrecision checks gpt-oss's SwiGLU, with its
// defaults, against (clamp(b) + 1)·a'σ(αa') in math/big, the inputs at and
// beyond the clamps included: the gradient passes at a = limit and
// b = ±limit, and is 0 beyond.
func TestClampedSwiGLUAgainstHighPrecision(t *testing.T) {
	const alpha, limit = 1.702, 7.0
	rng := rand.New(rand.NewPCG(96, 97))
	edges := []float64{limit, -limit, math.Nextafter(limit, 8), math.Nextafter(-limit, -8), math.Nextafter(limit, 0), 0, -1, 1e-300, -800, 1e300, inf, -inf}
	n := points(4000)
	x := mat.NewDense(1, 2*n, nil)
	for j := range 2 * n {
		v := 6 * rng.NormFloat64()
		if rng.IntN(6) == 0 {
			v = edges[rng.IntN(len(edges))]
		}
		x.Set(0, j, v)
	}
	ref := refSwishBeta(alpha)
	for _, interleaved := range []bool{true, false} {
		l := NewClampedSwiGLU(alpha, limit, interleaved)
		y := mat.Row(nil, 0, l.Forward(x, true))
		ones := mat.NewDense(1, n, nil)
		ones.Apply(func(int, int, float64) float64 { return 1 }, ones)
		dx := mat.Row(nil, 0, l.Backward(ones))
		for j := range n {
			ia, ib := j, n+j
			if interleaved {
				ia, ib = 2*j, 2*j+1
			}
			a, b := x.At(0, ia), x.At(0, ib)
			ac, bc := min(a, limit), min(max(b, -limit), limit)
			glu, dglu, _ := ref(ac)
			b1 := newBig().Add(bf(bc), bf(1)) // exact: b' + 1 is a float64 or 8
			wantY := f64(newBig().Mul(b1, bf(glu)))
			wantDa := f64(newBig().Mul(b1, bf(dglu)))
			if a > limit {
				wantDa = 0
			}
			wantDb := glu
			if math.Abs(b) > limit {
				wantDb = 0
			}
			assert.LessOrEqual(t, ulps(y[j], wantY), 4.0, "y(%v, %v) = %v, want %v", a, b, y[j], wantY)
			bound := 4.0
			if k := swishBetaTerms(alpha)(ac) / math.Abs(dglu); k > 1 {
				bound *= k // as for Swish: swish' is a difference
			}
			assert.LessOrEqual(t, ulps(dx[ia], wantDa), bound, "dL/da(%v, %v) = %v, want %v", a, b, dx[ia], wantDa)
			assert.LessOrEqual(t, ulps(dx[ib], wantDb), 4.0, "dL/db(%v, %v) = %v, want %v", a, b, dx[ib], wantDb)
		}
	}
}

// TestClampedSwiGLULayouts checks that the interleaved unit is the unit on
// halves of the same columns, put in the other order, bit for bit; and
// that a NaN in either half gives NaN in y and in both gradients.
func TestClampedSwiGLULayouts(t *testing.T) {
	rng := rand.New(rand.NewPCG(98, 99))
	const r, n = 5, 300 // more than one chunk of the row
	x, g := randomDense(rng, r, 2*n, 5), randomDense(rng, r, n, 1)
	x.Set(1, 4, nan)
	x.Set(2, 7, nan)
	halves := mat.NewDense(r, 2*n, nil)
	for i := range r {
		for j := range n {
			halves.Set(i, j, x.At(i, 2*j))
			halves.Set(i, n+j, x.At(i, 2*j+1))
		}
	}
	inter := stepResults(NewClampedSwiGLU(1.702, 7, true), x, g)
	half := stepResults(NewClampedSwiGLU(1.702, 7, false), halves, g)
	require.True(t, sameBits(inter[0], half[0]), "y")
	for i := range r {
		for j := range n {
			require.Zero(t, ulps(inter[1].At(i, 2*j), half[1].At(i, j)), "dL/da[%d,%d]", i, j)
			require.Zero(t, ulps(inter[1].At(i, 2*j+1), half[1].At(i, n+j)), "dL/db[%d,%d]", i, j)
		}
	}
	for _, at := range [][2]int{{1, 2}, {2, 3}} { // the outputs of the NaN inputs
		i, j := at[0], at[1]
		assert.True(t, math.IsNaN(inter[0].At(i, j)), "y[%d,%d]", i, j)
		assert.True(t, math.IsNaN(inter[1].At(i, 2*j)) && math.IsNaN(inter[1].At(i, 2*j+1)), "gradients of [%d,%d]", i, j)
	}
}
