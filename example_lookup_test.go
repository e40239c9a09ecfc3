package activation_test

import (
	"fmt"

	"github.com/mpneuralnetwork/activation"
	"gonum.org/v1/gonum/mat"
)

func ExampleLookup() {
	// A Hugging Face config's hidden_act, an ONNX node with its
	// attributes, and one name in two libraries.
	hf, _ := activation.Lookup(activation.HuggingFace, "gelu_pytorch_tanh", nil)
	node, _ := activation.Lookup(activation.ONNX, "HardSigmoid", map[string]any{"alpha": 0.25})
	jax, _ := activation.Lookup(activation.JAX, "gelu", nil)
	torch, _ := activation.Lookup(activation.PyTorch, "gelu", nil)
	x := mat.NewDense(1, 3, []float64{-1, 0.5, 2})
	for _, l := range []activation.Layer{hf, node, jax, torch} {
		fmt.Printf("%-17v %.6f\n", l.(activation.Configurer).Config()["name"], l.Forward(x, false).RawRowView(0))
	}
	_, err := activation.Lookup(activation.PyTorch, "hard_swish", nil)
	fmt.Println(err)
	// Output:
	// GELUTanh          [-0.158808 0.345714 1.954598]
	// HardSigmoidAffine [0.250000 0.625000 1.000000]
	// GELUTanh          [-0.158808 0.345714 1.954598]
	// GELU              [-0.158655 0.345731 1.954500]
	// activation: Lookup: PyTorch has no activation "hard_swish"; near: "Hardswish", "hardswish"; JAX has "hard_swish"; Keras has "hard_swish"
}
