package activation

import (
	"flag"
	"fmt"
	"maps"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// The library's own elementary functions, which give every platform the
// same bits, against 400-bit references over their whole domains.

func TestExpAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(120, 121))
	worst := 0.0
	check := func(x float64) {
		want := f64(bigExp(bf(x)))
		got := exp(x)
		u := ulps(got, want)
		worst = max(worst, u)
		assert.LessOrEqual(t, u, 1.0, "exp(%v) = %v, want %v", x, got, want)
	}
	for e := -30; e <= 9; e++ {
		for range points(100) {
			v := math.Ldexp(1+rng.Float64(), e)
			if v < 709.78 {
				check(v)
			}
			if v < 745 {
				check(-v)
			}
		}
	}
	for range points(20000) {
		check(-745 + 1454.7*rng.Float64())
	}
	for _, x := range []float64{0, -708, 709, 709.78, -709.5, -744.4, -745.13} {
		check(x)
	}
	t.Logf("worst error %v ulp", worst)
	assert.Equal(t, math.Inf(1), exp(709.8))
	assert.Equal(t, math.Inf(1), exp(math.Inf(1)))
	assert.Zero(t, exp(-745.2))
	assert.Zero(t, exp(math.Inf(-1)))
	assert.True(t, math.IsNaN(exp(math.NaN())))
	assert.Equal(t, 5e-324, exp(-744.44))
}

func TestLogAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(122, 123))
	worst := 0.0
	for e := -1074; e <= 1023; e++ {
		for range points(10) {
			x := math.Ldexp(1+rng.Float64(), e)
			if math.IsInf(x, 0) {
				continue
			}
			want := f64(bigLog(bf(x)))
			u := ulps(logOf(x), want)
			worst = max(worst, u)
			assert.LessOrEqual(t, u, 1.0, "log(%v) = %v, want %v", x, logOf(x), want)
		}
	}
	for n := 1.0; n <= 100; n++ {
		assert.LessOrEqual(t, ulps(logOf(n), f64(bigLog(bf(n)))), 1.0, "log(%v)", n)
	}
	t.Logf("worst error %v ulp", worst)
	assert.Equal(t, math.Inf(-1), logOf(0))
	assert.Equal(t, math.Inf(1), logOf(math.Inf(1)))
	assert.True(t, math.IsNaN(logOf(math.NaN())))
}

func TestLog1pAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(124, 125))
	worst := 0.0
	check := func(w float64) {
		want := f64(bigLog1p(bf(w)))
		u := ulps(log1p(w), want)
		worst = max(worst, u)
		assert.LessOrEqual(t, u, 1.0, "log1p(%v) = %v, want %v", w, log1p(w), want)
	}
	for e := -60; e <= 1023; e++ {
		for range points(10) {
			check(math.Ldexp(1+rng.Float64(), e))
		}
	}
	for range points(10000) {
		check(5 * rng.Float64())
	}
	check(1)
	check(math.Nextafter(1, 2))
	t.Logf("worst error %v ulp", worst)
}

func TestErfcAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(126, 127))
	worst := 0.0
	check := func(x float64) {
		want := f64(bigErfc(bf(x)))
		u := ulps(erfc(x), want)
		worst = max(worst, u)
		assert.LessOrEqual(t, u, 2.0, "erfc(%v) = %v, want %v", x, erfc(x), want)
	}
	for range points(4000) {
		check(-6 + 34*rng.Float64())
	}
	for e := -60; e <= 4; e++ {
		for range points(50) {
			v := math.Ldexp(1+rng.Float64(), e)
			check(v)
			check(-v)
		}
	}
	for _, x := range []float64{0, 0.25, 0.84375, 1.25, 1 / 0.35, 6, -6, 27.9, 28, -0.84375, -1.25} {
		check(x)
	}
	t.Logf("worst error %v ulp", worst)
	assert.Equal(t, 0.0, erfc(math.Inf(1)))
	assert.Equal(t, 2.0, erfc(math.Inf(-1)))
	assert.True(t, math.IsNaN(erfc(math.NaN())))
}

// The exact-value regression table, testdata/elementary.txt: the library's
// bits at the range splits and thresholds of exp, log, log1p and erfc, on
// both sides of each (the split and its float64 neighbours), and at inputs
// where a one-digit change of a coefficient moves the result by 1 ulp. The
// sweeps above allow an ulp or two, so they pass whichever way such a point
// rounds; the table does not. Each line holds a function's name, an input
// and the library's result as bits, and the 400-bit math/big reference
// rounded to float64 (reference_test.go): the test asks for the library's
// bits exactly and for them to be within the function's bound of the
// reference, which it computes again. The layers run on every vector path.
//
// To write the table again after a deliberate change of results:
//
//	go test -count=1 -run TestElementaryExactValues -update-elementary .
var updateElementary = flag.Bool("update-elementary", false, "write testdata/elementary.txt from this build's results")

const elementaryFile = "testdata/elementary.txt"

