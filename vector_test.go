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

// vectorPath is one way the kernels can run on this CPU and build.
type vectorPath struct {
	name            string
	vectors, avx512 bool
}

// vectorPaths returns the paths this CPU and build can take, widest
// first; the last takes no vectors at all.
func vectorPaths() []vectorPath {
	var paths []vectorPath
	if useAVX512 {
		paths = append(paths, vectorPath{"AVX-512", true, true})
	}
	if useVectors {
		name := "AVX2"
		if runtime.GOARCH == "arm64" {
			name = "NEON"
		}
		paths = append(paths, vectorPath{name, true, false})
	}
	return append(paths, vectorPath{"Go", false, false})
}

// run runs f with the kernels on path p, then restores what the CPU has.
func (p vectorPath) run(f func()) {
	vectors, avx512 := useVectors, useAVX512
	defer func() { useVectors, useAVX512 = vectors, avx512 }()
	useVectors, useAVX512 = p.vectors, p.avx512
	f()
}

// TestVectorKernelsMatchElements runs the logistic kernels on every
// vector path the CPU has over every length up to 40 from unaligned
// starts, with out-of-range values and NaN among the data, and checks every
// element bit for bit against the element-wise function.
func TestVectorKernelsMatchElements(t *testing.T) {
	t.Logf("vector paths: %v", vectorPaths())
	rng := rand.New(rand.NewPCG(50, 51))
	specials := []float64{nan, inf, -inf, 708, -708, math.Nextafter(708, 1000), -709, 354, -355, 0.625, -0.6, 1e-310, 1e308, -800, 0, math.Copysign(0, -1), 3, -3, math.Nextafter(3, 4), math.Nextafter(-3, -4), 1, -1, 2, -0.5, math.Nextafter(2, 0), math.Nextafter(-1, 0), 1e-160, -1e200, 0x1p500, -0x1p-500, 1.25, math.Nextafter(1.25, 2), -0.999, 1e-5,
		// The exact GELU's: erfc's intervals at th = -x/√2, and its range.
		-geluRange, geluRange, math.Nextafter(-geluRange, -40), 0x1p-55, -0x1p-55, 1.19, -1.19, 1.77, -1.77, 4.04, -4.04, 8.48, -8.48, 36, -36,
		// Softcap's with c = 2: x/c at 2^-27 and at tanhRange.
		0x1p-26, -0x1p-26, math.Nextafter(0x1p-26, 0), 2 * tanhRange, math.Nextafter(2*tanhRange, 1000),
		// The clipped GELU's bounds, and Laplace's z = ±geluRange with σ = 1.25.
		10, math.Nextafter(10, 11), 1.5, -0.1, -3 + 1.25*geluRange, -3 - 1.25*geluRange, -3 - 1.25*46}
	for _, k := range []struct {
		name   string
		kernel elementwise
		elem   func(float64) (float64, float64)
	}{
		{"Sigmoid", sigmoidKernel, sigmoidElem},
		{"Swish", swishKernel, swishElem},
		{"Tanh", tanhKernel, tanhElem},
		{"Exp", exponentialKernel, exponential},
		{"ReLU", throughCodes(reluKernel{}), reluElem},
		{"Hardtanh", throughCodes(hardtanh(-0.5, 2)), pieceElem(hardtanh(-0.5, 2))},
		{"Softshrink", throughCodes(NewSoftshrink(1).coded), pieceElem(NewSoftshrink(1).coded.(*piecewise))},
		{"SparseSigmoid", throughCodes(NewSparseSigmoid().coded), pieceElem(NewSparseSigmoid().coded.(*piecewise))},
		{"Shrink", throughCodes(NewShrink(1, -0.3).coded), pieceElem(NewShrink(1, -0.3).coded.(*piecewise))},
		{"LogSigmoid", NewLogSigmoid().kernel.(elementwise), logSigmoid},
		{"Softsign", NewSoftsign().kernel.(elementwise), softsign},
		{"SparsePlus", NewSparsePlus().kernel.(elementwise), sparsePlus},
		{"Squareplus", NewSquareplus(4).kernel.(elementwise), func(x float64) (float64, float64) { return squareplus(x, 4) }},
		{"Squareplus/0", NewSquareplus(0).kernel.(elementwise), func(x float64) (float64, float64) { return squareplus(x, 0) }},
		{"CELU", NewCELU(0.3).kernel.(elementwise), func(x float64) (float64, float64) { return celu(x, 0.3) }},
		{"Tanhshrink", NewTanhshrink().kernel.(elementwise), tanhshrink},
		{"GELUTanh", NewGELUTanh().kernel.(elementwise), geluTanh},
		{"GELU", geluKernel, gelu},
		{"Mish", NewMish().kernel.(elementwise), mish},
		{"HardSigmoid", NewHardSigmoid().kernel.(elementwise), hardSigmoid},
		{"HardSwish", NewHardSwish().kernel.(elementwise), hardSwish},
		{"HardSigmoidAffine", throughCodes(NewHardSigmoidAffine(0.5, 0.5).coded), pieceElem(NewHardSigmoidAffine(0.5, 0.5).coded.(*piecewise))},
		{"HardSigmoidAffine/-", throughCodes(NewHardSigmoidAffine(-0.25, 0.25).coded), pieceElem(NewHardSigmoidAffine(-0.25, 0.25).coded.(*piecewise))},
		{"HardSigmoidAffine/0", throughCodes(NewHardSigmoidAffine(0, 0.25).coded), pieceElem(NewHardSigmoidAffine(0, 0.25).coded.(*piecewise))},
		{"LeakyReLU", throughCodes(NewLeakyReLU(0.1).coded), func(x float64) (float64, float64) { d, _, _ := leakyBackward(x, 0.1, 1); return leaky(x, 0.1), d }},
		{"LeakyReLU/0", throughCodes(NewLeakyReLU(0).coded), func(x float64) (float64, float64) { return leaky(x, 0), leakyDeriv(x, 0) }},
		{"ReGLU's gate", leakyKernel(0), func(x float64) (float64, float64) { return leaky(x, 0), leakyDeriv(x, 0) }},
		{"SELU", NewSELU().kernel.(elementwise), func(x float64) (float64, float64) { return elu(x, seluScale, seluScale*seluAlpha) }},
		{"ScaledELU", NewScaledELU(0.5, -2).kernel.(elementwise), func(x float64) (float64, float64) { return elu(x, -2, -1) }},
		{"Softplus", NewSoftplus(1.5, 20).kernel.(elementwise), func(x float64) (float64, float64) { return softplus(x, 1.5, 20) }},
		{"Softplus/0.1", NewSoftplus(0.1, 1000).kernel.(elementwise), func(x float64) (float64, float64) { return softplus(x, 0.1, 1000) }},
		{"SqrtSoftplus", NewSqrtSoftplus().kernel.(elementwise), sqrtSoftplus},
		{"ReLUSquared", NewReLUSquared().kernel.(elementwise), reluSquared},
		{"QuickGELU", NewQuickGELU().kernel.(elementwise), func(x float64) (float64, float64) { y, dy, _ := swishBeta(x, quickGELUBeta); return y, dy }},
		{"Softcap", NewSoftcap(2).kernel.(elementwise), func(x float64) (float64, float64) { return softcap(x, 2) }},
		{"Softcap/1e-3", NewSoftcap(1e-3).kernel.(elementwise), func(x float64) (float64, float64) { return softcap(x, 1e-3) }},
		{"Softcap/1e300", NewSoftcap(1e300).kernel.(elementwise), func(x float64) (float64, float64) { return softcap(x, 1e300) }},
		{"ClippedGELU", NewClippedGELU(-10, 10).kernel.(elementwise), func(x float64) (float64, float64) { return clippedGELU(x, -10, 10) }},
		{"ClippedGELU/tight", NewClippedGELU(-0.1, 1.5).kernel.(elementwise), func(x float64) (float64, float64) { return clippedGELU(x, -0.1, 1.5) }},
		{"Laplace", NewLaplace(0.707107, 0.282095).kernel.(elementwise), func(x float64) (float64, float64) { return laplace(x, 0.707107, 0.282095, invSqrt2Pi/0.282095) }},
		{"Laplace/wide", NewLaplace(-3, 1.25).kernel.(elementwise), func(x float64) (float64, float64) { return laplace(x, -3, 1.25, invSqrt2Pi/1.25) }},
	} {
		for _, path := range vectorPaths() {
			for n := 0; n <= 40; n++ {
				for off := range 4 {
					t.Run(fmt.Sprintf("%s/%s/n=%d/off=%d", k.name, path.name, n, off), func(t *testing.T) {
						path.run(func() { checkKernel(t, rng, k.kernel, k.elem, specials, n, off) })
					})
				}
			}
		}
	}
}

