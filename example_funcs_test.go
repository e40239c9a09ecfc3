package activation_test

import (
	"fmt"
	"log"

	"github.com/mpneuralnetwork/activation"
)

func ExampleFuncOf() {
	// The exact GELU on a []float32, as a serving program holds its
	// activations: each result is the float64 one rounded once.
	gelu, err := activation.FuncOf[float32](activation.NewGELU())
	if err != nil {
		log.Fatal(err)
	}
	x := []float32{-3, -0.5, 0, 1.5}
	y := make([]float32, len(x))
	gelu.Forward(y, x)
	fmt.Println("y: ", y)
	dx := make([]float32, len(x))
	gelu.Backward(dx, []float32{1, 1, 1, 1}, x) // dx = g·gelu'(x)
	fmt.Println("y':", dx)
	// Output:
	// y:  [-0.004049694 -0.15426877 0 1.3997892]
	// y': [-0.011945647 0.13250488 0.5 1.1274692]
}

func ExampleRowFuncOf() {
	// Two rows of three logits, one after another, to probabilities.
	softmax, err := activation.RowFuncOf[float32](activation.NewSoftmax(1))
	if err != nil {
		log.Fatal(err)
	}
	logits := []float32{1, 2, 3, -800, 0, 800}
	p := make([]float32, len(logits))
	softmax.Forward(p, logits, 3)
	fmt.Println(p)
	// Output:
	// [0.09003057 0.24472848 0.66524094 0 0 1]
}

func ExampleGatedFuncOf() {
	// A LLaMA MLP block's SwiGLU: silu(gate)·up on its two projections,
	// which the caller's matrix products have written into gate and up.
	swiglu, err := activation.GatedFuncOf[float32](activation.NewSwiGLU())
	if err != nil {
		log.Fatal(err)
	}
	gate := []float32{-2, 0.5, 3}
	up := []float32{1, 2, -1}
	h := make([]float32, len(gate))
	swiglu.Forward(h, gate, up)
	fmt.Println(h)
	// Output:
	// [-0.23840584 0.62245935 -2.8577223]
}
