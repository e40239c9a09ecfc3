package activation

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// lossBatch holds the arguments of every loss for one batch: targets in
// (0, 1), which are also distributions with a positive sum, labels, and
// weights in [0, 2). The losses with class weights take 10 columns. The
// mask keeps each row's label and two classes in three, and nothing in
// row 2; keptTarget is target where it keeps a class, 0 elsewhere.
type lossBatch struct {
	logits, target, weights *mat.Dense
	labels                  []int
	mask                    *Mask
	keptTarget              *mat.Dense
}

func randomLossBatch(rng *rand.Rand, r, c int) lossBatch {
	b := lossBatch{logits: randomDense(rng, r, c, 3), target: mat.NewDense(r, c, nil), weights: mat.NewDense(r, c, nil), labels: make([]int, r)}
	for i := range r {
		for j := range c {
			b.target.Set(i, j, rng.Float64())
			b.weights.Set(i, j, 2*rng.Float64())
		}
		b.labels[i] = rng.IntN(c)
	}
	keep := make([]bool, r*c)
	b.keptTarget = mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			if keep[i*c+j] = i != 2 && (j == b.labels[i] || (i+2*j)%3 != 0); keep[i*c+j] {
				b.keptTarget.Set(i, j, b.target.At(i, j))
			}
		}
	}
	b.mask = NewMask(r, c, keep)
	return b
}

// lossCase names a loss for the tests that hold for every loss.
type lossCase struct {
	name   string
	method string // the Loss method it calls: Loss or LossMasked
	call   string // its Loss's arguments, as its Backward's messages name them
	make   func() boundLoss
}

// boundLoss is one loss behind the face the tests share.
type boundLoss struct {
	state    *lossState
	loss     func(b lossBatch) float64
	backward func() *mat.Dense
	clone    func() boundLoss
}

func allLosses() []lossCase {
	var crossEntropy func(*CrossEntropy) boundLoss
	crossEntropy = func(l *CrossEntropy) boundLoss {
		return boundLoss{&l.lossState, func(b lossBatch) float64 { return l.Loss(b.logits, b.target) }, l.Backward,
			func() boundLoss { return crossEntropy(l.Clone()) }}
	}
	var labels func(*CrossEntropyLabels) boundLoss
	labels = func(l *CrossEntropyLabels) boundLoss {
		return boundLoss{&l.lossState, func(b lossBatch) float64 { return l.Loss(b.logits, b.labels) }, l.Backward,
			func() boundLoss { return labels(l.Clone()) }}
	}
	var binary func(*BinaryCrossEntropy) boundLoss
	binary = func(l *BinaryCrossEntropy) boundLoss {
		return boundLoss{&l.lossState, func(b lossBatch) float64 { return l.Loss(b.logits, b.target, b.weights) }, l.Backward,
			func() boundLoss { return binary(l.Clone()) }}
	}
	var maskedCrossEntropy func(*CrossEntropy) boundLoss
	maskedCrossEntropy = func(l *CrossEntropy) boundLoss {
		return boundLoss{&l.lossState, func(b lossBatch) float64 { return l.LossMasked(b.logits, b.keptTarget, b.mask) }, l.Backward,
			func() boundLoss { return maskedCrossEntropy(l.Clone()) }}
	}
	var maskedLabels func(*CrossEntropyLabels) boundLoss
	maskedLabels = func(l *CrossEntropyLabels) boundLoss {
		return boundLoss{&l.lossState, func(b lossBatch) float64 { return l.LossMasked(b.logits, b.labels, b.mask) }, l.Backward,
			func() boundLoss { return maskedLabels(l.Clone()) }}
	}
	labelOpts := &CrossEntropyLabelsOptions{Ignore: true, IgnoreLabel: 1, Smoothing: 0.1, Weights: []float64{1, 2, 0.5, 3, 1, 1, 1, 2, 0.25, 1}}
	return []lossCase{
		{"CrossEntropy", "Loss", "Loss(logits, target)", func() boundLoss { return crossEntropy(NewCrossEntropy()) }},
		{"CrossEntropyLabels", "Loss", "Loss(logits, labels)", func() boundLoss { return labels(NewCrossEntropyLabels(labelOpts)) }},
		{"BinaryCrossEntropy", "Loss", "Loss(logits, target, weights)", func() boundLoss {
			return binary(NewBinaryCrossEntropy(&BinaryCrossEntropyOptions{PosWeights: labelOpts.Weights}))
		}},
		{"CrossEntropy", "LossMasked", "Loss(logits, target)", func() boundLoss { return maskedCrossEntropy(NewCrossEntropy()) }},
		{"CrossEntropyLabels", "LossMasked", "Loss(logits, labels)", func() boundLoss { return maskedLabels(NewCrossEntropyLabels(labelOpts)) }},
	}
}

