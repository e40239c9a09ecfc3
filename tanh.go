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
	return newActivation("Tanh", tanhKernel)
}

func tanhKernel(y, dy, x []float64) {
	vectorKernel(y, dy, x, tanhVector, tanhElem)
}

// Cephes' rational approximation of tanh for |x| < 0.625, as math.Tanh has
// it: tanh x = x + x·s·P(s)/Q(s), s = x².
var (
	tanhP = [3]float64{-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3}
	tanhQ = [3]float64{1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3}
)

// tanhElem returns tanh x and its derivative as tanhAVX2 does where it can,
// so that an element gets the same bits on either path.
func tanhElem(x float64) (y, dy float64) {
	a := math.Abs(x)
	switch {
	case a != a:
		return x, x
	case a > tanhRange:
		return math.Copysign(1, x), tanhTail(a)
	}
	e := expNeg(a + a)
	p := 1 / (1 + e)
	dy = 4 * e * p * p
	if a < 0.625 {
		s := float64(x * x) // rounded, as the vector kernel does
		num := math.FMA(math.FMA(tanhP[0], s, tanhP[1]), s, tanhP[2])
		den := math.FMA(math.FMA(s+tanhQ[0], s, tanhQ[1]), s, tanhQ[2])
		y = math.FMA(x*s, num/den, x)
	} else {
		y = (1 - e) * p
	}
	return math.Copysign(y, x), dy
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
