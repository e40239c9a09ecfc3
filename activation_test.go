package activation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

var (
	inf = math.Inf(1)
	nan = math.NaN()
)

// layerCase names a layer constructor for the tests that hold for every
// layer; make gets the column count of the batches the layer will see.
type layerCase struct {
	name string
	make func(cols int) Layer
}

// ONNX's Selu's default attributes, SELU's α and λ rounded to float32.
const (
	onnxSeluAlpha = 1.67326319217681884765625
	onnxSeluGamma = 1.05070102214813232421875
)

func allLayers() []layerCase {
	return []layerCase{
		{"ReLU", func(int) Layer { return NewReLU() }},
		{"LeakyReLU", func(int) Layer { return NewLeakyReLU(0.1) }},
		{"PReLU", func(int) Layer { return NewPReLU(0.25) }},
		{"PReLUPerFeature", func(cols int) Layer {
			p := NewPReLUPerFeature(cols, 0.25)
			for j := range cols {
				p.Params()["alpha"].Value.Set(0, j, float64(0.1*float64(j))-0.2) // rounded, not fused
			}
			return p
		}},
		{"ELU", func(int) Layer { return NewELU(0.7) }},
		{"SELU", func(int) Layer { return NewSELU() }},
		{"ScaledELU", func(int) Layer { return NewScaledELU(onnxSeluAlpha, onnxSeluGamma) }},
		{"GELU", func(int) Layer { return NewGELU() }},
		{"GELUTanh", func(int) Layer { return NewGELUTanh() }},
		{"Softplus", func(int) Layer { return NewSoftplus(1.5, 20) }},
		{"SqrtSoftplus", func(int) Layer { return NewSqrtSoftplus() }},
		{"Mish", func(int) Layer { return NewMish() }},
		{"HardSigmoid", func(int) Layer { return NewHardSigmoid() }},
		{"HardSwish", func(int) Layer { return NewHardSwish() }},
		{"HardSigmoidAffine", func(int) Layer { return NewHardSigmoidAffine(0.2, 0.5) }},
		{"Swish", func(int) Layer { return NewSwish() }},
		{"Tanh", func(int) Layer { return NewTanh() }},
		{"Sigmoid", func(int) Layer { return NewSigmoid() }},
		{"Exp", func(int) Layer { return NewExp() }},
		{"Softmax", func(int) Layer { return NewSoftmax(0.7) }},
		{"LogSoftmax", func(int) Layer { return NewLogSoftmax(1.3) }},
		{"Activation", func(int) Layer { return New(math.Sin, math.Cos) }},
		{"ReLU6", func(int) Layer { return NewReLU6() }},
		{"Hardtanh", func(int) Layer { return NewHardtanh(-0.5, 2) }},
		{"Threshold", func(int) Layer { return NewThreshold(0.3, -1.5) }},
		{"CELU", func(int) Layer { return NewCELU(0.6) }},
		{"LogSigmoid", func(int) Layer { return NewLogSigmoid() }},
		{"Softsign", func(int) Layer { return NewSoftsign() }},
		{"Softshrink", func(int) Layer { return NewSoftshrink(0.5) }},
		{"Hardshrink", func(int) Layer { return NewHardshrink(0.5) }},
		{"Tanhshrink", func(int) Layer { return NewTanhshrink() }},
		{"Squareplus", func(int) Layer { return NewSquareplus(4) }},
		{"SparsePlus", func(int) Layer { return NewSparsePlus() }},
		{"SparseSigmoid", func(int) Layer { return NewSparseSigmoid() }},
		{"Identity", func(int) Layer { return NewIdentity() }},
		{"RReLU", func(int) Layer { return NewRReLU(0.1, 0.4, 7) }},
		{"SwishBeta", func(int) Layer { return NewSwishBeta(1.7) }},
		{"Softmin", func(int) Layer { return NewSoftmin(0.8) }},
		{"Sparsemax", func(int) Layer { return NewSparsemax() }},
		{"Entmax15", func(int) Layer { return NewEntmax15() }},
		{"Hardmax", func(int) Layer { return NewHardmax() }},
		{"ReLUSquared", func(int) Layer { return NewReLUSquared() }},
		{"QuickGELU", func(int) Layer { return NewQuickGELU() }},
		{"Softcap", func(int) Layer { return NewSoftcap(2.5) }},
		{"Laplace", func(int) Layer { return NewLaplace(0.707107, 0.282095) }},
		{"ClippedGELU", func(int) Layer { return NewClippedGELU(-10, 10) }},
		{"XIELU", func(int) Layer { return NewXIELU(0.8, 0.8, 0.5, -1e-6) }},
		{"Shrink", func(int) Layer { return NewShrink(0.5, 0.2) }},
		{"Snake", func(cols int) Layer {
			s := NewSnake(cols, 1)
			for j := range cols {
				s.Params()["alpha"].Value.Set(0, j, float64(0.3*float64(j%5))-0.3) // 0 among them; rounded, not fused
			}
			return s
		}},
	}
}

// stochastic reports whether a layer draws at random in a training Forward,
// so that two of them agree only at the same step and element: RReLU.
func stochastic(name string) bool { return name == "RReLU" }

// randomDense returns an r x c matrix of normal values times scale.
func randomDense(rng *rand.Rand, r, c int, scale float64) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m.Set(i, j, scale*rng.NormFloat64())
		}
	}
	return m
}

// sweep returns n inputs covering every binade from the smallest subnormal up
// to 1100 in magnitude, both signs, plus dense coverage of [-40, 40] and of
// [-800, 800], where the transcendental layers change regime.
func sweep(n int) []float64 {
	rng := rand.New(rand.NewPCG(7, 11))
	xs := make([]float64, n)
	for i := range xs {
		switch i % 3 {
		case 0:
			xs[i] = 40 * (2*rng.Float64() - 1)
		case 1:
			x := math.Ldexp(1+rng.Float64(), rng.IntN(1086)-1075)
			xs[i] = math.Copysign(min(x, 1100*rng.Float64()+1), float64(1-2*rng.IntN(2)))
		default:
			xs[i] = 800 * (2*rng.Float64() - 1)
		}
	}
	return xs
}

func mulElem(a, b mat.Matrix) *mat.Dense {
	var m mat.Dense
	m.MulElem(a, b)
	return &m
}

// forwardBackward runs a training Forward of xs as one row and a Backward of
// ones, returning f(x) and f'(x) element by element.
func forwardBackward(l Layer, xs []float64) (y, dy []float64) {
	x := mat.NewDense(1, len(xs), append([]float64(nil), xs...))
	y = mat.Row(nil, 0, l.Forward(x, true))
	ones := mat.NewDense(1, len(xs), nil)
	for j := range xs {
		ones.Set(0, j, 1)
	}
	return y, mat.Row(nil, 0, l.Backward(ones))
}

// Scales of the derivatives that are differences of two terms: the sum of
// the terms' magnitudes. Near a zero of f' the terms cancel, and no
// working-precision formula can be accurate relative to f' itself; there
// the error is measured against this scale instead.
func swishTerms(x float64) float64 {
	s := 1 / (1 + math.Exp(-x))
	return s + math.Abs(x)*s*(1-s)
}

func mishTerms(x float64) float64 {
	t := math.Tanh(math.Log1p(math.Exp(x)))
	return t + math.Abs(x)*(1-t*t)/(1+math.Exp(-x))
}

func geluTerms(x float64) float64 {
	return math.Erfc(-x/math.Sqrt2)/2 + math.Abs(x)*math.Exp(-x*x/2)/math.Sqrt(2*math.Pi)
}

func geluTanhTerms(x float64) float64 {
	k := 2 * math.Sqrt(2/math.Pi)
	s := 1 / (1 + math.Exp(-k*(x+0.044715*x*x*x)))
	return s + math.Abs(x)*s*(1-s)*k*(1+3*0.044715*x*x)
}

// act turns a constructor of an Activation into one of a Layer.
func act(f func() *Activation) func() Layer { return func() Layer { return f() } }

// swishBetaRef is refSwishBeta without dLoss/dβ.
func swishBetaRef(beta float64) func(float64) (float64, float64) {
	return func(x float64) (float64, float64) {
		y, dy, _ := refSwishBeta(beta)(x)
		return y, dy
	}
}

