package activation

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// The tests of this file hold every layer to the contract of the package
// doc, as a training program meets it: a layer evaluated between a training
// Forward and its Backward, used at two places, shared by goroutines, fed
// batches of changing size, or made as a zero value.

// TestInferenceKeepsTrainingState evaluates every layer on another batch,
// of another shape, between a training Forward and its Backward, as a
// validation pass mid-step does: Backward must give what it gives without
// the evaluation, bit for bit, parameter gradients included.
func TestInferenceKeepsTrainingState(t *testing.T) {
	rng := rand.New(rand.NewPCG(70, 71))
	const r, c = 6, 9
	x, g := randomDense(rng, r, c, 3), randomDense(rng, r, c, 1)
	other := randomDense(rng, 2*r+1, c, 5)
	for _, lc := range allLayers() {
		t.Run(lc.name, func(t *testing.T) {
			want := stepResults(lc.make(c), x, g)

			l := lc.make(c)
			y := mat.DenseCopyOf(l.Forward(x, true))
			l.Forward(other, false)
			got := append([]*mat.Dense{y, mat.DenseCopyOf(l.Backward(g))}, gradients(l)...)
			require.Len(t, got, len(want))
			for k := range want {
				assert.True(t, sameBits(want[k], got[k]), "result %d changed by an inference Forward", k)
			}
		})
	}
}

// TestOneBackwardPerTrainingForward uses every layer at two places by
// hand, Forward, Forward, Backward, Backward: the first Backward belongs to
// the second Forward and is right; the second must panic, not return the
// gradient of the wrong input.
func TestOneBackwardPerTrainingForward(t *testing.T) {
	rng := rand.New(rand.NewPCG(72, 73))
	const r, c = 3, 5
	x1, x2, g := randomDense(rng, r, c, 2), randomDense(rng, r, c, 2), randomDense(rng, r, c, 1)
	for _, lc := range allLayers() {
		t.Run(lc.name, func(t *testing.T) {
			ref := lc.make(c) // x2 in the second training Forward, as below
			ref.Forward(x1, true)
			ref.Backward(g)
			want := stepResults(ref, x2, g)[1]
			l := lc.make(c)
			l.Forward(x1, true)
			l.Forward(x2, true)
			assert.True(t, sameBits(want, l.Backward(g)), "the first Backward is not that of the last Forward")
			name := layerName(l)
			assert.PanicsWithValue(t, "activation: "+name+".Backward: second Backward of one training Forward: each Forward(x, true) feeds one Backward; a layer used at two places in a network needs two instances (see Clone)",
				func() { l.Backward(g) })
			l.Forward(x1, true)
			assert.NotPanics(t, func() { l.Backward(g) }, "a new training Forward feeds a new Backward")
		})
	}
}

// TestChangingBatchesAllocateNothing warms every layer up on the largest
// batch, then alternates smaller ones, as an epoch's last batch does: a
// batch that fits in what a layer holds must allocate nothing, views and
// inference included.
func TestChangingBatchesAllocateNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(74, 75))
	const c = 24
	big := batch{randomDense(rng, 16, c, 3), randomDense(rng, 16, c, 1)}
	half := batch{randomDense(rng, 20, c+3, 3).Slice(2, 10, 1, 1+c).(*mat.Dense), randomDense(rng, 8, c, 1)} // a view of 8 rows
	last := batch{randomDense(rng, 5, c, 3), randomDense(rng, 5, c, 1)}
	layers := allLayers()
	layers = append(layers, layerCase{"Sequential", func(cols int) Layer {
		return NewSequential(NewPReLUPerFeature(cols, 0.2), NewSequential(NewTanh(), NewSoftmax(1)))
	}})
	for _, lc := range layers {
		t.Run(lc.name, func(t *testing.T) {
			l := lc.make(c)
			l.Forward(big.x, true)
			l.Backward(big.g)
			steps := func() {
				for _, b := range []batch{half, big, last} {
					l.Forward(b.x, true)
					l.Forward(b.x, false)
					l.Backward(b.g)
				}
			}
			if n := testing.AllocsPerRun(10, steps); n != 0 {
				t.Errorf("%v allocations per round of 8-, 16- and 5-row batches", n)
			}
			// And the results are those of a layer with fresh memory, a
			// clone, on each batch.
			for _, b := range []batch{half, last} {
				want, got := stepResults(l.(Cloner).Clone(), b.x, b.g), stepResults(l, b.x, b.g)
				for k := range want {
					assert.True(t, sameBits(want[k], got[k]), "result %d of a %d-row batch", k, b.x.RawMatrix().Rows)
				}
			}
		})
	}
}

