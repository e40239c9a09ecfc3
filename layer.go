// Package activation provides neural-network activation layers on gonum
// dense matrices, whose rows are samples and whose columns are features,
// and the same functions on plain float32 and float64 slices: every
// activation of PyTorch, JAX and Keras, those of today's models, the gated
// units of transformer MLPs, the row-wise softmaxes with masks, and
// cross-entropy losses on logits. Values and derivatives are within 4 ulp
// of the exact ones, the same bits on every platform, on vectors where
// the CPU has them, and a steady training loop allocates nothing.
//
// # Where to start
//
// Every layer implements Layer:
//
//	y := l.Forward(x, true) // training: keeps what Backward needs
//	dx := l.Backward(dy)    // dLoss/dx from dLoss/dy; sets the parameters' Grad
//	y = l.Forward(x, false) // inference: keeps nothing
//
// The constructors make them: NewReLU, NewGELU, NewSwiGLU, NewSoftmax, …
// (New builds one from a function and its derivative); Lookup makes the one
// a model's config names ("gelu_pytorch_tanh", ONNX's "HardSigmoid").
// Sequential chains layers, built-in or user-written; Marshal and
// Unmarshal save and load them. CrossEntropy, CrossEntropyLabels and
// BinaryCrossEntropy are losses on logits; a Mask leaves entries out of
// the row-wise layers and the losses. FuncOf, RowFuncOf and GatedFuncOf
// give a layer's function on []float32 or []float64, for code that holds
// no gonum matrices.
//
// # Layers
//
// Element-wise: ReLU, ReLU6, LeakyReLU, PReLU with one slope or one per
// feature, RReLU, ELU, CELU, SELU, GELU exact and tanh, Softplus,
// Squareplus, SparsePlus, Mish, Swish, SwishBeta with a learned β,
// HardSigmoid, HardSwish, Hardtanh, Tanh, Sigmoid, SparseSigmoid,
// LogSigmoid, Softsign, Softshrink, Hardshrink, Tanhshrink, Threshold,
// Identity and Exp; of today's models, ReLUSquared, QuickGELU, Softcap,
// Laplace, ClippedGELU, XIELU with its two learned scalars, Snake with a
// learned α per feature and SqrtSoftplus; of ONNX's operators,
// HardSigmoidAffine, ScaledELU and Shrink. Gated: GLU, SwiGLU, GEGLU,
// GEGLUTanh, ReGLU and gpt-oss's ClampedSwiGLU. Row-wise: Softmax,
// LogSoftmax and Softmin with temperature, Sparsemax, Entmax15 and
// Hardmax. The repository's docs/layers.md has each one's formula,
// derivative and names in other libraries.
//
// # Training and inference
//
// A training Forward keeps what its Backward needs: the derivative, or a
// private copy of the input or output, and the settings it used (Softmax's
// Temperature, PReLU's slopes). Each training Forward feeds one Backward: a
// second Backward panics. An inference Forward keeps nothing and leaves the
// last training Forward's state alone, so a network may be evaluated, for a
// validation metric say, between a training Forward and its Backward; only
// the matrix it returns is shared with the training Forward.
//
// # Results belong to the layer
//
// A matrix returned by Forward or Backward belongs to the layer and is
// overwritten by its next call of the same method, whatever the batch
// shape: it is the same matrix every time, resized, as bufio.Scanner.Bytes
// reuses its slice. Copy it (mat.DenseCopyOf) to keep it. A batch no
// larger than one before reuses the layer's memory, so a training loop
// whose last batch is smaller allocates nothing once it has seen its
// largest batch. A layer never modifies its argument and never keeps a
// reference to it, so a caller may overwrite its input after Forward, or
// feed a layer its own previous output.
//
// # One place, one goroutine
//
// A layer holds the state of one training Forward at a time, so one layer
// value serves one place in a network: where PyTorch code reuses one
// nn.ReLU(), give each place its own layer or a Clone. NewSequential
// refuses a layer that sits at two places, and a layer used at two places
// by hand panics at its second Backward instead of returning the gradient of
// the wrong input.
//
// A layer is not safe for concurrent use, like most gonum types: give each
// goroutine its own Clone, which has the same configuration, copies of the
// parameters and no state. Clones share nothing that is written, so they
// run at once without locks, and a server can keep one trained network and
// clone it per worker. Two calls on one layer that overlap panic; a caller
// still reading a result that another goroutine's call overwrites goes
// unseen, so the rule stands.
//
// The Softmax and LogSoftmax literals work as their constructors' results
// do (&Softmax{Temperature: 1} has Epsilon 0); the zero values of the other
// layer types panic, saying which constructor makes one.
//
// # Masks
//
// The row-wise layers take a Mask beside their input (ForwardMasked, of
// MaskedLayer): the padding at the end of sequences, the future positions
// of causal attention. The entries a mask leaves out get probability
// exactly 0 and gradient exactly 0, whatever the input holds there, and
// the kept entries what the layer gives on them alone. A Mask never
// changes once made, so a training ForwardMasked keeps a reference to it
// for its Backward, where it copies matrices.
//
// # Misuse
//
// Misuse panics with a message naming the layer and the problem, as gonum
// does: a nil or empty matrix, Backward before a training Forward, or a
// gradient whose shape differs from the last training input. Constructors
// panic on arguments out of range (every one must be finite), and Unmarshal
// returns an error for the same values, with the same reason.
//
// # Accuracy
//
// Results are accurate to within 4 ulp of the exact value for every finite
// input, and so are derivatives; where a derivative is a difference of two
// terms that cancel towards its zero (Swish, Mish, GELU, GELUTanh, Snake),
// and where XIELU's value does so for x < 0, the error is within 4 ulp of
// the terms' magnitudes, and GELUTanh's within 6. Special values are
// defined the way the standard library's math package defines them: NaN
// in gives NaN out, and infinities and huge finite inputs give the limits,
// never a spurious NaN (Snake's derivative at ±Inf, 1 + sin 2αx, has no
// limit, and is NaN).
//
// Results are the same bits on every GOARCH (amd64 with or without
// vectors, arm64, 386, s390x, ppc64le, riscv64, wasm): the package uses its
// own exp, log1p, erfc and sine, not the platform's, and rounds every product
// whose rounding matters explicitly. A test checks digests of every
// layer's results against a committed table.
//
// # Speed
//
// A steady training step allocates nothing. On amd64 CPUs with AVX2 and
// FMA, every layer but RReLU, Snake and New's runs on vectors of four
// (most on eight with AVX-512; of Hardmax, the scan of each row and the
// search for its maximum), and so does the Backward of every
// element-wise layer; on arm64 the same layers run on NEON vectors of two.
// Either way the bits are those of the pure-Go code, which the build tag
// noasm selects.
// Large batches are shared among up to GOMAXPROCS goroutines, in blocks of
// rows that do not depend on their number, so results are the same bits on
// any number of cores; the repository's docs/performance.md has how and
// the measurements.
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