// exactFunc is one function of the table: lib computes the library's
// results for a batch of inputs (for the layers on the current vector
// path), ref the reference for one of them, bound the ulps allowed between
// the two. Row functions take all their inputs as one row.
type exactFunc struct {
	lib    func(x []float64) []float64
	ref    func(x []float64, i int) float64
	bound  float64
	layer  bool // run on every vector path
	points []float64
}

// neighbours returns x and the float64 values on either side of it.
func neighbours(xs ...float64) []float64 {
	var out []float64
	for _, x := range xs {
		out = append(out, math.Nextafter(x, math.Inf(-1)), x, math.Nextafter(x, math.Inf(1)))
	}
	return out
}

// scalar makes an exactFunc's lib and ref from a float64 function and its
// math/big reference.
func scalar(f func(float64) float64, ref func(*big.Float) *big.Float) (func([]float64) []float64, func([]float64, int) float64) {
	return func(x []float64) []float64 {
			y := make([]float64, len(x))
			for i, v := range x {
				y[i] = f(v)
			}
			return y
		}, func(x []float64, i int) float64 {
			return f64(ref(bf(x[i])))
		}
}

// forward returns l's inference results on x as one row.
func forward(l Layer) func([]float64) []float64 {
	return func(x []float64) []float64 {
		y := l.Forward(mat.NewDense(1, len(x), slices.Clone(x)), false)
		return slices.Clone(y.RawRowView(0))
	}
}

// bigExpChecked returns e^x, or a value past float64's range where e^x is
// (the series would take too long there).
func bigExpChecked(x *big.Float) *big.Float {
	if x.Cmp(bf(710)) > 0 {
		return bf(math.MaxFloat64).Mul(bf(math.MaxFloat64), bf(2))
	}
	if x.Cmp(bf(-746)) < 0 {
		return newBig()
	}
	return bigExp(x)
}

func exactFuncs() map[string]exactFunc {
	fs := map[string]exactFunc{}
	// Besides the splits, 48 inputs spread over each range: a coefficient
	// off in its last digits moves a few results in a hundred by 1 ulp.
	rng := rand.New(rand.NewPCG(130, 131))
	spread := func(lo, hi float64) []float64 {
		xs := make([]float64, 48)
		for i := range xs {
			xs[i] = lo + (hi-lo)*rng.Float64()
		}
		return xs
	}
	add := func(name string, f exactFunc) { fs[name] = f }

	lib, ref := scalar(exp, bigExpChecked)
	add("exp", exactFunc{lib: lib, ref: ref, bound: 1, points: append(append(append(neighbours(
		709.782712893384, 709.7827128933839, // the overflow threshold, and the last finite result
		709, logisticRange, -logisticRange, // where 2^k would overflow; expNeg's range
		-745.1332191019412, -744.4400719213812, // 0 below; the smallest subnormal
		0, -0x1p-54, 0x1p-54, math.Ln2/2, -math.Ln2/2),
		-695.5681734804425, 1, -1, 100, -100), spread(-745, 709.78)...), spread(-0.35, 0.35)...)})

	lib, ref = scalar(func(x float64) float64 { return mulExp(3, x) }, func(x *big.Float) *big.Float { return bigExpChecked(x).Mul(bf(3), bigExpChecked(x)) })
	add("mulExp3", exactFunc{lib: lib, ref: ref, bound: 1, points: neighbours(-708, -1100, -745.13, -720)})

	lib, ref = scalar(log1pUnit, bigLog1p)
	add("log1pUnit", exactFunc{lib: lib, ref: ref, bound: 1, points: append(append(neighbours(math.Sqrt2-1, 1, 0.5),
		0.38099360381057684, 0, 5e-324, 0x1p-60, 0x1p-30, 0.1716, 0.25, 0.75), spread(0, 1)...)})

	lib, ref = scalar(log1p, bigLog1p)
	add("log1p", exactFunc{lib: lib, ref: ref, bound: 1, points: append(neighbours(1, 2, 1e16, 0x1p53),
		0.38099360381057684, math.MaxFloat64, 3, 10)})

	lib, ref = scalar(logOf, bigLog)
	logPoints := append(neighbours(
		math.Sqrt2/2, math.Sqrt2, 1, 2, 0.5, math.Sqrt2*0x1p-600, math.Sqrt2/2*0x1p700,
		2.2250738585072014e-308, math.E),
		math.MaxFloat64, 5e-324, 1.1, 0.9, 1e300, 1e-300, 2.05, 1.3)
	for _, x := range spread(-40, 40) {
		logPoints = append(logPoints, math.Exp(x)) // log-uniform
	}
	add("log", exactFunc{lib: lib, ref: ref, bound: 1, points: append(logPoints, spread(0.7, 1.42)...)})

	lib, ref = scalar(erfc, bigErfc)
	var erfcPoints []float64
	for _, x := range []float64{erfTiny, 0.25, erfSmall, erfMedium, erfSplit, 6, erfBig, 14.916162872462072 / math.Sqrt2, 1.5, 3, 10, 20, 0.5} {
		erfcPoints = append(erfcPoints, neighbours(x, -x)...)
	}
	erfcPoints = append(append(erfcPoints, spread(-6, 6)...), spread(6, 28)...)
	// erfc is "within about 1 ulp", held to 2 as TestErfcAgainstHighPrecision.
	add("erfc", exactFunc{lib: lib, ref: ref, bound: 2, points: erfcPoints})

	add("Sigmoid", exactFunc{lib: forward(NewSigmoid()), layer: true, bound: 1,
		ref: func(x []float64, i int) float64 { y, _ := refSigmoid(x[i]); return y },
		points: append(append(neighbours(-logisticRange, logisticRange, 0, 36.7, -36.7),
			-695.5681734804425, -700, 700, 1, -1, -744, -745.5), spread(-40, 40)...)})

	// GELU is held to TestSmoothLayersAgainstHighPrecision's 4 ulp: x·Φ(x)
	// rounds twice after erfc, and is 2 ulp off at three of these points.
	add("GELU", exactFunc{lib: forward(NewGELU()), layer: true, bound: 4,
		ref: func(x []float64, i int) float64 { y, _ := refGELU(x[i]); return y },
		points: append(neighbours(-14.916162872462072, -geluRange, geluRange, -erfSmall*math.Sqrt2, -erfMedium*math.Sqrt2,
			-erfSplit*math.Sqrt2, erfSplit*math.Sqrt2, -6*math.Sqrt2, -erfBig*math.Sqrt2),
			-1, 1, -3, 3, -10, -20, -30)})

	add("Softplus", exactFunc{lib: forward(NewSoftplus(1, 20)), layer: true, bound: 1,
		ref: func(x []float64, i int) float64 { y, _ := refSoftplus(1, 20)(x[i]); return y },
		// e^-|x| = √2 - 1, log1pUnit's split, and 0.38099360381057684.
		points: append(append(neighbours(0.881373587019543, -0.881373587019543, 0.9649531060806542, -0.9649531060806542),
			0, 1, -1, 5, -5, -30, 19, -700), spread(-30, 30)...)})

	// LogSoftmax of the row [0, 0, 0.3]: x - log(2 + e^0.3), whose log
	// needs its correction term.
	add("LogSoftmax[0,0,0.3]", exactFunc{lib: forward(NewLogSoftmax(1)), layer: true, bound: 1,
		ref: func(x []float64, i int) float64 {
			sum := newBig()
			for _, v := range x {
				sum.Add(sum, bigExp(bf(v)))
			}
			return f64(newBig().Sub(bf(x[i]), bigLog(sum)))
		},
		points: []float64{0, 0, 0.3}})
	return fs
}

