package activation_test

import (
	"errors"
	"fmt"
	"math"

	"github.com/mpneuralnetwork/activation"
	"gonum.org/v1/gonum/mat"
)

func ExampleNewLeakyReLU() {
	leaky := activation.NewLeakyReLU(0.01)
	x := mat.NewDense(1, 4, []float64{-100, -1, 0, 2})
	fmt.Println("y: ", leaky.Forward(x, true).RawRowView(0))
	fmt.Println("y':", leaky.Backward(mat.NewDense(1, 4, []float64{1, 1, 1, 1})).RawRowView(0))
	// Output:
	// y:  [-1 -0.01 0 2]
	// y': [0.01 0.01 0.01 1]
}

func ExampleNewPReLUPerFeature() {
	// One slope per column; each column's gradient sums over the batch.
	prelu := activation.NewPReLUPerFeature(3, 0.25)
	alpha := prelu.Params()["alpha"]
	alpha.Value.Set(0, 2, 0.5)
	x := mat.NewDense(2, 3, []float64{
		-4, -4, -4,
		-2, 1, -2,
	})
	fmt.Printf("y = %v\n", mat.Formatted(prelu.Forward(x, true), mat.Prefix("    ")))
	prelu.Backward(mat.NewDense(2, 3, []float64{1, 1, 1, 1, 1, 1}))
	fmt.Println("dα:", alpha.Grad.RawRowView(0))
	// Output:
	// y = ⎡  -1    -1    -2⎤
	//     ⎣-0.5     1    -1⎦
	// dα: [-6 -4 -6]
}

func ExampleNewELU() {
	elu := activation.NewELU(1)
	x := mat.NewDense(1, 4, []float64{2, -1e-20, -1, math.Inf(-1)})
	fmt.Printf("y:  %.4g\n", elu.Forward(x, true).RawRowView(0))
	fmt.Printf("y': %.4g\n", elu.Backward(mat.NewDense(1, 4, []float64{1, 1, 1, 1})).RawRowView(0))
	// Output:
	// y:  [2 -1e-20 -0.6321 -1]
	// y': [1 1 0.3679 0]
}

func ExampleNewSELU() {
	selu := activation.NewSELU()
	x := mat.NewDense(1, 3, []float64{1, -1, math.Inf(-1)})
	fmt.Printf("y: %.6f\n", selu.Forward(x, false).RawRowView(0))
	// Output:
	// y: [1.050701 -1.111331 -1.758099]
}

func ExampleNewScaledELU() {
	// ONNX's Selu with its default attributes, SELU's constants rounded to
	// float32: the results differ from SELU's in the eighth digit.
	selu := activation.NewScaledELU(1.67326319217681884765625, 1.05070102214813232421875)
	x := mat.NewDense(1, 3, []float64{1, -1, math.Inf(-1)})
	fmt.Printf("y:    %.9f\n", selu.Forward(x, false).RawRowView(0))
	fmt.Printf("SELU: %.9f\n", activation.NewSELU().Forward(x, false).RawRowView(0))
	// Output:
	// y:    [1.050701022 -1.111330741 -1.758099346]
	// SELU: [1.050700987 -1.111330738 -1.758099341]
}

func ExampleNewGELU() {
	gelu := activation.NewGELU()
	x := mat.NewDense(1, 4, []float64{1, -0.75179, -10, -38})
	fmt.Printf("y:  %.4g\n", gelu.Forward(x, true).RawRowView(0))
	// The derivative is 0 near -0.7518 and tiny, not 0, far left.
	fmt.Printf("y': %.4g\n", gelu.Backward(mat.NewDense(1, 4, []float64{1, 1, 1, 1})).RawRowView(0))
	// Output:
	// y:  [0.8413 -0.17 -7.62e-23 -1.096e-314]
	// y': [1.083 6.579e-07 -7.618e-22 -4.167e-313]
}

func ExampleNewGELUTanh() {
	gelu := activation.NewGELUTanh()
	x := mat.NewDense(1, 3, []float64{1, -3, -10})
	fmt.Printf("y: %.6g\n", gelu.Forward(x, false).RawRowView(0))
	// Output:
	// y: [0.841192 -0.00363739 -1.20409e-37]
}

func ExampleNewSoftplus() {
	softplus := activation.NewSoftplus(1, 20)
	x := mat.NewDense(1, 4, []float64{0, -40, 10, 30})
	fmt.Printf("y:  %.12g\n", softplus.Forward(x, true).RawRowView(0))
	fmt.Printf("y': %.6g\n", softplus.Backward(mat.NewDense(1, 4, []float64{1, 1, 1, 1})).RawRowView(0))
	// Output:
	// y:  [0.69314718056 4.24835425529e-18 10.0000453989 30]
	// y': [0.5 4.24835e-18 0.999955 1]
}

