package activation

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// The shapes of ../shared/bench/compare.sh: small, medium and large batches.
var benchShapes = [][2]int{{64, 256}, {256, 1024}, {2048, 2048}}

// reportPerElement adds ns/elem and elem/s to a benchmark over n elements.
func reportPerElement(b *testing.B, n int) {
	perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(perOp/float64(n), "ns/elem")
	b.ReportMetric(float64(n)/perOp*float64(time.Second), "elem/s")
}

var benchAVX2 = flag.Bool("avx2", false, "run the benchmarks on the AVX2 kernels where the CPU has AVX-512 too")

// benchPath makes b run on the kernels that -avx2 asks for.
func benchPath(b *testing.B) {
	if *benchAVX2 && useAVX512 {
		useAVX512 = false
		b.Cleanup(func() { useAVX512 = true })
	}
}

// BenchmarkStep times one training step, Forward(x, true) then Backward(g),
// for every layer and shape.
func BenchmarkStep(b *testing.B) {
	benchPath(b)
	for _, lc := range allLayers() {
		for _, s := range benchShapes {
			b.Run(fmt.Sprintf("%s/%dx%d", lc.name, s[0], s[1]), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 2))
				x, g := randomDense(rng, s[0], s[1], 3), randomDense(rng, s[0], s[1], 1)
				l := lc.make(s[1])
				l.Forward(x, true) // the first step allocates the layer's matrices
				l.Backward(g)
				b.ReportAllocs()
				for b.Loop() {
					l.Forward(x, true)
					l.Backward(g)
				}
				reportPerElement(b, s[0]*s[1])
			})
		}
	}
}

// BenchmarkStepRowWidth times a training step of the row-wise layers on
// batches of 64 rows of 10, 100 and 1000 columns: classifiers often have
// few classes, and then the fixed cost of each row counts more than the
// cost of each element.
func BenchmarkStepRowWidth(b *testing.B) {
	benchPath(b)
	for _, lc := range []struct {
		name string
		make func() Layer
	}{
		{"Softmax", func() Layer { return NewSoftmax(1) }},
		{"LogSoftmax", func() Layer { return NewLogSoftmax(1) }},
		{"Softmin", func() Layer { return NewSoftmin(1) }},
		{"Sparsemax", func() Layer { return NewSparsemax() }},
		{"Entmax15", func() Layer { return NewEntmax15() }},
	} {
		for _, cols := range []int{10, 100, 1000} {
			b.Run(fmt.Sprintf("%s/64x%d", lc.name, cols), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 2))
				x, g := randomDense(rng, 64, cols, 3), randomDense(rng, 64, cols, 1)
				l := lc.make()
				l.Forward(x, true)
				l.Backward(g)
				b.ReportAllocs()
				for b.Loop() {
					l.Forward(x, true)
					l.Backward(g)
				}
				reportPerElement(b, 64*cols)
			})
		}
	}
}

// BenchmarkStepMasked times a masked training step, ForwardMasked(x,
// mask, true) then Backward(g), of the row-wise layers at the three
// shapes, under three masks: one that keeps every entry (beside
// BenchmarkStep, the cost of the masked path), the causal mask of a block
// of queries at the end of as many keys as columns (prefixes, which the
// kernels run on), and a mask that keeps three entries in four at random
// (gathered and put back). ns/elem counts every entry, kept or not.
func BenchmarkStepMasked(b *testing.B) {
	benchPath(b)
	for _, lc := range rowLayers() {
		for _, s := range benchShapes {
			r, c := s[0], s[1]
			lengths := make([]int, r)
			for i := range lengths {
				lengths[i] = c
			}
			keep := make([]bool, r*c)
			rng := rand.New(rand.NewPCG(3, 4))
			for k := range keep {
				keep[k] = rng.IntN(4) != 0
			}
			for _, m := range []struct {
				name string
				mask *Mask
			}{{"all", PaddingMask(r, c, lengths)}, {"causal", CausalMask(r, c, c-r)}, {"random", NewMask(r, c, keep)}} {
				b.Run(fmt.Sprintf("%s/%s/%dx%d", lc.name, m.name, r, c), func(b *testing.B) {
					rng := rand.New(rand.NewPCG(1, 2))
					x, g := randomDense(rng, r, c, 3), randomDense(rng, r, c, 1)
					l := lc.make(c).(MaskedLayer)
					l.ForwardMasked(x, m.mask, true)
					l.Backward(g)
					b.ReportAllocs()
					for b.Loop() {
						l.ForwardMasked(x, m.mask, true)
						l.Backward(g)
					}
					reportPerElement(b, r*c)
				})
			}
		}
	}
}

