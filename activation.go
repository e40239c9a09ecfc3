package activation

import (
	"maps"

	"gonum.org/v1/gonum/mat"
)

// Activation is a layer without trainable parameters or settings of its
// own: an element-wise y = f(x) with derivative f'(x), the layer that New
// builds from a function pair and that ReLU, Tanh, Sigmoid and Swish are,
// or one of the gated units and of the row-wise Sparsemax, Entmax15 and
// Hardmax.
//
// A training Forward stores f'(x), not x, so Backward is one multiplication
// and does not depend on the caller's input after Forward returns. ReLU
// stores which of its three derivatives, 0, 1 or NaN, each element has, in
// a byte.
type Activation struct {
	engine
	config map[string]any // constructor arguments, for Config
	forms  *forms         // its vector kernels for FuncOf, where it has them
}

// elementwise is the kernel of an Activation: forward evaluates the function
// pair, backward multiplies by the stored derivative. With stream set it
// may write y and dy around the caches; the cheap layers do, where that
// measured faster (LeakyReLU and HardSigmoid -15% to -17% at 2048x2048),
// the others not (Sigmoid +12%, Mish +9%).
type elementwise func(y, dy, x []float64, stream bool)

func (f elementwise) forwardRows(y, dy, x []float64, _ int, stream bool) { f(y, dy, x, stream) }
func (elementwise) backwardRows(dx, g, dy []float64, _ int, stream bool) {
	mul(dx, g, dy, stream)
}

func newActivation(name string, f elementwise) *Activation {
	return &Activation{engine: engine{name: name, kernel: f}}
}

// cheap marks a's kernel as one that moves more than it computes, which
// decides how its batches are split (see cost), and returns it.
func (a *Activation) cheap() *Activation {
	a.cost = cheapCost
	return a
}

// withForms gives a the vector kernels of its slice functions, and
// returns it.
func (a *Activation) withForms(f *forms) *Activation {
	a.forms = f
	return a
}

// pairForms returns the forms of a layer whose vector kernels take y, dy
// and x.
func pairForms(y32 func(y, dy, x []float32) int, grad64 func(dx, g, x []float64) int, grad32 func(dx, g, x []float32) int) *forms {
	return &forms{func(y, x []float32) int { return y32(y, nil, x) }, grad64, grad32}
}

// New returns an element-wise layer with activation f and its derivative df,
// as the original's Activation(activation, activation_prime): Forward applies
// f to every element and Backward multiplies the output gradient by df of the
// input. f and df are called once per element and must not retain state
// between calls. New panics if f or df is nil.
func New(f, df func(x float64) float64) *Activation {
	if f == nil || df == nil {
		panic("activation: New: nil function")
	}
	return newActivation("Activation", func(y, dy, x []float64, _ bool) {
		for i, v := range x {
			y[i] = f(v)
		}
		if dy != nil {
			for i, v := range x {
				dy[i] = df(v)
			}
		}
	})
}

// Forward returns f applied to every element of input, or the output its
// constructor describes. With training set it also stores what Backward
// needs, f' of input for an element-wise layer. The result belongs to the
// layer and is overwritten by its next Forward.
func (a *Activation) Forward(input *mat.Dense, training bool) *mat.Dense {
	a.made("Forward")
	return a.forward(input, training)
}

// ForwardMasked returns the output of a row-wise Activation, Sparsemax's,
// Entmax15's or Hardmax's, over the entries mask keeps: bit for bit Forward's on a
// row of those entries alone, exactly 0 at the entries it leaves out, and
// zeros for a row that keeps none, whatever input holds there. A nil mask
// keeps every entry. With training set, Backward takes the mask too, and
// gives exactly 0 at the entries left out. It panics as Forward does, if
// mask's shape differs from input's, and for an element-wise or gated
// layer, which takes no mask. See Mask.
func (a *Activation) ForwardMasked(input *mat.Dense, mask *Mask, training bool) *mat.Dense {
	a.made("ForwardMasked")
	if _, ok := leftOut(a.kernel); !ok {
		panic(a.errorf("ForwardMasked", "%s takes no mask: only the row-wise layers do (Softmax, LogSoftmax, Softmin, Sparsemax, Entmax15, Hardmax)", a.name))
	}
	return a.forwardMasked("ForwardMasked", input, mask, training)
}

// Backward returns dLoss/dInput for the last training Forward: for an
// element-wise layer, outputGrad multiplied element-wise by the derivative
// at its input. The result belongs to the layer and is overwritten by its
// next Backward.
func (a *Activation) Backward(outputGrad *mat.Dense) *mat.Dense {
	a.made("Backward")
	return a.backward(outputGrad)
}

// Params returns nil: an Activation has no trainable parameters.
func (a *Activation) Params() map[string]Param { return nil }

// Config returns the layer's name, such as "ReLU" or "ELU", under "name"
// and its constructor arguments under theirs. A layer built by New is
// named "Activation".
func (a *Activation) Config() map[string]any {
	a.made("Config")
	cfg := map[string]any{"name": a.name}
	maps.Copy(cfg, a.config)
	return cfg
}

// Clone returns a new layer with the same function and none of a's state,
// for use at another place in a network or by another goroutine. A clone
// of a layer built by New calls the same f and df.
func (a *Activation) Clone() Layer {
	a.made("Clone")
	return &Activation{engine: a.cloneEngine(), config: a.config}
}

// made panics for the zero Activation, which has no function.
func (a *Activation) made(method string) {
	if a.name == "" {
		panic("activation: Activation." + method + ": zero Activation: make one with New or a constructor such as NewReLU")
	}
}
