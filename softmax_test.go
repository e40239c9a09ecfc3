package activation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/mat"
)

// softmaxOf returns the layer's output and dLoss/dInput for one row.
func softmaxOf(s *Softmax, x, g []float64) (y, dx []float64) {
	n := len(x)
	y = mat.Row(nil, 0, s.Forward(mat.NewDense(1, n, append([]float64(nil), x...)), true))
	dx = mat.Row(nil, 0, s.Backward(mat.NewDense(1, n, append([]float64(nil), g...))))
	return y, dx
}

func TestSoftmaxAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 13))
	for _, tc := range []struct {
		temperature, epsilon float64
		scale                float64 // of the normal logits
	}{
		{1, 1e-8, 1}, {1, 1e-8, 30}, {1, 0, 300}, {0.05, 1e-8, 3}, {20, 1e-8, 100},
		{1e-300, 0, 1e-299}, {1e300, 1e-8, 1e301}, {1e308, 0, 1e308}, {1, 1e-8, 1e308},
	} {
		for _, n := range []int{1, 2, 7, 64} {
			t.Run(fmt.Sprintf("T=%v,eps=%v,scale=%v,n=%d", tc.temperature, tc.epsilon, tc.scale, n), func(t *testing.T) {
				s := NewSoftmax(tc.temperature)
				s.Epsilon = tc.epsilon
				tau := tc.temperature + tc.epsilon
				for trial := 0; trial < points(20); trial++ {
					x, g := make([]float64, n), make([]float64, n)
					for i := range x {
						x[i] = math.Max(-math.MaxFloat64, math.Min(math.MaxFloat64, tc.scale*rng.NormFloat64()))
						g[i] = rng.NormFloat64()
					}
					y, dx := softmaxOf(s, x, g)
					want := refSoftmax(x, tau)
					for i := range x {
						assert.LessOrEqual(t, ulps(y[i], want[i]), 4.0, "x = %v: y[%d] = %v, want %v", x, i, y[i], want[i])
					}
					wantDx := refSoftmaxBackward(y, g, tau)
					var dot float64
					for i := range y {
						dot += y[i] * g[i]
					}
					for i := range x {
						scale := y[i] * (math.Abs(g[i]) + math.Abs(dot)) / tau
						assert.InDelta(t, wantDx[i], dx[i], 4*0x1p-53*scale+5e-324, "dx[%d]", i)
					}
				}
			})
		}
	}
}

func TestSoftmaxSpecialRows(t *testing.T) {
	for _, tc := range []struct {
		name string
		x, y []float64
	}{
		{"only -Inf", []float64{-inf, -inf, -inf}, []float64{0, 0, 0}},
		{"one -Inf", []float64{-inf, 0, 0}, []float64{0, 0.5, 0.5}},
		{"+Inf entries share the row", []float64{inf, 1, -inf, inf}, []float64{0.5, 0, 0, 0.5}},
		{"NaN", []float64{nan, 1, 2}, []float64{nan, nan, nan}},
		{"NaN beside +Inf", []float64{inf, nan}, []float64{nan, nan}},
		{"extremes", []float64{math.MaxFloat64, -math.MaxFloat64}, []float64{1, 0}},
		{"equal extremes", []float64{math.MaxFloat64, math.MaxFloat64}, []float64{0.5, 0.5}},
		{"single", []float64{-1e308}, []float64{1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			y, dx := softmaxOf(NewSoftmax(1), tc.x, make([]float64, len(tc.x)))
			for i := range y {
				assert.Zero(t, ulps(y[i], tc.y[i]), "y = %v, want %v", y, tc.y)
				if !math.IsNaN(tc.y[i]) {
					assert.Zero(t, dx[i], "dx with a zero gradient")
				}
			}
		})
	}
}

func TestSoftmaxOverflowAtAnyTemperature(t *testing.T) {
	x := []float64{math.MaxFloat64, -math.MaxFloat64, 1e307, -1e308, 0}
	for _, temperature := range []float64{5e-324, 1e-310, 1e-300, 1e-8, 1, 1e300, math.MaxFloat64} {
		s := NewSoftmax(temperature)
		s.Epsilon = 0
		y, _ := softmaxOf(s, x, make([]float64, len(x)))
		want := refSoftmax(x, temperature)
		for i := range y {
			assert.LessOrEqual(t, ulps(y[i], want[i]), 4.0, "T = %v: y = %v, want %v", temperature, y, want)
		}
	}
}

func TestSoftmaxRowsSumToOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 15))
	s := NewSoftmax(1.3)
	for _, scale := range []float64{0.1, 1, 10, 1000} {
		y := s.Forward(randomDense(rng, 50, 300, scale), false)
		for i := 0; i < 50; i++ {
			var sum compensated
			for _, v := range y.RawRowView(i) {
				sum.add(v)
			}
			assert.InDelta(t, 1, sum.value(), 4*0x1p-52, "row %d at scale %v", i, scale)
		}
	}
}

// Adding a constant to a row changes nothing: the shifts here are exact, so
// x - max x and everything after it are identical.
func TestSoftmaxShiftInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 17))
	x := mat.NewDense(6, 40, nil)
	shifted := mat.NewDense(6, 40, nil)
	for i := 0; i < 6; i++ {
		c := math.Ldexp(float64(rng.IntN(2000)-1000), rng.IntN(8))
		for j := 0; j < 40; j++ {
			v := math.Round(rng.NormFloat64()*1024) / 1024
			x.Set(i, j, v)
			shifted.Set(i, j, v+c)
		}
	}
	s := NewSoftmax(0.5)
	want := mat.DenseCopyOf(s.Forward(x, false))
	assert.True(t, mat.Equal(want, s.Forward(shifted, false)))
}

func TestSoftmaxBackwardUsesForwardTemperature(t *testing.T) {
	x := mat.NewDense(1, 3, []float64{1, 2, 3})
	g := mat.NewDense(1, 3, []float64{1, -1, 0.5})
	ref := NewSoftmax(2)
	ref.Forward(x, true)
	want := mat.DenseCopyOf(ref.Backward(g))

	s := NewSoftmax(2)
	s.Forward(x, true)
	s.Temperature = 5
	s.Forward(x, false) // evaluated at the new temperature mid-step
	assert.True(t, mat.Equal(want, s.Backward(g)), "Backward took the temperature of a later Forward")
}

// Backward multiplies by 1/τ only where that reciprocal keeps every digit.
func TestReciprocalOnlyWhereNormal(t *testing.T) {
	for _, tc := range []struct {
		tau float64
		ok  bool
	}{
		{1, true}, {1 + 1e-8, true}, {0.05, true}, {0x1p1022, true}, {0x1p-1023, true},
		{0x1.0000000000001p1022, false}, // 1/τ is just below the smallest normal
		{0x1p1023, false}, {math.MaxFloat64, false}, {0x1p-1024, false}, {5e-324, false},
	} {
		inv, ok := reciprocal(tc.tau)
		assert.Equal(t, tc.ok, ok, "τ = %v", tc.tau)
		assert.Equal(t, 1/tc.tau, inv, "τ = %v", tc.tau)
	}
}

// TestSoftmaxEpsilonMaxFloat64 takes Epsilon at the largest value
// checkEpsilon allows: τ = 1 + MaxFloat64 rounds to MaxFloat64, and a row
// whose spread x - max x overflows float64 still gives e^((x - max x)/τ),
// e^-1.1127 for ±1e308, on every path; the next value, +Inf, is refused.
func TestSoftmaxEpsilonMaxFloat64(t *testing.T) {
	const tau = math.MaxFloat64
	for _, row := range [][]float64{
		{-1e308, 1e308},
		{0, 1, -1, 1e308, -math.MaxFloat64, 3, 2, 1, 0, -1e300, 5e-324},
	} {
		g := make([]float64, len(row))
		for i := range g {
			g[i] = float64(i%3) - 1
		}
		want := refSoftmax(row, tau)
		wantDx := refSoftmaxBackward(want, g, tau)
		for _, p := range vectorPaths() {
			p.run(func() {
				s := &Softmax{Temperature: 1, Epsilon: math.MaxFloat64}
				y, dx := forwardBackwardRow(s, row, g)
				for i := range row {
					assert.LessOrEqual(t, ulps(y[i], want[i]), 4.0, "%s, row %v: y[%d] = %v, want %v", p.name, row, i, y[i], want[i])
					assert.LessOrEqual(t, ulps(dx[i], wantDx[i]), 4.0, "%s, row %v: dx[%d] = %v, want %v", p.name, row, i, dx[i], wantDx[i])
				}
			})
		}
	}
	assert.Panics(t, func() { (&Softmax{Temperature: 1, Epsilon: inf}).Forward(mat.NewDense(1, 2, nil), false) })
}