// reluElem is relu with the derivative its code stands for.
func reluElem(x float64) (y, dy float64) {
	y, code := relu(x)
	return y, reluDerivs[code]
}

// pieceElem returns the Go loop of p on one element, with the derivative
// its code stands for.
func pieceElem(p *piecewise) func(float64) (float64, float64) {
	return func(x float64) (float64, float64) {
		var y [1]float64
		var code [1]byte
		p.loop(y[:], code[:], []float64{x})
		return y[0], p.d[code[0]]
	}
}

// throughCodes runs a coded kernel as the other kernels run: the codes it
// saves are turned into the derivatives they stand for by mulCodes, as
// Backward turns them, with a gradient of ones.
func throughCodes(k codedKernel) elementwise {
	return func(y, dy, x []float64, stream bool) {
		if dy == nil {
			k.forwardCodes(y, nil, x, stream)
			return
		}
		codes, ones := make([]byte, len(x)), make([]float64, len(x))
		for i := range ones {
			ones[i] = 1
		}
		k.forwardCodes(y, codes, x, stream)
		mulCodes(dy[:len(x)], ones, codes, k.derivs(), stream)
	}
}

// checkKernel runs kernel on n random values, some of them specials, from
// offset off, and checks each element bit for bit against elem: with
// stream for a training step, which writes around the caches where the
// start is aligned, and without for inference.
func checkKernel(t *testing.T, rng *rand.Rand, kernel elementwise, elem func(float64) (float64, float64), specials []float64, n, off int) {
	x := make([]float64, off+n)
	for i := range x {
		x[i] = 30 * rng.NormFloat64()
		if rng.IntN(8) == 0 {
			x[i] = specials[rng.IntN(len(specials))]
		}
	}
	y, dy := make([]float64, off+n), make([]float64, off+n)
	kernel(y[off:], dy[off:], x[off:], true)
	yOnly := make([]float64, off+n)
	kernel(yOnly[off:], nil, x[off:], false)
	for i := off; i < off+n; i++ {
		wantY, wantDy := elem(x[i])
		require.Zero(t, ulps(y[i], wantY), "y(%v) = %v, want %v", x[i], y[i], wantY)
		require.Zero(t, ulps(dy[i], wantDy), "y'(%v) = %v, want %v", x[i], dy[i], wantDy)
		require.Zero(t, ulps(yOnly[i], wantY), "inference y(%v)", x[i])
	}
}

