package activation

import "math"

// NewTanh returns the hyperbolic tangent layer y = tanh(x), with derivative
// 1 - y² computed as 4e^-2|x|/(1+e^-2|x|)^2, without the cancellation of
// 1 - y², so that it stays accurate in the tails: y'(-40) = 7.219e-35, not 0.
//
// Special cases are:
//
//	y(±Inf) = ±1, y'(±Inf) = 0
//	y(±0) = ±0, y'(±0) = 1
//	y(NaN) = NaN, y'(NaN) = NaN
func NewTanh() *Activation {
	return newActivation("Tanh", tanhKernel).withForms(pairForms(tanhVector32, tanhVectorGrad, tanhVectorGrad32))
}

func tanhKernel(y, dy, x []float64, _ bool) {
	if !useVectors {
		tanhLoop(y, dy, x)
		return
	}
	vectorKernel(y, dy, x, tanhVector, tanhElem)
}

// tanhLoop sets y = tanh x and, unless dy is nil, its derivative, as
// tanhVector does where it can, so that an element gets the same bits on
// either path: the Go path, with the exponential inlined. With
// d = e^-2|x| - 1, tanh |x| = -d·p and the derivative is 4e^-2|x|·p², where
// p = 1/(2 + d). d comes from the exponential's parts rounded once, as
// ELU's e^x - 1 does, so it keeps every digit near 0; one division serves
// the value and the derivative.
func tanhLoop(y, dy, x []float64) {
	y = y[:len(x)]
	for i, v := range x {
		a := math.Abs(v)
		var t, dt float64
		switch {
		case a != a:
			t, dt = v, v
		case a > tanhRange:
			t, dt = math.Copysign(1, v), tanhTail(a)
		default:
			k, r := expReduce(-(a + a)) // e^-2a = s·(1+m)
			s, m := expScale(k), expPoly(r)
			d := math.FMA(s, m, s-1)
			// 2 + d = h + l exactly; a Newton step corrects the quotient
			// for l and for its own rounding, leaving p within about half
			// an ulp.
			h := 2 + d
			l := d - (h - 2)
			p := 1 / h
			p = math.FMA(p, math.FMA(-l, p, math.FMA(-h, p, 1)), p)
			t, dt = math.Copysign(-d*p, v), 4*s*math.FMA(m, p, p)*p
		}
		y[i] = t
		if dy != nil {
			dy[i] = dt
		}
	}
}

// tanhElem returns tanh x and its derivative as tanhLoop does.
func tanhElem(x float64) (y, dy float64) {
	return elemOf(tanhLoop, x)
}

// tanhRange bounds the |x| of the vector kernel: e^-2|x| is still normal.
const tanhRange = logisticRange / 2

// tanhTail returns sech²(a) for a > 354, where e^-2a is subnormal.
func tanhTail(a float64) float64 {
	if a > 550 {
		return 0 // underflows; also keeps Inf out of exp512
	}
	return math.Ldexp(exp512(-2*a), 2-512)
}