func TestSmoothLayersAgainstHighPrecision(t *testing.T) {
	const tol = 4 // ulp
	for _, tc := range []struct {
		name string
		make func() Layer
		ref  func(float64) (float64, float64)
		// terms is the scale of f' where f' is a difference, else nil.
		terms func(x float64) float64
		// dyTol, if set, replaces tol for f'.
		dyTol float64
	}{
		{"Sigmoid", act(NewSigmoid), refSigmoid, nil, 0},
		{"Tanh", act(NewTanh), refTanh, nil, 0},
		{"Exp", act(NewExp), refExp, nil, 0},
		{"Swish", act(NewSwish), refSwish, swishTerms, 0},
		{"ELU(1)", func() Layer { return NewELU(1) }, refELU("1", "1"), nil, 0},
		{"ELU(0.3)", func() Layer { return NewELU(0.3) }, refELU("0.299999999999999988897769753748434595763683319091796875", "1"), nil, 0},
		{"SELU", act(NewSELU), refELU("1.6732632423543772848170429916717", "1.0507009873554804934193349852946"), nil, 0},
		{"ScaledELU(ONNX)", func() Layer { return NewScaledELU(onnxSeluAlpha, onnxSeluGamma) }, refELU("1.67326319217681884765625", "1.05070102214813232421875"), nil, 0},
		{"ScaledELU(0.5,-2)", func() Layer { return NewScaledELU(0.5, -2) }, refELU("0.5", "-2"), nil, 0},
		{"ScaledELU(-3,1e10)", func() Layer { return NewScaledELU(-3, 1e10) }, refELU("-3", "10000000000"), nil, 0},
		{"ScaledELU(0.3,1e-300)", func() Layer { return NewScaledELU(0.3, 1e-300) },
			refELU("0.299999999999999988897769753748434595763683319091796875", bf(1e-300).Text('g', 400)), nil, 0},
		{"Softplus(1,20)", func() Layer { return NewSoftplus(1, 20) }, refSoftplus(1, 20), nil, 0},
		{"Softplus(2.5,30)", func() Layer { return NewSoftplus(2.5, 30) }, refSoftplus(2.5, 30), nil, 0},
		{"Softplus(0.1,1000)", func() Layer { return NewSoftplus(0.1, 1000) }, refSoftplus(0.1, 1000), nil, 0},
		{"SqrtSoftplus", act(NewSqrtSoftplus), refSqrtSoftplus, nil, 0},
		{"Mish", act(NewMish), refMish, mishTerms, 0},
		{"GELU", act(NewGELU), refGELU, geluTerms, 0},
		// Dense sweeps of GELUTanh' find up to 4.9 ulp (of the terms):
		// seven roundings and exp's own error stack up in σ(v)·(1+x(1-σ)v').
		{"GELUTanh", act(NewGELUTanh), refGELUTanh, geluTanhTerms, 6},
		{"HardSigmoid", act(NewHardSigmoid), refHardSigmoid, nil, 0},
		{"HardSwish", act(NewHardSwish), refHardSwish, nil, 0},
		{"CELU(1)", func() Layer { return NewCELU(1) }, refCELU(1), nil, 0},
		{"CELU(0.3)", func() Layer { return NewCELU(0.3) }, refCELU(0.3), nil, 0},
		{"CELU(2.5)", func() Layer { return NewCELU(2.5) }, refCELU(2.5), nil, 0},
		{"CELU(1e-200)", func() Layer { return NewCELU(1e-200) }, refCELU(1e-200), nil, 0},
		{"LogSigmoid", act(NewLogSigmoid), refLogSigmoid, nil, 0},
		{"Softsign", act(NewSoftsign), refSoftsign, nil, 0},
		{"Tanhshrink", act(NewTanhshrink), refTanhshrink, nil, 0},
		{"Squareplus(4)", func() Layer { return NewSquareplus(4) }, refSquareplus(4), nil, 0},
		{"Squareplus(0.5)", func() Layer { return NewSquareplus(0.5) }, refSquareplus(0.5), nil, 0},
		{"Squareplus(0)", func() Layer { return NewSquareplus(0) }, refSquareplus(0), nil, 0},
		{"Squareplus(1e300)", func() Layer { return NewSquareplus(1e300) }, refSquareplus(1e300), nil, 0},
		{"SparsePlus", act(NewSparsePlus), refSparsePlus, nil, 0},
		{"SwishBeta(1)", func() Layer { return NewSwishBeta(1) }, swishBetaRef(1), swishBetaTerms(1), 0},
		{"SwishBeta(1.7)", func() Layer { return NewSwishBeta(1.7) }, swishBetaRef(1.7), swishBetaTerms(1.7), 0},
		{"SwishBeta(-0.6)", func() Layer { return NewSwishBeta(-0.6) }, swishBetaRef(-0.6), swishBetaTerms(-0.6), 0},
		{"SwishBeta(1e-300)", func() Layer { return NewSwishBeta(1e-300) }, swishBetaRef(1e-300), swishBetaTerms(1e-300), 0},
		{"ReLUSquared", act(NewReLUSquared), refReLUSquared, nil, 0},
		{"QuickGELU", act(NewQuickGELU), swishBetaRef(quickGELUBeta), swishBetaTerms(quickGELUBeta), 0},
		{"Softcap(2.5)", func() Layer { return NewSoftcap(2.5) }, refSoftcap(2.5), nil, 0},
		{"Softcap(30)", func() Layer { return NewSoftcap(30) }, refSoftcap(30), nil, 0},
		{"Softcap(1e-3)", func() Layer { return NewSoftcap(1e-3) }, refSoftcap(1e-3), nil, 0},
		{"Softcap(0.3)", func() Layer { return NewSoftcap(0.3) }, refSoftcap(0.3), nil, 0},
		{"Softcap(1e200)", func() Layer { return NewSoftcap(1e200) }, refSoftcap(1e200), nil, 0},
		{"Softcap(1e-300)", func() Layer { return NewSoftcap(1e-300) }, refSoftcap(1e-300), nil, 0},
		{"Laplace", func() Layer { return NewLaplace(0.707107, 0.282095) }, refLaplace(0.707107, 0.282095), nil, 0},
		{"Laplace(-3, 7)", func() Layer { return NewLaplace(-3, 7) }, refLaplace(-3, 7), nil, 0},
		{"Laplace(0, 1)", func() Layer { return NewLaplace(0, 1) }, refLaplace(0, 1), nil, 0},
		{"Laplace(1, 1e-200)", func() Layer { return NewLaplace(1, 1e-200) }, refLaplace(1, 1e-200), nil, 0},
		{"ClippedGELU(-10, 10)", func() Layer { return NewClippedGELU(-10, 10) }, refClippedGELU(-10, 10), geluTerms, 0},
		{"ClippedGELU(-0.1, 1.5)", func() Layer { return NewClippedGELU(-0.1, 1.5) }, refClippedGELU(-0.1, 1.5), geluTerms, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			xs := sweep(points(6000))
			y, dy := forwardBackward(tc.make(), xs)
			for i, x := range xs {
				wantY, wantDy := tc.ref(x)
				assert.LessOrEqual(t, ulps(y[i], wantY), float64(tol), "f(%v) = %v, want %v", x, y[i], wantY)
				bound := float64(tol)
				if tc.dyTol != 0 {
					bound = tc.dyTol
				}
				if tc.terms != nil {
					if k := tc.terms(x) / math.Abs(wantDy); k > 1 {
						bound *= k
					}
				}
				assert.LessOrEqual(t, ulps(dy[i], wantDy), bound, "f'(%v) = %v, want %v", x, dy[i], wantDy)
			}
		})
	}
}

