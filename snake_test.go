package activation

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/mat"
)

// refSnake returns x + sin²(αx)/α, 1 + sin(2αx) and x·sin(2αx)/α -
// sin²(αx)/α², with αx exact (x, 1, x² for α = 0), and the magnitudes of
// the terms of each: |x| + sin²/|α|, 1 + |sin 2αx|, |q|(2|x cos| + |q|).
func refSnake(pio2 *big.Float, alpha float64) func(x float64) (y, dx, da, yTerms, dxTerms, daTerms float64) {
	return func(x float64) (y, dx, da, yTerms, dxTerms, daTerms float64) {
		if alpha == 0 {
			return x, 1, x * x, math.Abs(x), 1, x * x
		}
		bx := new(big.Float).SetPrec(2400).SetFloat64(x)
		u := new(big.Float).SetPrec(2400).Mul(bx, bf(alpha))
		s, c := refSinCosBig(pio2, u)
		q := newBig().Quo(s, bf(alpha)) // sin/α
		sq := newBig().Mul(s, q)        // sin²/α
		xc2 := newBig().Mul(newBig().Mul(bf(2), bf(x)), c)
		d := newBig().Sub(xc2, q)
		sc2 := newBig().Mul(newBig().Mul(bf(2), s), c)
		y, dx, da = f64(newBig().Add(bf(x), sq)), f64(newBig().Add(bf(1), sc2)), f64(newBig().Mul(q, d))
		fq := math.Abs(f64(q))
		return y, dx, da, math.Abs(x) + math.Abs(f64(sq)), 1 + math.Abs(f64(sc2)), fq * (math.Abs(f64(xc2)) + fq)
	}
}

// TestSnakeAgainstHighPrecision sweeps x over every binade for slopes from
// 0 and 1e-10 (near the limit) to 1e5, both signs, the derivative in α
// per element included.
func TestSnakeAgainstHighPrecision(t *testing.T) {
	pio2 := new(big.Float).SetPrec(2600).Quo(bigPiBits(2600), big.NewFloat(2))
	alphas := []float64{1, 0.3, -2, 1e-10, 0, 100, 1e5, 5e-324}
	xs := sweep(points(2400))
	xs = append(xs, 0, math.Copysign(0, -1), 1e300, -1e-300, math.Pi/2, 1e15)
	l := NewSnake(len(alphas), 0)
	copy(l.Params()["alpha"].Value.RawRowView(0), alphas)
	x := mat.NewDense(len(xs), len(alphas), nil)
	for i, v := range xs {
		for j := range alphas {
			x.Set(i, j, v)
		}
	}
	y := l.Forward(x, true)
	dx := l.Backward(onesLike(x))
	for j, a := range alphas {
		ref := refSnake(pio2, a)
		for i, v := range xs {
			wy, wdx, wda, yt, dxt, dat := ref(v)
			_, _, da := snake(v, a)
			assert.LessOrEqual(t, ulps(y.At(i, j), wy), 4*termScale(yt, wy), "α=%v: y(%v) = %v, want %v", a, v, y.At(i, j), wy)
			assert.LessOrEqual(t, ulps(dx.At(i, j), wdx), 4*termScale(dxt, wdx), "α=%v: y'(%v) = %v, want %v", a, v, dx.At(i, j), wdx)
			assert.LessOrEqual(t, ulps(da, wda), 4*termScale(dat, wda), "α=%v: dy/dα(%v) = %v, want %v", a, v, da, wda)
		}
	}
}

// onesLike returns a matrix of ones of m's shape.
func onesLike(m *mat.Dense) *mat.Dense {
	r, c := m.Dims()
	o := mat.NewDense(r, c, nil)
	o.Apply(func(int, int, float64) float64 { return 1 }, o)
	return o
}

// TestSnakeAlphaGrad checks dLoss/dα_j against the sum of the exact
// terms, column by column, and that a Backward sets, not accumulates.
func TestSnakeAlphaGrad(t *testing.T) {
	pio2 := new(big.Float).SetPrec(2600).Quo(bigPiBits(2600), big.NewFloat(2))
	rng := rand.New(rand.NewPCG(112, 113))
	alphas := []float64{1, 0.5, 0, -3, 1e-8}
	x, g := randomDense(rng, 31, len(alphas), 3), randomDense(rng, 31, len(alphas), 1)
	l := NewSnake(len(alphas), 1)
	copy(l.Params()["alpha"].Value.RawRowView(0), alphas)
	l.Forward(x, true)
	l.Backward(g)
	grad := l.Params()["alpha"].Grad.RawRowView(0)
	for j, a := range alphas {
		ref := refSnake(pio2, a)
		sum, size := newBig(), newBig()
		for i := range 31 {
			_, _, da, _, _, dat := ref(x.At(i, j))
			gt := newBig().Mul(bf(g.At(i, j)), bf(da))
			sum.Add(sum, gt)
			size.Add(size, newBig().Abs(newBig().Mul(bf(g.At(i, j)), bf(dat))))
		}
		want := f64(sum)
		assert.LessOrEqual(t, ulps(grad[j], want), 4*termScale(f64(size), want), "dL/dα[%d] = %v, want %v", j, grad[j], want)
	}
	before := append([]float64(nil), grad...)
	l.Forward(x, true)
	l.Backward(g)
	assert.Equal(t, before, l.Params()["alpha"].Grad.RawRowView(0))
}

func TestSnakeSpecialValues(t *testing.T) {
	for _, tc := range []struct {
		x, alpha, y, dx, da float64
	}{
		{inf, 1, inf, nan, nan},
		{-inf, 1, -inf, nan, nan},
		{inf, 0, inf, 1, inf},
		{nan, 1, nan, nan, nan},
		{nan, 0, nan, nan, nan},
		{3, 0, 3, 1, 9},
		{0, 2, 0, 1, 0},
		{1e300, 1e10, 1e300, nan, nan}, // αx overflows
		{2, 1e-300, 2, 1, 4},           // the limit, α·x² below 2's ulp
	} {
		y, dx, da := snake(tc.x, tc.alpha)
		assert.Zero(t, ulps(y, tc.y), "y(%v) with α = %v: %v", tc.x, tc.alpha, y)
		assert.Zero(t, ulps(dx, tc.dx), "y'(%v) with α = %v: %v", tc.x, tc.alpha, dx)
		assert.Zero(t, ulps(da, tc.da), "dy/dα(%v) with α = %v: %v", tc.x, tc.alpha, da)
	}
}