func TestSequentialRejectsSharedAndNilLayers(t *testing.T) {
	tanh, relu := NewTanh(), NewReLU()
	inner := NewSequential(NewSigmoid(), tanh)
	var nilPReLU *PReLU
	var nilSeq *Sequential
	for _, tc := range []struct {
		name string
		run  func()
		want string
	}{
		{"twice", func() { NewSequential(tanh, relu, tanh) },
			"activation: NewSequential: layer 2 (Tanh) is layer 0 again; a layer used at two places needs two instances: give one place its Clone"},
		{"nested", func() { NewSequential(relu, inner, NewSequential(NewTanh(), relu)) },
			"activation: NewSequential: layer 2.1 (ReLU) is layer 0 again"},
		{"inside and outside", func() { NewSequential(tanh, inner) },
			"activation: NewSequential: layer 1.1 (Tanh) is layer 0 again"},
		{"same Sequential twice", func() { NewSequential(inner, inner) },
			"activation: NewSequential: layer 1 (Sequential) is layer 0 again"},
		{"user layer twice", func() {
			s := &scale{factor: 2}
			NewSequential(s, relu, s)
		}, "activation: NewSequential: layer 2 (*activation.scale) is layer 0 again"},
		{"nil", func() { NewSequential(relu, nil) }, "activation: NewSequential: layer 1 is nil"},
		{"typed nil", func() { NewSequential(relu, nilPReLU) }, "activation: NewSequential: layer 1 is a nil *activation.PReLU"},
		{"nil Sequential", func() { NewSequential(nilSeq) }, "activation: NewSequential: layer 0 is a nil *activation.Sequential"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				require.NotNil(t, r, "no panic")
				assert.Contains(t, r, tc.want)
			}()
			tc.run()
		})
	}
	// Clones are other layers; so are values of a zero-sized type.
	assert.NotPanics(t, func() { NewSequential(relu, relu.Clone(), inner.Clone(), inner) })
	assert.NotPanics(t, func() { NewSequential(plainLayer{}, plainLayer{}, &plainLayer{}, &plainLayer{}) })
}

// TestClones checks that a clone has the configuration and parameter
// values of its original and none of its state, and that the two are
// independent: training one changes nothing in the other.
func TestClones(t *testing.T) {
	rng := rand.New(rand.NewPCG(76, 77))
	const r, c = 4, 6
	x, g := randomDense(rng, r, c, 2), randomDense(rng, r, c, 1)
	layers := allLayers()
	layers = append(layers, layerCase{"Sequential", func(cols int) Layer {
		return NewSequential(NewPReLU(0.3), NewSequential(NewPReLUPerFeature(cols, 0.1), NewGELU()), NewLogSoftmax(2))
	}})
	for _, lc := range layers {
		t.Run(lc.name, func(t *testing.T) {
			l := lc.make(c)
			trainSome(l, x, g) // parameters away from their start
			l.Forward(x, true) // and a Forward waiting for its Backward
			clone := l.(Cloner).Clone()
			require.NotSame(t, l, clone)
			if cl, ok := l.(Configurer); ok && lc.name != "Activation" {
				assert.Equal(t, cl.Config(), clone.(Configurer).Config())
			}
			params, cloned := l.Params(), clone.Params()
			require.Len(t, cloned, len(params))
			for name, p := range params {
				q := cloned[name]
				assert.True(t, mat.Equal(p.Value, q.Value), "%s: value", name)
				assert.NotSame(t, p.Value, q.Value, "%s: value shared", name)
				assert.NotSame(t, p.Grad, q.Grad, "%s: gradient shared", name)
				assert.Zero(t, mat.Norm(q.Grad, 1), "%s: gradient of a clone", name)
			}
			assert.PanicsWithValue(t, fmt.Sprintf("activation: %s.Backward: no training Forward to go back through: call Forward(x, true) first", firstLayerName(clone)),
				func() { clone.Backward(g) }, "a clone has no state")

			want := stepResults(l, x, g)
			for _, p := range l.Params() {
				p.Value.Scale(2, p.Value) // the original moves on
			}
			got := stepResults(clone, x, g)
			for k := range want {
				assert.True(t, sameBits(want[k], got[k]), "result %d of the clone", k)
			}
		})
	}
}

// firstLayerName returns the name in the messages of l, or of the last
// layer of a Sequential, the first to go back.
func firstLayerName(l Layer) string {
	if s, ok := l.(*Sequential); ok {
		return firstLayerName(s.layers[len(s.layers)-1])
	}
	return layerName(l)
}