func TestSpecialValues(t *testing.T) {
	negZero := math.Copysign(0, -1)
	for _, tc := range []struct {
		layer    string
		make     func() Layer
		x, y, dy float64
	}{
		{"ReLU", func() Layer { return NewReLU() }, inf, inf, 1},
		{"ReLU", func() Layer { return NewReLU() }, -inf, 0, 0},
		{"ReLU", func() Layer { return NewReLU() }, 1e308, 1e308, 1},
		{"ReLU", func() Layer { return NewReLU() }, -1e308, 0, 0},
		{"ReLU", func() Layer { return NewReLU() }, negZero, 0, 0},
		{"ReLU", func() Layer { return NewReLU() }, 5e-324, 5e-324, 1},
		{"ReLU", func() Layer { return NewReLU() }, nan, nan, nan},
		{"PReLU", func() Layer { return NewPReLU(0.01) }, inf, inf, 1},
		{"PReLU", func() Layer { return NewPReLU(0.01) }, -inf, -inf, 0.01},
		{"PReLU", func() Layer { return NewPReLU(-0.5) }, -inf, inf, -0.5},
		{"PReLU", func() Layer { return NewPReLU(0) }, -inf, 0, 0},
		{"PReLU", func() Layer { return NewPReLU(3) }, -2, -6, 3},
		{"PReLU", func() Layer { return NewPReLU(3) }, 2, 2, 1},
		{"PReLU", func() Layer { return NewPReLU(0.01) }, 0, 0, 0.01},
		{"PReLU", func() Layer { return NewPReLU(0.01) }, -1e308, -1e306, 0.01},
		{"PReLU", func() Layer { return NewPReLU(0.01) }, nan, nan, nan},
		{"Sigmoid", func() Layer { return NewSigmoid() }, inf, 1, 0},
		{"Sigmoid", func() Layer { return NewSigmoid() }, -inf, 0, 0},
		{"Sigmoid", func() Layer { return NewSigmoid() }, 1e308, 1, 0},
		{"Sigmoid", func() Layer { return NewSigmoid() }, -1e308, 0, 0},
		{"Sigmoid", func() Layer { return NewSigmoid() }, 0, 0.5, 0.25},
		{"Sigmoid", func() Layer { return NewSigmoid() }, nan, nan, nan},
		{"Exp", act(NewExp), inf, inf, inf},
		{"Exp", act(NewExp), -inf, 0, 0},
		{"Exp", act(NewExp), 0, 1, 1},
		{"Exp", act(NewExp), 1e308, inf, inf},
		{"Exp", act(NewExp), -1e308, 0, 0},
		{"Exp", act(NewExp), math.Nextafter(709.782712893384, 710), inf, inf},
		{"Exp", act(NewExp), -745.1332191019411, 5e-324, 5e-324},
		{"Exp", act(NewExp), -745.1332191019412, 0, 0},
		{"Exp", act(NewExp), nan, nan, nan},
		{"Tanh", func() Layer { return NewTanh() }, inf, 1, 0},
		{"Tanh", func() Layer { return NewTanh() }, -inf, -1, 0},
		{"Tanh", func() Layer { return NewTanh() }, 1e308, 1, 0},
		{"Tanh", func() Layer { return NewTanh() }, -1e308, -1, 0},
		{"Tanh", func() Layer { return NewTanh() }, negZero, negZero, 1},
		{"Tanh", func() Layer { return NewTanh() }, 5e-324, 5e-324, 1},
		{"Tanh", func() Layer { return NewTanh() }, nan, nan, nan},
		{"Swish", func() Layer { return NewSwish() }, inf, inf, 1},
		{"Swish", func() Layer { return NewSwish() }, -inf, negZero, negZero}, // x·σ(x) < 0 and σ(x)(1 + x(1-σ)) < 0 on the way
		{"Swish", func() Layer { return NewSwish() }, 1e308, 1e308, 1},
		{"Swish", func() Layer { return NewSwish() }, -1e308, negZero, negZero},
		{"Swish", func() Layer { return NewSwish() }, -1000, negZero, negZero},
		{"Swish", func() Layer { return NewSwish() }, 0, 0, 0.5},
		{"Swish", func() Layer { return NewSwish() }, nan, nan, nan},
		{"LeakyReLU", func() Layer { return NewLeakyReLU(0.01) }, inf, inf, 1},
		{"LeakyReLU", func() Layer { return NewLeakyReLU(0.01) }, -inf, -inf, 0.01},
		{"LeakyReLU", func() Layer { return NewLeakyReLU(0.01) }, -1e308, -1e306, 0.01},
		{"LeakyReLU", func() Layer { return NewLeakyReLU(0.01) }, nan, nan, nan},
		{"LeakyReLU", func() Layer { return NewLeakyReLU(0) }, -inf, 0, 0},
		{"ELU", func() Layer { return NewELU(0.5) }, inf, inf, 1},
		{"ELU", func() Layer { return NewELU(0.5) }, -inf, -0.5, 0},
		{"ELU", func() Layer { return NewELU(0.5) }, 1e308, 1e308, 1},
		{"ELU", func() Layer { return NewELU(0.5) }, -1e308, -0.5, 0},
		{"ELU", func() Layer { return NewELU(0.5) }, -1000, -0.5, 0},
		{"ELU", func() Layer { return NewELU(0.5) }, negZero, negZero, 0.5},
		{"ELU", func() Layer { return NewELU(0.5) }, nan, nan, nan},
		{"SELU", func() Layer { return NewSELU() }, inf, inf, seluScale},
		{"SELU", func() Layer { return NewSELU() }, -inf, -seluScale * seluAlpha, 0},
		{"SELU", func() Layer { return NewSELU() }, -1e308, -seluScale * seluAlpha, 0},
		{"SELU", func() Layer { return NewSELU() }, nan, nan, nan},
		{"ScaledELU", func() Layer { return NewScaledELU(onnxSeluAlpha, onnxSeluGamma) }, inf, inf, onnxSeluGamma},
		{"ScaledELU", func() Layer { return NewScaledELU(onnxSeluAlpha, onnxSeluGamma) }, -inf, -onnxSeluGamma * onnxSeluAlpha, 0},
		{"ScaledELU", func() Layer { return NewScaledELU(2, -0.5) }, inf, -inf, -0.5},
		{"ScaledELU", func() Layer { return NewScaledELU(2, -0.5) }, -inf, 1, negZero}, // scale·α·e^x, scale·α = -1
		{"ScaledELU", func() Layer { return NewScaledELU(2, -0.5) }, -1e308, 1, negZero},
		{"ScaledELU", func() Layer { return NewScaledELU(0, 3) }, -inf, negZero, 0},
		{"ScaledELU", func() Layer { return NewScaledELU(2, 3) }, negZero, negZero, 6},
		{"ScaledELU", func() Layer { return NewScaledELU(2, 3) }, nan, nan, nan},
		{"GELU", func() Layer { return NewGELU() }, inf, inf, 1},
		{"GELUTanh", func() Layer { return NewGELUTanh() }, inf, inf, 1},
		{"GELU", func() Layer { return NewGELU() }, -inf, negZero, negZero},
		{"GELUTanh", func() Layer { return NewGELUTanh() }, -inf, negZero, negZero},
		{"GELU", func() Layer { return NewGELU() }, 1e308, 1e308, 1},
		{"GELUTanh", func() Layer { return NewGELUTanh() }, 1e308, 1e308, 1},
		{"GELU", func() Layer { return NewGELU() }, -1e308, negZero, negZero},
		{"GELUTanh", func() Layer { return NewGELUTanh() }, -1e308, negZero, negZero},
		{"GELU", func() Layer { return NewGELU() }, -1000, negZero, negZero},
		{"GELUTanh", func() Layer { return NewGELUTanh() }, -1000, negZero, negZero},
		{"GELU", func() Layer { return NewGELU() }, 0, 0, 0.5},
		{"GELUTanh", func() Layer { return NewGELUTanh() }, 0, 0, 0.5},
		{"GELU", func() Layer { return NewGELU() }, nan, nan, nan},
		{"GELUTanh", func() Layer { return NewGELUTanh() }, nan, nan, nan},
		{"Softplus", func() Layer { return NewSoftplus(1, 20) }, inf, inf, 1},
		{"Softplus", func() Layer { return NewSoftplus(1, 20) }, -inf, 0, 0},
		{"Softplus", func() Layer { return NewSoftplus(1, 20) }, 1e308, 1e308, 1},
		{"Softplus", func() Layer { return NewSoftplus(1, 20) }, -1e308, 0, 0},
		{"Softplus", func() Layer { return NewSoftplus(1, 20) }, 0, math.Ln2, 0.5},
		{"Softplus", func() Layer { return NewSoftplus(1, 20) }, 21, 21, 1},
		{"Softplus", func() Layer { return NewSoftplus(1, 20) }, nan, nan, nan},
		{"SqrtSoftplus", act(NewSqrtSoftplus), inf, inf, 0},
		{"SqrtSoftplus", act(NewSqrtSoftplus), -inf, 0, 0},
		{"SqrtSoftplus", act(NewSqrtSoftplus), -1e308, 0, 0},
		{"SqrtSoftplus", act(NewSqrtSoftplus), -1500, 0, 0},
		{"SqrtSoftplus", act(NewSqrtSoftplus), nan, nan, nan},
		{"Mish", func() Layer { return NewMish() }, inf, inf, 1},
		{"Mish", func() Layer { return NewMish() }, -inf, negZero, negZero},
		{"Mish", func() Layer { return NewMish() }, 1e308, 1e308, 1},
		{"Mish", func() Layer { return NewMish() }, -1e308, negZero, negZero},
		{"Mish", func() Layer { return NewMish() }, -1200, negZero, negZero},
		{"Mish", func() Layer { return NewMish() }, 0, 0, 0.6},
		{"Mish", func() Layer { return NewMish() }, nan, nan, nan},
		{"HardSigmoid", func() Layer { return NewHardSigmoid() }, inf, 1, 0},
		{"HardSigmoid", func() Layer { return NewHardSigmoid() }, -inf, 0, 0},
		{"HardSigmoid", func() Layer { return NewHardSigmoid() }, 3, 1, 0},
		{"HardSigmoid", func() Layer { return NewHardSigmoid() }, -3, 0, 0},
		{"HardSigmoid", func() Layer { return NewHardSigmoid() }, 0, 0.5, 1.0 / 6},
		{"HardSigmoid", func() Layer { return NewHardSigmoid() }, nan, nan, nan},
		{"HardSigmoidAffine", func() Layer { return NewHardSigmoidAffine(0.2, 0.5) }, inf, 1, 0},
		{"HardSigmoidAffine", func() Layer { return NewHardSigmoidAffine(0.2, 0.5) }, -inf, 0, 0},
		{"HardSigmoidAffine", func() Layer { return NewHardSigmoidAffine(0.2, 0.5) }, 2.5, 1, 0},
		{"HardSigmoidAffine", func() Layer { return NewHardSigmoidAffine(0.2, 0.5) }, -2.5, 0, 0},
		{"HardSigmoidAffine", func() Layer { return NewHardSigmoidAffine(0.2, 0.5) }, 0, 0.5, 0.2},
		{"HardSigmoidAffine", func() Layer { return NewHardSigmoidAffine(-0.5, 0.5) }, inf, 0, 0},
		{"HardSigmoidAffine", func() Layer { return NewHardSigmoidAffine(-0.5, 0.5) }, -inf, 1, 0},
		{"HardSigmoidAffine", func() Layer { return NewHardSigmoidAffine(0, 0.3) }, inf, 0.3, 0},
		{"HardSigmoidAffine", func() Layer { return NewHardSigmoidAffine(0, -0.3) }, -inf, 0, 0},
		{"HardSigmoidAffine", func() Layer { return NewHardSigmoidAffine(1e300, 0.5) }, 1e300, 1, 0},
		{"HardSigmoidAffine", func() Layer { return NewHardSigmoidAffine(0.2, 0.5) }, nan, nan, nan},
		{"HardSwish", func() Layer { return NewHardSwish() }, inf, inf, 1},
		{"HardSwish", func() Layer { return NewHardSwish() }, -inf, 0, 0},
		{"HardSwish", func() Layer { return NewHardSwish() }, 3, 3, 1},
		{"HardSwish", func() Layer { return NewHardSwish() }, -3, 0, 0},
		{"HardSwish", func() Layer { return NewHardSwish() }, 1e308, 1e308, 1},
		{"HardSwish", func() Layer { return NewHardSwish() }, nan, nan, nan},
		{"ReLU6", act(NewReLU6), inf, 6, 0},
		{"ReLU6", act(NewReLU6), -inf, 0, 0},
		{"ReLU6", act(NewReLU6), 6, 6, 0},
		{"ReLU6", act(NewReLU6), math.Nextafter(6, 0), math.Nextafter(6, 0), 1},
		{"ReLU6", act(NewReLU6), negZero, 0, 0},
		{"ReLU6", act(NewReLU6), 5e-324, 5e-324, 1},
		{"ReLU6", act(NewReLU6), nan, nan, nan},
		{"Hardtanh", func() Layer { return NewHardtanh(-2, 0.5) }, inf, 0.5, 0},
		{"Hardtanh", func() Layer { return NewHardtanh(-2, 0.5) }, -inf, -2, 0},
		{"Hardtanh", func() Layer { return NewHardtanh(-2, 0.5) }, -2, -2, 0},
		{"Hardtanh", func() Layer { return NewHardtanh(-2, 0.5) }, math.Nextafter(-2, 0), math.Nextafter(-2, 0), 1},
		{"Hardtanh", func() Layer { return NewHardtanh(-2, 0.5) }, 0.5, 0.5, 0},
		{"Hardtanh", func() Layer { return NewHardtanh(-2, 0.5) }, negZero, negZero, 1},
		{"Hardtanh", func() Layer { return NewHardtanh(-2, 0.5) }, nan, nan, nan},
		{"Threshold", func() Layer { return NewThreshold(1, -7) }, inf, inf, 1},
		{"Threshold", func() Layer { return NewThreshold(1, -7) }, -inf, -7, 0},
		{"Threshold", func() Layer { return NewThreshold(1, -7) }, 1, -7, 0},
		{"Threshold", func() Layer { return NewThreshold(1, -7) }, math.Nextafter(1, 2), math.Nextafter(1, 2), 1},
		{"Threshold", func() Layer { return NewThreshold(1, -7) }, nan, nan, nan},
		{"Softshrink", func() Layer { return NewSoftshrink(0.5) }, inf, inf, 1},
		{"Softshrink", func() Layer { return NewSoftshrink(0.5) }, -inf, -inf, 1},
		{"Softshrink", func() Layer { return NewSoftshrink(0.5) }, 0.5, 0, 0},
		{"Softshrink", func() Layer { return NewSoftshrink(0.5) }, -2, -1.5, 1},
		{"Softshrink", func() Layer { return NewSoftshrink(0.5) }, 1e308, 1e308, 1},
		{"Softshrink", func() Layer { return NewSoftshrink(0) }, negZero, 0, 0},
		{"Softshrink", func() Layer { return NewSoftshrink(0.5) }, nan, nan, nan},
		{"Hardshrink", func() Layer { return NewHardshrink(0.5) }, inf, inf, 1},
		{"Hardshrink", func() Layer { return NewHardshrink(0.5) }, -inf, -inf, 1},
		{"Hardshrink", func() Layer { return NewHardshrink(0.5) }, -0.5, 0, 0},
		{"Hardshrink", func() Layer { return NewHardshrink(0.5) }, math.Nextafter(-0.5, -1), math.Nextafter(-0.5, -1), 1},
		{"Hardshrink", func() Layer { return NewHardshrink(0.5) }, nan, nan, nan},
		{"Shrink", func() Layer { return NewShrink(0.5, 0.2) }, inf, inf, 1},
		{"Shrink", func() Layer { return NewShrink(0.5, 0.2) }, -inf, -inf, 1},
		{"Shrink", func() Layer { return NewShrink(0.5, 0.2) }, 0.5, 0, 0},
		{"Shrink", func() Layer { return NewShrink(0.5, 0.2) }, -2, -1.8, 1},
		{"Shrink", func() Layer { return NewShrink(0.5, 0.2) }, 2, 1.8, 1},
		{"Shrink", func() Layer { return NewShrink(0.5, -1) }, 0.75, 1.75, 1},
		{"Shrink", func() Layer { return NewShrink(0.5, 0.2) }, nan, nan, nan},
		{"SparseSigmoid", act(NewSparseSigmoid), inf, 1, 0},
		{"SparseSigmoid", act(NewSparseSigmoid), -inf, 0, 0},
		{"SparseSigmoid", act(NewSparseSigmoid), -1, 0, 0},
		{"SparseSigmoid", act(NewSparseSigmoid), 1, 1, 0},
		{"SparseSigmoid", act(NewSparseSigmoid), 0, 0.5, 0.5},
		{"SparseSigmoid", act(NewSparseSigmoid), nan, nan, nan},
		{"SparsePlus", act(NewSparsePlus), inf, inf, 1},
		{"SparsePlus", act(NewSparsePlus), -inf, 0, 0},
		{"SparsePlus", act(NewSparsePlus), 0, 0.25, 0.5},
		{"SparsePlus", act(NewSparsePlus), 1, 1, 1},
		{"SparsePlus", act(NewSparsePlus), nan, nan, nan},
		{"Identity", act(NewIdentity), inf, inf, 1},
		{"Identity", act(NewIdentity), -1e308, -1e308, 1},
		{"Identity", act(NewIdentity), negZero, negZero, 1},
		{"Identity", act(NewIdentity), nan, nan, 1},
		{"CELU", func() Layer { return NewCELU(0.5) }, inf, inf, 1},
		{"CELU", func() Layer { return NewCELU(0.5) }, -inf, -0.5, 0},
		{"CELU", func() Layer { return NewCELU(0.5) }, -1e308, -0.5, 0},
		{"CELU", func() Layer { return NewCELU(0.5) }, negZero, negZero, 1},
		{"CELU", func() Layer { return NewCELU(0.5) }, nan, nan, nan},
		{"LogSigmoid", act(NewLogSigmoid), inf, negZero, 0},
		{"LogSigmoid", act(NewLogSigmoid), -inf, -inf, 1},
		{"LogSigmoid", act(NewLogSigmoid), 1e308, negZero, 0},
		{"LogSigmoid", act(NewLogSigmoid), -1e308, -1e308, 1},
		{"LogSigmoid", act(NewLogSigmoid), 0, -math.Ln2, 0.5},
		{"LogSigmoid", act(NewLogSigmoid), nan, nan, nan},
		{"Softsign", act(NewSoftsign), inf, 1, 0},
		{"Softsign", act(NewSoftsign), -inf, -1, 0},
		{"Softsign", act(NewSoftsign), -1e308, -1, 0},
		{"Softsign", act(NewSoftsign), negZero, negZero, 1},
		{"Softsign", act(NewSoftsign), 1, 0.5, 0.25},
		{"Softsign", act(NewSoftsign), nan, nan, nan},
		{"Tanhshrink", act(NewTanhshrink), inf, inf, 1},
		{"Tanhshrink", act(NewTanhshrink), -inf, -inf, 1},
		{"Tanhshrink", act(NewTanhshrink), 1e308, 1e308, 1},
		{"Tanhshrink", act(NewTanhshrink), negZero, negZero, 0},
		{"Tanhshrink", act(NewTanhshrink), nan, nan, nan},
		{"Squareplus", func() Layer { return NewSquareplus(4) }, inf, inf, 1},
		{"Squareplus", func() Layer { return NewSquareplus(4) }, -inf, 0, 0},
		{"Squareplus", func() Layer { return NewSquareplus(4) }, 1e308, 1e308, 1},
		{"Squareplus", func() Layer { return NewSquareplus(4) }, 0, 1, 0.5},
		{"Squareplus", func() Layer { return NewSquareplus(0) }, 0, 0, 0.5},
		{"Squareplus", func() Layer { return NewSquareplus(0) }, -3, 0, 0},
		{"Squareplus", func() Layer { return NewSquareplus(4) }, nan, nan, nan},
		{"RReLU", func() Layer { return NewRReLU(0.25, 0.25, 1) }, inf, inf, 1},
		{"RReLU", func() Layer { return NewRReLU(0.25, 0.25, 1) }, -inf, -inf, 0.25},
		{"RReLU", func() Layer { return NewRReLU(0, 0, 1) }, -inf, 0, 0},
		{"RReLU", func() Layer { return NewRReLU(0.25, 0.25, 1) }, -2, -0.5, 0.25},
		{"RReLU", func() Layer { return NewRReLU(0.25, 0.25, 1) }, 0, 0, 1},
		{"RReLU", func() Layer { return NewRReLU(0.25, 0.25, 1) }, nan, nan, nan},
		{"SwishBeta", func() Layer { return NewSwishBeta(2) }, inf, inf, 1},
		{"SwishBeta", func() Layer { return NewSwishBeta(2) }, -inf, negZero, negZero},
		{"SwishBeta", func() Layer { return NewSwishBeta(-2) }, -inf, -inf, 1},
		{"SwishBeta", func() Layer { return NewSwishBeta(-2) }, inf, 0, negZero},
		{"SwishBeta", func() Layer { return NewSwishBeta(0) }, inf, inf, 0.5},
		{"SwishBeta", func() Layer { return NewSwishBeta(0) }, -6, -3, 0.5},
		{"SwishBeta", func() Layer { return NewSwishBeta(2) }, 1e308, 1e308, 1},
		{"SwishBeta", func() Layer { return NewSwishBeta(2) }, 0, 0, 0.5},
		{"SwishBeta", func() Layer { return NewSwishBeta(2) }, nan, nan, nan},
		{"ReLUSquared", act(NewReLUSquared), inf, inf, inf},
		{"ReLUSquared", act(NewReLUSquared), -inf, 0, 0},
		{"ReLUSquared", act(NewReLUSquared), negZero, 0, 0},
		{"ReLUSquared", act(NewReLUSquared), 3, 9, 6},
		{"ReLUSquared", act(NewReLUSquared), 1e200, inf, 2e200},
		{"ReLUSquared", act(NewReLUSquared), nan, nan, nan},
		{"QuickGELU", act(NewQuickGELU), inf, inf, 1},
		{"QuickGELU", act(NewQuickGELU), -inf, negZero, negZero},
		{"QuickGELU", act(NewQuickGELU), 0, 0, 0.5},
		{"QuickGELU", act(NewQuickGELU), nan, nan, nan},
		{"Softcap", func() Layer { return NewSoftcap(30) }, inf, 30, 0},
		{"Softcap", func() Layer { return NewSoftcap(30) }, -inf, -30, 0},
		{"Softcap", func() Layer { return NewSoftcap(30) }, 1e308, 30, 0},
		{"Softcap", func() Layer { return NewSoftcap(1e-300) }, 1e300, 1e-300, 0},
		{"Softcap", func() Layer { return NewSoftcap(30) }, negZero, negZero, 1},
		{"Softcap", func() Layer { return NewSoftcap(30) }, 5e-324, 5e-324, 1},
		{"Softcap", func() Layer { return NewSoftcap(1e300) }, 1e-300, 1e-300, 1},
		{"Softcap", func() Layer { return NewSoftcap(30) }, nan, nan, nan},
		{"Laplace", func() Layer { return NewLaplace(0.707107, 0.282095) }, inf, 1, 0},
		{"Laplace", func() Layer { return NewLaplace(0.707107, 0.282095) }, -inf, 0, 0},
		{"Laplace", func() Layer { return NewLaplace(0.707107, 0.282095) }, 1e308, 1, 0},
		{"Laplace", func() Layer { return NewLaplace(0.707107, 0.282095) }, -1e308, 0, 0},
		{"Laplace", func() Layer { return NewLaplace(0, 1) }, 0, 0.5, invSqrt2Pi},
		{"Laplace", func() Layer { return NewLaplace(0.707107, 0.282095) }, nan, nan, nan},
		{"ClippedGELU", func() Layer { return NewClippedGELU(-10, 10) }, inf, 10, 0},
		{"ClippedGELU", func() Layer { return NewClippedGELU(-10, 10) }, -inf, negZero, negZero},
		{"ClippedGELU", func() Layer { return NewClippedGELU(-10, 10) }, 10, 10, 1},
		{"ClippedGELU", func() Layer { return NewClippedGELU(-10, 10) }, math.Nextafter(10, 11), 10, 0},
		{"ClippedGELU", func() Layer { return NewClippedGELU(-10, 10) }, 0, 0, 0.5},
		{"ClippedGELU", func() Layer { return NewClippedGELU(-10, 10) }, nan, nan, nan},
	} {
		t.Run(fmt.Sprintf("%s(%v)", tc.layer, tc.x), func(t *testing.T) {
			y, dy := forwardBackward(tc.make(), []float64{tc.x})
			assert.Zero(t, ulpsSigned(y[0], tc.y), "y = %v, want %v", y[0], tc.y)
			assert.Zero(t, ulpsSigned(dy[0], tc.dy), "y' = %v, want %v", dy[0], tc.dy)
			if tc.y == 0 && tc.x > -inf && !math.Signbit(tc.x) {
				assert.Equal(t, math.Signbit(tc.y), math.Signbit(y[0]), "y = %v, want %v", y[0], tc.y)
			}
			if tc.x == 0 || math.Abs(tc.x) == 5e-324 {
				assert.Equal(t, math.Signbit(tc.y), math.Signbit(y[0]), "sign of zero")
			}
		})
	}
}

