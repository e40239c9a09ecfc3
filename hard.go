package activation

// NewHardSigmoid returns the piecewise-linear sigmoid y = min(max(x+3, 0), 6)/6
// (PyTorch's Hardsigmoid), with derivative 1/6 for -3 < x < 3 and 0
// otherwise.
//
// Special cases are:
//
//	y(+Inf) = 1, y'(+Inf) = 0
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewHardSigmoid() *Activation {
	return newActivation("HardSigmoid", func(y, dy, x []float64) {
		y = y[:len(x)]
		for i, v := range x {
			y[i] = min(max(v+3, 0), 6) / 6
		}
		if dy != nil {
			dy = dy[:len(x)]
			for i, v := range x {
				dy[i] = choose(-3 < v && v < 3, 1.0/6, 0)
				if v != v {
					dy[i] = v
				}
			}
		}
	})
}

// NewHardSwish returns y = x·min(max(x+3, 0), 6)/6 (PyTorch's Hardswish,
// from MobileNetV3), with derivative 0 for x < -3, (2x+3)/6 for
// -3 <= x <= 3 and 1 for x > 3, as PyTorch's.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewHardSwish() *Activation {
	return newActivation("HardSwish", func(y, dy, x []float64) {
		y = y[:len(x)]
		for i, v := range x {
			// Written out beyond ±3: x·0 would be -0, or NaN at -Inf,
			// and x·6/6 may round away from x.
			y[i] = choose(v <= -3, 0, choose(v >= 3, v, v*(v+3)/6))
		}
		if dy != nil {
			dy = dy[:len(x)]
			for i, v := range x {
				dy[i] = choose(v > 3, 1, choose(v < -3, 0, (2*v+3)/6))
			}
		}
	})
}