// BenchmarkStepGated times a training step of the gated units, whose
// input has twice the columns of the shape and output as many.
func BenchmarkStepGated(b *testing.B) {
	benchPath(b)
	for _, gc := range gatedUnits() {
		for _, s := range benchShapes {
			b.Run(fmt.Sprintf("%s/%dx%d", gc.name, s[0], s[1]), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 2))
				x, g := randomDense(rng, s[0], 2*s[1], 3), randomDense(rng, s[0], s[1], 1)
				l := gc.make()
				l.Forward(x, true)
				l.Backward(g)
				b.ReportAllocs()
				for b.Loop() {
					l.Forward(x, true)
					l.Backward(g)
				}
				reportPerElement(b, s[0]*2*s[1])
			})
		}
	}
}

// BenchmarkCrossEntropy times Loss then Backward at the three shapes and
// on 64 rows of 10, 100 and 1000 classes, with one-hot targets.
func BenchmarkCrossEntropy(b *testing.B) {
	benchLoss(b, lossShapes(), func(x *mat.Dense, rng *rand.Rand) func() {
		r, c := x.Dims()
		target := mat.NewDense(r, c, nil)
		for i := range r {
			target.Set(i, rng.IntN(c), 1)
		}
		ce := NewCrossEntropy()
		return func() {
			ce.Loss(x, target)
			ce.Backward()
		}
	})
}

// BenchmarkCrossEntropyLabels times Loss then Backward at the shapes of
// BenchmarkCrossEntropy, with PyTorch's defaults and with class weights,
// an ignored label (a tenth of the rows) and smoothing, whose term takes
// every class of every row.
func BenchmarkCrossEntropyLabels(b *testing.B) {
	for _, name := range []string{"defaults", "smoothed"} {
		b.Run(name, func(b *testing.B) {
			benchLoss(b, lossShapes(), func(x *mat.Dense, rng *rand.Rand) func() {
				r, c := x.Dims()
				labels := make([]int, r)
				for i := range labels {
					labels[i] = rng.IntN(c)
				}
				var opts *CrossEntropyLabelsOptions
				if name == "smoothed" {
					opts = &CrossEntropyLabelsOptions{Weights: make([]float64, c), Ignore: true, IgnoreLabel: -100, Smoothing: 0.1}
					for j := range c {
						opts.Weights[j] = 0.5 + rng.Float64()
					}
					for i := 0; i < r; i += 10 {
						labels[i] = -100
					}
				}
				l := NewCrossEntropyLabels(opts)
				return func() {
					l.Loss(x, labels)
					l.Backward()
				}
			})
		})
	}
}

// BenchmarkLossMasked times LossMasked then Backward of CrossEntropy
// (one-hot targets) and CrossEntropyLabels (class weights and smoothing)
// at the shapes of BenchmarkCrossEntropy, under the causal mask of
// BenchmarkStepMasked, whose rows keep prefixes (and, with fewer columns
// than rows, the first rows nothing).
func BenchmarkLossMasked(b *testing.B) {
	b.Run("CrossEntropy", func(b *testing.B) {
		benchLoss(b, lossShapes(), func(x *mat.Dense, rng *rand.Rand) func() {
			r, c := x.Dims()
			mask := CausalMask(r, c, c-r)
			target := mat.NewDense(r, c, nil)
			for i := range r {
				target.Set(i, rng.IntN(max(mask.kept[i], 1)), 1) // any class in a row that keeps none
			}
			ce := NewCrossEntropy()
			return func() {
				ce.LossMasked(x, target, mask)
				ce.Backward()
			}
		})
	})
	b.Run("CrossEntropyLabels", func(b *testing.B) {
		benchLoss(b, lossShapes(), func(x *mat.Dense, rng *rand.Rand) func() {
			r, c := x.Dims()
			mask := CausalMask(r, c, c-r)
			labels := make([]int, r)
			for i := range labels {
				labels[i] = rng.IntN(max(mask.kept[i], 1))
			}
			opts := &CrossEntropyLabelsOptions{Weights: make([]float64, c), Smoothing: 0.1}
			for j := range c {
				opts.Weights[j] = 0.5 + rng.Float64()
			}
			l := NewCrossEntropyLabels(opts)
			return func() {
				l.LossMasked(x, labels, mask)
				l.Backward()
			}
		})
	})
}

