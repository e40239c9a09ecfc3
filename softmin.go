package activation

import "gonum.org/v1/gonum/mat"

// Softmin is the row-wise softmin with temperature, the softmax of -x
// (PyTorch's Softmin): for each row x,
//
//	y_i = exp(z_i) / Σ_j exp(z_j),  z = (min x - x) / τ,  τ = Temperature + Epsilon
//
// with Temperature and Epsilon as in Softmax, so that Softmin(T) of x is
// Softmax(T) of -x bit for bit; so are its Backward and its special
// cases, with -x for x (an entry of +Inf gets 0).
type Softmin struct {
	// Temperature and Epsilon are those of Softmax, with the same rules.
	Temperature float64
	Epsilon     float64

	engine
	rows softmaxRows
}

// NewSoftmin returns a row-wise softmin with the given temperature and
// Epsilon 1e-8. It panics if temperature is not finite and positive.
func NewSoftmin(temperature float64) *Softmin {
	if err := checkTemperature(temperature); err != nil {
		panic("activation: NewSoftmin: " + err.Error())
	}
	return &Softmin{Temperature: temperature, Epsilon: 1e-8}
}

// layerName is the name in s's messages, before init too.
func (s *Softmin) layerName() string { return "Softmin" }

// init sets up the engine of a Softmin, which a literal does not.
func (s *Softmin) init() {
	if s.kernel == nil {
		s.name, s.kernel, s.rowwise, s.cost = "Softmin", s, true, rowsCost
	}
}

// Forward returns the softmin of each row of input. With training set it
// keeps a private copy of the result for Backward. The result belongs to
// the layer and is overwritten by its next Forward. Forward panics if
// Temperature or Epsilon is out of range.
func (s *Softmin) Forward(input *mat.Dense, training bool) *mat.Dense {
	s.init()
	return s.forward(input, training)
}

// ForwardMasked returns the softmin of each row of input over the entries
// mask keeps, as Softmax's ForwardMasked does: the softmax of -x there,
// exactly 0 elsewhere, zeros for a row that keeps none; a nil mask keeps
// every entry. With training set, Backward takes the mask too. It panics
// as Forward does, and if mask's shape differs from input's. See Mask.
func (s *Softmin) ForwardMasked(input *mat.Dense, mask *Mask, training bool) *mat.Dense {
	s.init()
	return s.forwardMasked("ForwardMasked", input, mask, training)
}

// Backward returns dLoss/dInput for the last training Forward, with the
// temperature and the mask it used. The result belongs to the layer and
// is overwritten by its next Backward.
func (s *Softmin) Backward(outputGrad *mat.Dense) *mat.Dense {
	s.init()
	return s.backward(outputGrad)
}

// Params returns nil: Softmin has no trainable parameters.
func (s *Softmin) Params() map[string]Param { return nil }

// Config returns the name "Softmin", temperature and epsilon.
func (s *Softmin) Config() map[string]any {
	return map[string]any{"name": "Softmin", "temperature": s.Temperature, "epsilon": s.Epsilon}
}

// Clone returns a new Softmin with the same Temperature and Epsilon and
// none of s's state, for use at another place in a network or by another
// goroutine.
func (s *Softmin) Clone() Layer {
	return &Softmin{Temperature: s.Temperature, Epsilon: s.Epsilon}
}

func (s *Softmin) prepare(_, _ int, training bool) {
	s.rows.take(&s.engine, s.Temperature, s.Epsilon, training)
}

// forwardRows takes the softmax of -x, made in y.
func (s *Softmin) forwardRows(y, saved, x []float64, _ int, stream bool) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] = -v
	}
	s.rows.forward(y, saved, y, stream)
}

// backwardRows negates Softmax's Backward: d(-x)/dx is -1.
func (s *Softmin) backwardRows(dx, g, y []float64, _ int, stream bool) {
	s.rows.backward(dx, g, y, stream)
	for i, v := range dx[:len(g)] {
		dx[i] = -v
	}
}