// TestExpNegAgainstHighPrecision sweeps the whole domain of expNeg, the
// exponential of the vector kernels, against math/big: every binade of
// [2^-30, 708] and a dense sweep of [0, 708].
func TestExpNegAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(52, 53))
	worst := 0.0
	check := func(a float64) {
		want := f64(bigExp(bf(-a)))
		u := ulps(expNeg(a), want)
		worst = max(worst, u)
		assert.LessOrEqual(t, u, 1.0, "e^-%v = %v, want %v", a, expNeg(a), want)
	}
	for e := -30; e <= 9; e++ {
		for range points(200) {
			check(min(math.Ldexp(1+rng.Float64(), e), logisticRange))
		}
	}
	for range points(20000) {
		check(logisticRange * rng.Float64())
	}
	check(0)
	check(logisticRange)
	t.Logf("worst error %v ulp", worst)

	// Millions more against math.Exp, itself within 1 ulp: two functions
	// within 1 ulp of the truth are within 2 of each other.
	for i := range points(4_000_000) {
		a := logisticRange * rng.Float64()
		if i%2 == 0 {
			a = min(math.Ldexp(1+rng.Float64(), rng.IntN(60)-50), logisticRange)
		}
		if u := ulps(expNeg(a), math.Exp(-a)); u > 2 {
			t.Fatalf("e^-%v = %v, math.Exp gives %v", a, expNeg(a), math.Exp(-a))
		}
	}
}