// BenchmarkBinaryCrossEntropy times Loss then Backward at the three
// shapes, with soft targets, PyTorch's defaults and with positive weights
// and element weights.
func BenchmarkBinaryCrossEntropy(b *testing.B) {
	for _, name := range []string{"defaults", "weighted"} {
		b.Run(name, func(b *testing.B) {
			benchLoss(b, benchShapes, func(x *mat.Dense, rng *rand.Rand) func() {
				r, c := x.Dims()
				target := mat.NewDense(r, c, nil)
				target.Apply(func(int, int, float64) float64 { return rng.Float64() }, target)
				var opts *BinaryCrossEntropyOptions
				var weights *mat.Dense
				if name == "weighted" {
					opts = &BinaryCrossEntropyOptions{PosWeights: make([]float64, c)}
					for j := range c {
						opts.PosWeights[j] = 1 + 3*rng.Float64()
					}
					weights = mat.NewDense(r, c, nil)
					weights.Apply(func(int, int, float64) float64 { return 2 * rng.Float64() }, weights)
				}
				l := NewBinaryCrossEntropy(opts)
				return func() {
					l.Loss(x, target, weights)
					l.Backward()
				}
			})
		})
	}
}

// lossShapes returns the three shapes and 64 rows of 10, 100 and 1000
// classes.
func lossShapes() [][2]int {
	return append(append([][2]int(nil), benchShapes...), [2]int{64, 10}, [2]int{64, 100}, [2]int{64, 1000})
}

// benchLoss times step, a loss's Loss then Backward that setup makes for
// logits of each shape, after a first step that allocates what the loss
// keeps.
func benchLoss(b *testing.B, shapes [][2]int, setup func(x *mat.Dense, rng *rand.Rand) func()) {
	benchPath(b)
	for _, s := range shapes {
		b.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			step := setup(randomDense(rng, s[0], s[1], 3), rng)
			step()
			b.ReportAllocs()
			for b.Loop() {
				step()
			}
			reportPerElement(b, s[0]*s[1])
		})
	}
}

// BenchmarkInference times Forward(x, false) for every layer and shape.
func BenchmarkInference(b *testing.B) {
	benchPath(b)
	for _, lc := range allLayers() {
		for _, s := range benchShapes {
			b.Run(fmt.Sprintf("%s/%dx%d", lc.name, s[0], s[1]), func(b *testing.B) {
				x := randomDense(rand.New(rand.NewPCG(1, 2)), s[0], s[1], 3)
				l := lc.make(s[1])
				l.Forward(x, false)
				b.ReportAllocs()
				for b.Loop() {
					l.Forward(x, false)
				}
				reportPerElement(b, s[0]*s[1])
			})
		}
	}
}

// BenchmarkCopy is the memory floor: copying a matrix's worth of float64s.
func BenchmarkCopy(b *testing.B) {
	for _, s := range benchShapes {
		b.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(b *testing.B) {
			src, dst := make([]float64, s[0]*s[1]), make([]float64, s[0]*s[1])
			b.ReportAllocs()
			for b.Loop() {
				copy(dst, src)
			}
			reportPerElement(b, s[0]*s[1])
		})
	}
}

func TestSteadyTrainingStepAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// 34 columns leave the vector kernels two elements a row, and the
	// tails take the Go path inside the vector range too.
	x, g := randomDense(rng, 8, 34, 3), randomDense(rng, 8, 34, 1)
	x.Set(0, 5, -800)
	x.Set(1, 9, 1e300)
	view := mat.NewDense(10, 40, nil).Slice(1, 9, 3, 37).(*mat.Dense)
	view.Copy(x)
	for _, lc := range allLayers() {
		l := lc.make(34)
		for _, in := range []*mat.Dense{x, view} {
			step := func() {
				l.Forward(in, true)
				l.Backward(g)
				l.Forward(in, false)
			}
			step()
			if n := testing.AllocsPerRun(20, step); n != 0 {
				t.Errorf("%s: %v allocations per step", lc.name, n)
			}
		}
	}
}

