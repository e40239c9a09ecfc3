package activation_test

import (
	"fmt"

	"github.com/mpneuralnetwork/activation"
	"gonum.org/v1/gonum/mat"
)

func ExampleNewCrossEntropyLabels() {
	// torch.nn.CrossEntropyLoss(weight=[1, 1, 2], ignore_index=-100,
	// label_smoothing=0.1): class 2 weighs twice the others, and the rows
	// labelled -100, padding, take no part.
	ce := activation.NewCrossEntropyLabels(&activation.CrossEntropyLabelsOptions{
		Weights:     []float64{1, 1, 2},
		Ignore:      true,
		IgnoreLabel: -100,
		Smoothing:   0.1,
	})
	logits := mat.NewDense(3, 3, []float64{
		800, 0, 1, // softmax then log would give -Inf for class 2
		0.5, 2, -1,
		3, 1, 4,
	})
	fmt.Printf("loss: %.4f\n", ce.Loss(logits, []int{2, 1, -100}))
	fmt.Printf("dLoss/dLogits: %.4f\n", mat.Formatted(ce.Backward(), mat.Prefix("               ")))
	// Output:
	// loss: 506.2109
	// dLoss/dLogits: ⎡ 0.6333  -0.0111  -0.6222⎤
	//                ⎢ 0.0493  -0.0405  -0.0088⎥
	//                ⎣ 0.0000   0.0000   0.0000⎦
}

func ExampleNewBinaryCrossEntropy() {
	// torch.nn.BCEWithLogitsLoss(pos_weight=[1, 1, 3], reduction="sum"): three
	// labels a sample, each present or not, the last rarer and so weighed
	// three times where it is present.
	bce := activation.NewBinaryCrossEntropy(&activation.BinaryCrossEntropyOptions{
		PosWeights: []float64{1, 1, 3},
		Reduction:  activation.ReduceSum,
	})
	logits := mat.NewDense(2, 3, []float64{
		-800, 2, 0, // log σ(-800) would be -Inf: here softplus(800) = 800
		40, -1, 1.5,
	})
	target := mat.NewDense(2, 3, []float64{
		1, 0, 1,
		1, 0.2, 0, // soft targets are in [0, 1]
	})
	fmt.Printf("loss: %.4f\n", bce.Loss(logits, target, nil)) // nil: no weights
	dx := bce.Backward()
	fmt.Printf("dLoss/dLogits: %.4f\n", mat.Formatted(dx, mat.Prefix("               ")))
	fmt.Printf("at 40, target 1: %.4g\n", dx.At(1, 0)) // -σ(-40), not 0
	// Output:
	// loss: 806.4210
	// dLoss/dLogits: ⎡-1.0000   0.8808  -1.5000⎤
	//                ⎣-0.0000   0.0689   0.8176⎦
	// at 40, target 1: -4.248e-18
}

func ExampleReduction() {
	// With class weights the mean divides by the labels' weights, here 1 + 3,
	// not by the rows, as PyTorch's does.
	logits := mat.NewDense(2, 2, []float64{0, 0, 2, -2})
	for _, r := range []activation.Reduction{activation.ReduceMean, activation.ReduceSum} {
		ce := activation.NewCrossEntropyLabels(&activation.CrossEntropyLabelsOptions{Weights: []float64{1, 3}, Reduction: r})
		fmt.Printf("%v: %.4f\n", r, ce.Loss(logits, []int{0, 1}))
	}
	// Output:
	// ReduceMean: 3.1869
	// ReduceSum: 12.7476
}
