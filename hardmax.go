package activation

import "math"

// NewHardmax returns ONNX's Hardmax on each row: 1 at the row's first
// maximum and 0 elsewhere, the one-hot of NumPy's and ONNX's argmax. It is
// piecewise constant, so its gradient is 0 everywhere: Backward returns
// zeros, whatever the output gradient holds (±Inf and NaN included),
// but NaN in a row whose output is NaN. The row's scan and the search for
// its maximum are Softmax's, on vectors where the CPU has them; the rest
// is a Go loop, a fill.
//
// Special cases, per row, are:
//
//	a NaN anywhere gives a row of NaN
//	+Inf is a maximum like any other: the first +Inf gets 1
//	a row of only -Inf gives 1 at its first entry, as argmax does
//	-0 and +0 are equal: where 0 is the maximum, the first zero gets 1
func NewHardmax() *Activation {
	return &Activation{engine: engine{name: "Hardmax", kernel: hardmaxRows{}, rowwise: true, cost: cheapCost}}
}

// hardmaxRows is the kernel of Hardmax.
type hardmaxRows struct{}

func (hardmaxRows) forwardRows(y, saved, x []float64, _ int, _ bool) {
	y = y[:len(x)]
	if kind, hi, _ := scanRow(x); kind == rowNaN {
		fill(y, math.NaN())
	} else {
		i := index(x, hi) // before y is written: y may be x
		fill(y, 0)
		y[i] = 1
	}
	copy(saved, y)
}

// backwardRows sets dx = 0·y: 0, or NaN in a row of NaN, without reading
// g, since 0·g would be NaN for an infinite g.
func (hardmaxRows) backwardRows(dx, _, y []float64, _ int, _ bool) {
	for i, v := range y[:len(dx)] {
		dx[i] = 0 * v
	}
}
