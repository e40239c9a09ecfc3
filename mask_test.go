package activation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// namedMask is a mask of the tests and what it is.
type namedMask struct {
	name string
	m    *Mask
}

// testMasks returns masks of an r x c batch of every kind the layers
// treat apart: prefixes, rows gathered and put back, rows that keep every
// entry or none. The tests that take a few pick them by place: [3:5] are
// the two that gather rows.
func testMasks(rng *rand.Rand, r, c int) []namedMask {
	lengths := make([]int, r)
	for i := range lengths {
		lengths[i] = rng.IntN(c + 1)
	}
	keep := make([]bool, r*c)
	for k := range keep {
		keep[k] = rng.IntN(3) != 0
	}
	// The first rows keep nothing, everything, a prefix, and one entry in
	// the middle.
	for i, kept := range []func(j int) bool{
		func(int) bool { return false }, func(int) bool { return true },
		func(j int) bool { return j < c/2 }, func(j int) bool { return j == c/2 },
	}[:min(r, 4)] {
		for j := range c {
			keep[i*c+j] = kept(j)
		}
	}
	lengths[0] = 0
	lengths[r-1] = c
	general := NewMask(r, c, keep)
	return []namedMask{
		{"causal", CausalMask(r, c, 0)},
		{"cached", CausalMask(r, c, c-r)},
		{"padding", PaddingMask(r, c, lengths)},
		{"general", general},
		{"causal and general", CausalMask(r, c, 1).And(general)},
		{"none", PaddingMask(r, c, make([]int, r))},
	}
}

// keptIndices returns the columns of row i, of c, that m keeps: every one
// for a nil m.
func keptIndices(m *Mask, i, c int) []int {
	var idx []int
	for j := range c {
		if m == nil || m.Kept(i, j) {
			idx = append(idx, j)
		}
	}
	return idx
}

// pick returns the entries of x at idx.
func pick(x []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, j := range idx {
		out[k] = x[j]
	}
	return out
}

// maskedInputs returns an r x c batch of normal values times scale; in
// its odd rows a quarter of the entries are NaN, ±Inf or ±1e308, which
// the masks leave out or keep.
func maskedInputs(rng *rand.Rand, r, c int, scale float64) *mat.Dense {
	specials := []float64{nan, inf, -inf, 1e308, -1e308}
	x := randomDense(rng, r, c, scale)
	for i := 1; i < r; i += 2 {
		for j := range c {
			if rng.IntN(4) == 0 {
				x.Set(i, j, specials[rng.IntN(len(specials))])
			}
		}
	}
	return x
}

// leftOutValue returns what the row-wise layer name gives at the entries
// a mask leaves out.
func leftOutValue(name string) float64 {
	if name == "LogSoftmax" {
		return math.Inf(-1)
	}
	return 0
}

// assertSameEntries checks that a and b hold the same bits, zeros' signs
// included, any NaN for a NaN.
func assertSameEntries(t *testing.T, want, got *mat.Dense, msg string) {
	t.Helper()
	r, c := want.Dims()
	for i := range r {
		for j := range c {
			if w, g := want.At(i, j), got.At(i, j); !same(w, g) {
				t.Errorf("%s: [%d][%d] = %v, want %v", msg, i, j, g, w)
				return
			}
		}
	}
}

