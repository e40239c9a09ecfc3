package activation

import "fmt"

// A gated unit splits each row of its input in two halves, a the first n
// columns and b the last n, activates one of them and multiplies it by the
// other: the output has n columns, and Backward returns 2n. The product
// is that of the element-wise layer's Forward and a MulElem, and Backward
// that of the same chain, so a gated unit gives the bits of its halves
// computed by the element-wise layers.

// NewGLU returns the gated linear unit y = a ⊙ σ(b) (Dauphin et al., 2017;
// PyTorch's GLU over the last dimension), with dLoss/da = g ⊙ σ(b) and
// dLoss/db = (g ⊙ a) ⊙ σ'(b), σ' without cancellation as in Sigmoid.
//
// Special cases are those of Sigmoid for b, times a.
func NewGLU() *Activation {
	return newGated("GLU", 1, NewSigmoid())
}

// NewSwiGLU returns y = swish(a) ⊙ b (Shazeer, 2020, as in LLaMA's MLP),
// with dLoss/da = (g ⊙ b) ⊙ swish'(a) and dLoss/db = g ⊙ swish(a).
//
// Special cases are those of Swish for a, times b.
func NewSwiGLU() *Activation {
	return newGated("SwiGLU", 0, NewSwish())
}

// NewGEGLU returns y = gelu(a) ⊙ b (Shazeer, 2020) with the exact GELU of
// NewGELU, dLoss/da = (g ⊙ b) ⊙ gelu'(a) and dLoss/db = g ⊙ gelu(a).
//
// Special cases are those of GELU for a, times b.
func NewGEGLU() *Activation {
	return newGated("GEGLU", 0, NewGELU())
}

// NewGEGLUTanh returns y = gelu(a) ⊙ b with the tanh approximation of
// NewGELUTanh, dLoss/da = (g ⊙ b) ⊙ gelu'(a) and dLoss/db = g ⊙ gelu(a):
// the MLP unit of Gemma, whose configurations name its activation
// gelu_pytorch_tanh.
//
// Special cases are those of GELUTanh for a, times b.
func NewGEGLUTanh() *Activation {
	return newGated("GEGLUTanh", 0, NewGELUTanh())
}

// NewReGLU returns y = relu(a) ⊙ b (Shazeer, 2020), with
// dLoss/da = (g ⊙ b) ⊙ relu'(a) and dLoss/db = g ⊙ relu(a).
//
// Special cases are those of ReLU for a, times b.
func NewReGLU() *Activation {
	return newGated("ReGLU", 0, newActivation("ReLU", leakyKernel(0)).withForms(reluForms))
}

// gated is the kernel of the gated unit named name: act is the half that
// f activates, 0 for a and 1 for b.
type gated struct {
	name string
	act  int
	f    elementwise
	gate *elementFunc // the activation's, for GatedFuncOf
}

// newGated returns the gated unit name whose activation is the layer gate,
// applied to the half act (0 or 1).
func newGated(name string, act int, gate *Activation) *Activation {
	f := gate.elementwiseKernel()
	g := &gated{name: name, act: act, f: f, gate: &elementFunc{name: name, kernel: f, forms: gate.forms}}
	return &Activation{engine: engine{name: name, kernel: g, rowwise: true, cost: gate.cost}}
}

func (*gated) outCols(c int) int   { return c / 2 }
func (*gated) savedCols(c int) int { return c / 2 * 3 }

func (g *gated) prepare(_, c int, _ bool) {
	if c%2 != 0 {
		panic(fmt.Sprintf("activation: %s.Forward: input has %d columns, want an even number: the halves a and b", g.name, c))
	}
}

// halves returns the activated and the other half of a row.
func (g *gated) halves(x []float64) (act, other []float64) {
	n := len(x) / 2
	if g.act == 0 {
		return x[:n], x[n : 2*n]
	}
	return x[n : 2*n], x[:n]
}

// forwardRows sets y = f(act) ⊙ other and saves f(act), f'(act) and other,
// one after another.
func (g *gated) forwardRows(y, saved, x []float64, _ int, stream bool) {
	act, other := g.halves(x)
	n := len(act)
	y = y[:n]
	if saved == nil {
		g.f(y, nil, act, false)
		mul(y, y, other, false)
		return
	}
	fa, dfa, keep := saved[:n], saved[n:2*n], saved[2*n:3*n]
	g.f(fa, dfa, act, stream)
	copy(keep, other)
	mul(y, fa, other, false)
}

func (g *gated) backwardRows(dx, grad, saved []float64, _ int, stream bool) {
	n := len(grad)
	dAct, dOther := g.halves(dx[:2*n])
	gatedBackward(dAct, dOther, grad, saved[:n], saved[n:2*n], saved[2*n:3*n], stream)
}

// gatedBackward sets dLoss/d(act) = (g ⊙ other) ⊙ f'(act) and
// dLoss/d(other) = g ⊙ f(act) from f(act), f'(act) and other, as
// forwardRows saved them.
func gatedBackward(dAct, dOther, grad, fa, dfa, other []float64, stream bool) {
	mul(dAct, grad, other, false)
	mul(dAct, dAct, dfa, stream)
	mul(dOther, grad, fa, stream)
}
