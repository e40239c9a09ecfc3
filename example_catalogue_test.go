package activation_test

import (
	"fmt"
	"math"

	"github.com/mpneuralnetwork/activation"
	"gonum.org/v1/gonum/mat"
)

// show prints a layer's output and, from a Backward of ones, its
// derivative at xs.
func show(l activation.Layer, xs ...float64) {
	x := mat.NewDense(1, len(xs), xs)
	fmt.Printf("y:  %.4g\n", l.Forward(x, true).RawRowView(0))
	ones := mat.NewDense(1, len(xs), nil)
	ones.Apply(func(int, int, float64) float64 { return 1 }, ones)
	fmt.Printf("y': %.4g\n", l.Backward(ones).RawRowView(0))
}

func ExampleNewReLU6() {
	show(activation.NewReLU6(), -1, 3, 6, 8)
	// Output:
	// y:  [0 3 6 6]
	// y': [0 1 0 0]
}

func ExampleNewHardtanh() {
	show(activation.NewHardtanh(-1, 1), -2, -0.5, 1, 3)
	// Output:
	// y:  [-1 -0.5 1 1]
	// y': [0 1 0 0]
}

func ExampleNewThreshold() {
	// PyTorch's Threshold(0.1, 20): values up to 0.1 are replaced by 20.
	show(activation.NewThreshold(0.1, 20), -1, 0.1, 0.5, 3)
	// Output:
	// y:  [20 20 0.5 3]
	// y': [0 0 1 1]
}

func ExampleNewHardSigmoidAffine() {
	// ONNX's HardSigmoid with its defaults, Keras 2's hard sigmoid: 0.2x + 0.5
	// clamped to [0, 1].
	show(activation.NewHardSigmoidAffine(0.2, 0.5), -3, -2.5, 0, 1, 3)
	// Output:
	// y:  [0 0 0.5 0.7 1]
	// y': [0 0 0.2 0.2 0]
}

func ExampleNewExp() {
	// Keras's exponential: subnormal at -740, +Inf past 709.78.
	show(activation.NewExp(), 0, 1, -740, 710)
	// Output:
	// y:  [1 2.718 4.2e-322 +Inf]
	// y': [1 2.718 4.2e-322 +Inf]
}

func ExampleNewSqrtSoftplus() {
	// DeepSeek V4's router score: at -1400, e^x is 0 in float64, and y and
	// y' keep e^(x/2)'s digits.
	show(activation.NewSqrtSoftplus(), -1400, 0, 40, 1e300)
	// Output:
	// y:  [9.86e-305 0.8326 6.325 1e+150]
	// y': [4.93e-305 0.3003 0.07906 5e-151]
}

func ExampleNewCELU() {
	show(activation.NewCELU(0.5), -1000, -1e-3, 2)
	// Output:
	// y:  [-0.5 -0.000999 2]
	// y': [0 0.998 1]
}

func ExampleNewLogSigmoid() {
	// log σ(40) is -4.2e-18, not 0, and log σ(-800) is -800, not -Inf.
	show(activation.NewLogSigmoid(), 40, 0, -800)
	// Output:
	// y:  [-4.248e-18 -0.6931 -800]
	// y': [4.248e-18 0.5 1]
}

func ExampleNewSoftsign() {
	show(activation.NewSoftsign(), -3, 0, 1e154)
	// Output:
	// y:  [-0.75 0 1]
	// y': [0.0625 1 1e-308]
}

func ExampleNewSoftshrink() {
	show(activation.NewSoftshrink(0.5), -2, 0.3, 1)
	// Output:
	// y:  [-1.5 0 0.5]
	// y': [1 0 1]
}

func ExampleNewHardshrink() {
	show(activation.NewHardshrink(0.5), -2, 0.3, 1)
	// Output:
	// y:  [-2 0 1]
	// y': [1 0 1]
}

func ExampleNewShrink() {
	// ONNX's Shrink: x + bias below -lambda, x - bias above lambda.
	show(activation.NewShrink(0.5, 0.2), -2, 0.3, 1)
	// Output:
	// y:  [-1.8 0 0.8]
	// y': [1 0 1]
}