// Values that PyTorch and the original round to 0 or lose, from the closed
// forms evaluated to 60 digits with Python's decimal module.
func TestTailDerivatives(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    Layer
		x    float64
		want float64
	}{
		{"Sigmoid'(40)", NewSigmoid(), 40, 4.2483542552915889e-18},
		{"Sigmoid'(-40)", NewSigmoid(), -40, 4.2483542552915889e-18},
		{"Tanh'(-40)", NewTanh(), -40, 7.2194055513816612e-35},
		{"Tanh'(300)", NewTanh(), 300, 1.0601586212017243e-260},
		{"Tanh'(360)", NewTanh(), 360, 8.1289232096734397e-313},
		{"Swish'(-40)", NewSwish(), -40, -1.6568581595637197e-16},
		{"Swish'(-720)", NewSwish(), -720, -1.4611739469430497e-310},
		{"LogSigmoid'(40)", NewLogSigmoid(), 40, 4.2483542552915889773e-18},
		{"CELU_0.5'(-360)", NewCELU(0.5), -360, 2.0322308024242931529e-313},
		{"CELU_2'(-1e-3)", NewCELU(2), -1e-3, 0.99950012497916927056},
		{"Tanhshrink'(1e-5)", NewTanhshrink(), 1e-5, 9.9999999993333349694e-11},
		{"Squareplus_4'(-1e10)", NewSquareplus(4), -1e10, 9.9999999999999999997e-21},
		{"Squareplus_4'(-1e200)", NewSquareplus(4), -1e200, 0},
		{"SwishBeta_2'(-370)", NewSwishBeta(2), -370, -3.0954787713555081663e-319},
		{"SqrtSoftplus'(-1400)", NewSqrtSoftplus(), -1400, 4.929838271879885428353e-305},
		{"SqrtSoftplus'(-1480)", NewSqrtSoftplus(), -1480, 2.094369940024024469729e-322},
		{"SqrtSoftplus'(-710)", NewSqrtSoftplus(), -710, 3.345252690633074566006e-155},
		{"SqrtSoftplus'(40)", NewSqrtSoftplus(), 40, 0.07905694150420948295991},
		{"SqrtSoftplus'(1e300)", NewSqrtSoftplus(), 1e300, 5.0e-151},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, dy := forwardBackward(tc.l, []float64{tc.x})
			if tc.want == 0 {
				assert.Zero(t, dy[0])
				return
			}
			assert.LessOrEqual(t, ulps(dy[0], tc.want), 4.0, "%v, want %v", dy[0], tc.want)
		})
	}
}

