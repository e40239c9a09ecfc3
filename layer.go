// Package activation provides neural-network activation layers on gonum dense
// matrices: ReLU, LeakyReLU, PReLU (one slope or one per feature), ELU, SELU,
// GELU (exact and tanh), Softplus, Mish, Swish, Tanh, Sigmoid, HardSigmoid,
// HardSwish, a generic layer built from a function and its derivative, and
// row-wise Softmax and LogSoftmax with temperature. Sequential chains layers,
// built-in or user-written, and Marshal and Unmarshal save and load them.
//
// A batch is a *mat.Dense whose rows are samples and whose columns are
// features. Every layer implements Layer: Forward maps a batch to its
// activations, and after a training Forward, Backward maps dLoss/dOutput to
// dLoss/dInput.
//
// Results are accurate to within 4 ulp of the exact value for every finite
// input, and so are derivatives; where a derivative is a difference of two
// terms that cancel towards its zero (Swish, Mish, GELU, GELUTanh), the error
// is within 4 ulp of the terms' magnitudes, and GELUTanh's within 6. Special
// values are defined the way the standard library's math package defines
// them: NaN in gives NaN out, and infinities and huge finite inputs give the
// limits, never a spurious NaN.
//
// Ownership follows bufio.Scanner.Bytes: a matrix returned by Forward or
// Backward belongs to the layer and is overwritten by the next call of the same
// method with the same shape; Clone it to keep it. A layer never modifies its
// argument and never keeps a reference to it, so a caller may overwrite its
// input after Forward, or feed a layer its own previous output.
//
// Misuse panics with a message naming the layer and the problem, as gonum
// does: a nil or empty matrix, Backward before a training Forward, or a
// gradient whose shape differs from the last input.
//
// Batches of 256K elements or more (512K for ReLU and PReLU, which move more
// than they compute) are shared among up to GOMAXPROCS goroutines, in blocks
// of rows that do not depend on their number, so results are the same bits
// on any number of cores. From 1M elements on, the Backward of element-wise
// layers, PReLU and Softmax writes its result around the caches
// (non-temporal stores), and so does the Forward of ReLU, LeakyReLU, PReLU,
// HardSigmoid, HardSwish and Softmax for what it writes that is not read
// again soon. On amd64 CPUs with AVX2 and FMA, every layer but the exact
// GELU and New's runs on vectors of four (eight with AVX-512 for the
// layers with an exponential and the Forward of ReLU and PReLU), and so
// does the Backward of every element-wise layer, with the same bits as the
// pure-Go code, which the build tag noasm selects. A steady training step
// allocates nothing.
package activation

import "gonum.org/v1/gonum/mat"

// Layer is one stage of a network trained by backpropagation.
type Layer interface {
	// Forward returns the layer's output for the batch input. With training
	// set it keeps what Backward needs; without it the call is inference
	// and keeps nothing.
	Forward(input *mat.Dense, training bool) *mat.Dense

	// Backward takes dLoss/dOutput for the batch of the last training
	// Forward and returns dLoss/dInput, setting the gradients of the
	// layer's parameters.
	Backward(outputGrad *mat.Dense) *mat.Dense

	// Params returns the layer's trainable parameters by name; it is empty
	// for a layer without any.
	Params() map[string]Param
}

// Param is a trainable parameter of a layer: its Value, which an optimiser
// updates in place, and Grad, dLoss/dValue from the last Backward.
type Param struct {
	Value, Grad *mat.Dense
}

// Cloner is a layer that can copy itself: Clone returns a layer with the
// same configuration and copies of the parameters' values, and none of the
// state of a training Forward. Every built-in layer is a Cloner, and
// Sequential.Clone needs every layer inside to be one.
type Cloner interface {
	Clone() Layer
}
