package activation_test

import (
	"fmt"
	"math"
	"sync"

	"github.com/mpneuralnetwork/activation"
	"gonum.org/v1/gonum/mat"
)

func ExampleNewReLU() {
	relu := activation.NewReLU()
	x := mat.NewDense(2, 3, []float64{-2, 0, 3, 1.5, -0.5, math.Inf(-1)})
	fmt.Printf("y  = %v\n", mat.Formatted(relu.Forward(x, true), mat.Prefix("     ")))
	g := mat.NewDense(2, 3, []float64{1, 1, 1, 1, 1, 1})
	fmt.Printf("dx = %v\n", mat.Formatted(relu.Backward(g), mat.Prefix("     ")))
	// Output:
	// y  = ⎡  0    0    3⎤
	//      ⎣1.5    0    0⎦
	// dx = ⎡0  0  1⎤
	//      ⎣1  0  0⎦
}

func ExampleNewPReLU() {
	prelu := activation.NewPReLU(0.25)
	x := mat.NewDense(1, 4, []float64{-4, -1, 2, 3})
	fmt.Println("y:", prelu.Forward(x, true).RawRowView(0))

	g := mat.NewDense(1, 4, []float64{1, 2, 1, 1})
	fmt.Println("dx:", prelu.Backward(g).RawRowView(0))

	// dLoss/dα = Σ g·x over x <= 0 = 1·(-4) + 2·(-1); one SGD step on it.
	alpha := prelu.Params()["alpha"]
	fmt.Println("dα:", alpha.Grad.At(0, 0))
	alpha.Value.Set(0, 0, alpha.Value.At(0, 0)-0.01*alpha.Grad.At(0, 0))
	fmt.Println("α:", alpha.Value.At(0, 0))
	// Output:
	// y: [-1 -0.25 2 3]
	// dx: [0.25 0.5 1 1]
	// dα: -6
	// α: 0.31
}

func ExampleNewSigmoid() {
	sigmoid := activation.NewSigmoid()
	x := mat.NewDense(1, 4, []float64{0, 2, 40, math.Inf(-1)})
	fmt.Printf("y:  %.4g\n", sigmoid.Forward(x, true).RawRowView(0))
	ones := mat.NewDense(1, 4, []float64{1, 1, 1, 1})
	// y(1-y) would give 0 at x = 40.
	fmt.Printf("y': %.4g\n", sigmoid.Backward(ones).RawRowView(0))
	// Output:
	// y:  [0.5 0.8808 1 0]
	// y': [0.25 0.105 4.248e-18 0]
}

func ExampleNewTanh() {
	tanh := activation.NewTanh()
	x := mat.NewDense(1, 3, []float64{0.5, -40, math.Inf(1)})
	fmt.Printf("y:  %.4g\n", tanh.Forward(x, true).RawRowView(0))
	ones := mat.NewDense(1, 3, []float64{1, 1, 1})
	// 1 - y² would give 0 at x = -40.
	fmt.Printf("y': %.4g\n", tanh.Backward(ones).RawRowView(0))
	// Output:
	// y:  [0.4621 -1 1]
	// y': [0.7864 7.219e-35 0]
}

func ExampleNewSwish() {
	swish := activation.NewSwish()
	x := mat.NewDense(1, 4, []float64{1, -1.2785, -1000, math.Inf(-1)})
	fmt.Printf("y:  %.4g\n", swish.Forward(x, true).RawRowView(0))
	ones := mat.NewDense(1, 4, []float64{1, 1, 1, 1})
	fmt.Printf("y': %.3g\n", swish.Backward(ones).RawRowView(0))
	// Output:
	// y:  [0.7311 -0.2785 -0 -0]
	// y': [0.928 -7.72e-06 -0 -0]
}

func ExampleNewSoftmax() {
	softmax := activation.NewSoftmax(1)
	x := mat.NewDense(3, 3, []float64{
		1, 2, 3,
		1e308, -1e308, 0, // no overflow
		math.Inf(-1), math.Inf(-1), math.Inf(-1), // all zeros, not NaN
	})
	fmt.Printf("%.4f\n", mat.Formatted(softmax.Forward(x, false)))

	// A higher temperature flattens the distribution.
	softmax.Temperature = 10
	fmt.Printf("%.4f\n", mat.Formatted(softmax.Forward(x.Slice(0, 1, 0, 3).(*mat.Dense), false)))
	// Output:
	// ⎡0.0900  0.2447  0.6652⎤
	// ⎢1.0000  0.0000  0.0000⎥
	// ⎣0.0000  0.0000  0.0000⎦
	// [0.3006  0.3322  0.3672]
}

