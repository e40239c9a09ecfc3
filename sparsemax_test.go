package activation

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// The references of Sparsemax and Entmax15 work in 2200-bit arithmetic,
// where x - max x is exact for any two float64s: 400 bits would round
// away the difference between 1 and 3e-322 - 1, which decides a support.
const sparsePrec = 2200

func hp() *big.Float { return new(big.Float).SetPrec(sparsePrec) }

func hpf(x float64) *big.Float { return hp().SetFloat64(x) }

// bruteSparse returns sparsemax (entmax unset) or 1.5-entmax of a finite
// row as the projection it is, found by trying every support in 400-bit
// arithmetic: the support S and threshold τ for which Σ_S y = 1 with
// y = z - τ (or (z/2 - τ)²) positive on S and z <= τ off it. Rows up to 12
// wide.
func bruteSparse(x []float64, entmax bool) []*big.Float {
	n := len(x)
	z := shifted(x, entmax)
	for mask := 1; mask < 1<<n; mask++ {
		var in []int
		sum, sq := hp(), hp()
		for i := range n {
			if mask&(1<<i) != 0 {
				in = append(in, i)
				sum.Add(sum, z[i])
				sq.Add(sq, hp().Mul(z[i], z[i]))
			}
		}
		tau, ok := refTau(sum, sq, len(in), entmax)
		if !ok {
			continue
		}
		for i := range n {
			if inS := mask&(1<<i) != 0; inS != (z[i].Cmp(tau) > 0) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		y := make([]*big.Float, n)
		for i := range n {
			y[i] = hp()
			if z[i].Cmp(tau) > 0 {
				y[i].Sub(z[i], tau)
				if entmax {
					y[i].Mul(y[i], y[i])
				}
			}
		}
		return y
	}
	panic(fmt.Sprintf("no support for %v", x))
}

// refTau returns the threshold of a support of k entries with sum and sum
// of squares sq: (sum - 1)/k for Sparsemax, and for 1.5-entmax the root
// below the mean of k·τ² - 2·sum·τ + sq - 1 = 0, which has none (ok
// false) when the support is too wide.
func refTau(sum, sq *big.Float, k int, entmax bool) (tau *big.Float, ok bool) {
	kk := hpf(float64(k))
	if !entmax {
		return hp().Quo(hp().Sub(sum, hpf(1)), kk), true
	}
	mean := hp().Quo(sum, kk)
	disc := hp().Sub(hp().Mul(mean, mean), hp().Quo(hp().Sub(sq, hpf(1)), kk))
	if disc.Sign() < 0 {
		return nil, false
	}
	return mean.Sub(mean, hp().Sqrt(disc)), true
}

// refSparse returns sparsemax or 1.5-entmax of a finite row of any width in
// 400-bit arithmetic, by the sort-based threshold, exact here: the
// largest k whose τ_k leaves z_k above it.
func refSparse(x []float64, entmax bool) []*big.Float {
	n := len(x)
	z := shifted(x, entmax)
	s := append([]*big.Float(nil), z...)
	sort.Slice(s, func(i, j int) bool { return s[i].Cmp(s[j]) > 0 })
	var tau *big.Float
	sum, sq := hp(), hp()
	for k := 1; k <= n; k++ {
		sum.Add(sum, s[k-1])
		sq.Add(sq, hp().Mul(s[k-1], s[k-1]))
		t, ok := refTau(sum, sq, k, entmax)
		if !ok {
			break
		}
		if t.Cmp(s[k-1]) >= 0 {
			break
		}
		tau = t
	}
	y := make([]*big.Float, n)
	for i := range n {
		y[i] = hp()
		if z[i].Cmp(tau) > 0 {
			y[i].Sub(z[i], tau)
			if entmax {
				y[i].Mul(y[i], y[i])
			}
		}
	}
	return y
}

// shifted returns z = x - max x, halved for entmax, which the outputs do
// not depend on, exactly.
func shifted(x []float64, entmax bool) []*big.Float {
	hi := math.Inf(-1)
	for _, v := range x {
		hi = max(hi, v)
	}
	z := make([]*big.Float, len(x))
	for i, v := range x {
		z[i] = hp().Sub(hpf(v), hpf(hi))
		if entmax {
			z[i].Quo(z[i], hpf(2))
		}
	}
	return z
}

// refSparseBackward returns s ⊙ (g - <s, g>/Σ s), s = [y > 0] or √y.
func refSparseBackward(y []*big.Float, g []float64, entmax bool) []*big.Float {
	s := make([]*big.Float, len(y))
	dot, total := hp(), hp()
	for i := range y {
		s[i] = hp()
		if y[i].Sign() > 0 {
			s[i].SetFloat64(1)
			if entmax {
				s[i].Sqrt(y[i])
			}
		}
		dot.Add(dot, hp().Mul(s[i], hpf(g[i])))
		total.Add(total, s[i])
	}
	q := dot.Quo(dot, total)
	dx := make([]*big.Float, len(y))
	for i := range y {
		dx[i] = hp().Mul(s[i], hp().Sub(hpf(g[i]), q))
	}
	return dx
}

func TestSparsemaxAndEntmaxAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(100, 101))
	for _, entmax := range []bool{false, true} {
		name := map[bool]string{false: "Sparsemax", true: "Entmax15"}[entmax]
		for _, n := range []int{1, 2, 3, 7, 12, 64, 300} {
			for _, scale := range []float64{0.1, 1, 10, 1e10} {
				t.Run(fmt.Sprintf("%s/n=%d/scale=%v", name, n, scale), func(t *testing.T) {
					for trial := range points(20) {
						x, g := make([]float64, n), make([]float64, n)
						for i := range x {
							x[i], g[i] = scale*rng.NormFloat64(), rng.NormFloat64()
							if trial%4 == 1 && i > 0 && rng.IntN(3) == 0 {
								x[i] = x[rng.IntN(i)] // ties
							}
							if trial%4 == 2 && rng.IntN(4) == 0 {
								x[i] = -inf
							}
						}
						if trial%4 == 2 {
							x[rng.IntN(n)] = scale // one finite entry at least
						}
						l := NewSparsemax()
						if entmax {
							l = NewEntmax15()
						}
						y, dx := forwardBackwardRow(l, x, g)
						finite := x[:0:0]
						for _, v := range x {
							finite = append(finite, max(v, -1e300))
						}
						want := refSparse(finite, entmax)
						if n <= 12 {
							brute := bruteSparse(finite, entmax)
							for i := range brute {
								require.Zero(t, brute[i].Cmp(want[i]), "the references differ at %d for %v", i, x)
							}
						}
						sum := newBig()
						for i := range x {
							w := f64(want[i])
							assert.LessOrEqual(t, ulps(y[i], w), 4.0, "x = %v: y[%d] = %v, want %v", x, i, y[i], w)
							assert.True(t, y[i] >= 0 && !math.Signbit(y[i]), "y[%d] = %v", i, y[i])
							sum.Add(sum, bf(y[i]))
						}
						assert.LessOrEqual(t, ulps(f64(sum), 1), 4.0*float64(n), "Σ y = %v", sum)
						wantDx := refSparseBackward(want, g, entmax)
						for i := range x {
							// dx_i = s_i(g_i - q): the error is measured
							// against s_i(|g_i| + |q|).
							scale := math.Abs(dx[i]) + 4*math.Abs(g[i])
							assert.InDelta(t, f64(wantDx[i]), dx[i], 8*0x1p-53*scale+5e-324, "dx[%d] for %v", i, x)
						}
					}
				})
			}
		}
	}
}

