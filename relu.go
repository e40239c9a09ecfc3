package activation

import "math"

// NewReLU returns the rectified linear unit y = max(0, x), with derivative 1
// for x > 0 and 0 otherwise.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(±0) = 0, y'(±0) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewReLU() *Activation {
	return &Activation{engine: engine{name: "ReLU", coded: reluKernel{}, cost: cheapCost}, forms: reluForms}
}

// reluKernel saves the code of ReLU's derivative, not the derivative.
type reluKernel struct{}

var reluDerivs = [3]float64{0, 1, math.NaN()}

// reluForms are ReLU's forms for FuncOf.
var reluForms = &forms{
	func(y, x []float32) int { return reluCodesVector32(y, nil, x, false) },
	func(dx, g, x []float64) int { return reluCodesVectorGrad(dx, g, x, &reluDerivs) },
	func(dx, g, x []float32) int { return reluCodesVectorGrad32(dx, g, x, &reluDerivs) },
}

func (reluKernel) derivs() *[3]float64 { return &reluDerivs }

func (reluKernel) forwardCodes(y []float64, codes []byte, x []float64, stream bool) {
	if !useVectors {
		reluLoop(y, codes, x)
		return
	}
	vector := func(y []float64, codes []byte, x []float64) int { return reluCodesVector(y, codes, x, stream) }
	vectorKernel(y, codes, x, vector, relu)
}

// reluLoop is the Go path of forwardCodes: relu inlined, without a call per
// element. codes may be nil.
func reluLoop(y []float64, codes []byte, x []float64) {
	y = y[:len(x)]
	if codes == nil {
		for i, v := range x {
			y[i] = max(v, 0)
		}
		return
	}
	codes = codes[:len(x)]
	for i, v := range x {
		y[i], codes[i] = relu(v)
	}
}

// relu returns max(x, 0) and the code of its derivative: 1 for x > 0, 2 for
// NaN and 0 otherwise, indices into reluDerivs.
func relu(x float64) (y float64, code byte) { return max(x, 0), reluCode(x) }

// reluCode returns the code of ReLU's derivative at x, and LeakyReLU's.
func reluCode(x float64) (code byte) {
	if x > 0 {
		code = 1
	}
	if x != x {
		code = 2
	}
	return code
}
