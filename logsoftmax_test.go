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

// refLogSoftmax returns z - log Σ e^z, z = (x - max x)/tau, for a row whose
// maximum is finite, and the softmax e^z/Σ e^z.
func refLogSoftmax(x []float64, tau float64) (y, p []float64) {
	logp, e, sum := bigLogSoftmax(x, tau)
	y, p = make([]float64, len(x)), make([]float64, len(x))
	for i := range x {
		y[i] = f64(logp[i])
		p[i] = f64(newBig().Quo(e[i], sum))
	}
	return y, p
}

// bigLogSoftmax returns refLogSoftmax's z - log Σ e^z, and e^z and Σ e^z,
// unrounded.
func bigLogSoftmax(x []float64, tau float64) (logp, e []*big.Float, sum *big.Float) {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	z := make([]*big.Float, len(x))
	e = make([]*big.Float, len(x))
	sum = newBig()
	for i, v := range x {
		z[i] = newBig().Sub(bf(v), bf(m))
		z[i].Quo(z[i], bf(tau))
		e[i] = newBig()
		if z[i].Cmp(bf(-5000)) > 0 {
			e[i] = bigExp(z[i])
		}
		sum.Add(sum, e[i])
	}
	// log Σ e^z = log1p of the sum without the first maximum's 1, which
	// 400 bits could not hold beside it.
	rest := newBig()
	skipped := false
	for i, v := range x {
		if v == m && !skipped {
			skipped = true
			continue
		}
		rest.Add(rest, e[i])
	}
	logSum := bigLog1p(rest)
	logp = make([]*big.Float, len(x))
	for i := range x {
		logp[i] = newBig().Sub(z[i], logSum)
	}
	return logp, e, sum
}

// logSoftmaxOf returns the layer's output and dLoss/dInput for one row.
func logSoftmaxOf(s *LogSoftmax, x, g []float64) (y, dx []float64) {
	n := len(x)
	y = mat.Row(nil, 0, s.Forward(mat.NewDense(1, n, append([]float64(nil), x...)), true))
	dx = mat.Row(nil, 0, s.Backward(mat.NewDense(1, n, append([]float64(nil), g...))))
	return y, dx
}

func TestLogSoftmaxAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 23))
	for _, tc := range []struct {
		temperature, scale float64
	}{
		{1, 1}, {1, 30}, {1, 1e4}, {1e-310, 1e-309}, {5e-324, 1e-322}, {0.05, 3}, {20, 100}, {1e-300, 1e-299}, {1e300, 1e301}, {1, 1e308}, {1e308, 1e308},
	} {
		for _, n := range []int{1, 2, 7, 64} {
			t.Run(fmt.Sprintf("T=%v,scale=%v,n=%d", tc.temperature, tc.scale, n), func(t *testing.T) {
				s := NewLogSoftmax(tc.temperature)
				for range points(20) {
					x, g := make([]float64, n), make([]float64, n)
					for i := range x {
						x[i] = math.Max(-math.MaxFloat64, math.Min(math.MaxFloat64, tc.scale*rng.NormFloat64()))
						g[i] = rng.NormFloat64()
					}
					y, dx := logSoftmaxOf(s, x, g)
					want, p := refLogSoftmax(x, tc.temperature)
					var total float64
					for _, v := range g {
						total += v
					}
					for i := range x {
						assert.LessOrEqual(t, ulps(y[i], want[i]), 4.0, "x = %v: y[%d] = %v, want %v", x, i, y[i], want[i])
						wantDx := f64(newBig().Quo(newBig().Sub(bf(g[i]), newBig().Mul(bf(p[i]), bigSum(g))), bf(tc.temperature)))
						scale := (math.Abs(g[i]) + p[i]*math.Abs(total)) / tc.temperature
						assert.InDelta(t, wantDx, dx[i], 4*0x1p-53*scale+5e-324, "dx[%d]", i)
					}
				}
			})
		}
	}
}

func bigSum(xs []float64) *big.Float {
	s := newBig()
	for _, v := range xs {
		s.Add(s, bf(v))
	}
	return s
}

func TestLogSoftmaxSpecialRows(t *testing.T) {
	for _, tc := range []struct {
		name  string
		x, y  []float64
		g, dx []float64
	}{
		{"only -Inf", []float64{-inf, -inf}, []float64{-inf, -inf}, []float64{1, 2}, []float64{1, 2}},
		{"one -Inf", []float64{-inf, 0, 0}, []float64{-inf, -math.Ln2, -math.Ln2}, []float64{1, 1, 0}, []float64{1, 0, -1}},
		{"+Inf entries share the row", []float64{inf, 1, -inf, inf}, []float64{-math.Ln2, -inf, -inf, -math.Ln2}, []float64{1, 1, 1, 1}, []float64{-1, 1, 1, -1}},
		{"NaN", []float64{nan, 1, 2}, []float64{nan, nan, nan}, []float64{1, 1, 1}, []float64{nan, nan, nan}},
		{"extremes", []float64{math.MaxFloat64, -math.MaxFloat64}, []float64{0, -inf}, []float64{1, 0}, []float64{0, 0}},
		{"equal extremes", []float64{math.MaxFloat64, math.MaxFloat64}, []float64{-math.Ln2, -math.Ln2}, []float64{1, 0}, []float64{0.5, -0.5}},
		{"far below the maximum", []float64{0, -1000}, []float64{0, -1000}, []float64{0, 1}, []float64{-1, 1}},
		{"single", []float64{-1e308}, []float64{0}, []float64{3}, []float64{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			y, dx := logSoftmaxOf(NewLogSoftmax(1), tc.x, tc.g)
			for i := range y {
				assert.Zero(t, ulps(y[i], tc.y[i]), "y = %v, want %v", y, tc.y)
				assert.Zero(t, ulps(dx[i], tc.dx[i]), "dx = %v, want %v", dx, tc.dx)
			}
		})
	}
}

// LogSoftmax is the logarithm of Softmax wherever Softmax does not round
// to 0, and its Backward is Softmax's through the chain rule.
func TestLogSoftmaxIsLogOfSoftmax(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 25))
	x, g := randomDense(rng, 9, 30, 4), randomDense(rng, 9, 30, 1)
	ls, s := NewLogSoftmax(0.8), NewSoftmax(0.8)
	s.Epsilon = 0
	y := ls.Forward(x, true)
	p := s.Forward(x, true)
	for i := range 9 {
		for j := range 30 {
			assert.InEpsilon(t, math.Log(p.At(i, j)), y.At(i, j), 1e-13)
		}
	}
	// dL/dp = g/p turns Softmax's Backward into LogSoftmax's.
	var gOverP mat.Dense
	gOverP.DivElem(g, p)
	want := s.Backward(&gOverP)
	got := ls.Backward(g)
	for i := range 9 {
		for j := range 30 {
			assert.InDelta(t, want.At(i, j), got.At(i, j), 1e-12)
		}
	}
}
