package activation

import "math"

// piecewise is the kernel of a layer made of up to three linear pieces
// whose slopes are 0 and one other value: Hardtanh, ReLU6, Threshold,
// Softshrink, Hardshrink and SparseSigmoid. Its derivative takes one of
// three values, 0, that slope and NaN, so a training Forward saves the code
// of which, one byte an element, as ReLU's does (see codedKernel).
//
// x < below is the left piece, x > above the right one, and the rest the
// middle; a layer whose piece ends at a closed bound b uses the float64
// next to b, since x <= b is x < Nextafter(b, +Inf). On piece i,
// y = slope[i]·x + offset[i] rounded once, or offset[i] where slope[i] is
// 0 (so that ±Inf·0 makes no NaN). An offset of -0 leaves y = x, the sign
// of a zero x included.
type piecewise struct {
	// piecewiseVector reads these fields in this order.
	below, above float64
	slope        [3]float64 // of the left, middle and right pieces
	offset       [3]float64
	d            [3]float64 // what each code stands for: 0, the slope, NaN
}

// newPiecewise returns the kernel of the pieces; the nonzero slopes must be
// one value.
func newPiecewise(below, above float64, slope, offset [3]float64) *piecewise {
	p := &piecewise{below: below, above: above, slope: slope, offset: offset, d: [3]float64{0, 0, math.NaN()}}
	for _, k := range slope {
		if k != 0 {
			p.d[1] = k
		}
	}
	return p
}

// elem returns y and the code of y' for x, as piecewiseVector does, by
// masks rather than branches, which random signs would mispredict.
func (p *piecewise) elem(x float64) (y float64, code byte) {
	left, right := x < p.below, x > p.above
	k := choose(left, p.slope[0], choose(right, p.slope[2], p.slope[1]))
	b := choose(left, p.offset[0], choose(right, p.offset[2], p.offset[1]))
	y = choose(k == 0, b, math.FMA(k, x, b)) // k·±Inf would be NaN
	if k != 0 {
		code = 1
	}
	if x != x {
		return x, 2
	}
	return y, code
}

// forwardCodes runs the vectors over x, which they take whole but for the
// last few elements, and elem over those.
func (p *piecewise) forwardCodes(y []float64, codes []byte, x []float64, stream bool) {
	y = y[:len(x)]
	i := piecewiseVector(y, codes, x, p, stream)
	if codes == nil {
		for ; i < len(x); i++ {
			y[i], _ = p.elem(x[i])
		}
		return
	}
	codes = codes[:len(x)]
	for ; i < len(x); i++ {
		y[i], codes[i] = p.elem(x[i])
	}
}

func (p *piecewise) derivs() *[3]float64 { return &p.d }

// newPiecewiseLayer returns the layer named name of the kernel p, whose
// constructor took config.
func newPiecewiseLayer(name string, p *piecewise, config map[string]any) *Activation {
	return &Activation{engine: engine{name: name, coded: p, cost: cheapCost}, config: config}
}

// up and down return the float64 next to b above and below it.
func up(b float64) float64   { return math.Nextafter(b, math.Inf(1)) }
func down(b float64) float64 { return math.Nextafter(b, math.Inf(-1)) }
