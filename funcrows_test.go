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

// rowLayers returns the row-wise layers, with a temperature that is not 1
// where they take one.
func rowLayers() []layerCase {
	return []layerCase{
		{"Softmax", func(int) Layer { return NewSoftmax(0.7) }},
		{"LogSoftmax", func(int) Layer { return NewLogSoftmax(1.3) }},
		{"Softmin", func(int) Layer { return NewSoftmin(2) }},
		{"Sparsemax", func(int) Layer { return NewSparsemax() }},
		{"Entmax15", func(int) Layer { return NewEntmax15() }},
		{"Hardmax", func(int) Layer { return NewHardmax() }},
	}
}

// TestRowFuncsMatchLayers checks RowFuncOf's functions against their
// layers: float64 Forward bit for bit against an inference Forward, and
// Backward against a training step's (bit for bit but for LogSoftmax,
// whose Backward takes the softmax as e^y, where the layer keeps it from
// its Forward: within 4 ulp of the terms there); float32 bit for bit
// against the float64 results of the widened inputs, rounded once; in
// place as well, on rows with ties, -Inf, a NaN and huge spreads.
func TestRowFuncsMatchLayers(t *testing.T) {
	rng := rand.New(rand.NewPCG(124, 125))
	for _, lc := range rowLayers() {
		for _, path := range vectorPaths() {
			for _, cols := range []int{1, 3, 8, 37} {
				t.Run(fmt.Sprintf("%s/%s/%d", lc.name, path.name, cols), func(t *testing.T) {
					const rows = 6
					x := make([]float64, rows*cols)
					for i := range x {
						x[i] = 4 * rng.NormFloat64()
					}
					x[rng.IntN(len(x))] = math.Inf(-1)
					if cols > 3 {
						copy(x[cols:2*cols], x[:cols]) // a tie of rows
						x[2*cols] = 1e300
						x[3*cols+1] = math.NaN()
					}
					g := funcInputs(rng, rows*cols)
					for i := range g {
						g[i] = math.Max(-10, math.Min(10, g[i]))
						if g[i] != g[i] {
							g[i] = 0.5
						}
					}
					path.run(func() { checkRowFunc(t, lc, x, g, rows, cols) })
				})
			}
		}
	}
}

func checkRowFunc(t *testing.T, lc layerCase, x, g []float64, rows, cols int) {
	f64s, err := RowFuncOf[float64](lc.make(cols))
	require.NoError(t, err)
	f32s, err := RowFuncOf[float32](lc.make(cols))
	require.NoError(t, err)
	l := lc.make(cols)
	xm, gm := mat.NewDense(rows, cols, append([]float64(nil), x...)), mat.NewDense(rows, cols, append([]float64(nil), g...))
	wantY := mat.DenseCopyOf(l.Forward(xm, true))
	wantDx := l.Backward(gm)
	y, dx := make([]float64, len(x)), make([]float64, len(x))
	f64s.Forward(y, x, cols)
	f64s.Backward(dx, g, y, cols)
	for i := range x {
		r, c := i/cols, i%cols
		require.True(t, same(wantY.At(r, c), y[i]), "Forward: [%d][%d] = %v, layer %v", r, c, y[i], wantY.At(r, c))
		w := wantDx.At(r, c)
		if lc.name == "LogSoftmax" {
			scale := math.Abs(g[i]) + 10*math.Abs(w) + 1e-300
			assert.InDelta(t, w, dx[i], 4*(math.Nextafter(scale, inf)-scale), "Backward [%d][%d]", r, c)
		} else {
			require.True(t, same(w, dx[i]), "Backward: [%d][%d] = %v, layer %v", r, c, dx[i], w)
		}
	}
	inPlace := append([]float64(nil), x...)
	f64s.Forward(inPlace, inPlace, cols)
	for i := range x {
		require.True(t, same(y[i], inPlace[i]), "Forward in place")
	}

	x32, g32 := make([]float32, len(x)), make([]float32, len(x))
	x64, g64 := make([]float64, len(x)), make([]float64, len(x))
	for i := range x {
		x32[i], g32[i] = float32(x[i]), float32(g[i])
		x64[i], g64[i] = float64(x32[i]), float64(g32[i])
	}
	y32, dx32 := make([]float32, len(x)), make([]float32, len(x))
	f32s.Forward(y32, x32, cols)
	f32s.Backward(dx32, g32, y32, cols)
	y64 := make([]float64, len(x))
	for i, v := range y32 {
		y64[i] = float64(v)
	}
	f64s.Forward(y, x64, cols)
	f64s.Backward(dx, g64, y64, cols)
	for i := range x {
		require.True(t, same(float64(float32(y[i])), float64(y32[i])), "float32 Forward [%d] = %v, want %v", i, y32[i], float32(y[i]))
		require.True(t, same(float64(float32(dx[i])), float64(dx32[i])), "float32 Backward [%d] = %v, want %v", i, dx32[i], float32(dx[i]))
	}
}

func TestRowFuncMisuse(t *testing.T) {
	f, err := RowFuncOf[float32](NewSoftmax(1))
	require.NoError(t, err)
	assert.PanicsWithValue(t, "activation: Softmax.Forward: cols is 0, must be positive", func() { f.Forward(nil, nil, 0) })
	assert.PanicsWithValue(t, "activation: Softmax.Forward: 5 elements are not a whole number of rows of 2", func() {
		f.Forward(make([]float32, 5), make([]float32, 5), 2)
	})
	assert.PanicsWithValue(t, "activation: Softmax.Backward: slices of 4, 4 and 2 elements, want one length", func() {
		f.Backward(make([]float32, 4), make([]float32, 4), make([]float32, 2), 2)
	})
	for _, l := range []Layer{NewSigmoid(), NewGLU(), nil} {
		_, err := RowFuncOf[float64](l)
		assert.Error(t, err, "%T", l)
	}
	_, err = RowFuncOf[float64](&Softmax{Temperature: -1})
	assert.ErrorContains(t, err, "Temperature is -1")
}

func TestRowFuncsAllocateNothing(t *testing.T) {
	skipUnderRace(t)
	rng := rand.New(rand.NewPCG(126, 127))
	x := funcInputs(rng, 1024)
	x32, y32 := make([]float32, len(x)), make([]float32, len(x))
	for i, v := range x {
		x32[i] = float32(v)
	}
	y := make([]float64, len(x))
	for _, lc := range rowLayers() {
		f64s, _ := RowFuncOf[float64](lc.make(1))
		f32s, _ := RowFuncOf[float32](lc.make(1))
		n := testing.AllocsPerRun(points(20), func() {
			f64s.Forward(y, x, 256)
			f64s.Backward(y, x, y, 256)
			f32s.Forward(y32, x32, 256)
			f32s.Backward(y32, x32, y32, 256)
		})
		assert.Zero(t, n, lc.name)
	}
}
