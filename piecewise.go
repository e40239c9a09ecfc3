package activation

import "math"

// piecewise is the kernel of a layer made of up to three linear pieces
// whose slopes are 0 and one other value: Hardtanh, ReLU6, Threshold,
// Shrink, Softshrink, Hardshrink, SparseSigmoid and HardSigmoidAffine. Its
// derivative takes one of three values, 0, that slope and NaN, so a
// training Forward saves the code of which, one byte an element, as ReLU's
// does (see codedKernel).
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

// forwardCodes runs the vectors over x, which they take whole but for the
// last few elements, and loop over those.
func (p *piecewise) forwardCodes(y []float64, codes []byte, x []float64, stream bool) {
	y = y[:len(x)]
	i := piecewiseVector(y, codes, x, p, stream)
	if codes != nil {
		codes = codes[i:]
	}
	p.loop(y[i:], codes, x[i:])
}

// loop sets y and, unless codes is nil, the codes of y' for x, as
// piecewiseVector does: by masks rather than branches, which random signs
// would mispredict, with p's fields in locals so that they stay in
// registers across the stores.
func (p *piecewise) loop(y []float64, codes []byte, x []float64) {
	below, above := p.below, p.above
	k := p.d[1]
	var offset, sloped [3]uint64
	for j := range offset {
		offset[j] = math.Float64bits(p.offset[j])
		sloped[j] = maskOf(p.slope[j] != 0)
	}
	y = y[:len(x)]
	if codes != nil {
		codes = codes[:len(x)]
	}
	for i, xi := range x {
		left := maskOf(xi < below)
		right := maskOf(xi > above) &^ left
		middle := ^(left | right)
		b := offset[0]&left | offset[1]&middle | offset[2]&right
		s := sloped[0]&left | sloped[1]&middle | sloped[2]&right
		// Where the slope is 0, y is b, since 0·±Inf would be NaN.
		yi := math.Float64bits(math.FMA(k, xi, math.Float64frombits(b)))&s | b&^s
		code := byte(s & 1)
		if xi != xi {
			yi, code = math.Float64bits(xi), 2
		}
		y[i] = math.Float64frombits(yi)
		if codes != nil {
			codes[i] = code
		}
	}
}

func (p *piecewise) derivs() *[3]float64 { return &p.d }

// newPiecewiseLayer returns the layer named name of the kernel p, whose
// constructor took config.
func newPiecewiseLayer(name string, p *piecewise, config map[string]any) *Activation {
	return &Activation{engine: engine{name: name, coded: p, cost: cheapCost}, config: config, forms: &forms{
		func(y, x []float32) int { return piecewiseVector32(y, nil, x, p, false) },
		func(dx, g, x []float64) int { return piecewiseVectorGrad(dx, g, x, p, &p.d) },
		func(dx, g, x []float32) int { return piecewiseVectorGrad32(dx, g, x, p, &p.d) },
	}}
}

// ordered maps the float64s onto integers in the order of their values,
// ±0 onto 0; fromOrdered maps them back, 0 to +0.
func ordered(x float64) int64 {
	i := int64(math.Float64bits(x))
	if i < 0 {
		return math.MinInt64 - i
	}
	return i
}

func fromOrdered(i int64) float64 {
	if i < 0 {
		i = math.MinInt64 - i
	}
	return math.Float64frombits(uint64(i))
}

// up and down return the float64 next to b above and below it.
func up(b float64) float64   { return math.Nextafter(b, math.Inf(1)) }
func down(b float64) float64 { return math.Nextafter(b, math.Inf(-1)) }
