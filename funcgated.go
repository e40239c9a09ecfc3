package activation

import "fmt"

// GatedFunc is a gated linear unit (GLU, SwiGLU, GEGLU, ReGLU) on slices of
// float32 or float64, as a transformer's MLP block applies it to its two
// projections: Forward sets dst = act(gate)·up element by element, and
// Backward the gradients of both, dGate = g·up·act'(gate) and dUp =
// g·act(gate). For GLU, act is the logistic and gate is PyTorch's second
// half. Like Func it keeps nothing, allocates nothing, serves any number
// of goroutines and gives the layer's results, float32 ones computed in
// float64 and rounded once. GatedFuncOf makes one of a layer.
type GatedFunc[T Float] struct{ f *elementFunc }

// GatedFuncOf returns the gated function of the layer l, or an error if l
// is not a gated unit.
func GatedFuncOf[T Float](l Layer) (GatedFunc[T], error) {
	if a, ok := l.(*Activation); ok && a != nil {
		if g, ok := a.kernel.(*gated); ok {
			return GatedFunc[T]{g.gate}, nil
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
			f.f.forward64(s.y[:n], s.x[:n])
			for j, v := range u32 {
				d32[j] = float32(s.y[j] * float64(v))
			}
		} else {
			u64, d64 := asF64(up[i:i+n]), asF64(dst[i:i+n])
			f.f.forward64(s.y[:n], asF64(gate[i:i+n]))
			for j, v := range u64 {
				d64[j] = s.y[j] * v
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
			f.f.values(s.y[:n], s.dy[:n], s.x[:n], s.codes[:n])
			dg, du, gg, uu := asF32(dGate[i:i+n]), asF32(dUp[i:i+n]), asF32(g[i:i+n]), asF32(up[i:i+n])
			for j := range n {
				gj := float64(gg[j])
				a, b := gj*float64(uu[j])*s.dy[j], gj*s.y[j]
				dg[j], du[j] = float32(a), float32(b)
			}
		} else {
			f.f.values(s.y[:n], s.dy[:n], asF64(gate[i:i+n]), s.codes[:n])
			dg, du, gg, uu := asF64(dGate[i:i+n]), asF64(dUp[i:i+n]), asF64(g[i:i+n]), asF64(up[i:i+n])
			for j := range n {
				a, b := gg[j]*uu[j]*s.dy[j], gg[j]*s.y[j]
				dg[j], du[j] = a, b
			}
		}
	}
}
