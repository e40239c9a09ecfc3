package activation

import (
	"fmt"
	"math"
)

// NewSoftcap returns y = c·tanh(x/c), the soft capping of Gemma 2's
// attention logits and final logits and of Grok, which bounds y to
// (-c, c) and leaves small x as they are, with derivative
// sech²(x/c) = 1 - tanh²(x/c). tanh is Tanh's, and x/c is carried in
// double-double: its rounding error would otherwise be multiplied by up
// to 2|x/c| in the derivative's tail (y'(1000) for c = 2.8 keeps its
// digits). Where |x/c| < 2^-27, y = x and y' = 1 exactly, as
// c·tanh(x/c) rounds to them, even where x/c is subnormal. It panics
// unless c is finite and positive.
//
// Special cases are:
//
//	y(±Inf) = ±c, y'(±Inf) = 0
//	y(±0) = ±0, y'(±0) = 1
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSoftcap(c float64) *Activation {
	if err := checkSoftcap(c); err != nil {
		panic("activation: NewSoftcap: " + err.Error())
	}
	vector := func(y, dy, x []float64) int { return softcapVector(y, dy, x, c) }
	elem := func(x float64) (float64, float64) { return softcap(x, c) }
	a := newActivation("Softcap", func(y, dy, x []float64, _ bool) {
		if !useVectors {
			softcapLoop(y, dy, x, c)
			return
		}
		vectorKernel(y, dy, x, vector, elem)
	})
	a.config = map[string]any{"cap": c}
	return a.withForms(&forms{
		func(y, x []float32) int { return softcapVector32(y, nil, x, c) },
		func(dx, g, x []float64) int { return softcapVectorGrad(dx, g, x, c) },
		func(dx, g, x []float32) int { return softcapVectorGrad32(dx, g, x, c) },
	})
}

// checkSoftcap reports a cap that NewSoftcap refuses.
func checkSoftcap(c float64) error {
	if !(c > 0 && c <= math.MaxFloat64) {
		return fmt.Errorf("cap is %v, must be finite and positive", c)
	}
	return nil
}

// softcapChunk is how many elements softcapLoop hands tanhLoop at a time,
// through arrays on the stack.
const softcapChunk = 64

// softcapLoop sets y = c·tanh(x/c) and, unless dy is nil, its derivative,
// as softcapVector does where |x/c| <= tanhRange: the Go path, Tanh's
// loop on x/c, then softcapAt.
func softcapLoop(y, dy, x []float64, c float64) {
	var u, t, dt [softcapChunk]float64
	for off := 0; off < len(x); off += softcapChunk {
		xs := x[off:min(off+softcapChunk, len(x))]
		n := len(xs)
		for i, v := range xs {
			u[i] = v / c
		}
		tanhLoop(t[:n], dt[:n], u[:n])
		for i, v := range xs {
			yi, di := softcapAt(v, c, u[i], t[i], dt[i])
			y[off+i] = yi
			if dy != nil {
				dy[off+i] = di
			}
		}
	}
}

// softcap returns c·tanh(x/c) and its derivative, as softcapLoop does.
func softcap(x, c float64) (y, dy float64) {
	u := x / c
	t, dt := tanhElem(u)
	return softcapAt(x, c, u, t, dt)
}

// softcapAt returns c·tanh(x/c) and its derivative from u = x/c rounded,
// t = tanh u and dt = sech² u. With x/c = u + ul exactly, tanh(u + ul) =
// t + dt·ul and sech²(u + ul) = dt·(1 - 2t·ul), to first order.
func softcapAt(x, c, u, t, dt float64) (y, dy float64) {
	ul := math.FMA(-u, c, x) / c
	ul = choose(math.Abs(u) <= math.MaxFloat64, ul, 0) // x/c overflowed, or x is infinite
	tiny := math.Abs(u) < 0x1p-27
	return choose(tiny, x, c*math.FMA(dt, ul, t)), choose(tiny, 1, math.FMA(float64(-2*t*ul), dt, dt))
}