// Values that the naive formulas lose, from the closed forms evaluated to
// 80 digits with Python's mpmath at the float64 inputs (for the cancelling
// ones through forms that do not cancel): log σ(40) is not 0, x - tanh x at
// 1e-5 is not 3.3e-16 ± 100%, and squareplus of a large negative x is not 0.
func TestTailValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    Layer
		x    float64
		want float64
	}{
		{"LogSigmoid(40)", NewLogSigmoid(), 40, -4.2483542552915889863e-18},
		{"LogSigmoid(-800)", NewLogSigmoid(), -800, -800},
		{"Tanhshrink(1e-5)", NewTanhshrink(), 1e-5, 3.333333333200000818e-16},
		{"Tanhshrink(-1e-100)", NewTanhshrink(), -1e-100, -3.3333333333333333e-301},
		{"Squareplus_4(-1e10)", NewSquareplus(4), -1e10, 9.9999999999999999999e-11},
		{"Squareplus_4(-1e200)", NewSquareplus(4), -1e200, 1.0000000000000000303e-200},
		{"Squareplus_4(-1e300)", NewSquareplus(4), -1e300, 9.999999999999999475e-301},
		{"CELU_2(-1e-3)", NewCELU(2), -1e-3, -0.00099975004166145887493},
		{"SwishBeta_2(-370)", NewSwishBeta(2), -370, -1.5498337556177781076e-319},
		{"SqrtSoftplus(-1400)", NewSqrtSoftplus(), -1400, 9.859676543759770856705e-305},
		{"SqrtSoftplus(-1480)", NewSqrtSoftplus(), -1480, 4.188739880048048939458e-322},
		{"SqrtSoftplus(-745.5)", NewSqrtSoftplus(), -745.5, 1.30837389552588400746e-162},
		{"SqrtSoftplus(40)", NewSqrtSoftplus(), 40, 6.324555320336758664334},
	} {
		t.Run(tc.name, func(t *testing.T) {
			y, _ := forwardBackward(tc.l, []float64{tc.x})
			assert.LessOrEqual(t, ulps(y[0], tc.want), 4.0, "%v, want %v", y[0], tc.want)
		})
	}
}

func TestPReLUSlopes(t *testing.T) {
	xs := []float64{-3, -0.5, 0, 0.5, 3}
	for _, alpha := range []float64{0, 0.01, 0.25, 1, 2.5, -1} {
		t.Run(fmt.Sprint(alpha), func(t *testing.T) {
			y, dy := forwardBackward(NewPReLU(alpha), xs)
			for i, x := range xs {
				wantY, wantDy := x, 1.0
				if x <= 0 {
					wantY, wantDy = alpha*x, alpha
				}
				assert.Equal(t, wantY, y[i], "y(%v)", x)
				assert.Equal(t, wantDy, dy[i], "y'(%v)", x)
			}
		})
	}
}