// TestSparseCancellingResidual checks rows whose least entry in the
// support lies closer to the threshold than the threshold's own last
// digit: its output is then made of the digits that cancel (the first row
// was found by FuzzSparse).
func TestSparseCancellingResidual(t *testing.T) {
	rows := [][]float64{
		{8.44468026765898e-183, 3.8557681333993624e-34, 5.333223904609448e-307, 1.385258746093144e-309, 2},
		{1.6, 1.2, 0},
		{1.6, 1.2, 0x1p-60},
		{0.5, 1, 0.25},
	}
	for _, eps := range []float64{1e-20, 3.9e-34, 1e-100, 1e-150, 3e-160, 5e-324} {
		rows = append(rows,
			[]float64{2, eps}, []float64{2, eps, -eps, 0}, []float64{1, eps}, []float64{eps, 1, 0.5, 0.5},
			[]float64{1, 0.5, 0.25 + eps}, []float64{1, 0.5, 0.25 - 0x1p-54, eps}, []float64{1.6, 1.2, eps, 0})
	}
	for _, entmax := range []bool{false, true} {
		for _, x := range rows {
			l := NewSparsemax()
			if entmax {
				l = NewEntmax15()
			}
			y := mat.Row(nil, 0, l.Forward(mat.NewDense(1, len(x), append([]float64(nil), x...)), false))
			want := refSparse(x, entmax)
			for i := range y {
				w := f64(want[i])
				assert.LessOrEqual(t, ulps(y[i], w), 4.0, "entmax %v, x = %v: y[%d] = %v, want %v", entmax, x, i, y[i], w)
			}
		}
	}
}

