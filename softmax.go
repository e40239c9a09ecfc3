package activation

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Softmax is the row-wise softmax with temperature: for each row x,
//
//	y_i = exp(z_i) / Σ_j exp(z_j),  z = (x - max x) / τ,  τ = Temperature + Epsilon
//
// where τ is the float64 sum of the two fields. Backward returns
// y ⊙ (g - <y, g>) / τ for each row.
//
// z is formed in double-double, so entries far below the row's maximum keep
// every digit that e^z has, and logits up to ±MaxFloat64 never overflow at
// any temperature. Sums and the dot product are compensated.
//
// Special cases, per row, are:
//
//	an entry of -Inf gets 0
//	a row of only -Inf gives all zeros
//	entries of +Inf share the row equally, the others get 0
//	a NaN anywhere gives a row of NaN
type Softmax struct {
	// Temperature scales the logits: above 1 the output is flatter, below
	// 1 sharper. It must be finite and positive.
	Temperature float64
	// Epsilon is added to Temperature, as in the original; it must be
	// finite and non-negative. NewSoftmax sets it to 1e-8; a Softmax
	// written as a literal, &Softmax{Temperature: 1}, has 0.
	Epsilon float64

	engine
	rows softmaxRows
}

// softmaxRows is the row kernel of Softmax and Softmin, with the τ it
// takes.
type softmaxRows struct {
	tau     float64 // Temperature + Epsilon, for the running Forward
	keptTau float64 // τ of the last training Forward, for its Backward
}

// take checks the temperature and epsilon of the layer e, as its Forward
// reads them, and takes τ = t + eps for the running Forward, keeping it
// for Backward where training.
func (k *softmaxRows) take(e *engine, t, eps float64, training bool) {
	if !validTemperature(t) {
		panic(e.errorf(e.method, "Temperature is %v, must be finite and positive", t))
	}
	if checkEpsilon(t, eps) != nil {
		panic(e.errorf(e.method, "Epsilon is %v, must be finite and non-negative", eps))
	}
	k.tau = t + eps
	if training {
		k.keptTau = k.tau
	}
}

// NewSoftmax returns a row-wise softmax with the given temperature and
// Epsilon 1e-8. It panics if temperature is not finite and positive.
func NewSoftmax(temperature float64) *Softmax {
	if err := checkTemperature(temperature); err != nil {
		panic("activation: NewSoftmax: " + err.Error())
	}
	return &Softmax{Temperature: temperature, Epsilon: 1e-8}
}

// layerName is the name in s's messages, before init too.
func (s *Softmax) layerName() string { return "Softmax" }

// init sets up the engine of a Softmax, which a literal does not.
func (s *Softmax) init() {
	if s.kernel == nil {
		s.name, s.kernel, s.rowwise, s.cost = "Softmax", s, true, rowsCost
	}
}

// Forward returns the softmax of each row of input. With training set it
// keeps a private copy of the result for Backward. The result belongs to
// the layer and is overwritten by its next Forward. Forward panics if
// Temperature or Epsilon is out of range.
func (s *Softmax) Forward(input *mat.Dense, training bool) *mat.Dense {
	s.init()
	return s.forward(input, training)
}

// ForwardMasked returns the softmax of each row of input over the entries
// mask keeps, bit for bit Forward's on a row of those entries alone; the
// entries it leaves out get exactly 0, and a row that keeps none gives
// zeros, whatever input holds there. A nil mask keeps every entry. With
// training set, Backward takes the mask too, and gives exactly 0 at the
// entries left out. ForwardMasked panics as Forward does, and if mask's
// shape differs from input's. See Mask.
func (s *Softmax) ForwardMasked(input *mat.Dense, mask *Mask, training bool) *mat.Dense {
	s.init()
	return s.forwardMasked("ForwardMasked", input, mask, training)
}

// Backward returns dLoss/dInput for the last training Forward, with the
// temperature and the mask it used. The result belongs to the layer and
// is overwritten by its next Backward.
func (s *Softmax) Backward(outputGrad *mat.Dense) *mat.Dense {
	s.init()
	return s.backward(outputGrad)
}

// Params returns nil: Softmax has no trainable parameters.
func (s *Softmax) Params() map[string]Param { return nil }

// Clone returns a new Softmax with the same Temperature and Epsilon and
// none of s's state, for use at another place in a network or by another
// goroutine.
func (s *Softmax) Clone() Layer {
	return &Softmax{Temperature: s.Temperature, Epsilon: s.Epsilon}
}

func (s *Softmax) prepare(_, _ int, training bool) {
	s.rows.take(&s.engine, s.Temperature, s.Epsilon, training)
}

func (s *Softmax) forwardRows(y, saved, x []float64, _ int, stream bool) {
	s.rows.forward(y, saved, x, stream)
}

func (s *Softmax) backwardRows(dx, g, y []float64, _ int, stream bool) {
	s.rows.backward(dx, g, y, stream)
}

// forward sets y, and saved unless it is nil, to the softmax of x. y may be
// x itself: each element is read before its place is written.
func (k *softmaxRows) forward(y, saved, x []float64, stream bool) {
	y = y[:len(x)]
	if kind, hi, lo := specialRow(y, x); kind == rowFinite {
		k.exps(y, saved, x, hi, lo, stream)
		return
	}
	copy(saved, y)
}

// exps sets y, and saved unless it is nil, to the softmax of x, which is
// finite at its maximum hi and has minimum lo. With AVX-512 the
// exponentials are summed as they are made, eight at a time, the last
// group masked; from a subnormal e^z on, and all of them elsewhere, after.
// Either way each lane adds the same terms in the same order, so the sum
// is laneSum(y, -1) to the bit.
func (k *softmaxRows) exps(y, saved, x []float64, hi, lo float64, stream bool) {
	sh := newShift(hi, lo, k.tau)
	var l lanes
	i := shiftExpVector(y, x, &sh, &l) // all of x, or a multiple of laneCount
	sh.exps(y[i:], x[i:])
	l.addAll(y[i:], -1)
	sum := l.total()
	scaleTo(y, saved, y, 1/sum.value(), stream)
}

// backward sets dx = y ⊙ (g - <y, g>)/τ, τ the last training Forward's.
func (k *softmaxRows) backward(dx, g, y []float64, stream bool) {
	g, y = g[:len(dx)], y[:len(dx)]
	yg := laneDot(y, g)
	tau := k.keptTau
	if inv, ok := reciprocal(tau); ok {
		for i := softmaxBackwardVector(dx, g, y, yg, inv, stream); i < len(dx); i++ {
			dx[i] = y[i] * (g[i] - yg) * inv
		}
		return
	}
	for i := range dx {
		dx[i] = y[i] * (g[i] - yg) / tau
	}
}

func validTemperature(t float64) bool { return t > 0 && t <= math.MaxFloat64 }

// checkTemperature reports a temperature that NewSoftmax and NewLogSoftmax
// refuse.
func checkTemperature(t float64) error {
	if !validTemperature(t) {
		return fmt.Errorf("temperature is %v, must be finite and positive", t)
	}
	return nil
}

// checkEpsilon reports an Epsilon that Softmax refuses beside temperature
// t.
func checkEpsilon(t, eps float64) error {
	if !(eps >= 0 && eps <= math.MaxFloat64) || math.IsInf(t+eps, 0) {
		return fmt.Errorf("epsilon is %v, must be finite and non-negative", eps)
	}
	return nil
}

// Config returns the name "Softmax", temperature and epsilon.
func (s *Softmax) Config() map[string]any {
	return map[string]any{"name": "Softmax", "temperature": s.Temperature, "epsilon": s.Epsilon}
}