// TestMaskedRowsAreTheirKeptEntries checks the promise of Mask's doc bit
// for bit, for every row-wise layer and kind of mask: a row's kept
// entries, Forward and Backward, are the layer's on a row of those entries
// alone; the entries left out get exactly 0 (LogSoftmax -Inf) and a
// gradient of +0, whatever the input and the output gradient hold there.
// Inference, a view of the input and a batch split among goroutines give
// the same bits, and neither the input nor the gradient changes. The
// layers have run an unmasked step before, so that their matrices hold
// other values.
func TestMaskedRowsAreTheirKeptEntries(t *testing.T) {
	rng := rand.New(rand.NewPCG(140, 141))
	for _, s := range []struct{ r, c int }{{9, 21}, {4, 1}, {5, 64}, {48, 700}} {
		x, g := maskedInputs(rng, s.r, s.c, 3), maskedInputs(rng, s.r, s.c, 1)
		x0, g0 := mat.DenseCopyOf(x), mat.DenseCopyOf(g)
		view := mat.NewDense(s.r+2, s.c+5, nil).Slice(1, s.r+1, 3, s.c+3).(*mat.Dense)
		view.Copy(x)
		masks := testMasks(rng, s.r, s.c)
		if s.r*s.c >= parallelRowElems {
			masks = masks[3:5] // thin: the large batch is for the split
		}
		for _, lc := range rowLayers() {
			for _, nm := range masks {
				t.Run(fmt.Sprintf("%s/%s/%dx%d", lc.name, nm.name, s.r, s.c), func(t *testing.T) {
					l := lc.make(s.c).(MaskedLayer)
					l.Forward(g, true)
					l.Backward(x)
					y := mat.DenseCopyOf(l.ForwardMasked(x, nm.m, true))
					dx := mat.DenseCopyOf(l.Backward(g))
					wantY, wantDx := mat.NewDense(s.r, s.c, nil), mat.NewDense(s.r, s.c, nil)
					for i := range s.r {
						for j := range s.c {
							wantY.Set(i, j, leftOutValue(lc.name))
						}
						idx := keptIndices(nm.m, i, s.c)
						if len(idx) == 0 {
							continue
						}
						yk, dxk := forwardBackwardRow(lc.make(len(idx)), pick(x.RawRowView(i), idx), pick(g.RawRowView(i), idx))
						for k, j := range idx {
							wantY.Set(i, j, yk[k])
							wantDx.Set(i, j, dxk[k])
						}
					}
					assertSameEntries(t, wantY, y, "Forward")
					assertSameEntries(t, wantDx, dx, "Backward")
					assertSameEntries(t, y, l.ForwardMasked(x, nm.m, false), "inference")
					assertSameEntries(t, y, lc.make(s.c).(MaskedLayer).ForwardMasked(view, nm.m, false), "a view")
					assertSameEntries(t, x0, x, "the input")
					assertSameEntries(t, g0, g, "the gradient")
				})
			}
		}
	}
}