func TestPReLUAlphaGrad(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x, g := randomDense(rng, 17, 9, 2), randomDense(rng, 17, 9, 1)
	p := NewPReLU(0.3)
	p.Forward(x, true)
	p.Backward(g)
	grad := p.Params()["alpha"].Grad.At(0, 0)

	want := newBig()
	for i := 0; i < 17; i++ {
		for j := 0; j < 9; j++ {
			if v := x.At(i, j); v <= 0 {
				want.Add(want, newBig().Mul(bf(g.At(i, j)), bf(v)))
			}
		}
	}
	assert.LessOrEqual(t, ulps(grad, f64(want)), 1.0, "dL/dα = %v, want %v", grad, f64(want))

	// Set, not accumulated: a second step gives the same gradient.
	p.Forward(x, true)
	p.Backward(g)
	assert.Equal(t, grad, p.Params()["alpha"].Grad.At(0, 0))
}

// TestSwishBetaGrad checks dLoss/dβ against the sum of the exact terms,
// with β where the tails dominate: x²·σ(βx)(1-σ(βx)) from a scaled
// exponential where σ or 1-σ is subnormal, and huge x with a tiny β,
// where x² and e^-βx alone overflow and underflow.
func TestSwishBetaGrad(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 6))
	for _, tc := range []struct {
		beta, scale float64
	}{{1.7, 2}, {-0.6, 3}, {1, 400}, {30, 30}, {1e-300, 0}} {
		x, g := randomDense(rng, 23, 11, tc.scale), randomDense(rng, 23, 11, 1)
		if tc.scale == 0 { // |x| from 7e302 to 1.5e303: 700 <= |βx| <= 1500
			x.Apply(func(_, _ int, _ float64) float64 {
				return float64(1-2*rng.IntN(2)) * (7e302 + 8e302*rng.Float64())
			}, x)
		}
		l := NewSwishBeta(tc.beta)
		l.Forward(x, true)
		l.Backward(g)
		grad := l.Params()["beta"].Grad.At(0, 0)
		want, size := newBig(), newBig()
		for i := range 23 {
			for j := range 11 {
				_, _, term := refSwishBeta(tc.beta)(x.At(i, j))
				gt := newBig().Mul(bf(g.At(i, j)), bf(term))
				want.Add(want, gt)
				size.Add(size, gt.Abs(gt))
			}
		}
		// The terms have both signs: the error is measured against the
		// sum of their magnitudes, as for derivatives that cancel.
		bound := 4 * max(1, f64(size)/math.Abs(f64(want)))
		assert.LessOrEqual(t, ulps(grad, f64(want)), bound, "β = %v: dL/dβ = %v, want %v", tc.beta, grad, f64(want))
		for i := range 23 {
			for j := range 11 {
				_, _, term := swishBeta(x.At(i, j), tc.beta)
				_, _, ref := refSwishBeta(tc.beta)(x.At(i, j))
				require.LessOrEqual(t, ulps(term, ref), 4.0, "β = %v, x = %v: term %v, want %v", tc.beta, x.At(i, j), term, ref)
			}
		}
	}
}

func TestPReLUPerFeature(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	const r, c = 19, 4
	x, g := randomDense(rng, r, c, 2), randomDense(rng, r, c, 1)
	p := NewPReLUPerFeature(c, 0)
	slopes := []float64{0, 0.01, 2.5, -1}
	copy(p.Params()["alpha"].Value.RawRowView(0), slopes)
	y := p.Forward(x, true)
	dx := p.Backward(g)
	grad := p.Params()["alpha"].Grad.RawRowView(0)
	for j, a := range slopes {
		want := newBig()
		for i := range r {
			v := x.At(i, j)
			wantY, wantDx := v, g.At(i, j)
			if v <= 0 {
				wantY, wantDx = a*v, a*g.At(i, j)
				want.Add(want, newBig().Mul(bf(g.At(i, j)), bf(v)))
			}
			assert.Equal(t, wantY, y.At(i, j), "y[%d,%d]", i, j)
			assert.Equal(t, wantDx, dx.At(i, j), "dx[%d,%d]", i, j)
		}
		assert.LessOrEqual(t, ulps(grad[j], f64(want)), 1.0, "dL/dα[%d] = %v, want %v", j, grad[j], f64(want))
	}
	// Set, not accumulated.
	before := append([]float64(nil), grad...)
	p.Forward(x, true)
	p.Backward(g)
	assert.Equal(t, before, p.Params()["alpha"].Grad.RawRowView(0))
}

// TestGradientsByFiniteDifferences checks Backward against central
// differences of the scalar loss L = Σ g ⊙ Forward(x, true) for every
// layer, and the gradients of every parameter. Each Forward is a clone's,
// so that RReLU draws the same slopes for every difference.
func TestGradientsByFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const r, c, h = 4, 6, 1e-6
	kinks := map[string][]float64{
		"ReLU": {0}, "LeakyReLU": {0}, "PReLU": {0}, "PReLUPerFeature": {0},
		"HardSigmoid": {-3, 3}, "HardSwish": {-3, 3}, "HardSigmoidAffine": {-2.5, 2.5}, "ReLU6": {0, 6}, "Hardtanh": {-0.5, 2},
		"Threshold": {0.3}, "Softshrink": {-0.5, 0.5}, "Hardshrink": {-0.5, 0.5}, "Shrink": {-0.5, 0.5},
		"SparsePlus": {-1, 1}, "SparseSigmoid": {-1, 1}, "RReLU": {0}, "XIELU": {-1e-6, 0},
	}
	nearKink := func(name string, v float64) bool {
		for _, k := range kinks[name] {
			if math.Abs(v-k) < 2*h {
				return true
			}
		}
		return false
	}
	for _, lc := range allLayers() {
		t.Run(lc.name, func(t *testing.T) {
			l := lc.make(c)
			x, g := randomDense(rng, r, c, 2), randomDense(rng, r, c, 1)
			loss := func() float64 { return mat.Sum(mulElem(g, l.(Cloner).Clone().Forward(x, true))) }
			a := l.(Cloner).Clone()
			a.Forward(x, true)
			dx := mat.DenseCopyOf(a.Backward(g))
			for i := 0; i < r; i++ {
				for j := 0; j < c; j++ {
					v := x.At(i, j)
					if nearKink(lc.name, v) {
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
			grads := a.Params()
			for name, p := range l.Params() {
				value := p.Value.RawMatrix().Data
				for k, v := range value {
					value[k] = v + h
					up := loss()
					value[k] = v - h
					down := loss()
					value[k] = v
					assert.InDelta(t, (up-down)/(2*h), grads[name].Grad.RawMatrix().Data[k], 1e-7, "dL/d%s[%d]", name, k)
				}
			}
		})
	}
}

func TestNewCallsTheFunctionPair(t *testing.T) {
	softsign := New(func(x float64) float64 { return x / (1 + math.Abs(x)) },
		func(x float64) float64 { return 1 / ((1 + math.Abs(x)) * (1 + math.Abs(x))) })
	y, dy := forwardBackward(softsign, []float64{-3, 0, 1})
	assert.Equal(t, []float64{-0.75, 0, 0.5}, y)
	assert.Equal(t, []float64{1.0 / 16, 1, 0.25}, dy)

	calls := 0
	counting := New(func(x float64) float64 { return x }, func(float64) float64 { calls++; return 1 })
	counting.Forward(mat.NewDense(2, 2, nil), false)
	assert.Zero(t, calls, "inference evaluated the derivative")
}

// TestViewsEqualCopies runs every layer on a view with Stride > Cols and on a
// contiguous copy of it, and checks that results agree bit for bit and that
// neither the view's parent nor the gradient's is written.
func TestViewsEqualCopies(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, lc := range allLayers() {
		for _, shape := range [][2]int{{1, 1}, {1, 7}, {5, 1}, {6, 13}} {
			r, c := shape[0], shape[1]
			t.Run(fmt.Sprintf("%s/%dx%d", lc.name, r, c), func(t *testing.T) {
				xParent, gParent := randomDense(rng, r+3, c+4, 3), randomDense(rng, r+2, c+5, 1)
				xBefore, gBefore := mat.DenseCopyOf(xParent), mat.DenseCopyOf(gParent)
				xView := xParent.Slice(2, 2+r, 1, 1+c).(*mat.Dense)
				gView := gParent.Slice(1, 1+r, 3, 3+c).(*mat.Dense)

				onView, onCopy := lc.make(c), lc.make(c)
				yView := mat.DenseCopyOf(onView.Forward(xView, true))
				yCopy := onCopy.Forward(mat.DenseCopyOf(xView), true)
				assert.True(t, mat.Equal(yView, yCopy), "Forward on a view differs")
				dxView := onView.Backward(gView)
				dxCopy := onCopy.Backward(mat.DenseCopyOf(gView))
				assert.True(t, mat.Equal(dxView, dxCopy), "Backward on a view differs")

				assert.True(t, mat.Equal(xParent, xBefore), "input parent changed")
				assert.True(t, mat.Equal(gParent, gBefore), "gradient parent changed")
			})
		}
	}
}

// TestNoReferenceToInput overwrites the input after Forward: Backward must
// not notice. It also feeds layers their own previous output, whole and as an
// offset view, which must work like a copy.
func TestNoReferenceToInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 11))
	for _, lc := range allLayers() {
		t.Run(lc.name, func(t *testing.T) {
			x, g := randomDense(rng, 5, 8, 2), randomDense(rng, 5, 8, 1)
			ref := lc.make(8)
			ref.Forward(mat.DenseCopyOf(x), true)
			want := mat.DenseCopyOf(ref.Backward(g))

			l := lc.make(8)
			l.Forward(x, true)
			x.Scale(-3, x)
			assert.True(t, mat.Equal(want, l.Backward(g)), "Backward changed after the input was overwritten")

			// A clone at the same point of the layer's life (of RReLU's
			// generator) computes on copies what the layer computes on
			// its own results.
			y := l.Forward(x, true)
			yCopy := mat.DenseCopyOf(y)
			same := l.(Cloner).Clone()
			twice := l.Forward(y, true)
			assert.True(t, mat.Equal(yCopy, y), "Forward overwrote its argument, its own last output")
			assert.True(t, mat.Equal(same.Forward(yCopy, true), twice))

			y = l.Forward(x, true)
			view := y.Slice(1, 5, 0, 8).(*mat.Dense)
			viewCopy := mat.DenseCopyOf(view)
			assert.True(t, mat.Equal(lc.make(8).Forward(viewCopy, false), l.Forward(view, false)),
				"Forward of a view of its own output")

			l.Forward(x, true)
			dx := l.Backward(g)
			dxCopy := mat.DenseCopyOf(dx)
			same = l.(Cloner).Clone()
			same.Forward(x, true)
			l.Forward(x, true)
			assert.True(t, mat.Equal(same.Backward(dxCopy), l.Backward(dx)), "Backward of its own last gradient")
		})
	}
}