func ExampleNewMish() {
	mish := activation.NewMish()
	x := mat.NewDense(1, 3, []float64{1, -1.1924, -50})
	fmt.Printf("y:  %.4g\n", mish.Forward(x, true).RawRowView(0))
	fmt.Printf("y': %.4g\n", mish.Backward(mat.NewDense(1, 3, []float64{1, 1, 1})).RawRowView(0))
	// Output:
	// y:  [0.8651 -0.3088 -9.644e-21]
	// y': [1.049 8.333e-06 -9.451e-21]
}

func ExampleNewHardSigmoid() {
	hard := activation.NewHardSigmoid()
	x := mat.NewDense(1, 4, []float64{-4, -1.5, 0, 3})
	fmt.Printf("y:  %.4g\n", hard.Forward(x, true).RawRowView(0))
	fmt.Printf("y': %.4g\n", hard.Backward(mat.NewDense(1, 4, []float64{1, 1, 1, 1})).RawRowView(0))
	// Output:
	// y:  [0 0.25 0.5 1]
	// y': [0 0.1667 0.1667 0]
}

func ExampleNewHardSwish() {
	hard := activation.NewHardSwish()
	x := mat.NewDense(1, 4, []float64{-4, -1.5, 1, 4})
	fmt.Printf("y:  %.4g\n", hard.Forward(x, true).RawRowView(0))
	fmt.Printf("y': %.4g\n", hard.Backward(mat.NewDense(1, 4, []float64{1, 1, 1, 1})).RawRowView(0))
	// Output:
	// y:  [0 -0.375 0.6667 4]
	// y': [0 0 0.8333 1]
}

func ExampleNewLogSoftmax() {
	logSoftmax := activation.NewLogSoftmax(1)
	// Logits far apart: Softmax rounds the second to 0, LogSoftmax keeps it.
	x := mat.NewDense(2, 2, []float64{
		0, -1000,
		1e308, -1e308,
	})
	y := logSoftmax.Forward(x, true)
	fmt.Println(y.RawRowView(0), y.RawRowView(1))

	// The mean cross-entropy of labels 0 and 1 is -(y[0,0] + y[1,1])/2;
	// its gradient with respect to y is -1/2 at each label.
	g := mat.NewDense(2, 2, []float64{-0.5, 0, 0, -0.5})
	dx := logSoftmax.Backward(g)
	fmt.Println(dx.RawRowView(0), dx.RawRowView(1))
	// Output:
	// [0 -1000] [0 -Inf]
	// [0 0] [0.5 -0.5]
}

func ExampleNewSequential() {
	net := activation.NewSequential(activation.NewPReLU(0.25), activation.NewSequential(activation.NewTanh()))
	x := mat.NewDense(1, 2, []float64{-2, 0.5})
	fmt.Printf("y:  %.4f\n", net.Forward(x, true).RawRowView(0))
	fmt.Printf("dx: %.4f\n", net.Backward(mat.NewDense(1, 2, []float64{1, 1})).RawRowView(0))
	for name, p := range net.Params() {
		fmt.Printf("%s: value %v, grad %.4f\n", name, p.Value.At(0, 0), p.Grad.At(0, 0))
	}
	// Output:
	// y:  [-0.4621 0.4621]
	// dx: [0.1966 0.7864]
	// 0.alpha: value 0.25, grad -1.5729
}