func ExampleNew() {
	// Softsign, x/(1+|x|), is not built in; New makes a layer of it.
	softsign := activation.New(
		func(x float64) float64 { return x / (1 + math.Abs(x)) },
		func(x float64) float64 { return 1 / ((1 + math.Abs(x)) * (1 + math.Abs(x))) },
	)
	x := mat.NewDense(1, 3, []float64{-3, 0, 1})
	fmt.Println(softsign.Forward(x, true).RawRowView(0))
	fmt.Println(softsign.Backward(mat.NewDense(1, 3, []float64{1, 1, 1})).RawRowView(0))
	// Output:
	// [-0.75 0 0.5]
	// [0.0625 1 0.25]
}

// A training step through a network: a custom layer, then PReLU with a
// slope per feature, and Softmax with cross-entropy. Backward runs through
// the network in reverse and an SGD step updates every parameter, whatever
// its shape; between the two, an inference Forward evaluates the network
// on other data without disturbing the step.
func Example_trainingStep() {
	softsign := activation.New(
		func(x float64) float64 { return x / (1 + math.Abs(x)) },
		func(x float64) float64 { return 1 / ((1 + math.Abs(x)) * (1 + math.Abs(x))) },
	)
	net := activation.NewSequential(softsign, activation.NewPReLUPerFeature(3, 0.5), activation.NewSoftmax(1))

	x := mat.NewDense(2, 3, []float64{-2, 1, -0.5, 0.3, -1.5, -3})
	label := []int{0, 2}
	validation := mat.NewDense(1, 3, []float64{-1, 2, 0.5})
	for step := 0; step < 3; step++ {
		y := net.Forward(x, true)
		loss := 0.0
		g := mat.NewDense(2, 3, nil) // dLoss/dy of the mean cross-entropy
		for i, k := range label {
			loss -= math.Log(y.At(i, k)) / 2
			g.Set(i, k, -1/(2*y.At(i, k)))
		}
		p := net.Forward(validation, false).At(0, 1) // keeps the training state
		net.Backward(g)
		for _, param := range net.Params() {
			param.Value.Apply(func(i, j int, v float64) float64 { return v - 10*param.Grad.At(i, j) }, param.Value)
		}
		fmt.Printf("step %d: loss %.4f, validation p(1) %.4f\n", step, loss, p)
	}
	// Output:
	// step 0: loss 1.4319, validation p(1) 0.4725
	// step 1: loss 0.4905, validation p(1) 0.3148
	// step 2: loss 0.2594, validation p(1) 0.2047
}

// Goroutines each use a Clone of one network: clones have its
// configuration and parameters and share nothing that is written, so they
// run at once without locks.
func ExampleSequential_Clone() {
	prelu := activation.NewPReLU(0.25)
	prelu.Params()["alpha"].Value.Set(0, 0, 0.1) // as if trained
	net := activation.NewSequential(prelu, activation.NewSoftmax(1))

	inputs := []*mat.Dense{
		mat.NewDense(1, 3, []float64{1, 2, 3}),
		mat.NewDense(1, 3, []float64{-3, 0, 3}),
		mat.NewDense(1, 3, []float64{5, -5, 0}),
	}
	outputs := make([][]float64, len(inputs))
	var wg sync.WaitGroup
	for i, x := range inputs {
		worker := net.Clone()
		wg.Add(1)
		go func() {
			defer wg.Done()
			outputs[i] = mat.Row(nil, 0, worker.Forward(x, false))
		}()
	}
	wg.Wait()
	for _, y := range outputs {
		fmt.Printf("%.4f\n", y)
	}
	// Output:
	// [0.0900 0.2447 0.6652]
	// [0.0339 0.0458 0.9202]
	// [0.9893 0.0040 0.0067]
}