// TestMaskedAgainstHighPrecision holds the masked layers to the math/big
// references of the layers on the kept entries of each row, at several
// temperatures and scales: Softmax, Softmin and LogSoftmax within 4 ulp
// and their gradients as in the unmasked tests, Sparsemax and Entmax15
// within 4 ulp of the exact projection.
func TestMaskedAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(142, 143))
	const r, c = 6, 24
	for _, tc := range []struct{ temperature, scale float64 }{{1, 1}, {0.05, 3}, {20, 100}, {1, 1e4}} {
		for _, nm := range testMasks(rng, r, c) {
			if thin() && nm.name != "general" {
				continue
			}
			t.Run(fmt.Sprintf("T=%v,scale=%v/%s", tc.temperature, tc.scale, nm.name), func(t *testing.T) {
				x, g := randomDense(rng, r, c, tc.scale), randomDense(rng, r, c, 1)
				tau := tc.temperature + 1e-8
				sm, smin, ls := NewSoftmax(tc.temperature), NewSoftmin(tc.temperature), NewLogSoftmax(tc.temperature)
				sparse, entmax := NewSparsemax(), NewEntmax15()
				var results [5][2]*mat.Dense
				for k, l := range []MaskedLayer{sm, smin, ls, sparse, entmax} {
					results[k] = [2]*mat.Dense{mat.DenseCopyOf(l.ForwardMasked(x, nm.m, true)), mat.DenseCopyOf(l.Backward(g))}
				}
				for i := range r {
					idx := keptIndices(nm.m, i, c)
					if len(idx) == 0 {
						continue // TestMaskedRowsAreTheirKeptEntries holds such rows
					}
					xk, gk := pick(x.RawRowView(i), idx), pick(g.RawRowView(i), idx)
					negX := make([]float64, len(xk))
					for k, v := range xk {
						negX[k] = -v
					}
					logp, p := refLogSoftmax(xk, tc.temperature)
					var total float64
					for _, v := range gk {
						total += v
					}
					refs := []struct {
						name  string
						k     int
						y     []float64
						dx    func(y []float64) []float64
						scale func(k int, y []float64) float64 // of dx[k]: the terms' magnitudes
					}{
						{"Softmax", 0, refSoftmax(xk, tau), func(y []float64) []float64 { return refSoftmaxBackward(y, gk, tau) }, softmaxTerms(gk, tau)},
						{"Softmin", 1, refSoftmax(negX, tau), func(y []float64) []float64 {
							dx := refSoftmaxBackward(y, gk, tau)
							for k := range dx {
								dx[k] = -dx[k]
							}
							return dx
						}, softmaxTerms(gk, tau)},
						{"LogSoftmax", 2, logp, func([]float64) []float64 {
							dx := make([]float64, len(gk))
							for k := range dx {
								dx[k] = f64(newBig().Quo(newBig().Sub(bf(gk[k]), newBig().Mul(bf(p[k]), bigSum(gk))), bf(tc.temperature)))
							}
							return dx
						}, func(k int, _ []float64) float64 { return (math.Abs(gk[k]) + p[k]*math.Abs(total)) / tc.temperature }},
					}
					for _, ref := range refs {
						y, dx := pick(results[ref.k][0].RawRowView(i), idx), pick(results[ref.k][1].RawRowView(i), idx)
						wantDx := ref.dx(y)
						for k := range idx {
							assert.LessOrEqual(t, ulps(y[k], ref.y[k]), 4.0, "%s: row %d, y[%d] = %v, want %v", ref.name, i, idx[k], y[k], ref.y[k])
							assert.InDelta(t, wantDx[k], dx[k], 4*0x1p-53*ref.scale(k, y)+5e-324, "%s: row %d, dx[%d]", ref.name, i, idx[k])
						}
					}
					for k, entmax := range []bool{false, true} {
						want := refSparse(xk, entmax)
						y := pick(results[3+k][0].RawRowView(i), idx)
						for kk := range idx {
							assert.LessOrEqual(t, ulps(y[kk], f64(want[kk])), 4.0, "entmax %v: row %d, y[%d] = %v, want %v", entmax, i, idx[kk], y[kk], f64(want[kk]))
						}
					}
				}
			})
		}
	}
}

// softmaxTerms returns the scale of Softmax's dx[k] = y_k(g_k - <y, g>)/τ:
// y_k(|g_k| + |<y, g>|)/τ.
func softmaxTerms(g []float64, tau float64) func(k int, y []float64) float64 {
	return func(k int, y []float64) float64 {
		var dot float64
		for i := range y {
			dot += y[i] * g[i]
		}
		return y[k] * (math.Abs(g[k]) + math.Abs(dot)) / tau
	}
}