func TestSequentialCloneNeedsClonableLayers(t *testing.T) {
	s := NewSequential(NewTanh(), NewSequential(NewReLU(), &scale{factor: 2}))
	assert.PanicsWithValue(t, "activation: Sequential.Clone: layer 1.1 (*activation.scale) has no Clone method: give its type a Clone() Layer that returns a copy with the same parameters and no state",
		func() { s.Clone() })
}

// TestClonesAcrossGoroutines runs many goroutines at once, each with its
// own clone of every layer, and checks every result bit for bit against
// the same steps run one after another. Under -race it also shows that
// clones share nothing that is written. Large batches, which the clones
// split among the same helper goroutines, are run for a layer of each
// kind of kernel.
func TestClonesAcrossGoroutines(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	rng := rand.New(rand.NewPCG(78, 79))
	small := make([]batch, 8)
	for i := range small {
		small[i] = batch{randomDense(rng, 5, 16, 3), randomDense(rng, 5, 16, 1)}
	}
	const r, c = 513, 1024
	require.GreaterOrEqual(t, r*c, parallelCheapElems)
	large := make([]batch, 3)
	for i := range large {
		large[i] = batch{randomDense(rng, r, c, 3), randomDense(rng, r, c, 1)}
	}
	splitKinds := map[string]bool{"ReLU": true, "PReLU": true, "Sigmoid": true, "Softmax": true}
	for _, lc := range allLayers() {
		t.Run(lc.name, func(t *testing.T) {
			runClones(t, lc, small, 20)
			if splitKinds[lc.name] {
				runClones(t, lc, large, 1)
			}
		})
	}
}

// batch is an input and an output gradient.
type batch struct{ x, g *mat.Dense }

// runClones runs steps training steps of a clone of lc's layer in a
// goroutine for each batch, all at once, and checks the results of each
// against the same steps of another clone run alone.
func runClones(t *testing.T, lc layerCase, batches []batch, steps int) {
	proto := lc.make(batches[0].x.RawMatrix().Cols)
	want := make([][]*mat.Dense, len(batches))
	for i, b := range batches {
		alone := proto.(Cloner).Clone()
		for range steps {
			want[i] = stepResults(alone, b.x, b.g)
		}
	}
	got := make([][]*mat.Dense, len(batches))
	var wg sync.WaitGroup
	for i, b := range batches {
		clone := proto.(Cloner).Clone()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range steps {
				got[i] = stepResults(clone, b.x, b.g)
			}
		}()
	}
	wg.Wait()
	for i := range want {
		for k := range want[i] {
			assert.True(t, sameBits(want[i][k], got[i][k]), "%d rows, goroutine %d, result %d", batches[i].x.RawMatrix().Rows, i, k)
		}
	}
}

// TestOverlappingCallsPanic holds one goroutine inside a Forward while
// another calls the same layer: the second call must panic, saying what to
// do, and the first must finish right.
func TestOverlappingCallsPanic(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	slow := New(func(x float64) float64 {
		once.Do(func() {
			close(entered)
			<-release
		})
		return 2 * x
	}, func(float64) float64 { return 2 })
	x := mat.NewDense(1, 3, []float64{1, 2, 3})
	done := make(chan *mat.Dense)
	go func() { done <- mat.DenseCopyOf(slow.Forward(x, true)) }()
	<-entered
	want := "activation: Activation.Forward: called while another Forward or Backward of this layer is running; a layer is not safe for concurrent use: give each goroutine its own Clone"
	assert.PanicsWithValue(t, want, func() { slow.Forward(x, false) })
	assert.PanicsWithValue(t, "activation: Activation.Backward"+want[len("activation: Activation.Forward"):], func() { slow.Backward(x) })
	close(release)
	assert.Equal(t, []float64{2, 4, 6}, (<-done).RawRowView(0))
	// The layer is free again, its training state whole.
	assert.Equal(t, []float64{2, 2, 2}, slow.Backward(mat.NewDense(1, 3, []float64{1, 1, 1})).RawRowView(0))
}