// TestViewOfOwnOutputAfterSmallerBatch feeds each layer a view of its own
// output after a smaller batch than the one before: the output then sits
// at the start of memory sized for the larger batch, with its own stride,
// and the view's rows overlap where the new output goes, shifted. The
// results must be those of a copy, training Forward and Backward too
// (LogSoftmax's row-wise pass reads its input after writing its output).
func TestViewOfOwnOutputAfterSmallerBatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 13))
	for _, lc := range allLayers() {
		t.Run(lc.name, func(t *testing.T) {
			for _, p := range vectorPaths() {
				p.run(func() {
					l := lc.make(8)
					l.Forward(randomDense(rng, 9, 8, 2), true)
					l.Backward(randomDense(rng, 9, 8, 1))
					y := l.Forward(randomDense(rng, 5, 8, 2), true)
					for _, view := range []*mat.Dense{y.Slice(1, 5, 0, 8).(*mat.Dense), y.Slice(2, 4, 0, 8).(*mat.Dense)} {
						r, _ := view.Dims()
						g := randomDense(rng, r, 8, 1)
						viewCopy := mat.DenseCopyOf(view)
						same := l.(Cloner).Clone()
						want := mat.DenseCopyOf(same.Forward(viewCopy, true))
						wantDx := mat.DenseCopyOf(same.Backward(g))
						got := l.Forward(view, true)
						assert.True(t, sameBits(want, got), "%s: Forward of a view of its own output after a smaller batch:\n%v\nwant\n%v", p.name, mat.Formatted(got), mat.Formatted(want))
						assert.True(t, sameBits(wantDx, l.Backward(g)), "%s: Backward after it", p.name)
						// A fresh output of 5 rows, in the memory the next view
						// reads, which was taken from y before the loop.
						l.Forward(randomDense(rng, 5, 8, 2), true)
					}
				})
			}
		})
	}
}

// TestResultsAreReused checks what the package doc promises of results:
// Forward returns the same matrix each time, whatever the shape, on the
// memory of the largest batch so far.
func TestResultsAreReused(t *testing.T) {
	l := NewSigmoid()
	y1 := l.Forward(mat.NewDense(4, 3, nil), true)
	data := y1.RawMatrix().Data
	y2 := l.Forward(mat.NewDense(2, 3, nil), true)
	assert.Same(t, y1, y2, "a smaller batch: the same matrix")
	assert.Equal(t, 2, y1.RawMatrix().Rows, "the matrix takes the new shape")
	assert.Same(t, &data[0], &y2.RawMatrix().Data[0], "on the same memory")
	y3 := l.Forward(mat.NewDense(5, 7, nil), true)
	assert.Same(t, y1, y3, "a larger batch: still the same matrix")
	r, c := y3.Dims()
	assert.Equal(t, [2]int{5, 7}, [2]int{r, c})
}

func TestMisusePanics(t *testing.T) {
	x := mat.NewDense(4, 3, nil)
	for _, tc := range []struct {
		name string
		run  func()
		want string
	}{
		{"nil input", func() { NewSigmoid().Forward(nil, true) }, "activation: Sigmoid.Forward: input is nil"},
		{"empty input", func() { NewReLU().Forward(&mat.Dense{}, false) }, "activation: ReLU.Forward: input is empty"},
		{"nil gradient", func() {
			l := NewTanh()
			l.Forward(x, true)
			l.Backward(nil)
		}, "activation: Tanh.Backward: gradient is nil"},
		{"Backward before Forward", func() { NewSwish().Backward(x) },
			"activation: Swish.Backward: no training Forward to go back through: call Forward(x, true) first"},
		{"Backward after inference only", func() {
			l := NewPReLU(0.1)
			l.Forward(x, false)
			l.Backward(x)
		}, "activation: PReLU.Backward: no training Forward to go back through: call Forward(x, true) first"},
		{"second Backward", func() {
			l := NewTanh()
			l.Forward(x, true)
			l.Backward(x)
			l.Backward(x)
		}, "activation: Tanh.Backward: second Backward of one training Forward: each Forward(x, true) feeds one Backward; a layer used at two places in a network needs two instances (see Clone)"},
		{"gradient shape", func() {
			l := NewSoftmax(1)
			l.Forward(x, true)
			l.Backward(mat.NewDense(3, 4, nil))
		}, "activation: Softmax.Backward: gradient is 3x4, input was 4x3"},
		{"custom layer", func() { New(math.Sin, math.Cos).Backward(x) },
			"activation: Activation.Backward: no training Forward to go back through: call Forward(x, true) first"},
		{"nil function", func() { New(nil, math.Cos) }, "activation: New: nil function"},
		{"nil derivative", func() { New(math.Sin, nil) }, "activation: New: nil function"},
		{"both nil", func() { New(nil, nil) }, "activation: New: nil function"},
		{"zero temperature", func() { NewSoftmax(0) }, "activation: NewSoftmax: temperature is 0, must be finite and positive"},
		{"NaN temperature", func() { NewSoftmax(nan) }, "activation: NewSoftmax: temperature is NaN, must be finite and positive"},
		{"infinite temperature", func() { NewSoftmax(inf) }, "activation: NewSoftmax: temperature is +Inf, must be finite and positive"},
		{"temperature set negative", func() {
			s := NewSoftmax(1)
			s.Temperature = -1
			s.Forward(x, false)
		}, "activation: Softmax.Forward: Temperature is -1, must be finite and positive"},
		{"negative epsilon", func() {
			s := NewSoftmax(1)
			s.Epsilon = -1e-8
			s.Forward(x, false)
		}, "activation: Softmax.Forward: Epsilon is -1e-08, must be finite and non-negative"},
		{"zero log-softmax temperature", func() { NewLogSoftmax(0) }, "activation: NewLogSoftmax: temperature is 0, must be finite and positive"},
		{"log-softmax temperature set to NaN", func() {
			s := NewLogSoftmax(1)
			s.Temperature = nan
			s.Forward(x, false)
		}, "activation: LogSoftmax.Forward: Temperature is NaN, must be finite and positive"},
		{"NaN slope", func() { NewLeakyReLU(nan) }, "activation: NewLeakyReLU: slope is NaN, must be finite"},
		{"infinite ELU alpha", func() { NewELU(-inf) }, "activation: NewELU: alpha is -Inf, must be finite and at most 2^64 in magnitude"},
		{"huge ELU alpha", func() { NewELU(1e30) }, "activation: NewELU: alpha is 1e+30, must be finite and at most 2^64 in magnitude"},
		{"zero beta", func() { NewSoftplus(0, 20) }, "activation: NewSoftplus: beta is 0, must be in [2^-64, 2^64]"},
		{"NaN threshold", func() { NewSoftplus(1, nan) }, "activation: NewSoftplus: threshold is NaN, must be finite"},
		{"no features", func() { NewPReLUPerFeature(0, 0.25) }, "activation: NewPReLUPerFeature: features is 0, must be at least 1"},
		{"NaN per-feature alpha", func() { NewPReLUPerFeature(2, nan) }, "activation: NewPReLUPerFeature: alpha is NaN, must be finite"},
		{"feature count", func() { NewPReLUPerFeature(4, 0.25).Forward(x, true) },
			"activation: PReLUPerFeature.Forward: input has 3 columns, layer has 4 features"},
		{"nil per-feature input", func() { NewPReLUPerFeature(4, 0.25).Forward(nil, true) },
			"activation: PReLUPerFeature.Forward: input is nil"},
		{"Snake feature count", func() { NewSnake(4, 1).Forward(x, true) },
			"activation: Snake.Forward: input has 3 columns, layer has 4 features"},
		{"ClampedSwiGLU odd width", func() { NewClampedSwiGLU(1.702, 7, true).Forward(x, true) },
			"activation: ClampedSwiGLU.Forward: input has 3 columns, want an even number: the halves a and b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithValue(t, tc.want, tc.run)
		})
	}
}