func TestElementaryExactValues(t *testing.T) {
	fs := exactFuncs()
	if *updateElementary {
		var b strings.Builder
		b.WriteString(`# The library's exact results at the range splits and thresholds of its
# elementary functions and of the layers built on them, and the 400-bit
# math/big reference of reference_test.go rounded to float64: function,
# input, library result, reference, as float64 bits in hex, then the
# decimals. Written by TestElementaryExactValues (elementary_test.go):
#	go test -count=1 -run TestElementaryExactValues -update-elementary .
# Rows of LogSoftmax are the inputs of one function, in order.
`)
		for _, name := range slices.Sorted(maps.Keys(fs)) {
			f := fs[name]
			ys := f.lib(f.points)
			for i, x := range f.points {
				r := f.ref(f.points, i)
				fmt.Fprintf(&b, "%s %016x %016x %016x # %v %v %v\n", name, math.Float64bits(x), math.Float64bits(ys[i]), math.Float64bits(r), x, ys[i], r)
			}
		}
		require.NoError(t, os.WriteFile(elementaryFile, []byte(b.String()), 0o644))
	}
	data, err := os.ReadFile(elementaryFile)
	require.NoError(t, err)
	type entry struct{ x, y, ref uint64 }
	table := map[string][]entry{}
	for line := range strings.Lines(string(data)) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		var name string
		var e entry
		_, err := fmt.Sscanf(line, "%s %x %x %x", &name, &e.x, &e.y, &e.ref)
		require.NoError(t, err, line)
		table[name] = append(table[name], e)
	}
	require.ElementsMatch(t, slices.Collect(maps.Keys(fs)), slices.Collect(maps.Keys(table)))
	for name, entries := range table {
		f := fs[name]
		x := make([]float64, len(entries))
		for i, e := range entries {
			x[i] = math.Float64frombits(e.x)
		}
		paths := []vectorPath{{"Go", false, false}}
		if f.layer {
			paths = vectorPaths()
		}
		for i, e := range entries {
			want, ref := math.Float64frombits(e.y), f.ref(x, i)
			assert.Equal(t, e.ref, math.Float64bits(ref), "%s(%v): the reference is %v, the table has %v", name, x[i], ref, math.Float64frombits(e.ref))
			assert.LessOrEqual(t, ulps(want, ref), f.bound, "%s(%v) = %v in the table, %v ulp from the reference %v", name, x[i], want, ulps(want, ref), ref)
		}
		for _, p := range paths {
			p.run(func() {
				ys := f.lib(x)
				for i, e := range entries {
					assert.Equal(t, e.y, math.Float64bits(ys[i]), "%s(%v) on %s = %v, the table has %v", name, x[i], p.name, ys[i], math.Float64frombits(e.y))
				}
			})
		}
	}
}