// TestZeroValues: the layers with exported fields work as literals, the
// Go way; the others, and an empty Sequential, panic saying how to make
// one.
func TestZeroValues(t *testing.T) {
	x := mat.NewDense(2, 3, []float64{1, 2, 3, -1, 0, 5})
	g := mat.NewDense(2, 3, []float64{1, -1, 0.5, 2, 0, 1})
	for _, tc := range []struct {
		name         string
		literal, ref Layer
	}{
		{"Softmax", &Softmax{Temperature: 1}, func() Layer { s := NewSoftmax(1); s.Epsilon = 0; return s }()},
		{"Softmax with Epsilon", &Softmax{Temperature: 2, Epsilon: 1e-8}, NewSoftmax(2)},
		{"LogSoftmax", &LogSoftmax{Temperature: 0.5}, NewLogSoftmax(0.5)},
		{"Softmin", &Softmin{Temperature: 2, Epsilon: 1e-8}, NewSoftmin(2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, got := stepResults(tc.ref, x, g), stepResults(tc.literal, x, g)
			for k := range want {
				assert.True(t, sameBits(want[k], got[k]), "result %d", k)
			}
			assert.Equal(t, tc.ref.(Configurer).Config(), tc.literal.(Configurer).Config())
			data, err := Marshal(tc.literal)
			require.NoError(t, err)
			back, err := Unmarshal(data)
			require.NoError(t, err)
			assert.True(t, sameBits(tc.ref.Forward(x, false), back.Forward(x, false)))
		})
	}
	assert.PanicsWithValue(t, "activation: Softmax.Forward: Temperature is 0, must be finite and positive",
		func() { (&Softmax{}).Forward(x, false) })
	assert.PanicsWithValue(t, "activation: Softmax.Backward: no training Forward to go back through: call Forward(x, true) first",
		func() { (&Softmax{Temperature: 1}).Backward(g) })

	for _, tc := range []struct {
		name string
		l    interface {
			Layer
			Cloner
		}
		want string
	}{
		{"Activation", &Activation{}, "activation: Activation.%s: zero Activation: make one with New or a constructor such as NewReLU"},
		{"PReLU", &PReLU{}, "activation: PReLU.%s: zero PReLU: make one with NewPReLU"},
		{"PReLUPerFeature", &PReLUPerFeature{}, "activation: PReLUPerFeature.%s: zero PReLUPerFeature: make one with NewPReLUPerFeature"},
		{"XIELU", &XIELU{}, "activation: XIELU.%s: zero XIELU: make one with NewXIELU"},
		{"Snake", &Snake{}, "activation: Snake.%s: zero Snake: make one with NewSnake"},
		{"Sequential", &Sequential{}, "activation: Sequential.%s: no layers: make one with NewSequential"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithValue(t, fmt.Sprintf(tc.want, "Forward"), func() { tc.l.Forward(x, true) })
			assert.PanicsWithValue(t, fmt.Sprintf(tc.want, "Backward"), func() { tc.l.Backward(g) })
			assert.PanicsWithValue(t, fmt.Sprintf(tc.want, "Clone"), func() { tc.l.Clone() })
			assert.Empty(t, tc.l.Params())
			if c, ok := tc.l.(Configurer); ok && tc.name != "Sequential" {
				assert.PanicsWithValue(t, fmt.Sprintf(tc.want, "Config"), func() { c.Config() })
			}
			_, err := Marshal(tc.l)
			if assert.Error(t, err) && tc.name != "Sequential" {
				assert.Contains(t, err.Error(), fmt.Sprintf(tc.want, "Config"))
			}
		})
	}
}

// TestBackwardAfterPanickingForward: a training Forward whose user function
// panics part way leaves no state for Backward, which must refuse rather
// than go back through the previous Forward's derivatives, or the partly
// written new ones; the layer works again after a good Forward.
func TestBackwardAfterPanickingForward(t *testing.T) {
	for _, panicIn := range []string{"f", "df"} {
		t.Run(panicIn, func(t *testing.T) {
			f := func(x float64) float64 {
				if x == 2 && panicIn == "f" {
					panic("bad x")
				}
				return 3 * x
			}
			df := func(x float64) float64 {
				if x == 2 && panicIn == "df" {
					panic("bad x")
				}
				return 3
			}
			l := New(f, df)
			good := mat.NewDense(1, 3, []float64{1, 1, 1})
			g := mat.NewDense(1, 3, []float64{1, 1, 1})
			l.Forward(good, true)
			assert.PanicsWithValue(t, "bad x", func() { l.Forward(mat.NewDense(1, 3, []float64{1, 2, 1}), true) })
			assert.PanicsWithValue(t, "activation: Activation.Backward: no training Forward to go back through: call Forward(x, true) first", func() { l.Backward(g) }, "Backward went back through a Forward that panicked")
			l.Forward(good, true)
			assert.Equal(t, []float64{3, 3, 3}, l.Backward(g).RawRowView(0))
		})
	}
}
