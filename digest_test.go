package activation

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

var updateDigests = flag.Bool("update-digests", false, "write testdata/digests.txt from this platform's results")

const digestFile = "testdata/digests.txt"

// TestDigests checks that every layer gives the same bits on this
// platform as on the one that wrote testdata/digests.txt: the SHA-256 of
// its training Forward, its Backward, its parameters' gradients and an
// inference Forward, over inputs that cover every binade, the special
// values and the tails, element-wise and row by row. CI runs it on amd64
// (with and without vectors), arm64 and s390x; `go test -run TestDigests
// -update-digests .` writes the table. Layers made by New are left out:
// their functions are the caller's.
func TestDigests(t *testing.T) {
	got := digests()
	if *updateDigests {
		var b strings.Builder
		b.WriteString("# SHA-256 of each layer's results on the inputs of digest_test.go; see TestDigests.\n")
		for _, name := range slices.Sorted(maps.Keys(got)) {
			fmt.Fprintf(&b, "%s %s\n", name, got[name])
		}
		require.NoError(t, os.WriteFile(digestFile, []byte(b.String()), 0o644))
		return
	}
	f, err := os.Open(digestFile)
	require.NoError(t, err)
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			name, sum, _ := strings.Cut(line, " ")
			want[name] = sum
		}
	}
	require.NoError(t, sc.Err())
	require.Equal(t, slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(got)), "the layers of %s", digestFile)
	for _, name := range slices.Sorted(maps.Keys(got)) {
		if got[name] != want[name] {
			t.Errorf("%s: results differ from those of %s", name, digestFile)
		}
	}
}

// digests returns the digest of every layer's results.
func digests() map[string]string {
	elems, rows, finite := digestElements(), digestRows(), digestFinite()
	general, causal := digestMasks(rows.Dims())
	out := map[string]string{}
	for _, lc := range allLayers() {
		if lc.name == "Activation" {
			continue
		}
		x := elems
		if rowwiseLayer(lc.make(1)) {
			x = rows
		}
		_, c := x.Dims()
		out[lc.name] = digestStep(func() Layer { return lc.make(c) }, x)
		if rowwiseLayer(lc.make(1)) {
			out[lc.name+"/masked"] = digestMaskedStep(lc.make(c).(MaskedLayer), x, general, causal)
		}
		if l := lc.make(c); len(l.Params()) > 0 && !rowwiseLayer(l) {
			// A NaN among the inputs makes a scalar parameter's gradient
			// NaN, whatever the rest: these digests see the gradients.
			out[lc.name+"/finite"] = digestStep(func() Layer { return lc.make(64) }, finite)
		}
	}
	for _, gc := range gatedUnits() {
		out[gc.name] = digestStep(func() Layer { return gc.make() }, elems)
	}
	out["CrossEntropy"] = digestCrossEntropy(rows, nil)
	out["CrossEntropy/masked"] = digestCrossEntropy(rows, general)
	out["CrossEntropyLabels"] = digestCrossEntropyLabels(rows, 0, ReduceMean, nil)
	out["CrossEntropyLabels/smoothed"] = digestCrossEntropyLabels(rows, 0.1, ReduceSum, nil)
	out["CrossEntropyLabels/masked"] = digestCrossEntropyLabels(rows, 0.1, ReduceMean, general)
	out["CrossEntropyLabels/causal"] = digestCrossEntropyLabels(rows, 0.2, ReduceSum, causal)
	out["BinaryCrossEntropy"] = digestBinaryCrossEntropy(elems, ReduceMean)
	out["BinaryCrossEntropy/finite"] = digestBinaryCrossEntropy(finite, ReduceSum)
	digestFloat32(out, elems, rows)
	return out
}