// The special cases of Mask's doc and of the masked layers' docs.
func TestMaskedSpecialRows(t *testing.T) {
	T, F := true, false
	ln2 := math.Ln2
	for _, tc := range []struct {
		name      string
		layer     MaskedLayer
		x, g      []float64
		keep      []bool
		wantY, dx []float64
	}{
		{"NaN left out", &Softmax{Temperature: 1}, []float64{1, nan, 1}, []float64{1, nan, 0}, []bool{T, F, T}, []float64{0.5, 0, 0.5}, []float64{0.25, 0, -0.25}},
		{"NaN kept", NewSoftmax(1), []float64{nan, 1, 2}, []float64{1, 1, 1}, []bool{T, T, F}, []float64{nan, nan, 0}, []float64{nan, nan, 0}},
		{"+Inf left out", NewSoftmax(1), []float64{inf, 3, 3}, []float64{0, 0, 0}, []bool{F, T, T}, []float64{0, 0.5, 0.5}, []float64{0, 0, 0}},
		{"nothing kept", NewSoftmax(1), []float64{nan, inf, 3}, []float64{1, nan, inf}, []bool{F, F, F}, []float64{0, 0, 0}, []float64{0, 0, 0}},
		{"only -Inf kept", NewSoftmax(1), []float64{-inf, -inf, 5}, []float64{1, 2, 3}, []bool{T, T, F}, []float64{0, 0, 0}, []float64{0, 0, 0}},
		{"Softmin", &Softmin{Temperature: 1}, []float64{-inf, 2, 2}, []float64{1, 2, 0}, []bool{F, T, T}, []float64{0, 0.5, 0.5}, []float64{0, -0.5, 0.5}},
		{"Sparsemax", NewSparsemax(), []float64{1, nan, 1}, []float64{1, nan, 3}, []bool{T, F, T}, []float64{0.5, 0, 0.5}, []float64{-1, 0, 1}},
		{"Entmax15, nothing kept", NewEntmax15(), []float64{1, 2}, []float64{1, 1}, []bool{F, F}, []float64{0, 0}, []float64{0, 0}},
		{"LogSoftmax, NaN left out", NewLogSoftmax(1), []float64{0, nan, 0}, []float64{1, inf, 1}, []bool{T, F, T}, []float64{-ln2, -inf, -ln2}, []float64{0, 0, 0}},
		{"LogSoftmax, nothing kept", NewLogSoftmax(1), []float64{nan, 1, 2}, []float64{1, 2, 3}, []bool{F, F, F}, []float64{-inf, -inf, -inf}, []float64{0, 0, 0}},
		// Forward's row of only -Inf passes g/τ through; a row that keeps
		// nothing gives 0.
		{"LogSoftmax, only -Inf kept", NewLogSoftmax(2), []float64{-inf, -inf, 0}, []float64{1, 2, 3}, []bool{T, T, F}, []float64{-inf, -inf, -inf}, []float64{0.5, 1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(tc.x)
			m := NewMask(1, n, tc.keep)
			y := mat.DenseCopyOf(tc.layer.ForwardMasked(mat.NewDense(1, n, tc.x), m, true))
			dx := tc.layer.Backward(mat.NewDense(1, n, tc.g))
			assertSameEntries(t, mat.NewDense(1, n, tc.wantY), y, "Forward")
			assertSameEntries(t, mat.NewDense(1, n, tc.dx), dx, "Backward")
		})
	}
}

// TestMaskDoesNotStick: a training ForwardMasked's mask serves its
// Backward only; an inference call, masked or not, between the two changes
// nothing, and a Forward after it has no mask.
func TestMaskDoesNotStick(t *testing.T) {
	rng := rand.New(rand.NewPCG(144, 145))
	const r, c = 6, 10
	x, other, g := randomDense(rng, r, c, 3), randomDense(rng, r+3, c, 3), randomDense(rng, r, c, 1)
	m := testMasks(rng, r, c)[3].m
	for _, lc := range rowLayers() {
		t.Run(lc.name, func(t *testing.T) {
			ref := lc.make(c).(MaskedLayer)
			wantMasked := []*mat.Dense{mat.DenseCopyOf(ref.ForwardMasked(x, m, true)), mat.DenseCopyOf(ref.Backward(g))}
			wantPlain := stepResults(lc.make(c), x, g)

			l := lc.make(c).(MaskedLayer)
			l.ForwardMasked(x, m, true)
			l.Forward(other, false)
			assertSameEntries(t, wantMasked[1], l.Backward(g), "Backward after an unmasked inference")
			got := stepResults(l, x, g)
			for k := range wantPlain {
				assertSameEntries(t, wantPlain[k], got[k], "Forward after ForwardMasked")
			}
			l.Forward(x, true)
			l.ForwardMasked(other, CausalMask(r+3, c, 0), false)
			assertSameEntries(t, wantPlain[1], l.Backward(g), "Backward after a masked inference")
			assertSameEntries(t, wantPlain[0], l.ForwardMasked(x, nil, true), "a nil mask")
			assertSameEntries(t, wantPlain[1], l.Backward(g), "Backward of a nil mask")
		})
	}
}

