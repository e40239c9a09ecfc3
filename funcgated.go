package activation

import (
	"fmt"
	"math"
)

// GatedFunc is a gated linear unit (GLU, SwiGLU, GEGLU, GEGLUTanh, ReGLU,
// ClampedSwiGLU) on slices of float32 or float64, as a transformer's MLP
// block applies it to its two projections: Forward sets dst = act(gate)·up
// element by element, and Backward the gradients of both, dGate =
// g·up·act'(gate) and dUp = g·act(gate). For GLU, act is the logistic and
// gate is PyTorch's second half. For ClampedSwiGLU, gate and up are the
// two projections apart, whichever layout the layer takes them in, and
// the unit is the layer's: (clamp(up) + 1)·act(min(gate, limit)), with
// the clamps' derivatives. Like Func it keeps nothing, allocates nothing,
// serves any number of goroutines and gives the layer's results, float32
// ones computed in float64 and rounded once. GatedFuncOf makes one of a
// layer.
type GatedFunc[T Float] struct {
	f     *elementFunc
	limit float64 // ClampedSwiGLU's, or 0 for a unit without clamps
}

// GatedFuncOf returns the gated function of the layer l, or an error if l
// is not a gated unit.
func GatedFuncOf[T Float](l Layer) (GatedFunc[T], error) {
	if a, ok := l.(*Activation); ok && a != nil {
		switch k := a.kernel.(type) {
		case *gated:
			return GatedFunc[T]{f: k.gate}, nil
		case *clampedGLU:
			return GatedFunc[T]{f: &elementFunc{name: k.name, kernel: fixedSwishKernel(k.alpha), forms: swishBetaForms(k.alpha)}, limit: k.limit}, nil
		}
	}
	return GatedFunc[T]{}, fmt.Errorf("activation: GatedFuncOf: %s is not a gated unit", describe(l))
}

// Name returns the name of the layer the function comes from.
func (f GatedFunc[T]) Name() string { return f.f.name }

// Forward sets dst = act(gate)·up. dst may be gate or up. It panics if
// the lengths differ.
func (f GatedFunc[T]) Forward(dst, gate, up []T) {
	f.f.check("Forward", len(dst), len(gate), len(up))
	s := scratches.Get().(*scratch)
	defer scratches.Put(s)
	for i := 0; i < len(gate); i += chunk {
		n := min(chunk, len(gate)-i)
		if float32s[T]() {
			g32, u32, d32 := asF32(gate[i:i+n]), asF32(up[i:i+n]), asF32(dst[i:i+n])
			for j, v := range g32 {
				s.x[j] = float64(v)
			}
			f.forward64(s, s.x[:n])
			for j, v := range u32 {
				d32[j] = float32(s.y[j] * f.up(float64(v)))
			}
		} else {
			u64, d64 := asF64(up[i:i+n]), asF64(dst[i:i+n])
			f.forward64(s, asF64(gate[i:i+n]))
			for j, v := range u64 {
				d64[j] = s.y[j] * f.up(v)
			}
		}
	}
}

// Backward sets dGate = g·up·act'(gate) and dUp = g·act(gate). Each output
// may be any input. It panics if the lengths differ.
func (f GatedFunc[T]) Backward(dGate, dUp, g, gate, up []T) {
	f.f.check("Backward", len(dGate), len(dUp), len(g))
	f.f.check("Backward", len(g), len(gate), len(up))
	s := scratches.Get().(*scratch)
	defer scratches.Put(s)
	for i := 0; i < len(gate); i += chunk {
		n := min(chunk, len(gate)-i)
		if float32s[T]() {
			for j, v := range asF32(gate[i : i+n]) {
				s.x[j] = float64(v)
			}
			f.values(s, s.x[:n])
			dg, du, gg, uu, ga := asF32(dGate[i:i+n]), asF32(dUp[i:i+n]), asF32(g[i:i+n]), asF32(up[i:i+n]), asF32(gate[i:i+n])
			for j := range n {
				gj, u := float64(gg[j]), float64(uu[j])
				a, b := gj*f.up(u)*(s.dy[j]*f.gateDeriv(float64(ga[j]))), gj*(s.y[j]*f.upDeriv(u))
				dg[j], du[j] = float32(a), float32(b)
			}
		} else {
			ga := asF64(gate[i : i+n])
			f.values(s, ga)
			dg, du, gg, uu := asF64(dGate[i:i+n]), asF64(dUp[i:i+n]), asF64(g[i:i+n]), asF64(up[i:i+n])
			for j := range n {
				a, b := gg[j]*f.up(uu[j])*(s.dy[j]*f.gateDeriv(ga[j])), gg[j]*(s.y[j]*f.upDeriv(uu[j]))
				dg[j], du[j] = a, b
			}
		}
	}
}

// up returns the up projection's value as the unit multiplies by it:
// ClampedSwiGLU's clamp(v, -limit, limit) + 1, or v.
func (f GatedFunc[T]) up(v float64) float64 {
	if f.limit == 0 {
		return v
	}
	return min(max(v, -f.limit), f.limit) + 1
}

// clampGate returns gate, or for ClampedSwiGLU min(gate, limit) in s.x.
// gate may be s.x.
func (f GatedFunc[T]) clampGate(s *scratch, gate []float64) []float64 {
	if f.limit == 0 {
		return gate
	}
	for j, v := range gate {
		s.x[j] = min(v, f.limit)
	}
	return s.x[:len(gate)]
}

// forward64 sets s.y = act(gate') for the gate's chunk.
func (f GatedFunc[T]) forward64(s *scratch, gate []float64) {
	f.f.forward64(s.y[:len(gate)], f.clampGate(s, gate))
}

// values sets s.y = act(gate') and s.dy = act'(gate') for the gate's
// chunk.
func (f GatedFunc[T]) values(s *scratch, gate []float64) {
	n := len(gate)
	f.f.values(s.y[:n], s.dy[:n], f.clampGate(s, gate), s.codes[:n])
}

// gateDeriv and upDeriv return the derivatives of ClampedSwiGLU's clamps
// at the inputs gate and up, by which the layer multiplies act' and act
// as it saves them (1 for the other units).
func (f GatedFunc[T]) gateDeriv(gate float64) float64 {
	if f.limit == 0 {
		return 1
	}
	return clampDeriv(gate, math.Inf(-1), f.limit)
}

func (f GatedFunc[T]) upDeriv(up float64) float64 {
	if f.limit == 0 {
		return 1
	}
	return clampDeriv(up, -f.limit, f.limit)
}