// digestFloat32 adds the digests of the float32 slice functions, named
// "float32/" and the layer's name: Forward and Backward of every
// element-wise layer on float32 inputs of every binade, the specials and
// a sweep; the row-wise layers' on the rows narrowed; the gated units'.
func digestFloat32(out map[string]string, elems, rows *mat.Dense) {
	rng := rand.New(rand.NewPCG(2026, 16))
	var x []float32
	for e := -149; e <= 127; e++ {
		v := float32(math.Ldexp(1+float64(rng.Float32()), e))
		if e == -149 {
			v = math.SmallestNonzeroFloat32
		}
		if !math.IsInf(float64(v), 0) {
			x = append(x, v, -v)
		}
	}
	for _, v := range elems.RawMatrix().Data {
		x = append(x, float32(v)) // the float64 specials and sweep, rounded
	}
	g := make([]float32, len(x))
	for i := range g {
		g[i] = 2*rng.Float32() - 1
	}
	for _, lc := range elementLayers() {
		if lc.name == "Activation" {
			continue
		}
		f, err := FuncOf[float32](lc.make(1))
		if err != nil {
			panic(err)
		}
		y, dx := make([]float32, len(x)), make([]float32, len(x))
		f.Forward(y, x)
		f.Backward(dx, g, x)
		out["float32/"+lc.name] = digest32(y, dx)
	}
	_, c := rows.Dims()
	xr := make([]float32, len(rows.RawMatrix().Data))
	for i, v := range rows.RawMatrix().Data {
		xr[i] = float32(v)
	}
	gr := make([]float32, len(xr))
	copy(gr, g)
	for _, lc := range allLayers() {
		f, err := RowFuncOf[float32](lc.make(c))
		if err != nil {
			continue
		}
		y, dx := make([]float32, len(xr)), make([]float32, len(xr))
		f.Forward(y, xr, c)
		f.Backward(dx, gr, y, c)
		out["float32/"+lc.name] = digest32(y, dx)
	}
	n := len(x) / 2
	for _, gc := range gatedUnits() {
		f, err := GatedFuncOf[float32](gc.make())
		if err != nil {
			panic(err)
		}
		gate, up := x[:n], x[n:2*n]
		y, dGate, dUp := make([]float32, n), make([]float32, n), make([]float32, n)
		f.Forward(y, gate, up)
		f.Backward(dGate, dUp, g[:n], gate, up)
		out["float32/"+gc.name] = digest32(y, dGate, dUp)
	}
}