// forwardBackwardRow runs a training step of x and g as one row.
func forwardBackwardRow(l Layer, x, g []float64) (y, dx []float64) {
	n := len(x)
	y = mat.Row(nil, 0, l.Forward(mat.NewDense(1, n, append([]float64(nil), x...)), true))
	dx = mat.Row(nil, 0, l.Backward(mat.NewDense(1, n, append([]float64(nil), g...))))
	return y, dx
}

func TestSparseSpecialRows(t *testing.T) {
	for _, make := range []func() *Activation{NewSparsemax, NewEntmax15} {
		name := make().Config()["name"]
		for _, tc := range []struct {
			x, y []float64
		}{
			{[]float64{3}, []float64{1}},
			{[]float64{-inf}, []float64{0}},
			{[]float64{-inf, -inf, -inf}, []float64{0, 0, 0}},
			{[]float64{1, inf, -3, inf}, []float64{0, 0.5, 0, 0.5}},
			{[]float64{2, 2, 2, 2}, []float64{0.25, 0.25, 0.25, 0.25}},
			{[]float64{0, -inf, 10}, []float64{0, 0, 1}},
			{[]float64{1e308, -1e308, 0}, []float64{1, 0, 0}},
			{[]float64{1, nan, 2}, []float64{nan, nan, nan}},
		} {
			t.Run(fmt.Sprintf("%v/%v", name, tc.x), func(t *testing.T) {
				y, dx := forwardBackwardRow(make(), tc.x, tc.x)
				for i := range tc.y {
					assert.Zero(t, ulps(y[i], tc.y[i]), "y = %v, want %v", y, tc.y)
					if tc.y[i] == 0 {
						assert.Zero(t, dx[i], "dx off the support")
					}
				}
			})
		}
	}
	// Sparsemax of two entries 1 apart or more is one-hot; 1.5-entmax
	// needs 2 apart.
	y, _ := forwardBackwardRow(NewSparsemax(), []float64{0, 1}, []float64{1, 1})
	assert.Equal(t, []float64{0, 1}, y)
	y, _ = forwardBackwardRow(NewEntmax15(), []float64{0, 2}, []float64{1, 1})
	assert.Equal(t, []float64{0, 1}, y)
}

// TestSoftminIsSoftmaxOfMinusX checks the promise of Softmin's doc bit for
// bit: Forward of x is Softmax's of -x, and Backward its negation.
func TestSoftminIsSoftmaxOfMinusX(t *testing.T) {
	rng := rand.New(rand.NewPCG(102, 103))
	x, g := randomDense(rng, 7, 33, 5), randomDense(rng, 7, 33, 1)
	x.Set(2, 3, inf)
	x.Set(4, 0, -inf)
	x.Set(5, 6, nan)
	neg := mat.DenseCopyOf(x)
	neg.Scale(-1, neg)
	for _, tau := range []float64{1, 0.3, 1e-300} {
		sm, smin := NewSoftmax(tau), NewSoftmin(tau)
		want := stepResults(sm, neg, g)
		want[1].Scale(-1, want[1])
		got := stepResults(smin, x, g)
		for k := range want {
			assert.True(t, sameBits(want[k], got[k]), "τ = %v, result %d", tau, k)
		}
	}
}
