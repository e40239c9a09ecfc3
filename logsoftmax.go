package activation

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// LogSoftmax is the logarithm of the row-wise softmax with temperature:
// for each row x,
//
//	y_i = z_i - log Σ_j exp(z_j),  z = (x - max x) / τ,  τ = Temperature
//
// Backward returns (g - softmax(x)·Σ_j g_j)/τ for each row. It is what
// cross-entropy needs: -y[label] is the loss, without the log of a
// probability that has rounded to 0.
//
// z is formed in double-double as in Softmax, and log Σ exp(z_j) as
// log1p of the sum without the maximum's term 1, so y is accurate to the
// last digits even for logits near ±MaxFloat64 or far below the maximum,
// where Softmax gives 0.
//
// Special cases, per row, are:
//
//	an entry of -Inf gets -Inf
//	a row of only -Inf gives all -Inf, and Backward passes g/τ through
//	n entries of +Inf get -log n, the others -Inf
//	a NaN anywhere gives a row of NaN
type LogSoftmax struct {
	// Temperature scales the logits as in Softmax. It must be finite and
	// positive.
	Temperature float64

	engine
	tau     float64 // Temperature, for the running Forward
	keptTau float64 // τ of the last training Forward, for its Backward
}

// NewLogSoftmax returns a row-wise log-softmax with the given temperature.
// It panics if temperature is not finite and positive.
func NewLogSoftmax(temperature float64) *LogSoftmax {
	if err := checkTemperature(temperature); err != nil {
		panic("activation: NewLogSoftmax: " + err.Error())
	}
	return &LogSoftmax{Temperature: temperature}
}

// layerName is the name in s's messages, before init too.
func (s *LogSoftmax) layerName() string { return "LogSoftmax" }

// init sets up the engine of a LogSoftmax, which a literal does not.
func (s *LogSoftmax) init() {
	if s.kernel == nil {
		s.name, s.kernel, s.rowwise, s.cost = "LogSoftmax", s, true, rowsCost
	}
}

// Forward returns the log-softmax of each row of input. With training set
// it keeps the softmax for Backward. The result belongs to the layer and
// is overwritten by its next Forward. Forward panics if Temperature is out
// of range.
func (s *LogSoftmax) Forward(input *mat.Dense, training bool) *mat.Dense {
	s.init()
	return s.forward(input, training)
}

// ForwardMasked returns the log-softmax of each row of input over the
// entries mask keeps, bit for bit Forward's on a row of those entries
// alone; the entries it leaves out get -Inf, the log of their probability
// 0, and a row that keeps none gives all -Inf, whatever input holds there.
// A nil mask keeps every entry. With training set, Backward takes the
// mask too, and gives exactly 0 at the entries left out, and for a row
// that keeps none (where Forward's row of only -Inf passes g/τ through).
// ForwardMasked panics as Forward does, and if mask's shape differs from
// input's. See Mask.
func (s *LogSoftmax) ForwardMasked(input *mat.Dense, mask *Mask, training bool) *mat.Dense {
	s.init()
	return s.forwardMasked("ForwardMasked", input, mask, training)
}

// Backward returns dLoss/dInput for the last training Forward, with the
// temperature and the mask it used. The result belongs to the layer and
// is overwritten by its next Backward.
func (s *LogSoftmax) Backward(outputGrad *mat.Dense) *mat.Dense {
	s.init()
	return s.backward(outputGrad)
}

// Params returns nil: LogSoftmax has no trainable parameters.
func (s *LogSoftmax) Params() map[string]Param { return nil }

// Config returns the name "LogSoftmax" and temperature.
func (s *LogSoftmax) Config() map[string]any {
	return map[string]any{"name": "LogSoftmax", "temperature": s.Temperature}
}

// Clone returns a new LogSoftmax with the same Temperature and none of s's
// state, for use at another place in a network or by another goroutine.
func (s *LogSoftmax) Clone() Layer { return &LogSoftmax{Temperature: s.Temperature} }

func (s *LogSoftmax) prepare(_, _ int, training bool) {
	if !validTemperature(s.Temperature) {
		panic(s.errorf(s.method, "Temperature is %v, must be finite and positive", s.Temperature))
	}
	s.tau = s.Temperature
	if training {
		s.keptTau = s.tau
	}
}

func (s *LogSoftmax) forwardRows(y, saved, x []float64, _ int, _ bool) {
	y = y[:len(x)]
	switch kind, hi, lo := scanRow(x); kind {
	case rowNaN:
		fill(y, math.NaN())
		fill(saved, math.NaN())
	case rowAllNegInf:
		fill(y, math.Inf(-1))
		fill(saved, 0)
	case rowPosInf:
		n := float64(count(x, hi))
		for i, v := range x {
			y[i] = choose(v == hi, -logOf(n), math.Inf(-1))
		}
		if saved != nil {
			for i, v := range x {
				saved[i] = choose(v == hi, 1/n, 0)
			}
		}
	default:
		s.logs(y, saved, x, hi, lo)
	}
}

// logs sets y to the log-softmax of x, which is finite at its maximum hi
// and has minimum lo, and saved, if not nil, to the softmax.
func (s *LogSoftmax) logs(y, saved, x []float64, hi, lo float64) {
	shift := newShift(hi, lo, s.tau)
	// Σ exp(z_j) = 1 + rest, where rest leaves out the first maximum,
	// so that log1p keeps rest's digits when it is tiny. y holds e^z
	// until the last loop.
	shift.exps(y, x)
	first := index(x, hi)
	r := laneSum(y, first)
	if r < 0x1p-960 {
		r = tinyRest(x, shift, first)
	}
	if saved != nil {
		scaleTo(saved, nil, y, 1/(1+r), false)
	}
	logSum := log1p(r)
	for i := shiftLogVector(y, x, &shift, logSum); i < len(x); i++ {
		zh, zl := shift.quotient(shift.difference(x[i])) // z, inlined
		y[i] = (zh - logSum) + zl
		if zh == math.Inf(-1) {
			y[i] = zh // -Inf entries, and z below -MaxFloat64; zl is NaN
		}
	}
}

// tinyRest recomputes Σ e^z over x without x[skip] where the sum is so
// small that the subnormal e^z, each rounded on its own, would show in
// log1p of it: those terms are summed scaled by 2^512 and rounded once,
// at the end.
func tinyRest(x []float64, sh shift, skip int) float64 {
	var normal, tiny compensated
	for i, v := range x {
		if i == skip {
			continue
		}
		switch zh, zl := sh.z(v); {
		case zh >= -logisticRange:
			normal.add(sh.exp(v))
		case zh >= -1100: // below, terms under 2^-1586 cannot count
			e := exp512(zh)
			tiny.add(math.FMA(e, zl, e))
		}
	}
	return normal.value() + math.Ldexp(tiny.value(), -512)
}

func (s *LogSoftmax) backwardRows(dx, g, p []float64, _ int, _ bool) {
	g, p = g[:len(dx)], p[:len(dx)]
	total := laneSum(g, -1)
	tau := s.keptTau
	if inv, ok := reciprocal(tau); ok {
		for i := logSoftmaxBackwardVector(dx, g, p, total, inv); i < len(dx); i++ {
			dx[i] = math.FMA(-p[i], total, g[i]) * inv
		}
		return
	}
	for i := range dx {
		dx[i] = math.FMA(-p[i], total, g[i]) / tau
	}
}