// digest32 returns the digest of float32 slices' bits, every NaN as one,
// as writeBits takes them.
func digest32(slices ...[]float32) string {
	h := sha256.New()
	var b [4]byte
	for _, s := range slices {
		for _, v := range s {
			bits := math.Float32bits(v)
			if v != v {
				bits = 0x7fc00000
			}
			binary.LittleEndian.PutUint32(b[:], bits)
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rowwiseLayer reports whether l is one of the row-wise layers.
func rowwiseLayer(l Layer) bool {
	switch l := l.(type) {
	case *Softmax, *LogSoftmax, *Softmin:
		return true
	case *Activation:
		switch l.kernel.(type) {
		case sparseRows, hardmaxRows:
			return true
		}
	}
	return false
}

// digestElements returns the inputs of the element-wise layers: a value in
// every binade of both signs, the special values and a dense sweep of
// [-40, 40], 64 to a row. They are made from math/rand's PCG by exact
// operations only (NormFloat64 would call math.Exp), so that every
// platform makes the same.
func digestElements() *mat.Dense {
	rng := rand.New(rand.NewPCG(2026, 12))
	var xs []float64
	for e := -1074; e <= 1023; e++ {
		v := math.Ldexp(1+rng.Float64(), e)
		if e == -1074 {
			v = 5e-324
		}
		if !math.IsInf(v, 0) {
			xs = append(xs, v, -v)
		}
	}
	for _, v := range []float64{0, 0.5, 1, 1.25, 2, 3, 6, 0.84375, 1 / 0.35, 28, 37.5, 38, 40, 45, 354, 355, 708,
		708.5, 709, 709.8, 745, 745.2, 750, 1100, 2200, 1e154, 1e308, math.MaxFloat64, math.Inf(1)} {
		xs = append(xs, v, -v, math.Nextafter(v, 0), -math.Nextafter(v, 0))
	}
	xs = append(xs, math.NaN())
	// float64 rounds the products before the sums, as every platform then
	// does: a compiler that fuses would make other inputs.
	for range 1024 {
		xs = append(xs, float64(80*rng.Float64())-40)
	}
	for len(xs)%64 != 0 {
		xs = append(xs, float64(10*rng.Float64())-5)
	}
	return mat.NewDense(len(xs)/64, 64, xs)
}

// digestFinite returns finite inputs in [-40, 40], 64 to a row, made as
// digestElements makes its sweep.
func digestFinite() *mat.Dense {
	rng := rand.New(rand.NewPCG(2026, 15))
	xs := make([]float64, 16*64)
	for i := range xs {
		xs[i] = float64(80*rng.Float64()) - 40
	}
	return mat.NewDense(16, 64, xs)
}

// digestRows returns the inputs of the row-wise layers: rows of 37 values
// at scales from 1e-300 to 1e300, rows with ties, -Inf entries, +Inf
// entries, only -Inf, and a NaN.
func digestRows() *mat.Dense {
	rng := rand.New(rand.NewPCG(2026, 13))
	const c = 37
	var xs []float64
	row := func(f func(j int) float64) {
		for j := range c {
			xs = append(xs, f(j))
		}
	}
	for _, scale := range []float64{1e-300, 1e-5, 0.1, 1, 3, 30, 300, 1e10, 1e300} {
		for range 4 {
			row(func(int) float64 { return scale * (2*rng.Float64() - 1) })
		}
	}
	row(func(j int) float64 { return float64(j % 3) })
	row(func(j int) float64 { return choose(j%4 == 0, math.Inf(-1), 2*rng.Float64()) })
	row(func(j int) float64 { return choose(j%9 == 0, math.Inf(1), 2*rng.Float64()) })
	row(func(int) float64 { return math.Inf(-1) })
	row(func(j int) float64 { return choose(j == 5, math.NaN(), rng.Float64()) })
	row(func(j int) float64 { return choose(j%2 == 0, math.MaxFloat64, -math.MaxFloat64) })
	return mat.NewDense(len(xs)/c, c, xs)
}

// digestMasks returns the masks of the digests on the r x c row-wise
// inputs: one that keeps two entries in three, drawn from a PCG of its
// own, nothing in row 0 and not the NaN of digestRows, and the causal
// mask, whose rows are prefixes (and whose last rows keep the NaN).
func digestMasks(r, c int) (general, causal *Mask) {
	rng := rand.New(rand.NewPCG(2026, 16))
	keep := make([]bool, r*c)
	for k := range keep {
		keep[k] = k >= c && rng.IntN(3) != 0
	}
	keep[(r-2)*c+5] = false
	return NewMask(r, c, keep), CausalMask(r, c, 0)
}

// digestMaskedStep returns the digest of two training steps of l on x,
// masked by general, then by causal.
func digestMaskedStep(l MaskedLayer, x *mat.Dense, general, causal *Mask) string {
	h := sha256.New()
	r, c := x.Dims()
	for _, m := range []*Mask{general, causal} {
		writeBits(h, l.ForwardMasked(x, m, true))
		writeBits(h, l.Backward(digestGrad(r, c)))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// digestGrad returns the output gradient of a digest step: values in
// (-1, 1) from a PCG of its own.
func digestGrad(r, c int) *mat.Dense {
	rng := rand.New(rand.NewPCG(2026, 14))
	g := mat.NewDense(r, c, nil)
	g.Apply(func(int, int, float64) float64 { return 2*rng.Float64() - 1 }, g)
	return g
}

// digestStep returns the digest of a training step of a new layer on x
// and of a second new layer's inference Forward.
func digestStep(make func() Layer, x *mat.Dense) string {
	h := sha256.New()
	l := make()
	y := l.Forward(x, true)
	writeBits(h, y)
	r, c := y.Dims()
	writeBits(h, l.Backward(digestGrad(r, c)))
	for _, g := range gradients(l) {
		writeBits(h, g)
	}
	writeBits(h, make().Forward(x, false))
	return hex.EncodeToString(h.Sum(nil))
}

// digestCrossEntropy returns the digest of CrossEntropy's loss and
// gradient on the row-wise inputs, against soft targets, masked by mask
// unless it is nil: the targets are 0 at the classes it leaves out, but
// in the rows that keep none.
func digestCrossEntropy(x *mat.Dense, mask *Mask) string {
	r, c := x.Dims()
	target := digestGrad(r, c)
	target.Apply(func(i, j int, v float64) float64 {
		if mask != nil && mask.kept[i] > 0 && !mask.Kept(i, j) {
			return 0
		}
		return math.Abs(v)
	}, target)
	ce := NewCrossEntropy()
	return lossDigest(ce.LossMasked(x, target, mask), ce.Backward())
}

// digestCrossEntropyLabels returns the digest of CrossEntropyLabels's loss
// and gradient on the row-wise inputs, with class weights, 0 among them,
// masked by mask unless it is nil. The NaN row and the row of -Inf are
// ignored, and the rows with +Inf or ±MaxFloat64 labelled at their
// maximum; the others at a class the mask keeps whose logit is finite,
// or ignored where there is none; so that without smoothing the loss is
// finite.
func digestCrossEntropyLabels(x *mat.Dense, smoothing float64, reduction Reduction, mask *Mask) string {
	r, c := x.Dims()
	opts := CrossEntropyLabelsOptions{Weights: make([]float64, c), Ignore: true, IgnoreLabel: -1, Smoothing: smoothing, Reduction: reduction}
	for j := range c {
		opts.Weights[j] = float64(j%5) / 2
	}
	labels := make([]int, r)
	for i := range labels {
		idx := keptIndices(mask, i, c)
		row := pick(x.RawRowView(i), idx)
		if len(row) == 0 {
			continue // takes no part, with label 0
		}
		top := slices.Max(row)
		switch {
		case slices.ContainsFunc(row, math.IsNaN) || top == math.Inf(-1):
			labels[i] = -1
		case top >= math.MaxFloat64:
			labels[i] = idx[slices.Index(row, top)]
		default:
			labels[i] = idx[(7*i+1)%len(row)]
			for k := (7*i + 1) % len(row); row[k] == math.Inf(-1); k = (k + 1) % len(row) {
				labels[i] = idx[(k+1)%len(row)]
			}
		}
	}
	l := NewCrossEntropyLabels(&opts)
	return lossDigest(l.LossMasked(x, labels, mask), l.Backward())
}

// digestBinaryCrossEntropy returns the digest of BinaryCrossEntropy's loss
// and gradient on x, with targets in [0, 1), positive weights for the
// columns and weights for the elements, 0 among them.
func digestBinaryCrossEntropy(x *mat.Dense, reduction Reduction) string {
	r, c := x.Dims()
	target, weights := digestGrad(r, c), digestGrad(r, c)
	target.Apply(func(_, _ int, v float64) float64 { return math.Abs(v) }, target)
	weights.Apply(func(i, j int, v float64) float64 { return choose((i+j)%7 == 0, 0, 2*math.Abs(v)) }, weights)
	opts := BinaryCrossEntropyOptions{PosWeights: make([]float64, c), Reduction: reduction}
	for j := range c {
		opts.PosWeights[j] = float64(j%4) + 0.5
	}
	l := NewBinaryCrossEntropy(&opts)
	return lossDigest(l.Loss(x, target, weights), l.Backward())
}

// lossDigest returns the digest of a loss and its gradient.
func lossDigest(loss float64, grad *mat.Dense) string {
	h := sha256.New()
	writeBits(h, mat.NewDense(1, 1, []float64{loss}))
	writeBits(h, grad)
	return hex.EncodeToString(h.Sum(nil))
}

// writeBits writes the bits of m's elements, little-endian, every NaN as
// the same NaN: platforms make NaNs of different signs and payloads.
func writeBits(h interface{ Write([]byte) (int, error) }, m *mat.Dense) {
	r, c := m.Dims()
	var b [8]byte
	for i := range r {
		for j := range c {
			v := m.At(i, j)
			bits := math.Float64bits(v)
			if v != v {
				bits = 0x7ff8000000000000
			}
			binary.LittleEndian.PutUint64(b[:], bits)
			h.Write(b[:])
		}
	}
}
