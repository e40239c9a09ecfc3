package activation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// gatedCase is a gated unit, the element-wise layer it activates with, and
// which half that layer takes: 0 for a, the first n columns, 1 for b. The
// clamped units have no such layer (half is nil). kinks are the inputs
// where the unit's derivative jumps.
type gatedCase struct {
	name  string
	make  func() *Activation
	half  func() Layer
	act   int
	kinks []float64
}

func gatedUnits() []gatedCase {
	return []gatedCase{
		{"GLU", NewGLU, act(NewSigmoid), 1, nil},
		{"SwiGLU", NewSwiGLU, act(NewSwish), 0, nil},
		{"GEGLU", NewGEGLU, act(NewGELU), 0, nil},
		{"ReGLU", NewReGLU, act(NewReLU), 0, []float64{0}},
		{"GEGLUTanh", NewGEGLUTanh, act(NewGELUTanh), 0, nil},
		// A small limit, so that the inputs meet the clamps.
		{"ClampedSwiGLU", func() *Activation { return NewClampedSwiGLU(1.702, 1.5, true) }, nil, 0, []float64{-1.5, 1.5}},
		{"ClampedSwiGLU/halves", func() *Activation { return NewClampedSwiGLU(0.8, 2, false) }, nil, 0, []float64{-2, 2}},
	}
}

// halvesOf returns the first and the last n columns of x.
func halvesOf(x *mat.Dense) (a, b *mat.Dense) {
	r, c := x.Dims()
	return mat.DenseCopyOf(x.Slice(0, r, 0, c/2)), mat.DenseCopyOf(x.Slice(0, r, c/2, c))
}

// TestGatedUnitsEqualTheirHalves computes each gated unit as the chain it
// stands for, the element-wise layer on one half and a product with the
// other, and checks Forward and Backward against it bit for bit, special
// values included.
func TestGatedUnitsEqualTheirHalves(t *testing.T) {
	rng := rand.New(rand.NewPCG(90, 91))
	const r, n = 9, 13
	x, g := randomDense(rng, r, 2*n, 4), randomDense(rng, r, n, 1)
	specials := []float64{nan, inf, -inf, 0, math.Copysign(0, -1), 1e308, -1e308, -800, 40, 5e-324}
	for k := range 30 {
		x.Set(rng.IntN(r), rng.IntN(2*n), specials[k%len(specials)])
	}
	for _, gc := range gatedUnits() {
		if gc.half == nil {
			continue
		}
		t.Run(gc.name, func(t *testing.T) {
			a, b := halvesOf(x)
			act, other := a, b
			if gc.act == 1 {
				act, other = b, a
			}
			h := gc.half()
			f := mat.DenseCopyOf(h.Forward(act, true))
			want := mulElem(f, other)
			l := gc.make()
			require.True(t, sameBits(want, l.Forward(x, true)), "Forward")

			dAct := mat.DenseCopyOf(h.Backward(mulElem(g, other)))
			dOther := mulElem(g, f)
			dx := l.Backward(g)
			da, db := halvesOf(dx)
			if gc.act == 1 {
				da, db = db, da
			}
			assert.True(t, sameBits(dAct, da), "dLoss/d(activated half)")
			assert.True(t, sameBits(dOther, db), "dLoss/d(other half)")

			assert.True(t, sameBits(want, gc.make().Forward(x, false)), "inference")
		})
	}
}

func TestGatedUnitsMisuse(t *testing.T) {
	x := mat.NewDense(3, 7, nil)
	assert.PanicsWithValue(t, "activation: SwiGLU.Forward: input has 7 columns, want an even number: the halves a and b",
		func() { NewSwiGLU().Forward(x, true) })
	l := NewGLU()
	l.Forward(mat.NewDense(3, 8, nil), true)
	assert.PanicsWithValue(t, "activation: GLU.Backward: gradient is 3x8, output was 3x4",
		func() { l.Backward(mat.NewDense(3, 8, nil)) })
}

