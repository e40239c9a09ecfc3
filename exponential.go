package activation

import "math"

// NewExp returns y = e^x (Keras's exponential), with derivative e^x, by
// the library's exponential: within 1 ulp where e^x is normal, rounded
// once into the subnormals below x = -708.4, 0 below -745.1332191019412,
// where e^x is under half the smallest subnormal, and +Inf above
// 709.782712893384, where it overflows.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = +Inf
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewExp() *Activation {
	return newActivation("Exp", exponentialKernel).cheap().withForms(pairForms(exponentialVector32, exponentialVectorGrad, exponentialVectorGrad32))
}

func exponentialKernel(y, dy, x []float64, _ bool) {
	if !useVectors {
		exponentialLoop(y, dy, x)
		return
	}
	vectorKernel(y, dy, x, exponentialVector, exponential)
}

// exponentialLoop sets y = e^x and, unless dy is nil, dy = e^x, as
// exponentialVector does where |x| <= logisticRange: the Go path, with
// the exponential's steps inlined there.
func exponentialLoop(y, dy, x []float64) {
	y = y[:len(x)]
	if dy != nil {
		dy = dy[:len(x)]
	}
	for i, v := range x {
		var e float64
		if math.Abs(v) <= logisticRange {
			k, r := expReduce(v) // exp(v), inlined
			e = (1 + expPoly(r)) * expScale(k)
		} else {
			e = exp(v)
		}
		y[i] = e
		if dy != nil {
			dy[i] = e
		}
	}
}

// exponential returns e^x twice, as exponentialLoop does.
func exponential(x float64) (y, dy float64) {
	e := exp(x)
	return e, e
}