func TestLog1pUnitAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(62, 63))
	worst := 0.0
	check := func(w float64) {
		want := f64(bigLog1p(bf(w)))
		u := ulps(log1pUnit(w), want)
		worst = max(worst, u)
		assert.LessOrEqual(t, u, 1.0, "log1p(%v) = %v, want %v", w, log1pUnit(w), want)
	}
	for e := -1074; e <= 0; e++ {
		for range points(20) {
			check(min(math.Ldexp(1+rng.Float64(), e), 1))
		}
	}
	for range points(20000) {
		check(rng.Float64())
	}
	for _, w := range []float64{0, 5e-324, math.Sqrt2 - 1, math.Nextafter(math.Sqrt2-1, 1), 1, math.Nextafter(1, 2)} {
		check(w)
	}
	t.Logf("worst error %v ulp", worst)

	// Millions more against math.Log1p, itself within 1 ulp.
	for i := range points(4_000_000) {
		w := rng.Float64()
		if i%2 == 0 {
			w = math.Ldexp(1+rng.Float64(), -rng.IntN(60)-1)
		}
		if u := ulps(log1pUnit(w), math.Log1p(w)); u > 2 {
			t.Fatalf("log1p(%v) = %v, math.Log1p gives %v", w, log1pUnit(w), math.Log1p(w))
		}
	}
}

// TestShiftExpVectorMatchesElements does the same for the exponentials of
// Softmax and LogSoftmax, with rows that need halving and a subnormal τ,
// and logits whose z falls where e^z is subnormal or 0.
func TestShiftExpVectorMatchesElements(t *testing.T) {
	rng := rand.New(rand.NewPCG(54, 55))
	for _, tc := range []struct {
		name       string
		tau, scale float64
	}{
		{"plain", 1, 30}, {"spread", 1, 400}, {"cold", 1e-3, 0.5}, {"subnormal τ", 1e-310, 1e-308}, {"halved", 1, 1e308},
	} {
		for _, path := range vectorPaths() {
			for n := 0; n <= 40; n++ {
				for off := range 4 {
					t.Run(fmt.Sprintf("%s/%s/n=%d/off=%d", tc.name, path.name, n, off), func(t *testing.T) {
						x := make([]float64, off+n)
						for i := range x {
							x[i] = max(-math.MaxFloat64, min(math.MaxFloat64, tc.scale*rng.NormFloat64()))
							if rng.IntN(10) == 0 {
								x[i] = -inf
							}
						}
						hi, lo := math.Inf(-1), math.Inf(1)
						for _, v := range x[off:] {
							hi, lo = max(hi, v), min(lo, v)
						}
						if n == 0 || math.IsInf(hi, 0) {
							return
						}
						sh := newShift(hi, lo, tc.tau)
						y := make([]float64, off+n)
						path.run(func() { sh.exps(y[off:], x[off:]) })
						for i := off; i < off+n; i++ {
							require.Zero(t, ulps(y[i], sh.exp(x[i])), "e^z(%v) = %v, want %v", x[i], y[i], sh.exp(x[i]))
						}
						// Summed as they are made, as Softmax does: the same bits again, and
						// the sum laneSum's.
						fused := make([]float64, off+n)
						var l lanes
						path.run(func() {
							k := shiftExpVector(fused[off:], x[off:], &sh, &l)
							if k < n { // stopped at a subnormal e^z
								require.Zero(t, k%laneCount, "summed %d", k)
							}
							sh.exps(fused[off+k:], x[off+k:])
							l.addAll(fused[off+k:], -1)
						})
						require.Equal(t, y, fused)
						sum := l.total()
						require.Zero(t, ulps(sum.value(), laneSum(y[off:], -1)), "sum of %d", n)
					})
				}
			}
		}
	}
}

func TestMulVectorMatchesScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(56, 57))
	for n := 0; n <= 70; n++ {
		for off := range 4 {
			a, b, dst := make([]float64, off+n), make([]float64, off+n), make([]float64, off+n)
			for i := range a {
				a[i], b[i] = rng.NormFloat64(), rng.NormFloat64()
			}
			if len(a) > 0 {
				a[rng.IntN(len(a))], b[rng.IntN(len(b))] = nan, inf
			}
			mul(dst[off:], a[off:], b[off:], false)
			for i := off; i < off+n; i++ {
				require.Zero(t, ulps(dst[i], a[i]*b[i]), "n=%d off=%d i=%d", n, off, i)
			}
		}
	}
}

// TestVectorPathsMatchScalar runs a training step of every layer with the
// vector kernels and again without them, on data with special values and
// rows whose length is not a multiple of four, and checks that the
// results agree bit for bit.
func TestVectorPathsMatchScalar(t *testing.T) {
	paths := vectorPaths()
	if len(paths) == 1 {
		t.Skip("no vector kernels on this CPU or build")
	}
	rng := rand.New(rand.NewPCG(58, 59))
	const r, c = 37, 23
	finite, g := randomDense(rng, r, c, 20), randomDense(rng, r, c, 1)
	x := mat.DenseCopyOf(finite)
	specials := []float64{nan, inf, -inf, 0, math.Copysign(0, -1), 1e-310, 800, -800, 1e308}
	for k := range 40 {
		x.Set(rng.IntN(r), rng.IntN(c), specials[k%len(specials)])
	}
	for _, lc := range allLayers() {
		t.Run(lc.name, func(t *testing.T) {
			// The finite input too: a NaN in x makes a scalar parameter's
			// gradient NaN on every path, which would hide a difference.
			for _, in := range []*mat.Dense{x, finite} {
				var want []*mat.Dense
				paths[0].run(func() { want = stepResults(lc.make(c), in, g) })
				for _, p := range paths[1:] {
					var got []*mat.Dense
					p.run(func() { got = stepResults(lc.make(c), in, g) })
					for k := range want {
						assert.True(t, sameBits(want[k], got[k]), "result %d differs between %s and %s", k, paths[0].name, p.name)
					}
				}
			}
		})
	}
}

// sameBits reports whether a and b have one shape and equal elements, NaN
// matching NaN and a zero only a zero of its sign. It compares values, not
// bit patterns, and signs of zeros only: the race detector checks every
// math.Float64bits, which made this a fifth of the streaming test's time.
func sameBits(a, b *mat.Dense) bool {
	ar, ac := a.Dims()
	if br, bc := b.Dims(); ar != br || ac != bc {
		return false
	}
	for i := range ar {
		rb := b.RawRowView(i)
		for j, v := range a.RawRowView(i) {
			if w := rb[j]; v != w && (v == v || w == w) || v == 0 && math.Signbit(v) != math.Signbit(w) {
				return false
			}
		}
	}
	return true
}

