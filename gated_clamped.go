package activation

import (
	"fmt"
	"math"
)

// NewClampedSwiGLU returns the SwiGLU of gpt-oss's MLP experts:
//
//	y = (clamp(b, -limit, limit) + 1) ⊙ a'·σ(α·a'),  a' = min(a, limit)
//
// where a is the gate half of each row and b the linear half: with
// interleaved set the even and the odd columns, as gpt-oss and Hugging
// Face's GptOssExperts take them from one projection; otherwise the first
// n and the last n columns, as the other gated units. gpt-oss uses
// α = 1.702 and limit = 7. a'·σ(αa') is SwishBeta's with β = α, on its
// code.
//
// dLoss/da = (g ⊙ (b' + 1)) ⊙ swish'(a') where a <= limit and 0 where the
// clamp holds; dLoss/db = g ⊙ a'σ(αa') where -limit <= b <= limit and 0
// beyond. At a = limit or b = ±limit exactly the clamp's value is the
// input's, and the gradient passes, as PyTorch's autograd of clamp lets
// it (its mask is min <= x <= max): a network trained here and there sees
// the same gradients. A NaN in a or b gives NaN in y and in both of its
// gradients. It panics unless alpha is finite and limit finite and
// positive.
//
// Special cases are those of SwishBeta at a', times b' + 1, and:
//
//	a = +Inf: a' = limit, dLoss/da = 0
//	b = ±Inf: b' = ±limit, dLoss/db = 0
func NewClampedSwiGLU(alpha, limit float64, interleaved bool) *Activation {
	if err := checkClampedSwiGLU(alpha, limit); err != nil {
		panic("activation: NewClampedSwiGLU: " + err.Error())
	}
	const name = "ClampedSwiGLU"
	k := &clampedGLU{gated: gated{name: name}, alpha: alpha, limit: limit, interleaved: interleaved}
	return &Activation{engine: engine{name: name, kernel: k, rowwise: true},
		config: map[string]any{"alpha": alpha, "limit": limit, "interleaved": interleaved}}
}

// checkClampedSwiGLU reports arguments that NewClampedSwiGLU refuses.
func checkClampedSwiGLU(alpha, limit float64) error {
	if err := checkFinite("alpha", alpha); err != nil {
		return err
	}
	if !(limit > 0 && limit <= math.MaxFloat64) {
		return fmt.Errorf("limit is %v, must be finite and positive", limit)
	}
	return nil
}

// clampedGLU is the kernel of NewClampedSwiGLU: gated's shapes and
// Backward, with the halves clamped, and possibly interleaved. Its
// activation is fixedSwish, called directly, not through gated's f, so
// that the arrays on its stack stay there.
type clampedGLU struct {
	gated        // the name and the shapes
	alpha, limit float64
	interleaved  bool
}

// gatedChunk is how many outputs the clamped unit gathers at a time,
// through arrays on the stack.
const gatedChunk = 128

// pair returns output j's gate and linear inputs in the row x of 2n.
func (k *clampedGLU) pair(x []float64, n, j int) (a, b float64) {
	if k.interleaved {
		return x[2*j], x[2*j+1]
	}
	return x[j], x[n+j]
}

// forwardRows sets y = (b' + 1) ⊙ f(a') and saves, as gated does, f(a')
// and f'(a') (each times its clamp's derivative) and b' + 1.
func (k *clampedGLU) forwardRows(y, saved, x []float64, _ int, _ bool) {
	n := len(x) / 2
	var gate, lin [gatedChunk]float64
	for off := 0; off < n; off += gatedChunk {
		m := min(gatedChunk, n-off)
		for i := range m {
			a, b := k.pair(x, n, off+i)
			gate[i], lin[i] = min(a, k.limit), min(max(b, -k.limit), k.limit)+1
		}
		ys := y[off : off+m]
		if saved == nil {
			fixedSwish(ys, nil, gate[:m], k.alpha)
			mul(ys, ys, lin[:m], false)
			continue
		}
		fa, dfa, other := saved[off:off+m], saved[n+off:n+off+m], saved[2*n+off:2*n+off+m]
		fixedSwish(fa, dfa, gate[:m], k.alpha)
		copy(other, lin[:m])
		mul(ys, fa, other, false)
		for i := range m {
			a, b := k.pair(x, n, off+i)
			dfa[i] *= clampDeriv(a, math.Inf(-1), k.limit)
			fa[i] *= clampDeriv(b, -k.limit, k.limit)
		}
	}
}

// clampDeriv returns the derivative of min(max(x, lo), hi): 1 for
// lo <= x <= hi, the bounds included as PyTorch's clamp has them, 0
// beyond, NaN for NaN.
func clampDeriv(x, lo, hi float64) float64 {
	d := choose(lo <= x && x <= hi, 1, 0)
	if x != x {
		return x
	}
	return d
}

func (k *clampedGLU) backwardRows(dx, grad, saved []float64, _ int, stream bool) {
	n := len(grad)
	fa, dfa, other := saved[:n], saved[n:2*n], saved[2*n:3*n]
	if !k.interleaved {
		gatedBackward(dx[:n], dx[n:2*n], grad, fa, dfa, other, stream)
		return
	}
	var da, db [gatedChunk]float64
	for off := 0; off < n; off += gatedChunk {
		end := min(off+gatedChunk, n)
		m := end - off
		gatedBackward(da[:m], db[:m], grad[off:end], fa[off:end], dfa[off:end], other[off:end], false)
		for i := range m {
			dx[2*(off+i)], dx[2*(off+i)+1] = da[i], db[i]
		}
	}
}
