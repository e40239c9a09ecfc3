package activation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// elementLayers returns the layers FuncOf takes: every element-wise one
// but RReLU, whose training slopes are random, and PReLUPerFeature, whose
// slope is a column's.
func elementLayers() []layerCase {
	var ls []layerCase
	for _, lc := range allLayers() {
		if _, err := elementFuncOf(lc.make(1)); err == nil && lc.name != "RReLU" {
			ls = append(ls, lc)
		}
	}
	return ls
}

// funcInputs returns n values, normal with a spread of 30, the specials of
// the vector tests among them.
func funcInputs(rng *rand.Rand, n int) []float64 {
	specials := []float64{nan, inf, -inf, 0, math.Copysign(0, -1), 708, -708, -709, 354, -355, 1e-310, -1e-310, 1e308, -800,
		3, -3, 1, -1, 0.5, -0.5, 1.25, -1.25, 37.5, -37.5, -38, 1e-40, -1e-45, 3.4e38, -3.5e38}
	x := make([]float64, n)
	for i := range x {
		x[i] = 30 * rng.NormFloat64()
		if rng.IntN(6) == 0 {
			x[i] = specials[rng.IntN(len(specials))]
		}
	}
	return x
}

// TestFuncsMatchLayers checks FuncOf's functions against their layers, bit
// for bit, on every path the CPU has and every length up to 40: float64
// Forward against an inference Forward, Backward against g times the
// derivative a training Forward saves; float32 against the float64
// results of the widened inputs, rounded once; in place as well.
func TestFuncsMatchLayers(t *testing.T) {
	rng := rand.New(rand.NewPCG(120, 121))
	for _, lc := range elementLayers() {
		for _, path := range vectorPaths() {
			for n := 0; n <= 40; n += 1 + n/8 {
				t.Run(fmt.Sprintf("%s/%s/n=%d", lc.name, path.name, n), func(t *testing.T) {
					x, g := funcInputs(rng, n), funcInputs(rng, n)
					if n == 0 {
						x, g = nil, nil
					}
					path.run(func() { checkFunc(t, lc, x, g) })
				})
			}
		}
	}
}

func checkFunc(t *testing.T, lc layerCase, x, g []float64) {
	n := len(x)
	f64s, err := FuncOf[float64](lc.make(1))
	require.NoError(t, err)
	f32s, err := FuncOf[float32](lc.make(1))
	require.NoError(t, err)
	// The layer's results on a 1 x n batch, and its derivative by a
	// Backward of ones.
	var wantY, wantD []float64
	if n > 0 {
		l := lc.make(n)
		xm := mat.NewDense(1, n, append([]float64(nil), x...))
		wantY = mat.Row(nil, 0, lc.make(n).Forward(xm, false))
		l.Forward(xm, true)
		ones := mat.NewDense(1, n, nil)
		for j := range n {
			ones.Set(0, j, 1)
		}
		wantD = mat.Row(nil, 0, l.Backward(ones))
	}
	y, dx := make([]float64, n), make([]float64, n)
	f64s.Forward(y, x)
	f64s.Backward(dx, g, x)
	for i := range n {
		require.True(t, same(wantY[i], y[i]), "Forward(%v) = %v, layer %v", x[i], y[i], wantY[i])
		require.True(t, same(g[i]*wantD[i], dx[i]), "Backward(%v, %v) = %v, layer's %v·%v", g[i], x[i], dx[i], g[i], wantD[i])
	}
	inPlace := append([]float64(nil), x...)
	f64s.Forward(inPlace, inPlace)
	for i := range n {
		require.True(t, same(y[i], inPlace[i]), "in place")
	}

	x32, g32 := make([]float32, n), make([]float32, n)
	for i := range n {
		x32[i], g32[i] = float32(x[i]), float32(g[i])
	}
	x64, g64 := make([]float64, n), make([]float64, n)
	for i := range n {
		x64[i], g64[i] = float64(x32[i]), float64(g32[i])
	}
	f64s.Forward(y, x64)
	f64s.Backward(dx, g64, x64)
	y32, dx32 := make([]float32, n), make([]float32, n)
	f32s.Forward(y32, x32)
	f32s.Backward(dx32, g32, x32)
	for i := range n {
		require.True(t, same(float64(float32(y[i])), float64(y32[i])), "float32 Forward(%v) = %v, want %v", x32[i], y32[i], float32(y[i]))
		require.True(t, same(float64(float32(dx[i])), float64(dx32[i])), "float32 Backward(%v, %v) = %v, want %v", g32[i], x32[i], dx32[i], float32(dx[i]))
	}
	f32s.Backward(g32, g32, x32) // dx may be g
	for i := range n {
		require.True(t, same(float64(dx32[i]), float64(g32[i])), "float32 Backward in place")
	}
}