// TestSignedZeroRows runs rows made of signed zeros and -Inf through
// Softmax and LogSoftmax with and without vectors: the signs of the zeros
// that come out must agree too.
func TestSignedZeroRows(t *testing.T) {
	paths := vectorPaths()
	if len(paths) == 1 {
		t.Skip("no vector kernels on this CPU or build")
	}
	negZero := math.Copysign(0, -1)
	for _, row := range [][]float64{
		{negZero, -inf, -inf, -inf, -inf},
		{0, negZero, -inf, -inf, 0, -inf, -inf, -inf},
		{negZero, negZero, negZero, negZero},
	} {
		for _, make := range []func() Layer{func() Layer { return NewSoftmax(1) }, func() Layer { return NewLogSoftmax(1) }} {
			x := mat.NewDense(1, len(row), row)
			g := mat.NewDense(1, len(row), nil)
			var want []*mat.Dense
			paths[0].run(func() { want = stepResults(make(), x, g) })
			for _, p := range paths[1:] {
				var got []*mat.Dense
				p.run(func() { got = stepResults(make(), x, g) })
				for k := range want {
					for j := range row {
						w, v := want[k].At(0, j), got[k].At(0, j)
						assert.True(t, ulps(w, v) == 0 && math.Signbit(w) == math.Signbit(v), "row %v, result %d[%d]: %s %v, %s %v", row, k, j, paths[0].name, w, p.name, v)
					}
				}
			}
		}
	}
}

// TestRowKernelsMatchScalar checks the row kernels of Softmax and
// LogSoftmax, with and without vectors, over every length up to 40: the
// lane sums (skipping any one element), the search for the first maximum,
// the dot product and the row scan.
func TestRowKernelsMatchScalar(t *testing.T) {
	paths := vectorPaths()
	if len(paths) == 1 {
		t.Skip("no vector kernels on this CPU or build")
	}
	rng := rand.New(rand.NewPCG(60, 61))
	each := func(f func()) {
		for _, p := range paths {
			p.run(f)
		}
	}
	for n := 0; n <= 40; n++ {
		x, g := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i], g[i] = rng.NormFloat64()*math.Ldexp(1, rng.IntN(40)-20), rng.NormFloat64()
			if rng.IntN(9) == 0 {
				x[i] = math.Copysign(0, -1)
			}
		}
		for _, skip := range []int{-1, 0, n / 2, n - 1, n - 3} {
			var got []float64
			each(func() { got = append(got, laneSum(x, skip)) })
			for _, v := range got[1:] {
				require.Zero(t, ulps(got[0], v), "laneSum of %d without %d", n, skip)
			}
		}
		for _, v := range []float64{7, 0, math.Copysign(0, -1)} { // absent, and ±0, which x may hold
			each(func() { require.Equal(t, slices.Index(x, v), index(x, v), "index of %v in %v", v, x) })
		}
		if n > 0 {
			for _, v := range []float64{x[rng.IntN(n)], x[n-1]} {
				each(func() { require.Equal(t, slices.Index(x, v), index(x, v), "index of %v in %v", v, x) })
			}
		}
		var dots []float64
		each(func() { dots = append(dots, laneDot(x, g)) })
		for _, v := range dots[1:] {
			require.Zero(t, ulps(dots[0], v), "laneDot of %d", n)
		}
		for _, special := range []float64{0, nan, inf, -inf} {
			y := append([]float64(nil), x...)
			if n > 0 {
				y[rng.IntN(n)] = special
			}
			type scan struct {
				kind   rowKind
				hi, lo float64
			}
			var scans []scan
			each(func() {
				k, hi, lo := scanRow(y)
				scans = append(scans, scan{k, hi, lo})
			})
			for _, v := range scans[1:] {
				require.Equal(t, scans[0].kind, v.kind, "kind of %v", y)
				if v.kind != rowNaN {
					require.Zero(t, ulps(scans[0].hi, v.hi), "max of %v", y)
					require.Equal(t, math.Signbit(scans[0].hi), math.Signbit(v.hi), "sign of the max of %v", y)
					require.Zero(t, ulps(scans[0].lo, v.lo), "min of %v", y)
				}
			}
		}
	}
}

