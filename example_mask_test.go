package activation_test

import (
	"fmt"
	"math"

	"github.com/mpneuralnetwork/activation"
	"gonum.org/v1/gonum/mat"
)

// pattern prints which entries of m are kept (x) and which left out (.).
func pattern(m *activation.Mask) {
	r, c := m.Dims()
	for i := range r {
		for j := range c {
			if m.Kept(i, j) {
				fmt.Print("x")
			} else {
				fmt.Print(".")
			}
		}
		fmt.Println()
	}
}

func ExampleMask() {
	// Causal self-attention over a sequence of 3 tokens, the last of
	// which is padding: query i sees keys 0 to i, and no query sees the
	// padding.
	scores := mat.NewDense(3, 3, []float64{
		1, 2, 3,
		1, 2, 3,
		1, 2, 3,
	})
	mask := activation.CausalMask(3, 3, 0).And(activation.PaddingMask(3, 3, []int{2, 2, 2}))
	fmt.Printf("%.4f\n", mat.Formatted(activation.NewSoftmax(1).ForwardMasked(scores, mask, false)))
	// Output:
	// ⎡1.0000  0.0000  0.0000⎤
	// ⎢0.2689  0.7311  0.0000⎥
	// ⎣0.2689  0.7311  0.0000⎦
}

func ExampleNewMask() {
	// Two documents packed in one sequence, tokens 0-1 and 2-3: each token
	// attends within its own document.
	T, F := true, false
	mask := activation.NewMask(4, 4, []bool{
		T, T, F, F,
		T, T, F, F,
		F, F, T, T,
		F, F, T, T,
	})
	scores := mat.NewDense(4, 4, nil)
	fmt.Printf("%.2f\n", mat.Formatted(activation.NewSoftmax(1).ForwardMasked(scores, mask, false)))
	// Output:
	// ⎡0.50  0.50  0.00  0.00⎤
	// ⎢0.50  0.50  0.00  0.00⎥
	// ⎢0.00  0.00  0.50  0.50⎥
	// ⎣0.00  0.00  0.50  0.50⎦
}

func ExamplePaddingMask() {
	// Sequences of 3 and 1 tokens padded to 4: whatever the padding holds
	// takes no part.
	x := mat.NewDense(2, 4, []float64{
		1, 2, 3, math.NaN(),
		5, math.Inf(1), 0, 0,
	})
	mask := activation.PaddingMask(2, 4, []int{3, 1})
	fmt.Printf("%.4f\n", mat.Formatted(activation.NewSoftmax(1).ForwardMasked(x, mask, false)))
	// Output:
	// ⎡0.0900  0.2447  0.6652  0.0000⎤
	// ⎣1.0000  0.0000  0.0000  0.0000⎦
}

func ExampleCausalMask() {
	// Self-attention: query i sees keys 0 to i.
	pattern(activation.CausalMask(3, 3, 0))
	fmt.Println()
	// Decoding with a KV cache: 2 new queries after 3 cached tokens see
	// the 5 keys up to their own, offset 5 - 2.
	pattern(activation.CausalMask(2, 5, 5-2))
	// Output:
	// x..
	// xx.
	// xxx
	//
	// xxxx.
	// xxxxx
}

func ExampleMask_And() {
	// Causal attention over a sequence of 2 tokens padded to 4: no query
	// sees the padding (whose own queries' rows are dropped later).
	pattern(activation.CausalMask(4, 4, 0).And(activation.PaddingMask(4, 4, []int{2, 2, 2, 2})))
	// Output:
	// x...
	// xx..
	// xx..
	// xx..
}

func ExampleMask_Kept() {
	mask := activation.PaddingMask(2, 3, []int{3, 1})
	fmt.Println(mask.Kept(0, 2), mask.Kept(1, 0), mask.Kept(1, 1))
	// Output:
	// true true false
}

func ExampleMask_Dims() {
	r, c := activation.CausalMask(2, 5, 3).Dims()
	fmt.Println(r, c)
	// Output:
	// 2 5
}

func ExampleMaskedLayer() {
	// An attention block may take any of the row-wise layers for its
	// weights, and a mask for its keys.
	scores := mat.NewDense(1, 4, []float64{1, 1.5, 2, 9})
	mask := activation.PaddingMask(1, 4, []int{3})
	for _, l := range []activation.MaskedLayer{activation.NewSoftmax(1), activation.NewSparsemax(), activation.NewEntmax15()} {
		fmt.Printf("%.4f\n", l.ForwardMasked(scores, mask, false).RawRowView(0))
	}
	// Output:
	// [0.1863 0.3072 0.5065 0.0000]
	// [0.0000 0.2500 0.7500 0.0000]
	// [0.0841 0.2917 0.6242 0.0000]
}

