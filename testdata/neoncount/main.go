// Command neoncount runs one training step of each layer that has NEON
// kernels, between calls of mark, for neoncount.sh to count the arm64
// instructions executed per element under qemu. It prints the layers in
// the order it runs them.
package main

import (
	"fmt"
	"math/rand/v2"

	"github.com/mpneuralnetwork/activation"
	"gonum.org/v1/gonum/mat"
)

// mark is where neoncount.sh starts and stops counting.
//
//go:noinline
func mark() {}

// cols is the width of the batches; their rows are sizes.
const cols = 64

var sizes = []int{8, 16}

func main() {
	layers := []struct {
		name string
		make func() activation.Layer
	}{
		{"ReLU", func() activation.Layer { return activation.NewReLU() }},
		{"LeakyReLU", func() activation.Layer { return activation.NewLeakyReLU(0.1) }},
		{"PReLU", func() activation.Layer { return activation.NewPReLU(0.25) }},
		{"PReLUPerFeature", func() activation.Layer { return activation.NewPReLUPerFeature(cols, 0.25) }},
		{"Hardtanh", func() activation.Layer { return activation.NewHardtanh(-1, 1) }},
		{"HardSigmoid", func() activation.Layer { return activation.NewHardSigmoid() }},
		{"HardSwish", func() activation.Layer { return activation.NewHardSwish() }},
		{"Softsign", func() activation.Layer { return activation.NewSoftsign() }},
		{"SparsePlus", func() activation.Layer { return activation.NewSparsePlus() }},
		{"Squareplus", func() activation.Layer { return activation.NewSquareplus(4) }},
		{"Sigmoid", func() activation.Layer { return activation.NewSigmoid() }},
		{"Swish", func() activation.Layer { return activation.NewSwish() }},
		{"SwishBeta", func() activation.Layer { return activation.NewSwishBeta(1.7) }},
		{"Tanh", func() activation.Layer { return activation.NewTanh() }},
		{"Tanhshrink", func() activation.Layer { return activation.NewTanhshrink() }},
		{"ELU", func() activation.Layer { return activation.NewELU(0.7) }},
		{"SELU", func() activation.Layer { return activation.NewSELU() }},
		{"CELU", func() activation.Layer { return activation.NewCELU(0.6) }},
		{"Softplus", func() activation.Layer { return activation.NewSoftplus(1, 20) }},
		{"LogSigmoid", func() activation.Layer { return activation.NewLogSigmoid() }},
		{"Mish", func() activation.Layer { return activation.NewMish() }},
		{"GELUTanh", func() activation.Layer { return activation.NewGELUTanh() }},
		{"Softmax", func() activation.Layer { return activation.NewSoftmax(1) }},
		{"LogSoftmax", func() activation.Layer { return activation.NewLogSoftmax(1) }},
		{"Softmin", func() activation.Layer { return activation.NewSoftmin(1) }},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, lc := range layers {
		fmt.Print(lc.name)
		for _, r := range sizes {
			x, g := mat.NewDense(r, cols, nil), mat.NewDense(r, cols, nil)
			for i := range r {
				for j := range cols {
					x.Set(i, j, 3*rng.NormFloat64())
					g.Set(i, j, rng.NormFloat64())
				}
			}
			l := lc.make()
			l.Forward(x, true) // the buffers are made here, not in the counted step
			l.Backward(g)
			mark()
			l.Forward(x, true)
			mark()
			mark()
			l.Backward(g)
			mark()
		}
		fmt.Println()
	}
}