func TestMaskConstructors(t *testing.T) {
	T, F := true, false
	for _, tc := range []struct {
		name   string
		m      *Mask
		want   []bool // row-major
		prefix bool   // stored as prefix lengths
	}{
		{"NewMask", NewMask(2, 3, []bool{T, F, T, F, F, F}), []bool{T, F, T, F, F, F}, false},
		{"NewMask of prefixes", NewMask(2, 3, []bool{T, T, F, T, T, T}), []bool{T, T, F, T, T, T}, true},
		{"PaddingMask", PaddingMask(3, 2, []int{0, 2, 1}), []bool{F, F, T, T, T, F}, true},
		{"CausalMask", CausalMask(3, 3, 0), []bool{T, F, F, T, T, F, T, T, T}, true},
		{"CausalMask of a cache", CausalMask(2, 4, 2), []bool{T, T, T, F, T, T, T, T}, true},
		{"CausalMask, negative offset", CausalMask(3, 2, -1), []bool{F, F, T, F, T, T}, true},
		{"CausalMask, largest offset", CausalMask(2, 2, math.MaxInt), []bool{T, T, T, T}, true},
		{"CausalMask, least offset", CausalMask(2, 2, math.MinInt), []bool{F, F, F, F}, true},
		{"And of prefixes", CausalMask(3, 3, 0).And(PaddingMask(3, 3, []int{3, 1, 2})), []bool{T, F, F, T, F, F, T, T, F}, true},
		{"And", CausalMask(2, 3, 1).And(NewMask(2, 3, []bool{F, T, T, T, F, T})), []bool{F, T, F, T, F, T}, false},
		{"And making prefixes", NewMask(2, 2, []bool{T, F, F, T}).And(NewMask(2, 2, []bool{T, T, F, F})), []bool{T, F, F, F}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, c := tc.m.Dims()
			require.Equal(t, len(tc.want), r*c)
			for i := range r {
				for j := range c {
					assert.Equal(t, tc.want[i*c+j], tc.m.Kept(i, j), "(%d, %d)", i, j)
				}
			}
			assert.Equal(t, tc.prefix, tc.m.keep == nil, "stored as prefixes")
		})
	}
	// The constructors copy their slices.
	keep, lengths := []bool{T, F, T, T}, []int{1, 2}
	k, p := NewMask(2, 2, keep), PaddingMask(2, 2, lengths)
	keep[0], lengths[0] = F, 0
	assert.True(t, k.Kept(0, 0))
	assert.True(t, p.Kept(0, 0))
}

