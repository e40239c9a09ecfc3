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
	// finite and non-negative.
	Epsilon float64

	engine
	tau float64 // Temperature + Epsilon as of the last Forward
}

// NewSoftmax returns a row-wise softmax with the given temperature and
// Epsilon 1e-8. It panics if temperature is not finite and positive.
func NewSoftmax(temperature float64) *Softmax {
	if !(temperature > 0 && temperature <= math.MaxFloat64) {
		panic(fmt.Sprintf("activation: NewSoftmax: temperature is %v, must be finite and positive", temperature))
	}
	s := &Softmax{Temperature: temperature, Epsilon: 1e-8}
	s.engine = engine{name: "Softmax", kernel: s, rowwise: true}
	return s
}

// Forward returns the softmax of each row of input. With training set it
// keeps a private copy of the result for Backward. The result belongs to
// the layer and is overwritten by its next Forward of the same shape.
// Forward panics if Temperature or Epsilon is out of range.
func (s *Softmax) Forward(input *mat.Dense, training bool) *mat.Dense {
	t, eps := s.Temperature, s.Epsilon
	if !(t > 0 && t <= math.MaxFloat64) {
		panic(s.errorf("Forward", "Temperature is %v, must be finite and positive", t))
	}
	if !(eps >= 0 && eps <= math.MaxFloat64) || math.IsInf(t+eps, 0) {
		panic(s.errorf("Forward", "Epsilon is %v, must be finite and non-negative", eps))
	}
	s.tau = t + eps
	return s.forward(input, training)
}

// Backward returns dLoss/dInput for the last training Forward, with the
// temperature it used. The result belongs to the layer and is overwritten by
// its next Backward of the same shape.
func (s *Softmax) Backward(outputGrad *mat.Dense) *mat.Dense {
	return s.backward(outputGrad)
}

// Params returns nil: Softmax has no trainable parameters.
func (s *Softmax) Params() map[string]Param { return nil }

func (s *Softmax) forwardRows(y, saved, x []float64) {
	y = y[:len(x)]
	lo, hi, nan := math.Inf(1), math.Inf(-1), false
	for _, v := range x {
		lo, hi = min(lo, v), max(hi, v)
		nan = nan || v != v
	}
	switch {
	case nan:
		fill(y, math.NaN())
	case hi == math.Inf(-1):
		fill(y, 0)
	case hi == math.Inf(1):
		n := 0
		for _, v := range x {
			if v == hi {
				n++
			}
		}
		for i, v := range x {
			y[i] = 0
			if v == hi {
				y[i] = 1 / float64(n)
			}
		}
	default:
		s.exps(y, x, hi, lo)
	}
	copy(saved, y)
}

// exps sets y to the softmax of x, which is finite at its maximum hi and
// has minimum lo.
func (s *Softmax) exps(y, x []float64, hi, lo float64) {
	// Halving keeps x - hi finite for logits near ±MaxFloat64; it is exact
	// for the entries that do not underflow to 0 after exp.
	scale := 1.0
	if math.IsInf(hi-lo, 0) {
		scale = 0.5
	}
	tau, top := s.tau, scale*hi
	// Multiplying by 1/τ instead of dividing keeps z exact: the FMA
	// recovers the remainder of whatever quotient q is, and zl only
	// corrects e^zh, so its own rounding does not show.
	inv, unscale := 1/tau, 1/scale
	var sum compensated
	for i, v := range x {
		// z = (d + dl)/τ/scale in double-double; e^z ≈ e^zh·(1+zl).
		d, dl := twoSum(scale*v, -top)
		q := d * inv
		zl := (math.FMA(-q, tau, d) + dl) * inv * unscale
		zh := q * unscale
		e := 0.0
		if zh > -746 { // also false for -Inf entries, whose zl is NaN
			e = math.Exp(zh)
			e = math.FMA(e, zl, e)
		}
		y[i] = e
		sum.add(e)
	}
	norm := 1 / sum.value()
	for i := range y {
		y[i] *= norm
	}
}

func (s *Softmax) backwardRows(dx, g, y []float64) {
	g, y = g[:len(dx)], y[:len(dx)]
	var dot compensated
	for i := range dx {
		dot.addProduct(y[i], g[i])
	}
	yg := dot.value()
	for i := range dx {
		dx[i] = y[i] * (g[i] - yg) / s.tau
	}
}

func fill(s []float64, v float64) {
	for i := range s {
		s[i] = v
	}
}
