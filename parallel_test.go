package activation

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// stepResults runs a training step and returns copies of its results: the
// output, dLoss/dInput and every parameter's gradient, by name.
func stepResults(l Layer, x, g *mat.Dense) []*mat.Dense {
	out := []*mat.Dense{mat.DenseCopyOf(l.Forward(x, true)), mat.DenseCopyOf(l.Backward(g))}
	return append(out, gradients(l)...)
}

// gradients returns copies of the gradients of l's parameters, by name.
func gradients(l Layer) []*mat.Dense {
	var grads []*mat.Dense
	params := l.Params()
	for _, name := range slices.Sorted(maps.Keys(params)) {
		grads = append(grads, mat.DenseCopyOf(params[name].Grad))
	}
	return grads
}

// TestResultsIndependentOfGOMAXPROCS checks that batches large enough to
// be split among goroutines give the same bits on one, two or three of
// them, views included.
func TestResultsIndependentOfGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(40, 41))
	const r, c = 751, 700
	require.GreaterOrEqual(t, r*c, parallelCheapElems)
	x, g := randomDense(rng, r, c, 3), randomDense(rng, r, c, 1)
	xView := mat.DenseCopyOf(randomDense(rng, r+2, c+9, 3)).Slice(1, 1+r, 4, 4+c).(*mat.Dense)
	procs := []int{1, 2, 3, 64}
	if raceEnabled {
		// A race in the split shows with any number of helpers: under
		// the race detector, which runs ten times slower, the strided
		// view alone at 3 and at 64, more than the cores.
		procs = []int{1, 3, 64}
	}
	for _, lc := range bigBatchLayers() {
		for _, in := range []struct {
			name string
			x    *mat.Dense
		}{{"contiguous", x}, {"view", xView}} {
			if raceEnabled && in.name == "contiguous" {
				continue // the view's strides are the harder case
			}
			t.Run(fmt.Sprintf("%s/%s", lc.name, in.name), func(t *testing.T) {
				var want []*mat.Dense
				for _, procs := range procs {
					runtime.GOMAXPROCS(procs)
					got := stepResults(lc.make(c), in.x, g)
					if want == nil {
						want = got
						continue
					}
					for k := range want {
						assert.True(t, sameBits(want[k], got[k]), "result %d differs with GOMAXPROCS=%d", k, procs)
					}
				}
			})
		}
	}
}