// TestLossStateRules: each Loss feeds one Backward; a Loss that panics
// leaves none; two calls that overlap panic.
func TestLossStateRules(t *testing.T) {
	b := randomLossBatch(rand.New(rand.NewPCG(120, 121)), 4, 10)
	bad := b
	bad.logits = nil
	for _, lc := range allLosses() {
		t.Run(lc.name+"."+lc.method, func(t *testing.T) {
			prefix := "activation: " + lc.name + ".Backward: "
			l := lc.make()
			assert.PanicsWithValue(t, prefix+"no Loss to go back through: call "+lc.call+" first", func() { l.backward() })
			l.loss(b)
			want := mat.DenseCopyOf(l.backward())
			assert.PanicsWithValue(t, prefix+"second Backward of one Loss: each Loss feeds one Backward", func() { l.backward() })

			l.loss(b)
			assert.PanicsWithValue(t, "activation: "+lc.name+"."+lc.method+": logits is nil", func() { l.loss(bad) })
			assert.PanicsWithValue(t, prefix+"no Loss to go back through: call "+lc.call+" first", func() { l.backward() })

			// A call while another runs: the guard, held as a running call holds it.
			l.state.busy.Store(true)
			overlap := "called while another Loss or Backward of this loss is running; a loss is not safe for concurrent use: give each goroutine its own Clone"
			assert.PanicsWithValue(t, "activation: "+lc.name+"."+lc.method+": "+overlap, func() { l.loss(b) })
			assert.PanicsWithValue(t, prefix+overlap, func() { l.backward() })
			l.state.busy.Store(false)

			l.loss(b)
			assert.True(t, sameBits(want, l.backward()))
		})
	}
}

// TestLossClonesAcrossGoroutines runs clones of each loss in goroutines at
// once and checks their results bit for bit against the same calls run
// one after another; under -race it also shows that clones share nothing
// that is written.
func TestLossClonesAcrossGoroutines(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	rng := rand.New(rand.NewPCG(122, 123))
	batches := make([]lossBatch, 6)
	for i := range batches {
		batches[i] = randomLossBatch(rng, 7, 10)
	}
	type result struct {
		loss float64
		grad *mat.Dense
	}
	for _, lc := range allLosses() {
		t.Run(lc.name+"."+lc.method, func(t *testing.T) {
			proto := lc.make()
			run := func(l boundLoss, b lossBatch) (r result) {
				for range 10 {
					r = result{l.loss(b), mat.DenseCopyOf(l.backward())}
				}
				return r
			}
			want := make([]result, len(batches))
			for i, b := range batches {
				want[i] = run(proto.clone(), b)
			}
			got := make([]result, len(batches))
			var wg sync.WaitGroup
			for i, b := range batches {
				clone := proto.clone()
				wg.Add(1)
				go func() {
					defer wg.Done()
					got[i] = run(clone, b)
				}()
			}
			wg.Wait()
			for i := range want {
				assert.Zero(t, ulps(want[i].loss, got[i].loss), "goroutine %d", i)
				assert.True(t, sameBits(want[i].grad, got[i].grad), "goroutine %d", i)
			}
		})
	}
}

// TestLossesAllocateNothing: once a loss has seen its largest batch, a
// Loss and Backward on it or a smaller one allocate nothing.
func TestLossesAllocateNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(112, 113))
	big, small := randomLossBatch(rng, 32, 10), randomLossBatch(rng, 7, 10)
	for _, lc := range allLosses() {
		t.Run(lc.name+"."+lc.method, func(t *testing.T) {
			if lc.method == "LossMasked" {
				skipUnderRace(t) // the rows LogSoftmax gathers take their scratch from a sync.Pool
			}
			l := lc.make()
			l.loss(big)
			l.backward()
			require.Zero(t, testing.AllocsPerRun(10, func() {
				l.loss(small)
				l.backward()
				l.loss(big)
				l.backward()
			}))
		})
	}
}

// assertCentralDifferences checks the gradient that backward returns
// after a loss of the logits x against central differences of loss,
// x's entries moved by 1e-5 one at a time, within 1e-9.
func assertCentralDifferences(t *testing.T, x *mat.Dense, loss func() float64, backward func() *mat.Dense, msg string) {
	t.Helper()
	loss()
	grad := mat.DenseCopyOf(backward())
	r, c := x.Dims()
	for i := range r {
		for j := range c {
			v, h := x.At(i, j), 1e-5
			x.Set(i, j, v+h)
			up := loss()
			x.Set(i, j, v-h)
			down := loss()
			x.Set(i, j, v)
			assert.InDelta(t, (up-down)/(2*h), grad.At(i, j), 1e-9, "%s: [%d][%d]", msg, i, j)
		}
	}
}
