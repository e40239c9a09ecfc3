package activation

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestGatedFuncsMatchLayers checks GatedFuncOf's functions against their
// layers bit for bit on every path: a batch of one row whose halves are up
// and gate (gate and up for GLU, whose second half is the gate), float32
// against the float64 results of the widened inputs rounded once, and in
// place.
func TestGatedFuncsMatchLayers(t *testing.T) {
	rng := rand.New(rand.NewPCG(128, 129))
	for _, gc := range gatedUnits() {
		for _, path := range vectorPaths() {
			for _, n := range []int{1, 7, 40, 300} {
				t.Run(fmt.Sprintf("%s/%s/%d", gc.name, path.name, n), func(t *testing.T) {
					path.run(func() {
						checkGatedFunc(t, gc.name, gc.make, funcInputs(rng, n), funcInputs(rng, n), funcInputs(rng, n))
					})
				})
			}
		}
	}
}

func checkGatedFunc(t *testing.T, name string, newLayer func() *Activation, gate, up, g []float64) {
	n := len(gate)
	f64s, err := GatedFuncOf[float64](newLayer())
	require.NoError(t, err)
	f32s, err := GatedFuncOf[float32](newLayer())
	require.NoError(t, err)
	first, second := up, gate
	if name != "GLU" {
		first, second = gate, up
	}
	l := newLayer()
	row := append(append([]float64(nil), first...), second...)
	k, interleaved := l.kernel.(*clampedGLU)
	interleaved = interleaved && k.interleaved
	if interleaved {
		for i := range n {
			row[2*i], row[2*i+1] = gate[i], up[i]
		}
	}
	x := mat.NewDense(1, 2*n, row)
	wantY := mat.Row(nil, 0, l.Forward(x, true))
	wantDx := mat.Row(nil, 0, l.Backward(mat.NewDense(1, n, append([]float64(nil), g...))))
	wantDUp, wantDGate := wantDx[:n], wantDx[n:]
	switch {
	case interleaved:
		wantDGate, wantDUp = make([]float64, n), make([]float64, n)
		for i := range n {
			wantDGate[i], wantDUp[i] = wantDx[2*i], wantDx[2*i+1]
		}
	case name != "GLU":
		wantDGate, wantDUp = wantDx[:n], wantDx[n:]
	}
	y, dGate, dUp := make([]float64, n), make([]float64, n), make([]float64, n)
	f64s.Forward(y, gate, up)
	f64s.Backward(dGate, dUp, g, gate, up)
	for i := range n {
		require.True(t, same(wantY[i], y[i]), "Forward[%d] = %v, layer %v", i, y[i], wantY[i])
		require.True(t, same(wantDGate[i], dGate[i]), "dGate[%d] = %v, layer %v", i, dGate[i], wantDGate[i])
		require.True(t, same(wantDUp[i], dUp[i]), "dUp[%d] = %v, layer %v", i, dUp[i], wantDUp[i])
	}
	gIn, upIn := append([]float64(nil), g...), append([]float64(nil), up...)
	f64s.Backward(gIn, upIn, gIn, gate, upIn) // the outputs over the inputs
	for i := range n {
		require.True(t, same(dGate[i], gIn[i]) && same(dUp[i], upIn[i]), "Backward in place")
	}

	w := func(v []float64) ([]float32, []float64) {
		a, b := make([]float32, n), make([]float64, n)
		for i := range v {
			a[i] = float32(v[i])
			b[i] = float64(a[i])
		}
		return a, b
	}
	gate32, gate64 := w(gate)
	up32, up64 := w(up)
	g32, g64 := w(g)
	y32, dg32, du32 := make([]float32, n), make([]float32, n), make([]float32, n)
	f32s.Forward(y32, gate32, up32)
	f32s.Backward(dg32, du32, g32, gate32, up32)
	f64s.Forward(y, gate64, up64)
	f64s.Backward(dGate, dUp, g64, gate64, up64)
	for i := range n {
		require.True(t, same(float64(float32(y[i])), float64(y32[i])), "float32 Forward[%d]", i)
		require.True(t, same(float64(float32(dGate[i])), float64(dg32[i])), "float32 dGate[%d]", i)
		require.True(t, same(float64(float32(dUp[i])), float64(du32[i])), "float32 dUp[%d]", i)
	}
}

func TestGatedFuncMisuse(t *testing.T) {
	f, err := GatedFuncOf[float64](NewSwiGLU())
	require.NoError(t, err)
	assert.PanicsWithValue(t, "activation: SwiGLU.Forward: slices of 2, 3 and 3 elements, want one length", func() {
		f.Forward(make([]float64, 2), make([]float64, 3), make([]float64, 3))
	})
	for _, l := range []Layer{NewSigmoid(), NewSoftmax(1), nil} {
		_, err := GatedFuncOf[float32](l)
		assert.Error(t, err, "%T", l)
	}
}

func TestGatedFuncsAllocateNothing(t *testing.T) {
	skipUnderRace(t)
	x := make([]float32, 1000)
	y := make([]float32, 1000)
	for _, l := range []*Activation{NewGEGLU(), NewClampedSwiGLU(1.702, 7, true)} {
		g32, err := GatedFuncOf[float32](l)
		require.NoError(t, err)
		assert.Zero(t, testing.AllocsPerRun(points(20), func() {
			g32.Forward(y, x, x)
			g32.Backward(y, y, x, x, x)
		}), l.name)
	}
}