func ExampleSoftmax_ForwardMasked() {
	softmax := activation.NewSoftmax(1)
	x := mat.NewDense(2, 3, []float64{
		0, 0, 5,
		1, 2, 3,
	})
	mask := activation.PaddingMask(2, 3, []int{2, 0}) // the second row keeps nothing
	fmt.Printf("%.4f\n", mat.Formatted(softmax.ForwardMasked(x, mask, true)))
	// Backward takes the mask of the training ForwardMasked: 0 where it
	// leaves entries out, whatever the gradient there.
	g := mat.NewDense(2, 3, []float64{1, -1, math.NaN(), 1, 1, 1})
	fmt.Printf("%.4f\n", mat.Formatted(softmax.Backward(g)))
	// Output:
	// ⎡0.5000  0.5000  0.0000⎤
	// ⎣0.0000  0.0000  0.0000⎦
	// ⎡ 0.5000  -0.5000   0.0000⎤
	// ⎣ 0.0000   0.0000   0.0000⎦
}

func ExampleLogSoftmax_ForwardMasked() {
	// The entries left out get -Inf, the log of their probability 0, and
	// a row that keeps nothing all -Inf; their gradient is 0.
	logSoftmax := activation.NewLogSoftmax(1)
	x := mat.NewDense(2, 3, []float64{
		0, 1000, 0,
		1, 2, 3,
	})
	mask := activation.NewMask(2, 3, []bool{true, false, true, false, false, false})
	y := logSoftmax.ForwardMasked(x, mask, true)
	fmt.Println(y.RawRowView(0), y.RawRowView(1))
	dx := logSoftmax.Backward(mat.NewDense(2, 3, []float64{1, 1, 0, 1, 1, 1}))
	fmt.Println(dx.RawRowView(0), dx.RawRowView(1))
	// Output:
	// [-0.6931471805599453 -Inf -0.6931471805599453] [-Inf -Inf -Inf]
	// [0.5 0 -0.5] [0 0 0]
}

func ExampleSoftmin_ForwardMasked() {
	x := mat.NewDense(1, 3, []float64{1, 2, -100})
	mask := activation.PaddingMask(1, 3, []int{2})
	fmt.Printf("%.4f\n", activation.NewSoftmin(1).ForwardMasked(x, mask, false).RawRowView(0))
	// Output:
	// [0.7311 0.2689 0.0000]
}

func ExampleActivation_ForwardMasked() {
	// Sparsemax over the classes a row may take: the largest logit is
	// left out, and the others share the row as if it were not there.
	x := mat.NewDense(1, 4, []float64{1, 1.5, 2, 9})
	mask := activation.PaddingMask(1, 4, []int{3})
	fmt.Printf("%.4f\n", activation.NewSparsemax().ForwardMasked(x, mask, false).RawRowView(0))
	// Output:
	// [0.0000 0.2500 0.7500 0.0000]
}

func ExampleCrossEntropy_LossMasked() {
	ce := activation.NewCrossEntropy()
	logits := mat.NewDense(3, 3, []float64{
		800, 0, 1, // class 0 left out: the softmax is over classes 1 and 2
		0.5, 2, -1,
		7, 7, 7, // keeps nothing: takes no part, nor counts in the mean
	})
	target := mat.NewDense(3, 3, []float64{
		0, 0, 1,
		0.1, 0.8, 0.1,
		0, 0, 0,
	})
	mask := activation.NewMask(3, 3, []bool{
		false, true, true,
		true, true, true,
		false, false, false,
	})
	fmt.Printf("loss: %.4f\n", ce.LossMasked(logits, target, mask))
	fmt.Printf("dLoss/dLogits: %.4f\n", mat.Formatted(ce.Backward(), mat.Prefix("               ")))
	// Output:
	// loss: 0.5023
	// dLoss/dLogits: ⎡ 0.0000   0.1345  -0.1345⎤
	//                ⎢ 0.0376  -0.0072  -0.0304⎥
	//                ⎣ 0.0000   0.0000   0.0000⎦
}

func ExampleCrossEntropyLabels_LossMasked() {
	// Next-token logits over a vocabulary of 4, where a grammar allows
	// only some tokens at each position. Smoothing spreads ε over the
	// tokens a row allows: 0.2/2 each in the first row, 0.2/3 in the second.
	ce := activation.NewCrossEntropyLabels(&activation.CrossEntropyLabelsOptions{Smoothing: 0.2})
	logits := mat.NewDense(2, 4, []float64{
		2, 0, 1, 50,
		0, 1, 2, 3,
	})
	mask := activation.NewMask(2, 4, []bool{
		true, false, true, false,
		true, true, true, false,
	})
	fmt.Printf("loss: %.4f\n", ce.LossMasked(logits, []int{0, 2}, mask))
	fmt.Printf("dLoss/dLogits: %.4f\n", mat.Formatted(ce.Backward(), mat.Prefix("               ")))
	// Output:
	// loss: 0.5104
	// dLoss/dLogits: ⎡-0.0845   0.0000   0.0845   0.0000⎤
	//                ⎣ 0.0117   0.0890  -0.1007   0.0000⎦
}