// BenchmarkFunc times the slice functions of every element-wise layer,
// Forward then Backward, on float64 and float32 slices of the three
// shapes' sizes.
func BenchmarkFunc(b *testing.B) {
	benchPath(b)
	for _, lc := range elementLayers() {
		benchSlices(b, lc.name, func(x, g []float64) func(*testing.B) {
			return func(b *testing.B) { benchFunc(b, lc, x, g) }
		}, func(x, g []float32) func(*testing.B) {
			return func(b *testing.B) { benchFunc(b, lc, x, g) }
		})
	}
}

// BenchmarkRowFunc times the row-wise slice functions, Forward then
// Backward, on the shapes' rows.
func BenchmarkRowFunc(b *testing.B) {
	benchPath(b)
	for _, lc := range rowLayers() {
		for _, s := range benchShapes {
			b.Run(fmt.Sprintf("%s/float64/%dx%d", lc.name, s[0], s[1]), func(b *testing.B) {
				x, g := benchData[float64](s[0] * s[1])
				benchRowFunc(b, lc, x, g, s[1])
			})
			b.Run(fmt.Sprintf("%s/float32/%dx%d", lc.name, s[0], s[1]), func(b *testing.B) {
				x, g := benchData[float32](s[0] * s[1])
				benchRowFunc(b, lc, x, g, s[1])
			})
		}
	}
}

// BenchmarkGatedFunc times the gated slice functions, Forward then
// Backward, per output element.
func BenchmarkGatedFunc(b *testing.B) {
	benchPath(b)
	for _, gc := range gatedUnits() {
		benchSlices(b, gc.name, func(x, g []float64) func(*testing.B) {
			return func(b *testing.B) { benchGatedFunc(b, gc.make(), x, g) }
		}, func(x, g []float32) func(*testing.B) {
			return func(b *testing.B) { benchGatedFunc(b, gc.make(), x, g) }
		})
	}
}

// benchSlices runs the benchmarks that run64 and run32 make for the
// name, on each shape's elements.
func benchSlices(b *testing.B, name string, run64 func(x, g []float64) func(*testing.B), run32 func(x, g []float32) func(*testing.B)) {
	for _, s := range benchShapes {
		n := s[0] * s[1]
		x, g := benchData[float64](n)
		b.Run(fmt.Sprintf("%s/float64/%dx%d", name, s[0], s[1]), run64(x, g))
		x32, g32 := benchData[float32](n)
		b.Run(fmt.Sprintf("%s/float32/%dx%d", name, s[0], s[1]), run32(x32, g32))
	}
}

// benchData returns n inputs, normal with a spread of 3, and n output
// gradients, normal.
func benchData[T Float](n int) (x, g []T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x, g = make([]T, n), make([]T, n)
	for i := range x {
		x[i], g[i] = T(3*rng.NormFloat64()), T(rng.NormFloat64())
	}
	return x, g
}

func benchFunc[T Float](b *testing.B, lc layerCase, x, g []T) {
	f, err := FuncOf[T](lc.make(1))
	if err != nil {
		b.Fatal(err)
	}
	y, dx := make([]T, len(x)), make([]T, len(x))
	b.ReportAllocs()
	for b.Loop() {
		f.Forward(y, x)
		f.Backward(dx, g, x)
	}
	reportPerElement(b, len(x))
}

func benchRowFunc[T Float](b *testing.B, lc layerCase, x, g []T, cols int) {
	f, err := RowFuncOf[T](lc.make(cols))
	if err != nil {
		b.Fatal(err)
	}
	y, dx := make([]T, len(x)), make([]T, len(x))
	b.ReportAllocs()
	for b.Loop() {
		f.Forward(y, x, cols)
		f.Backward(dx, g, y, cols)
	}
	reportPerElement(b, len(x))
}

// benchGatedFunc takes x as the gate and g as both up and the gradient.
func benchGatedFunc[T Float](b *testing.B, l Layer, x, g []T) {
	f, err := GatedFuncOf[T](l)
	if err != nil {
		b.Fatal(err)
	}
	y, dGate, dUp := make([]T, len(x)), make([]T, len(x)), make([]T, len(x))
	b.ReportAllocs()
	for b.Loop() {
		f.Forward(y, x, g)
		f.Backward(dGate, dUp, g, x, g)
	}
	reportPerElement(b, len(x))
}