func TestLargeSteadyStepAllocatesNothing(t *testing.T) {
	// Under the race detector a step that waits for its helpers can
	// allocate in the runtime (once in a SwishBeta step, in one CI run):
	// the count holds for the binaries without it, which CI tests too.
	skipUnderRace(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	rng := rand.New(rand.NewPCG(42, 43))
	x, g := randomDense(rng, 1030, 512, 3), randomDense(rng, 1030, 512, 1)
	require.GreaterOrEqual(t, 1030*512, parallelCheapElems)
	for _, lc := range bigBatchLayers() {
		l := lc.make(512)
		step := func() {
			l.Forward(x, true)
			l.Backward(g)
		}
		step()
		// A garbage collection empties the runtime's caches of the wait
		// records that blocking on the helpers takes, and the next step
		// that blocks refills them with an allocation of the runtime's
		// own: collect first, so that the last warm-up step refills them
		// and no collection left by earlier tests falls into the count.
		runtime.GC()
		step()
		if n := testing.AllocsPerRun(points(10), step); n != 0 {
			t.Errorf("%s: %v allocations per step", lc.name, n)
		}
	}
}

// TestStreamingStepMatchesSmallBatches runs every layer on a batch large
// enough for its kernels to write around the caches (streamElems) and on
// its two halves, which are too small, and checks that the outputs and
// input gradients agree bit for bit.
func TestStreamingStepMatchesSmallBatches(t *testing.T) {
	if raceEnabled {
		// Arithmetic on 3 million elements a layer, where the detector has
		// nothing to find that TestResultsIndependentOfGOMAXPROCS does not.
		t.Skip("the streaming stores' bits: without the race detector")
	}
	const r, c = 1024, 1024
	require.GreaterOrEqual(t, r*c, streamElems)
	require.Less(t, r*c/2, streamElems)
	rng := rand.New(rand.NewPCG(44, 45))
	x, g := randomDense(rng, r, c, 3), randomDense(rng, r, c, 1)
	for _, lc := range bigBatchLayers() {
		whole := stepResults(lc.make(c), x, g)
		for _, half := range [][2]int{{0, r / 2}, {r / 2, r}} {
			if stochastic(lc.name) && half[0] > 0 {
				continue // its rows are others' in a batch of their own, with other slopes
			}
			part := stepResults(lc.make(c), x.Slice(half[0], half[1], 0, c).(*mat.Dense), g.Slice(half[0], half[1], 0, c).(*mat.Dense))
			for k := range 2 { // the output and dLoss/dInput
				want := whole[k].Slice(half[0], half[1], 0, c).(*mat.Dense)
				assert.True(t, sameBits(want, part[k]), "%s: result %d, rows %v", lc.name, k, half)
			}
		}
	}
}

// bigBatchLayers returns the layers that the tests of batches large enough
// to be split take: every layer, or where the tests run thinned (see
// points), a layer of each kind of kernel: coded (ReLU, Hardtanh), on
// vectors (Sigmoid), scalar (New's), reducing over the batch (PReLU,
// PReLUPerFeature, SwishBeta), row-wise (Softmax, LogSoftmax) and drawing
// by element (RReLU).
func bigBatchLayers() []layerCase {
	if !thin() {
		return allLayers()
	}
	kinds := map[string]bool{"ReLU": true, "Hardtanh": true, "Sigmoid": true, "Activation": true, "PReLU": true,
		"PReLUPerFeature": true, "SwishBeta": true, "Softmax": true, "LogSoftmax": true, "RReLU": true}
	var some []layerCase
	for _, lc := range allLayers() {
		if kinds[lc.name] {
			some = append(some, lc)
		}
	}
	return some
}

// TestHelpersEngaged checks, with no timing, how many helper goroutines a
// step of each kind of layer engages for batches from one row to many and
// GOMAXPROCS from 1 to 64: none below the size where a split pays, then
// one per share of at least half that size, never more than the blocks
// or the Ps allow, and more only as the batch or the Ps grow.
func TestHelpersEngaged(t *testing.T) {
	softmax := NewSoftmax(1)
	softmax.init()
	layers := map[string]*engine{"Sigmoid": &NewSigmoid().engine, "ReLU": &NewReLU().engine, "Softmax": &softmax.engine}
	split := map[string]int{"Sigmoid": parallelElems, "ReLU": parallelCheapElems, "Softmax": parallelRowElems}
	for name, e := range layers {
		prev := map[int]int{}
		for _, r := range []int{1, 16, 64, 256, 1024, 4096, 16384} {
			for _, c := range []int{8, 256, 1024} {
				for procs := 1; procs <= 64; procs++ {
					n, _, h := e.plan(r, c, procs)
					elems := r * c
					require.GreaterOrEqual(t, h, 0)
					require.LessOrEqual(t, h+1, max(procs, 1), "%s %dx%d: more goroutines than Ps", name, r, c)
					if h > 0 {
						require.LessOrEqual(t, h+1, n, "%s %dx%d: more goroutines than blocks", name, r, c)
						require.GreaterOrEqual(t, elems/(h+1), split[name]/2-c, "%s %dx%d: shares too small", name, r, c)
					}
					if elems < split[name] {
						require.Zero(t, h, "%s %dx%d: split below %d elements", name, r, c, split[name])
					}
					if procs > 1 {
						require.GreaterOrEqual(t, h, prev[procs-1], "%s %dx%d: fewer helpers with more Ps", name, r, c)
					}
					prev[procs] = h
				}
			}
		}
	}
	// A few by hand: a 2048x2048 Sigmoid step on 2 and 64 Ps, a 256x1024
	// one on 64, a Softmax on 64 rows of 1024.
	for _, tc := range []struct {
		e           *engine
		r, c, procs int
		want        int
	}{
		{layers["Sigmoid"], 2048, 2048, 2, 1},
		{layers["Sigmoid"], 2048, 2048, 64, 31},
		{layers["Sigmoid"], 256, 1024, 64, 1},
		{layers["ReLU"], 256, 1024, 64, 0},
		{layers["Softmax"], 64, 1024, 64, 3},
	} {
		_, _, h := tc.e.plan(tc.r, tc.c, tc.procs)
		assert.Equal(t, tc.want, h, "%dx%d on %d Ps", tc.r, tc.c, tc.procs)
	}
}
