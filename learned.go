package activation

import "gonum.org/v1/gonum/mat"

// learned holds the learnable values of a layer, the slopes α of PReLU and
// PReLUPerFeature and SwishBeta's β: their Param, the constructor's value,
// the values a Forward uses, and the partial sums of their gradient.
type learned struct {
	param     Param
	paramName string
	params    map[string]Param // param, under paramName
	start     float64          // the constructor's value
	values    []float64        // as the running Forward reads them
	kept      []float64        // as the last training Forward read them, for its Backward
	sums      blockSums        // the gradient accumulated over the blocks of a Backward
}

// newLearned returns n values named name, all start.
func newLearned(name string, n int, start float64) learned {
	value := mat.NewDense(1, n, nil)
	for j := range n {
		value.Set(0, j, start)
	}
	l := learned{
		paramName: name, param: Param{Value: value, Grad: mat.NewDense(1, n, nil)}, start: start,
		values: make([]float64, n), kept: make([]float64, n), sums: blockSums{width: n},
	}
	l.params = map[string]Param{name: l.param}
	return l
}

// Params returns the values under their name, as a 1 x n Value (n = 1
// but for PReLUPerFeature, where it is the features) and its Grad.
func (l *learned) Params() map[string]Param { return l.params }

// read takes the current values for a Forward, and keeps them for
// Backward if it is a training one.
func (l *learned) read(training bool) {
	copy(l.values, l.param.Value.RawRowView(0))
	if training {
		copy(l.kept, l.values)
	}
}

// cloneLearned returns values that start at l's constructor value and
// hold l's current values, with a zero gradient.
func (l *learned) cloneLearned() learned {
	c := newLearned(l.paramName, len(l.values), l.start)
	c.param.Value.Copy(l.param.Value)
	return c
}

func (l *learned) beginGrad(r, c int) { l.sums.reset(r, c) }

func (l *learned) endGrad() { l.sums.totals(l.param.Grad.RawRowView(0)) }