// TestGatedUnitsInRealPrograms holds the gated units to what the package
// doc promises every layer, at even widths: finite differences, views,
// no reference to the input, inference between a training Forward and its
// Backward, one Backward per Forward, clones, batches of changing size
// without allocation, GOMAXPROCS, and a round trip through Marshal.
func TestGatedUnitsInRealPrograms(t *testing.T) {
	rng := rand.New(rand.NewPCG(92, 93))
	for _, gc := range gatedUnits() {
		t.Run(gc.name, func(t *testing.T) {
			const r, n, h = 4, 5, 1e-6
			x, g := randomDense(rng, r, 2*n, 2), randomDense(rng, r, n, 1)
			l := gc.make()
			l.Forward(x, true)
			dx := mat.DenseCopyOf(l.Backward(g))
			loss := func() float64 { return mat.Sum(mulElem(g, gc.make().Forward(x, false))) }
			for i := range r {
				for j := range 2 * n {
					v := x.At(i, j)
					if slices.ContainsFunc(gc.kinks, func(k float64) bool { return math.Abs(v-k) < 2*h }) {
						continue
					}
					x.Set(i, j, v+h)
					up := loss()
					x.Set(i, j, v-h)
					down := loss()
					x.Set(i, j, v)
					assert.InDelta(t, (up-down)/(2*h), dx.At(i, j), 1e-7, "dL/dx[%d,%d]", i, j)
				}
			}

			// A view gives what a copy gives; the caller may then overwrite
			// its input.
			parent := randomDense(rng, r+3, 2*n+4, 2)
			view := parent.Slice(1, 1+r, 3, 3+2*n).(*mat.Dense)
			orig := mat.DenseCopyOf(view)
			want := stepResults(gc.make(), orig, g)
			v := gc.make()
			y := mat.DenseCopyOf(v.Forward(view, true))
			parent.Scale(-7, parent)
			assert.True(t, sameBits(want[0], y))
			assert.True(t, sameBits(want[1], v.Backward(g)), "Backward after the input was overwritten")

			// Inference between a training Forward and its Backward.
			l = gc.make()
			l.Forward(orig, true)
			l.Forward(randomDense(rng, 2*r, 2*n, 1), false)
			assert.True(t, sameBits(want[1], l.Backward(g)))
			assert.Panics(t, func() { l.Backward(g) }, "a second Backward")

			// A clone, and batches of changing size, allocating nothing once
			// the largest has been seen.
			c := l.Clone()
			assert.True(t, sameBits(want[1], stepResults(c, orig, g)[1]))
			big := batch{randomDense(rng, 16, 2*n, 2), randomDense(rng, 16, n, 1)}
			small := batch{randomDense(rng, 5, 2*n, 2), randomDense(rng, 5, n, 1)}
			c.Forward(big.x, true)
			c.Backward(big.g)
			if allocs := testing.AllocsPerRun(5, func() {
				for _, b := range []batch{small, big} {
					c.Forward(b.x, true)
					c.Forward(b.x, false)
					c.Backward(b.g)
				}
			}); allocs != 0 {
				t.Errorf("%v allocations", allocs)
			}

			data, err := Marshal(l)
			require.NoError(t, err)
			back, err := Unmarshal(data)
			require.NoError(t, err)
			assert.Equal(t, l.Config(), back.(Configurer).Config())
			assert.True(t, sameBits(l.Forward(x, false), back.Forward(x, false)))
		})
	}
}

func TestGatedUnitsIndependentOfGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(94, 95))
	const r, n = 600, 512
	require.GreaterOrEqual(t, r*n, parallelElems)
	x, g := randomDense(rng, r, 2*n, 3), randomDense(rng, r, n, 1)
	procs := []int{1, 2, 3}
	if raceEnabled {
		procs = []int{1, 3} // see TestResultsIndependentOfGOMAXPROCS
	}
	for _, gc := range gatedUnits() {
		if thin() && gc.name == "GEGLU" {
			continue // the other units' split, with another gate
		}
		var want []*mat.Dense
		for _, procs := range procs {
			runtime.GOMAXPROCS(procs)
			got := stepResults(gc.make(), x, g)
			if want == nil {
				want = got
				continue
			}
			for k := range want {
				assert.True(t, sameBits(want[k], got[k]), fmt.Sprintf("%s: result %d with GOMAXPROCS=%d", gc.name, k, procs))
			}
		}
	}
}