func TestParams(t *testing.T) {
	for _, lc := range allLayers() {
		params := lc.make(3).Params()
		switch lc.name {
		case "PReLU", "PReLUPerFeature", "SwishBeta", "XIELU", "Snake":
			cols := map[string]int{"PReLU": 1, "PReLUPerFeature": 3, "SwishBeta": 1, "XIELU": 1, "Snake": 3}[lc.name]
			names := map[string][]string{"PReLU": {"alpha"}, "PReLUPerFeature": {"alpha"}, "SwishBeta": {"beta"}, "XIELU": {"alpha_p", "alpha_n"}, "Snake": {"alpha"}}[lc.name]
			require.Len(t, params, len(names))
			for _, name := range names {
				p, ok := params[name]
				require.True(t, ok, "%s has no %q", lc.name, name)
				r, c := p.Value.Dims()
				assert.Equal(t, [2]int{1, cols}, [2]int{r, c}, lc.name)
				r, c = p.Grad.Dims()
				assert.Equal(t, [2]int{1, cols}, [2]int{r, c}, lc.name)
			}
		default:
			assert.Empty(t, params, lc.name)
		}
	}
	assert.Equal(t, 0.25, NewPReLU(0.25).Params()["alpha"].Value.At(0, 0))
	assert.Equal(t, []float64{0.5, 0.5}, NewPReLUPerFeature(2, 0.5).Params()["alpha"].Value.RawRowView(0))
	assert.Equal(t, -0.75, NewSwishBeta(-0.75).Params()["beta"].Value.At(0, 0))
}

func TestPReLUFollowsItsValue(t *testing.T) {
	p := NewPReLU(0.1)
	p.Params()["alpha"].Value.Set(0, 0, 0.5)
	y := p.Forward(mat.NewDense(1, 2, []float64{-2, 2}), false)
	assert.Equal(t, []float64{-1, 2}, y.RawMatrix().Data)
}

// TestTanhshrinkReferencesAgree checks the two references of Tanhshrink
// against each other where both keep enough digits, so that each vouches
// for the other.
func TestTanhshrinkReferencesAgree(t *testing.T) {
	for _, a := range []float64{0.01, 0.1, 0.3, 0.49, 0.5, 0.9, 1.25, 2, 4} {
		cf, exp := bigTanhshrinkCF(bf(a)), bigTanhshrinkExp(bf(a))
		diff := newBig().Sub(cf, exp)
		rel := newBig().Quo(diff.Abs(diff), exp)
		assert.True(t, rel.Cmp(bf(0x1p-300)) < 0, "a = %v: references differ by %v relative", a, rel)
	}
}

// TestLeakyReLUSignedZeros checks the sign of LeakyReLU's zeros on every
// path: y = slope·x for x <= 0, +0 included, so a negative slope turns +0
// into -0 and -0 into +0, and y' = slope there. The zeros sit at every
// position of rows long enough for the vector kernels.
func TestLeakyReLUSignedZeros(t *testing.T) {
	negZero := math.Copysign(0, -1)
	for _, tc := range []struct {
		slope            float64
		fromPos, fromNeg float64 // y(+0), y(-0)
	}{
		{-0.5, negZero, 0},
		{-3e300, negZero, 0},
		{0.25, 0, negZero},
		// Not slope 0: its y(-0) is ReLU's max(x, 0) = +0 on every path,
		// where the doc's slope·x is -0.
	} {
		for _, p := range vectorPaths() {
			p.run(func() {
				for n := 1; n <= 19; n++ {
					x := make([]float64, n)
					for j := range x {
						if j%2 == 1 {
							x[j] = negZero
						}
					}
					y, dy := forwardBackward(NewLeakyReLU(tc.slope), x)
					for j := range x {
						want := tc.fromPos
						if j%2 == 1 {
							want = tc.fromNeg
						}
						assert.Zero(t, ulpsSigned(y[j], want), "slope %v on %s, n %d: y(%v) = %v, want %v", tc.slope, p.name, n, x[j], y[j], want)
						assert.Zero(t, ulpsSigned(dy[j], tc.slope), "slope %v on %s, n %d: y'(%v) = %v, want %v", tc.slope, p.name, n, x[j], dy[j], tc.slope)
					}
				}
			})
		}
	}
}

// TestParametersAtTheEdgeOfTheirRange builds each layer with the extreme
// parameter its constructor's doc allows, checks it against the reference
// there, and checks that the next float64 beyond is refused: an edge off by
// one comparison either refuses a documented value or lets through one whose
// results overflow.
func TestParametersAtTheEdgeOfTheirRange(t *testing.T) {
	xs := []float64{0, 1, -1, 30, -30, 1e20, -1e20, 1e300, -1e300, math.MaxFloat64, -math.MaxFloat64, 5e-324, -5e-324}
	for _, tc := range []struct {
		name   string
		make   func() Layer
		ref    func(float64) (float64, float64)
		beyond func()
	}{
		{"Squareplus(MaxFloat64)", func() Layer { return NewSquareplus(math.MaxFloat64) }, refSquareplus(math.MaxFloat64),
			func() { NewSquareplus(inf) }},
		{"ELU(2^64)", func() Layer { return NewELU(0x1p64) }, refELU("18446744073709551616", "1"),
			func() { NewELU(math.Nextafter(0x1p64, inf)) }},
		{"ELU(-2^64)", func() Layer { return NewELU(-0x1p64) }, refELU("-18446744073709551616", "1"),
			func() { NewELU(math.Nextafter(-0x1p64, -inf)) }},
		{"Softplus(2^-64, 20)", func() Layer { return NewSoftplus(0x1p-64, 20) }, refSoftplus(0x1p-64, 20),
			func() { NewSoftplus(math.Nextafter(0x1p-64, 0), 20) }},
		{"Softplus(2^64, -30)", func() Layer { return NewSoftplus(0x1p64, -30) }, refSoftplus(0x1p64, -30),
			func() { NewSoftplus(math.Nextafter(0x1p64, inf), -30) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Panics(t, tc.beyond, "the next parameter beyond the edge")
			for _, p := range vectorPaths() {
				p.run(func() {
					y, dy := forwardBackward(tc.make(), xs)
					for i, x := range xs {
						wantY, wantDy := tc.ref(x)
						assert.LessOrEqual(t, ulps(y[i], wantY), 4.0, "%s: y(%v) = %v, want %v", p.name, x, y[i], wantY)
						assert.LessOrEqual(t, ulps(dy[i], wantDy), 4.0, "%s: y'(%v) = %v, want %v", p.name, x, dy[i], wantDy)
					}
				})
			}
		})
	}
}

// TestParameterGradientSpecialValues checks the parameter gradients where
// their sums meet 0·Inf or Inf, on every path, in a row long enough for
// the vector kernels: PReLU's dα = Σ g·x over x <= 0 is NaN once a term is
// Inf·0 (x = 0, g = +Inf), -Inf for g = 1 at x = -Inf, and leaves out
// x > 0 even where g is NaN; SwishBeta's dβ
// = Σ g·x²·σ(βx)(1-σ(βx)) at β = 0 is Σ g·x²/4, +Inf for x = ±Inf and
// g = 1.
func TestParameterGradientSpecialValues(t *testing.T) {
	const n = 37
	row := func(at int, v float64) *mat.Dense {
		m := mat.NewDense(1, n, nil)
		for j := range n {
			m.Set(0, j, -0.5)
		}
		m.Set(0, at, v)
		return m
	}
	for _, tc := range []struct {
		name  string
		make  func() Layer
		param string
		x, g  float64
		want  float64
	}{
		{"PReLU x=0 g=+Inf", func() Layer { return NewPReLU(0.25) }, "alpha", 0, inf, nan},
		{"PReLU x=-0 g=-Inf", func() Layer { return NewPReLU(0.25) }, "alpha", math.Copysign(0, -1), -inf, nan},
		{"PReLU x=-Inf g=1", func() Layer { return NewPReLU(0.25) }, "alpha", -inf, 1, -inf},
		// x > 0 is not in the sum, whatever its g: 36 terms of 1·(-0.5).
		{"PReLU x=+Inf g=NaN", func() Layer { return NewPReLU(0.25) }, "alpha", inf, nan, -18},
		{"SwishBeta(0) x=+Inf", func() Layer { return NewSwishBeta(0) }, "beta", inf, 1, inf},
		{"SwishBeta(0) x=-Inf", func() Layer { return NewSwishBeta(0) }, "beta", -inf, 1, inf},
		{"SwishBeta(0) x=1e200", func() Layer { return NewSwishBeta(0) }, "beta", 1e200, 1, inf},
	} {
		for _, p := range vectorPaths() {
			p.run(func() {
				for _, at := range []int{0, 5, n - 1} {
					l := tc.make()
					x, g := row(at, tc.x), row(at, tc.g)
					for j := range n {
						if j != at {
							g.Set(0, j, 1)
						}
					}
					l.Forward(x, true)
					l.Backward(g)
					got := l.Params()[tc.param].Grad.At(0, 0)
					assert.Zero(t, ulpsSigned(got, tc.want), "%s on %s at %d: d%s = %v, want %v", tc.name, p.name, at, tc.param, got, tc.want)
				}
			})
		}
	}
}