func TestMaskMisuse(t *testing.T) {
	x := mat.NewDense(2, 3, nil)
	m := CausalMask(2, 3, 0)
	for _, tc := range []struct {
		name string
		run  func()
		want string
	}{
		{"NewMask length", func() { NewMask(2, 3, make([]bool, 5)) }, "activation: NewMask: keep has length 5, want rows·cols = 6"},
		{"NewMask shape", func() { NewMask(0, 3, nil) }, "activation: NewMask: shape 0x3, want at least one row and one column"},
		{"PaddingMask lengths", func() { PaddingMask(2, 3, []int{1}) }, "activation: PaddingMask: lengths has length 1, want one for each of 2 rows"},
		{"PaddingMask long", func() { PaddingMask(2, 3, []int{1, 4}) }, "activation: PaddingMask: row 1 has length 4, want one in [0, 3]"},
		{"PaddingMask negative", func() { PaddingMask(2, 3, []int{-1, 0}) }, "activation: PaddingMask: row 0 has length -1, want one in [0, 3]"},
		{"CausalMask shape", func() { CausalMask(3, -1, 0) }, "activation: CausalMask: shape 3x-1, want at least one row and one column"},
		{"Kept", func() { m.Kept(2, 0) }, "activation: Mask.Kept: entry (2, 0) is outside a 2x3 mask"},
		{"Kept negative", func() { m.Kept(0, -1) }, "activation: Mask.Kept: entry (0, -1) is outside a 2x3 mask"},
		{"And nil", func() { m.And(nil) }, "activation: Mask.And: other is nil"},
		{"And shape", func() { m.And(CausalMask(3, 2, 0)) }, "activation: Mask.And: masks are 2x3 and 3x2"},
		{"shape", func() { NewSoftmax(1).ForwardMasked(x, CausalMask(2, 4, 0), true) }, "activation: Softmax.ForwardMasked: mask is 2x4, input is 2x3"},
		{"zero mask", func() { NewSparsemax().ForwardMasked(x, &Mask{}, false) }, "activation: Sparsemax.ForwardMasked: mask is 0x0, input is 2x3"},
		{"nil input", func() { NewSoftmin(1).ForwardMasked(nil, m, true) }, "activation: Softmin.ForwardMasked: input is nil"},
		{"temperature", func() { (&LogSoftmax{}).ForwardMasked(x, m, true) }, "activation: LogSoftmax.ForwardMasked: Temperature is 0, must be finite and positive"},
		{"epsilon", func() { (&Softmax{Temperature: 1, Epsilon: -1}).ForwardMasked(x, m, true) }, "activation: Softmax.ForwardMasked: Epsilon is -1, must be finite and non-negative"},
		{"element-wise", func() { NewReLU().ForwardMasked(x, m, true) }, "activation: ReLU.ForwardMasked: ReLU takes no mask: only the row-wise layers do (Softmax, LogSoftmax, Softmin, Sparsemax, Entmax15, Hardmax)"},
		{"gated", func() { NewGLU().ForwardMasked(x, nil, true) }, "activation: GLU.ForwardMasked: GLU takes no mask: only the row-wise layers do (Softmax, LogSoftmax, Softmin, Sparsemax, Entmax15, Hardmax)"},
		{"New", func() { New(math.Sin, math.Cos).ForwardMasked(x, m, false) }, "activation: Activation.ForwardMasked: Activation takes no mask: only the row-wise layers do (Softmax, LogSoftmax, Softmin, Sparsemax, Entmax15, Hardmax)"},
		{"zero Activation", func() { (&Activation{}).ForwardMasked(x, m, true) }, "activation: Activation.ForwardMasked: zero Activation: make one with New or a constructor such as NewReLU"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.PanicsWithValue(t, tc.want, tc.run) })
	}
	// A Forward after a ForwardMasked names itself.
	s := &Softmax{}
	assert.Panics(t, func() { s.ForwardMasked(x, m, true) })
	assert.PanicsWithValue(t, "activation: Softmax.Forward: Temperature is 0, must be finite and positive", func() { s.Forward(x, true) })
}

// TestMaskedStepsAllocateNothing: once a layer has seen its largest
// batch, masked steps on it and on smaller ones allocate nothing, with one
// mask or another of the same shape, prefixes or not.
func TestMaskedStepsAllocateNothing(t *testing.T) {
	skipUnderRace(t) // the rows gathered take their scratch from a sync.Pool
	rng := rand.New(rand.NewPCG(146, 147))
	const c = 34
	big, small := batch{randomDense(rng, 16, c, 3), randomDense(rng, 16, c, 1)}, batch{randomDense(rng, 6, c, 3), randomDense(rng, 6, c, 1)}
	bigMasks, smallMasks := testMasks(rng, 16, c), testMasks(rng, 6, c)
	for _, lc := range rowLayers() {
		t.Run(lc.name, func(t *testing.T) {
			l := lc.make(c).(MaskedLayer)
			l.ForwardMasked(big.x, bigMasks[3].m, true)
			l.Backward(big.g)
			steps := func() {
				for k := range bigMasks {
					for _, s := range []struct {
						b batch
						m *Mask
					}{{big, bigMasks[k].m}, {small, smallMasks[k].m}} {
						l.ForwardMasked(s.b.x, s.m, true)
						l.ForwardMasked(s.b.x, s.m, false)
						l.Backward(s.b.g)
					}
				}
			}
			assert.Zero(t, testing.AllocsPerRun(5, steps))
		})
	}
}

