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
	return newActivation("ReLU", reluKernel)
}

func reluKernel(y, dy, x []float64) {
	vectorKernel(y, dy, x, reluVector, relu)
}

func relu(x float64) (y, dy float64) {
	dy = choose(x > 0, 1, 0)
	if x != x {
		dy = x
	}
	return max(x, 0), dy
}