func ExampleNewTanhshrink() {
	// x - tanh x at 1e-5 is 1e-15/3; subtracting tanh x from x would
	// give 3.3e-16 with no correct digit.
	show(activation.NewTanhshrink(), 1e-5, 1, -3)
	// Output:
	// y:  [3.333e-16 0.2384 -2.005]
	// y': [1e-10 0.58 0.9901]
}

func ExampleNewSquareplus() {
	// JAX's default b = 4. At -1e10, x + √(x² + b) would cancel to 0.
	show(activation.NewSquareplus(4), -1e10, 0, 3)
	// Output:
	// y:  [1e-10 1 3.303]
	// y': [1e-20 0.5 0.916]
}

func ExampleNewSparsePlus() {
	show(activation.NewSparsePlus(), -2, 0, 0.5, 3)
	// Output:
	// y:  [0 0.25 0.5625 3]
	// y': [0 0.5 0.75 1]
}

func ExampleNewSparseSigmoid() {
	show(activation.NewSparseSigmoid(), -2, 0, 0.5, 3)
	// Output:
	// y:  [0 0.5 0.75 1]
	// y': [0 0.5 0.5 0]
}

func ExampleNewIdentity() {
	show(activation.NewIdentity(), -2, 0, math.Inf(1))
	// Output:
	// y:  [-2 0 +Inf]
	// y': [1 1 1]
}

func ExampleNewRReLU() {
	rrelu := activation.NewRReLU(0.125, 1.0/3, 1)
	x := mat.NewDense(1, 4, []float64{-1, -1, -1, 2})
	// In training each negative element gets a slope of its own, drawn
	// from [1/8, 1/3] by the seeded generator, the same on every run.
	fmt.Printf("training:  %.4f\n", rrelu.Forward(x, true).RawRowView(0))
	// In inference the slope is the mean, 11/48.
	fmt.Printf("inference: %.4f\n", rrelu.Forward(x, false).RawRowView(0))
	// Output:
	// training:  [-0.1922 -0.2421 -0.2881 2.0000]
	// inference: [-0.2292 -0.2292 -0.2292 2.0000]
}

func ExampleNewSwishBeta() {
	swish := activation.NewSwishBeta(1)
	x := mat.NewDense(1, 3, []float64{-1, 0.5, 2})
	fmt.Printf("y:  %.4f\n", swish.Forward(x, true).RawRowView(0))
	swish.Backward(mat.NewDense(1, 3, []float64{1, 1, 1}))
	// dLoss/dβ = Σ g·x²·σ(βx)(1-σ(βx)), for an optimizer to update β.
	fmt.Printf("dβ: %.4f\n", swish.Params()["beta"].Grad.At(0, 0))
	// Output:
	// y:  [-0.2689 0.3112 1.7616]
	// dβ: 0.6753
}

func ExampleNewReLUSquared() {
	show(activation.NewReLUSquared(), -2, 0.5, 3)
	// Output:
	// y:  [0 0.25 9]
	// y': [0 1 6]
}

func ExampleNewQuickGELU() {
	// x·σ(1.702x): at -400, σ is e^-680.8, and y keeps it.
	show(activation.NewQuickGELU(), -1, 0, 1, -400)
	// Output:
	// y:  [-0.1542 0 0.8458 -8.598e-294]
	// y': [-0.06778 0.5 1.068 -1.461e-293]
}

func ExampleNewSoftcap() {
	// Gemma 2's final-logit cap of 30: small logits pass, large ones
	// approach ±30.
	show(activation.NewSoftcap(30), 1e-10, 10, 100, -1000)
	// Output:
	// y:  [1e-10 9.645 29.92 -30]
	// y': [1 0.8966 0.005078 4.458e-29]
}

func ExampleNewLaplace() {
	// Hugging Face's laplace: Φ((x - 0.707107)/0.282095), exact in the
	// left tail, where 1 + erf would round to 0.
	show(activation.NewLaplace(0.707107, 0.282095), -10, 0, 0.707107, 2)
	// Output:
	// y:  [1.555e-315 0.006094 0.5 1]
	// y': [2.094e-313 0.06111 1.414 3.883e-05]
}

func ExampleNewClippedGELU() {
	// Hugging Face's gelu_10: GELU clipped to [-10, 10].
	show(activation.NewClippedGELU(-10, 10), -1, 2, 10, 20)
	// Output:
	// y:  [-0.1587 1.954 10 10]
	// y': [-0.08332 1.085 1 0]
}