// TestMaskedClonesAcrossGoroutines runs clones of every masked layer in
// goroutines at once, all with one mask, and checks their results bit for
// bit against the same steps run alone; under -race it also shows that
// the mask is only read.
func TestMaskedClonesAcrossGoroutines(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	rng := rand.New(rand.NewPCG(148, 149))
	const r, c = 64, 600 // split among goroutines too
	masks := testMasks(rng, r, c)
	batches := make([]batch, 4)
	for i := range batches {
		batches[i] = batch{maskedInputs(rng, r, c, 3), randomDense(rng, r, c, 1)}
	}
	for _, lc := range rowLayers() {
		t.Run(lc.name, func(t *testing.T) {
			proto := lc.make(c).(MaskedLayer)
			run := func(l MaskedLayer, b batch, m *Mask) []*mat.Dense {
				return []*mat.Dense{mat.DenseCopyOf(l.ForwardMasked(b.x, m, true)), mat.DenseCopyOf(l.Backward(b.g))}
			}
			want := make([][]*mat.Dense, len(batches))
			for i, b := range batches {
				want[i] = run(proto.(Cloner).Clone().(MaskedLayer), b, masks[3+i%2].m)
			}
			got := make([][]*mat.Dense, len(batches))
			var wg sync.WaitGroup
			for i, b := range batches {
				clone := proto.(Cloner).Clone().(MaskedLayer)
				wg.Add(1)
				go func() {
					defer wg.Done()
					got[i] = run(clone, b, masks[3+i%2].m)
				}()
			}
			wg.Wait()
			for i := range want {
				for k := range want[i] {
					assertSameEntries(t, want[i][k], got[i][k], fmt.Sprintf("goroutine %d, result %d", i, k))
				}
			}
		})
	}
}

// TestMaskedResultsIndependentOfGOMAXPROCS checks that a masked batch
// split among goroutines gives the same bits on one, two or three.
func TestMaskedResultsIndependentOfGOMAXPROCS(t *testing.T) {
	rng := rand.New(rand.NewPCG(150, 151))
	const r, c = 96, 1024
	x, g := maskedInputs(rng, r, c, 3), randomDense(rng, r, c, 1)
	masks := testMasks(rng, r, c)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, lc := range rowLayers()[:2] {
		for _, nm := range masks[2:5] {
			var want []*mat.Dense
			for _, procs := range []int{1, 2, 3} {
				runtime.GOMAXPROCS(procs)
				l := lc.make(c).(MaskedLayer)
				got := []*mat.Dense{mat.DenseCopyOf(l.ForwardMasked(x, nm.m, true)), mat.DenseCopyOf(l.Backward(g))}
				if want == nil {
					want = got
					continue
				}
				for k := range want {
					assertSameEntries(t, want[k], got[k], fmt.Sprintf("%s/%s on %d Ps, result %d", lc.name, nm.name, procs, k))
				}
			}
		}
	}
}

// TestMarshalAfterMasks: a masked step leaves nothing that Marshal sees.
func TestMarshalAfterMasks(t *testing.T) {
	rng := rand.New(rand.NewPCG(152, 153))
	x, g := randomDense(rng, 4, 5, 1), randomDense(rng, 4, 5, 1)
	for _, lc := range rowLayers() {
		l := lc.make(5).(MaskedLayer)
		want, err := Marshal(l)
		require.NoError(t, err)
		l.ForwardMasked(x, CausalMask(4, 5, 0), true)
		l.Backward(g)
		got, err := Marshal(l)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), lc.name)
	}
}

// TestOnlyRowLayersTakeMasks: of every layer, those of rowLayers take a
// mask, the other Activations panic saying that they take none, and the
// other types have no ForwardMasked.
func TestOnlyRowLayersTakeMasks(t *testing.T) {
	x := mat.NewDense(2, 4, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	var rows []string
	for _, lc := range rowLayers() {
		rows = append(rows, lc.name)
	}
	layers := allLayers()
	for _, gc := range gatedUnits() {
		layers = append(layers, layerCase{gc.name, func(int) Layer { return gc.make() }})
	}
	for _, lc := range layers {
		l, ok := lc.make(4).(MaskedLayer)
		switch {
		case slices.Contains(rows, lc.name):
			require.True(t, ok, lc.name)
			assert.NotPanics(t, func() { l.ForwardMasked(x, CausalMask(2, 4, 0), true) }, lc.name)
		case ok:
			name := layerName(l)
			assert.PanicsWithValue(t, "activation: "+name+".ForwardMasked: "+name+" takes no mask: only the row-wise layers do (Softmax, LogSoftmax, Softmin, Sparsemax, Entmax15, Hardmax)",
				func() { l.ForwardMasked(x, nil, false) }, lc.name)
		}
	}
}
