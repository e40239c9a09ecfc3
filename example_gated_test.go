package activation_test

import (
	"fmt"
	"math"

	"github.com/mpneuralnetwork/activation"
	"gonum.org/v1/gonum/mat"
)

// gate runs a gated unit on one row [a | b] and prints y and the
// 2n-column gradient of a Backward of ones.
func gate(l activation.Layer, a, b []float64) {
	x := mat.NewDense(1, len(a)+len(b), append(append([]float64(nil), a...), b...))
	fmt.Printf("y:  %.4f\n", l.Forward(x, true).RawRowView(0))
	ones := mat.NewDense(1, len(a), nil)
	ones.Apply(func(int, int, float64) float64 { return 1 }, ones)
	fmt.Printf("dx: %.4f\n", l.Backward(ones).RawRowView(0))
}

func ExampleNewGLU() {
	// y = a ⊙ σ(b): the first half through the gate of the second.
	gate(activation.NewGLU(), []float64{1, 2}, []float64{0, 40})
	// Output:
	// y:  [0.5000 2.0000]
	// dx: [0.5000 1.0000 0.2500 0.0000]
}

func ExampleNewSwiGLU() {
	// y = swish(a) ⊙ b, the MLP unit of LLaMA.
	gate(activation.NewSwiGLU(), []float64{1, -2}, []float64{3, 0.5})
	// Output:
	// y:  [2.1932 -0.1192]
	// dx: [2.7830 -0.0454 0.7311 -0.2384]
}

func ExampleNewGEGLU() {
	gate(activation.NewGEGLU(), []float64{1, -2}, []float64{3, 0.5})
	// Output:
	// y:  [2.5240 -0.0228]
	// dx: [3.2499 -0.0426 0.8413 -0.0455]
}

func ExampleNewReGLU() {
	gate(activation.NewReGLU(), []float64{1, -2}, []float64{3, 0.5})
	// Output:
	// y:  [3.0000 0.0000]
	// dx: [3.0000 0.0000 1.0000 0.0000]
}

func ExampleNewSoftmin() {
	// The softmax of -x: the smallest entry gets the most.
	fmt.Printf("%.4f\n", activation.NewSoftmin(1).Forward(mat.NewDense(1, 3, []float64{1, 2, 3}), false).RawRowView(0))
	// Output:
	// [0.6652 0.2447 0.0900]
}

func ExampleNewSparsemax() {
	sparsemax := activation.NewSparsemax()
	x := mat.NewDense(2, 4, []float64{
		1, 1.5, 2, math.Inf(-1), // 1 is below the threshold 1.25: exactly 0
		0.1, 0.2, 0.3, 0.4,
	})
	fmt.Printf("%.4f\n", mat.Formatted(sparsemax.Forward(x, true)))
	// Backward: s ⊙ (g - the mean of g over the support s).
	g := mat.NewDense(2, 4, []float64{1, 0, 0, 5, 1, 2, 3, 4})
	fmt.Printf("%.4f\n", mat.Formatted(sparsemax.Backward(g)))
	// Output:
	// ⎡0.0000  0.2500  0.7500  0.0000⎤
	// ⎣0.1000  0.2000  0.3000  0.4000⎦
	// ⎡ 0.0000   0.0000   0.0000   0.0000⎤
	// ⎣-1.5000  -0.5000   0.5000   1.5000⎦
}

func ExampleNewHardmax() {
	hardmax := activation.NewHardmax()
	x := mat.NewDense(3, 4, []float64{
		1, 3, 3, 2, // a tie: the first maximum gets 1
		math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1),
		0.5, math.NaN(), 1, 2,
	})
	fmt.Printf("%.0f\n", mat.Formatted(hardmax.Forward(x, true)))
	// Piecewise constant: its gradient is 0, but NaN where the output is.
	g := mat.NewDense(3, 4, []float64{1, 2, 3, math.Inf(1), 1, 1, 1, 1, 1, 1, 1, 1})
	fmt.Printf("%.0f\n", mat.Formatted(hardmax.Backward(g)))
	// Output:
	// ⎡  0    1    0    0⎤
	// ⎢  1    0    0    0⎥
	// ⎣NaN  NaN  NaN  NaN⎦
	// ⎡  0    0    0    0⎤
	// ⎢  0    0    0    0⎥
	// ⎣NaN  NaN  NaN  NaN⎦
}

func ExampleNewEntmax15() {
	x := mat.NewDense(1, 4, []float64{1, 1.5, 2, -1})
	fmt.Printf("%.4f\n", activation.NewEntmax15().Forward(x, false).RawRowView(0))
	// Output:
	// [0.0841 0.2917 0.6242 0.0000]
}

func ExampleNewCrossEntropy() {
	ce := activation.NewCrossEntropy()
	logits := mat.NewDense(2, 3, []float64{
		800, 0, 1, // softmax then log would give -Inf for class 2
		0.5, 2, -1,
	})
	target := mat.NewDense(2, 3, []float64{
		0, 0, 1, // one-hot: class 2
		0.1, 0.8, 0.1, // soft labels
	})
	fmt.Printf("loss: %.4f\n", ce.Loss(logits, target))
	fmt.Printf("dLoss/dLogits: %.4f\n", mat.Formatted(ce.Backward(), mat.Prefix("               ")))
	// Output:
	// loss: 399.8457
	// dLoss/dLogits: ⎡ 0.5000   0.0000  -0.5000⎤
	//                ⎣ 0.0376  -0.0072  -0.0304⎦
}

func ExampleNewGEGLUTanh() {
	// Gemma's MLP unit: gelu_pytorch_tanh(a) ⊙ b.
	gate(activation.NewGEGLUTanh(), []float64{1, -2}, []float64{3, 0.5})
	// Output:
	// y:  [2.5236 -0.0227]
	// dx: [3.2489 -0.0430 0.8412 -0.0454]
}

func ExampleNewClampedSwiGLU() {
	// gpt-oss's experts: gate and linear parts interleaved, [a0 b0 a1 b1 ...];
	// the gate clamped above at 7, the linear part to [-7, 7], plus 1.
	swiglu := activation.NewClampedSwiGLU(1.702, 7, true)
	x := mat.NewDense(1, 6, []float64{
		1, 2, // (2+1)·1·σ(1.702)
		9, -0.5, // the gate clamped to 7: no gradient to it
		-1, 8, // the linear part clamped to 7: none to it
	})
	fmt.Printf("y:  %.4f\n", swiglu.Forward(x, true).RawRowView(0))
	fmt.Printf("dx: %.4f\n", swiglu.Backward(mat.NewDense(1, 3, []float64{1, 1, 1})).RawRowView(0))
	// Output:
	// y:  [2.5374 3.5000 -1.2336]
	// dx: [3.2033 0.8458 0.0000 7.0000 -0.5422 -0.0000]
}
