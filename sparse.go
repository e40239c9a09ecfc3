package activation

// NewSparseSigmoid returns JAX's sparse_sigmoid, y = 0 for x <= -1,
// (x+1)/2 for -1 < x < 1 and 1 for x >= 1 (Keras's sparse_sigmoid), the
// derivative of SparsePlus, with derivative 1/2 for -1 < x < 1 and 0
// otherwise.
//
// Special cases are:
//
//	y(+Inf) = 1, y'(+Inf) = 0
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSparseSigmoid() *Activation {
	p := newPiecewise(up(-1), down(1), [3]float64{0, 0.5, 0}, [3]float64{0, 0.5, 1})
	return newPiecewiseLayer("SparseSigmoid", p, nil)
}

// NewSparsePlus returns JAX's sparse_plus, y = 0 for x <= -1, (x+1)²/4 for
// -1 < x < 1 and x for x >= 1 (Keras's sparse_plus), a smooth ReLU made of
// pieces, with derivative SparseSigmoid's: 0, (x+1)/2 and 1.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSparsePlus() *Activation {
	return newActivation("SparsePlus", func(y, dy, x []float64, _ bool) {
		vectorKernel(y, dy, x, sparsePlusVector, sparsePlus)
	}).cheap().withForms(pairForms(sparsePlusVector32, sparsePlusVectorGrad, sparsePlusVectorGrad32))
}

// sparsePlus returns sparse_plus(x) and its derivative, as
// sparsePlusVector does.
func sparsePlus(x float64) (y, dy float64) {
	if x != x {
		return x, x
	}
	// By masks: branches on x <= -1 and x >= 1 would be mispredicted on
	// random data.
	h := (x + 1) * 0.5
	below, above := x <= -1, x >= 1
	return choose(below, 0, choose(above, x, h*h)), choose(below, 0, choose(above, 1, h))
}
