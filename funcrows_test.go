package activation

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
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

// rows32 returns float32 rows of 8 for the reference test: random at
// several scales, huge spreads, ties, -Inf entries, probabilities in
// float32's subnormals (e^-92 to e^-103 beside e^0), and a NaN.
func rows32(rng *rand.Rand) [][]float32 {
	var rows [][]float32
	for _, scale := range []float64{1e-30, 0.01, 1, 3, 30, 1e3, 1e30} {
		for range 20 {
			r := make([]float32, 8)
			for j := range r {
				r[j] = float32(scale * rng.NormFloat64())
			}
			rows = append(rows, r)
		}
	}
	inf := float32(math.Inf(1))
	return append(rows,
		[]float32{3e38, -3e38, 0, 1, -1, 2e38, -2e38, 1e-45},
		[]float32{1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5},
		[]float32{2, -1, 2, 0.5, -1, 2, 0, 0.5},
		[]float32{-inf, 1, -inf, 2, 0, -inf, -0.5, 3},
		[]float32{0, -92, -100, -103, -103.5, -104, -88, -90},
		[]float32{-60, -152, -160, -163, -163.5, -164, -148, -150},
		[]float32{1, 2, float32(math.NaN()), 4, 5, 6, 7, 8},
	)
}

// TestRowFuncs32AgainstReferences checks the float32 row functions
// against 400-bit references of the float32 inputs, rounded to float32
// once: Forward within 1 float32 ulp (0.51 but where the exact value lies
// a few float64 ulp from a rounding midpoint); Backward from the float32
// output y within 1 ulp and 2^-50 of its terms, where g - <y, g> may
// cancel.
func TestRowFuncs32AgainstReferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(130, 131))
	ulp32 := func(a, b float32) float64 { return ulps(float64(a), float64(b)) / (1 << 29) }
	for _, name := range []string{"Softmax", "LogSoftmax", "Softmin", "Sparsemax", "Entmax15"} {
		var l Layer
		switch name {
		case "Softmax":
			l = &Softmax{Temperature: 1}
		case "Softmin":
			l = &Softmin{Temperature: 1}
		case "LogSoftmax":
			l = NewLogSoftmax(1)
		case "Sparsemax":
			l = NewSparsemax()
		case "Entmax15":
			l = NewEntmax15()
		}
		f, err := RowFuncOf[float32](l)
		require.NoError(t, err)
		for _, x := range rows32(rng) {
			n := len(x)
			y, dx, g := make([]float32, n), make([]float32, n), make([]float32, n)
			for j := range g {
				g[j] = float32(rng.NormFloat64())
			}
			f.Forward(y, x, n)
			f.Backward(dx, g, y, n)
			x64 := make([]float64, n)
			for j, v := range x {
				x64[j] = float64(v)
				if name == "Softmin" {
					x64[j] = -x64[j]
				}
			}
			if slices.ContainsFunc(x64, math.IsNaN) {
				for j := range y {
					require.True(t, math.IsNaN(float64(y[j])) && math.IsNaN(float64(dx[j])), "%s of %v: %v, %v", name, x, y, dx)
				}
				continue
			}
			if slices.Contains(x64, math.Inf(1)) {
				continue // +Inf entries share the row: TestSoftmaxSpecialRows
			}
			// The references over the entries above -Inf, which get 0
			// (-Inf for LogSoftmax).
			var kept []int
			var xk []float64
			for j, v := range x64 {
				if v > math.Inf(-1) {
					kept, xk = append(kept, j), append(xk, v)
				}
			}
			var wk []*big.Float
			switch name {
			case "Sparsemax", "Entmax15":
				wk = refSparse(xk, name == "Entmax15")
			default:
				logp, e, sum := bigLogSoftmax(xk, 1)
				wk = logp
				if name != "LogSoftmax" {
					wk = make([]*big.Float, len(xk))
					for j := range e {
						wk[j] = newBig().Quo(e[j], sum)
					}
				}
			}
			want := make([]*big.Float, n)
			for j := range want {
				want[j] = newBig()
				if name == "LogSoftmax" {
					want[j].SetInf(true)
				}
			}
			for k, j := range kept {
				want[j] = wk[k]
			}
			// The backward's reference, from the float32 output as given.
			yb, gb := make([]*big.Float, n), make([]*big.Float, n)
			for j := range y {
				yb[j], gb[j] = bf(float64(y[j])), bf(float64(g[j]))
				if name == "LogSoftmax" {
					// e^y, or 0 where it is below 2^-7000: nothing beside g.
					yb[j] = newBig()
					if y[j] > -5000 {
						yb[j] = bigExp(bf(float64(y[j])))
					}
				}
			}
			var wantDx []*big.Float
			terms := make([]float64, n)
			switch name {
			case "Sparsemax", "Entmax15":
				wantDx = refSparseBackward(yb, float64s(g), name == "Entmax15")
			default:
				dot, total := newBig(), newBig()
				for j := range yb {
					dot.Add(dot, newBig().Mul(yb[j], gb[j]))
					total.Add(total, gb[j])
				}
				wantDx = make([]*big.Float, n)
				for j := range yb {
					switch name {
					case "LogSoftmax": // g - p·Σg
						p := newBig().Mul(yb[j], total)
						wantDx[j] = newBig().Sub(gb[j], p)
						terms[j] = math.Abs(float64(g[j])) + math.Abs(f64(p))
					default: // y ⊙ (g - <y, g>), Softmin's with the sign of its -x
						wantDx[j] = newBig().Mul(yb[j], newBig().Sub(gb[j], dot))
						if name == "Softmin" {
							wantDx[j].Neg(wantDx[j])
						}
						terms[j] = f64(yb[j]) * (math.Abs(float64(g[j])) + math.Abs(f64(dot)))
					}
				}
			}
			for j := range n {
				w, _ := want[j].Float32()
				assert.LessOrEqual(t, ulp32(y[j], w), 1.0, "%s of %v: y[%d] = %v, want %v", name, x, j, y[j], w)
				d, _ := wantDx[j].Float32()
				if ulp32(dx[j], d) > 1 && math.Abs(float64(dx[j])-f64(wantDx[j])) > 0x1p-50*terms[j] {
					t.Errorf("%s of %v, g %v: dx[%d] = %v, want %v", name, x, g, j, dx[j], d)
				}
			}
		}
	}
}

// float64s returns s widened.
func float64s(s []float32) []float64 {
	w := make([]float64, len(s))
	for i, v := range s {
		w[i] = float64(v)
	}
	return w
}