func ExampleMarshal() {
	prelu := activation.NewPReLU(0.25)
	prelu.Params()["alpha"].Value.Set(0, 0, 0.3) // as if trained
	data, err := activation.Marshal(activation.NewSequential(prelu, activation.NewSoftmax(2)))
	if err != nil {
		panic(err)
	}
	fmt.Println(string(data))

	net, err := activation.Unmarshal(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(net.Params()["0.alpha"].Value.At(0, 0))

	_, err = activation.Marshal(activation.New(math.Sin, math.Cos))
	fmt.Println(err)
	// Output:
	// {"version":1,"layer":{"config":{"name":"Sequential"},"layers":[{"config":{"alpha":0.25,"name":"PReLU"},"params":{"alpha":{"rows":1,"cols":1,"data":[0.3]}}},{"config":{"epsilon":1e-8,"name":"Softmax","temperature":2}}]}}
	// 0.3
	// activation: Marshal: layer was built by New, whose functions JSON cannot hold; give it a type with a Config method and Register a builder for its name
}

// Softsign is a user-written layer that Marshal can save once its builder
// is registered.
type Softsign struct{ *activation.Activation }

func NewSoftsign() Softsign {
	return Softsign{activation.New(
		func(x float64) float64 { return x / (1 + math.Abs(x)) },
		func(x float64) float64 { return 1 / ((1 + math.Abs(x)) * (1 + math.Abs(x))) },
	)}
}

// Config names the layer for Marshal and Unmarshal.
func (Softsign) Config() map[string]any { return map[string]any{"name": "example.Softsign"} }

func ExampleRegister() {
	activation.Register("example.Softsign", func(cfg map[string]any) (activation.Layer, error) {
		if len(cfg) != 1 {
			return nil, errors.New("Softsign takes no arguments")
		}
		return NewSoftsign(), nil
	})
	data, err := activation.Marshal(activation.NewSequential(NewSoftsign(), activation.NewTanh()))
	if err != nil {
		panic(err)
	}
	net, err := activation.Unmarshal(data)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", net.Forward(mat.NewDense(1, 2, []float64{-3, 1}), false).RawRowView(0))
	// Output:
	// [-0.6351 0.4621]
}

// Dense is a fully connected layer y = x·W, written outside the package: any
// type with Forward, Backward and Params is a Layer and can sit in a
// Sequential beside the built-ins.
type Dense struct {
	w        activation.Param
	x, y, dx mat.Dense
}

func NewDense(w *mat.Dense) *Dense {
	r, c := w.Dims()
	return &Dense{w: activation.Param{Value: w, Grad: mat.NewDense(r, c, nil)}}
}

func (d *Dense) Forward(x *mat.Dense, training bool) *mat.Dense {
	d.y.Reset()
	d.y.Mul(x, d.w.Value)
	if training {
		d.x.CloneFrom(x)
	}
	return &d.y
}

func (d *Dense) Backward(g *mat.Dense) *mat.Dense {
	d.w.Grad.Mul(d.x.T(), g)
	d.dx.Reset()
	d.dx.Mul(g, d.w.Value.T())
	return &d.dx
}

func (d *Dense) Params() map[string]activation.Param {
	return map[string]activation.Param{"weight": d.w}
}

func ExampleNewSequential_userLayer() {
	net := activation.NewSequential(
		NewDense(mat.NewDense(2, 3, []float64{1, -1, 0.5, 2, 0, -1})),
		activation.NewGELU(),
		NewDense(mat.NewDense(3, 2, []float64{1, 0, 0, 1, 1, 1})),
		activation.NewLogSoftmax(1),
	)
	x := mat.NewDense(1, 2, []float64{0.5, -0.25})
	y := net.Forward(x, true)
	fmt.Printf("log-probabilities: %.4f\n", y.RawRowView(0))

	// Cross-entropy for class 1: dLoss/dy is -1 at the label.
	net.Backward(mat.NewDense(1, 2, []float64{0, -1}))
	fmt.Printf("dLoss/dW of the first layer: %.4f\n", mat.Formatted(net.Params()["0.weight"].Grad, mat.Prefix("                            ")))
	// Output:
	// log-probabilities: [-0.6190 -0.7733]
	// dLoss/dW of the first layer: ⎡ 0.1346  -0.0357  -0.0000⎤
	//                             ⎣-0.0673   0.0178   0.0000⎦
}

func ExampleNewXIELU() {
	// Apertus's xIELU with Hugging Face's defaults: αp = 0.8, αn = 0.8,
	// β = 0.5, ε = -1e-6. At -1e-4, e^x - 1 - x = 4.99983e-9 keeps every
	// digit.
	xielu := activation.NewXIELU(0.8, 0.8, 0.5, -1e-6)
	x := mat.NewDense(1, 4, []float64{-3, -1e-4, 0.5, 2})
	fmt.Printf("y:   %.6g\n", xielu.Forward(x, true).RawRowView(0))
	xielu.Backward(mat.NewDense(1, 4, []float64{1, 1, 1, 1}))
	// The gradients of the parameters before softplus, as Hugging Face
	// keeps them.
	fmt.Printf("drp: %.4f\n", xielu.Params()["alpha_p"].Grad.At(0, 0))
	fmt.Printf("drn: %.4f\n", xielu.Params()["alpha_n"].Grad.At(0, 0))
	// Output:
	// y:   [0.13983 -4.9996e-05 0.45 4.2]
	// drp: 2.3404
	// drn: 0.5313
}

func ExampleNewSnake() {
	// BigVGAN's activation, one α per channel: here 1 and 0, the limit
	// α → 0, where y = x.
	snake := activation.NewSnake(2, 1)
	snake.Params()["alpha"].Value.Set(0, 1, 0)
	x := mat.NewDense(2, 2, []float64{
		1, 1,
		-2, 3,
	})
	fmt.Printf("y:  %.4f\n", mat.Formatted(snake.Forward(x, true), mat.Prefix("    ")))
	snake.Backward(mat.NewDense(2, 2, []float64{1, 1, 1, 1}))
	// dL/dα, summed over the batch per channel: x² where α = 0.
	fmt.Printf("dα: %.4f\n", snake.Params()["alpha"].Grad.RawRowView(0))
	// Output:
	// y:  ⎡ 1.7081   1.0000⎤
	//     ⎣-1.1732   3.0000⎦
	// dα: [-2.1392 10.0000]
}