// TestVectorKernelsStopWithoutVectors checks that the vector kernels do
// nothing when useVectors is false, as on an amd64 CPU without AVX2, and
// do their groups otherwise.
func TestVectorKernelsStopWithoutVectors(t *testing.T) {
	if !useVectors {
		t.Skip("no vector kernels on this CPU or build")
	}
	defer func() { useVectors = true }()
	x := []float64{0.5, -1, 2, 3, 0.25, -0.5, 1, 4, 1.5}
	y, dy := make([]float64, len(x)), make([]float64, len(x))
	var hi, lo [4]float64
	var l lanes
	codes := make([]byte, len(x))
	sh := newShift(4, -1, 1)
	kernels := map[string]func() int{
		"sigmoid":  func() int { return sigmoidVector(y, dy, x) },
		"swish":    func() int { return swishVector(y, dy, x) },
		"tanh":     func() int { return tanhVector(y, dy, x) },
		"exp":      func() int { return exponentialVector(y, dy, x) },
		"sqrtsp":   func() int { return sqrtSoftplusVector(y, dy, x) },
		"elu":      func() int { return eluVector(y, dy, x, 1, 1) },
		"leaky":    func() int { return leakyVector(y, dy, x, 0.1, false) },
		"shift":    func() int { return shiftExpVector(y, x, &sh, nil) },
		"mul":      func() int { return mulVector(y, x, x, false) },
		"relu":     func() int { return reluCodesVector(y, codes, x, false) },
		"piece":    func() int { return piecewiseVector(y, codes, x, hardtanh(-1, 1), false) },
		"softsign": func() int { return softsignVector(y, dy, x) },
		"sparse":   func() int { return sparsePlusVector(y, dy, x) },
		"square":   func() int { return squareplusVector(y, dy, x, 4, 0, 0x1p500) },
		"celu":     func() int { return celuVector(y, dy, x, 1) },
		"tshrink":  func() int { return tanhshrinkVector(y, dy, x) },
		"swishb":   func() int { return swishBetaVector(y, dy, y, x, 1) },
		"relu2":    func() int { return reluSquaredVector(y, dy, x, false) },
		"softcap":  func() int { return softcapVector(y, dy, x, 2) },
		"clipgelu": func() int { return clippedGELUVector(y, dy, x, -10, 10) },
		"laplace":  func() int { return laplaceVector(y, dy, x, 0.7, 0.3, 1) },
		"xielu":    func() int { return xieluVector(y, x, &guardXIELU) },
		"xieluG":   func() int { return xieluGradVector(y, dy, dy, x, &guardXIELU) },
		"codes":    func() int { return mulCodesVector(y, x, codes, &reluDerivs, false) },
		"sum":      func() int { return laneSumVector(x, &l) },
		"scan": func() int {
			n, _ := scanVector(x, &hi, &lo)
			return n
		},
	}
	for name, run := range kernels {
		useVectors = false
		assert.Zero(t, run(), "%s without vectors", name)
		useVectors = true
		want := 8
		switch {
		case name == "mul":
			want = 0 // sixteen at a time
		case name == "shift" && useAVX512:
			want = len(x) // the last group masked
		}
		assert.Equal(t, want, run(), "%s with vectors", name)
	}
}

