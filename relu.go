package activation

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
	return newActivation("ReLU", func(y, dy, x []float64) { pointwise(y, dy, x, relu) })
}

func relu(x float64) (y, dy float64) {
	switch {
	case x > 0:
		return x, 1
	case x <= 0:
		return 0, 0
	}
	return x, x // NaN
}