// same reports whether a and b are equal or both NaN, a zero's sign
// counting.
func same(a, b float64) bool {
	return a == b && math.Signbit(a) == math.Signbit(b) || a != a && b != b
}

func TestFuncOfRefusesOtherLayers(t *testing.T) {
	for _, l := range []Layer{NewSoftmax(1), NewGLU(), NewPReLUPerFeature(3, 0.25), NewSnake(3, 1), NewSequential(NewReLU()), nil, &Activation{}, &XIELU{}} {
		_, err := FuncOf[float32](l)
		assert.Error(t, err, "%T", l)
	}
	xl := NewXIELU(0.8, 0.8, 0.5, -1e-6)
	xl.Params()["alpha_n"].Value.Set(0, 0, math.NaN())
	_, err := FuncOf[float64](xl)
	assert.EqualError(t, err, "activation: FuncOf: XIELU's alpha_n is NaN, must be finite")
	sb := NewSwishBeta(1)
	sb.Params()["beta"].Value.Set(0, 0, math.Inf(1))
	_, err = FuncOf[float32](sb)
	assert.EqualError(t, err, "activation: FuncOf: SwishBeta's beta is +Inf, must be finite")
	f, err := FuncOf[float64](NewRReLU(0.125, 0.375, 1))
	require.NoError(t, err)
	y := []float64{-8}
	f.Forward(y, y)
	assert.Equal(t, -2.0, y[0], "RReLU's inference slope")
}

func TestFuncLengthsMustAgree(t *testing.T) {
	f, err := FuncOf[float32](NewSigmoid())
	require.NoError(t, err)
	assert.PanicsWithValue(t, "activation: Sigmoid.Forward: slices of 2, 3 and 3 elements, want one length", func() {
		f.Forward(make([]float32, 2), make([]float32, 3))
	})
	assert.PanicsWithValue(t, "activation: Sigmoid.Backward: slices of 3, 3 and 4 elements, want one length", func() {
		f.Backward(make([]float32, 3), make([]float32, 3), make([]float32, 4))
	})
}

func TestFuncsAllocateNothing(t *testing.T) {
	skipUnderRace(t)
	rng := rand.New(rand.NewPCG(122, 123))
	x := funcInputs(rng, 1000)
	x32 := make([]float32, len(x))
	for i, v := range x {
		x32[i] = float32(v)
	}
	y, y32 := make([]float64, len(x)), make([]float32, len(x))
	for _, lc := range elementLayers() {
		f64s, _ := FuncOf[float64](lc.make(1))
		f32s, _ := FuncOf[float32](lc.make(1))
		n := testing.AllocsPerRun(points(20), func() {
			f64s.Forward(y, x)
			f64s.Backward(y, x, x)
			f32s.Forward(y32, x32)
			f32s.Backward(y32, x32, x32)
		})
		assert.Zero(t, n, lc.name)
	}
}

// skipUnderRace skips a test of allocations under the race detector, whose
// sync.Pool drops a quarter of what it is given.
func skipUnderRace(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under -race")
	}
}