// TestStreamingStoresMatch runs the kernels that can write around the
// caches (ReLU's, PReLU's, Softmax's and the multiplications of
// Backward) with and without stream, from aligned and unaligned starts, on
// every vector path, and checks that the results agree bit for bit.
func TestStreamingStoresMatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(62, 63))
	const n = 8192 // a large allocation: it starts on a page
	x, g := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], g[i] = 3*rng.NormFloat64(), rng.NormFloat64()
	}
	x[100], x[5000] = nan, -inf
	for _, path := range vectorPaths() {
		for _, off := range []int{0, 1, 4, 8} {
			path.run(func() {
				var out [2][9][]float64
				var codes [2][]byte
				var sums [2]lanes
				for k, stream := range []bool{false, true} {
					for j := range out[k] {
						out[k][j] = make([]float64, n)
					}
					y, dx, dy, py, saved, pdx := out[k][0], out[k][1], out[k][2], out[k][3], out[k][4], out[k][5]
					codes[k] = make([]byte, n)
					reluKernel{}.forwardCodes(y[off:], codes[k][off:], x[off:], stream)
					mulCodes(dx[off:], g[off:], codes[k][off:], &reluDerivs, stream)
					mul(dy[off:], g[off:], x[off:], stream)
					leakyRows(py[off:], saved[off:], x[off:], 0.1, stream)
					m := leakyBackwardVector(pdx[off:], g[off:], x[off:], 0.1, &sums[k], stream)
					copy(pdx[off+m:], g[off+m:]) // the rest is the Go code's
					scaleTo(out[k][6][off:], out[k][7][off:], x[off:], 0.3, stream)
					m = softmaxBackwardVector(out[k][8][off:], g[off:], x[off:], 0.2, 1.5, stream)
					copy(out[k][8][off+m:], g[off+m:])
				}
				for j := range laneCount {
					require.Zero(t, ulps(sums[0].sum[j], sums[1].sum[j]), "%s, offset %d: lane sum %d", path.name, off, j)
					require.Zero(t, ulps(sums[0].err[j], sums[1].err[j]), "%s, offset %d: lane error %d", path.name, off, j)
				}
				for j := range out[0] {
					for i := off; i < n; i++ {
						require.Zero(t, ulps(out[0][j][i], out[1][j][i]), "%s, offset %d, result %d[%d]", path.name, off, j, i)
					}
				}
				require.Equal(t, codes[0], codes[1], "%s, offset %d: codes", path.name, off)
			})
		}
	}
}

// TestSwishBetaVectorMatchesElements checks SwishBeta's kernel, which
// writes up to three outputs, as TestVectorKernelsMatchElements checks the
// others: every length up to 40, unaligned starts, every path, bit for
// bit against swishBeta.
func TestSwishBetaVectorMatchesElements(t *testing.T) {
	rng := rand.New(rand.NewPCG(64, 65))
	specials := []float64{nan, inf, -inf, 0, math.Copysign(0, -1), 700, -700, 1e160, -1e160, 0x1p511, 0x1p512, 1e-310}
	for _, beta := range []float64{1.3, -0.7, 1e-300} {
		for _, path := range vectorPaths() {
			for n := 0; n <= 40; n++ {
				for off := range 3 {
					x := make([]float64, off+n)
					for i := range x {
						x[i] = 30 * rng.NormFloat64() / math.Max(math.Abs(beta), 1e-10)
						if rng.IntN(8) == 0 {
							x[i] = specials[rng.IntN(len(specials))]
						}
					}
					y, d, tt := make([]float64, off+n), make([]float64, off+n), make([]float64, off+n)
					path.run(func() {
						for i := off; i < off+n; {
							i += swishBetaVector(y[i:], d[i:], tt[i:], x[i:], beta)
							for end := min(i+4, off+n); i < end; i++ {
								y[i], d[i], tt[i] = swishBeta(x[i], beta)
							}
						}
					})
					for i := off; i < off+n; i++ {
						wy, wd, wt := swishBeta(x[i], beta)
						require.Zero(t, ulps(y[i], wy), "%s β=%v: y(%v) = %v, want %v", path.name, beta, x[i], y[i], wy)
						require.Zero(t, ulps(d[i], wd), "%s β=%v: d(%v) = %v, want %v", path.name, beta, x[i], d[i], wd)
						require.Zero(t, ulps(tt[i], wt), "%s β=%v: t(%v) = %v, want %v", path.name, beta, x[i], tt[i], wt)
					}
				}
			}
		}
	}
}
