package activation

import (
	"fmt"
	"math"
)

// NewHardshrink returns y = x for |x| > lambda and 0 otherwise (PyTorch's
// Hardshrink, Keras's hard_shrink), with derivative 1 for |x| > lambda and
// 0 otherwise: Shrink with bias 0. PyTorch's default lambda is 0.5. It
// panics unless lambda is finite and not negative.
//
// Special cases are:
//
//	y(±Inf) = ±Inf, y'(±Inf) = 1
//	y(NaN) = NaN, y'(NaN) = NaN
func NewHardshrink(lambda float64) *Activation {
	if err := checkLambda(lambda); err != nil {
		panic("activation: NewHardshrink: " + err.Error())
	}
	return shrink("Hardshrink", lambda, 0, map[string]any{"lambda": lambda})
}

// NewSoftshrink returns y = x - lambda for x > lambda, x + lambda for
// x < -lambda and 0 otherwise (PyTorch's Softshrink, Keras's soft_shrink),
// with derivative 1 for |x| > lambda and 0 otherwise: Shrink with bias
// lambda. PyTorch's default lambda is 0.5. It panics unless lambda is
// finite and not negative.
//
// Special cases are:
//
//	y(±Inf) = ±Inf, y'(±Inf) = 1
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSoftshrink(lambda float64) *Activation {
	if err := checkLambda(lambda); err != nil {
		panic("activation: NewSoftshrink: " + err.Error())
	}
	return shrink("Softshrink", lambda, lambda, map[string]any{"lambda": lambda})
}

// NewShrink returns ONNX's Shrink: y = x + bias for x < -lambda, x - bias
// for x > lambda and 0 otherwise, with derivative 1 for |x| > lambda and 0
// otherwise. Each of x ± bias is rounded once. ONNX's defaults are
// lambda 0.5 and bias 0; with bias = lambda it is Softshrink, with bias 0
// Hardshrink, bit for bit. It panics unless lambda is finite and not
// negative and bias is finite.
//
// Special cases are:
//
//	y(±Inf) = ±Inf, y'(±Inf) = 1
//	y(NaN) = NaN, y'(NaN) = NaN
func NewShrink(lambda, bias float64) *Activation {
	if err := checkShrink(lambda, bias); err != nil {
		panic("activation: NewShrink: " + err.Error())
	}
	return shrink("Shrink", lambda, bias, map[string]any{"lambda": lambda, "bias": bias})
}

// shrink returns the layer named name of y = x + bias for x < -lambda,
// x - bias for x > lambda and 0 otherwise, whose constructor took config.
func shrink(name string, lambda, bias float64, config map[string]any) *Activation {
	// A zero bias is -0 in the offsets, so that y = x, the sign of a zero
	// x included.
	left, right := bias, -bias
	if bias == 0 {
		left, right = math.Copysign(0, -1), math.Copysign(0, -1)
	}
	p := newPiecewise(-lambda, lambda, [3]float64{1, 0, 1}, [3]float64{left, 0, right})
	return newPiecewiseLayer(name, p, config)
}

// checkLambda reports a lambda that NewHardshrink and NewSoftshrink refuse.
func checkLambda(lambda float64) error {
	if !(lambda >= 0 && lambda <= math.MaxFloat64) {
		return fmt.Errorf("lambda is %v, must be finite and not negative", lambda)
	}
	return nil
}

// checkShrink reports a lambda or bias that NewShrink refuses.
func checkShrink(lambda, bias float64) error {
	if err := checkLambda(lambda); err != nil {
		return err
	}
	return checkFinite("bias", bias)
}

// NewTanhshrink returns y = x - tanh x (PyTorch's Tanhshrink, Keras's
// tanh_shrink), with derivative tanh² x. Near 0, where x and tanh x agree
// in most of their digits and the difference is x³/3 (3.33e-16 at
// x = 1e-5), y is computed without the subtraction, from Lambert's
// continued fraction for tanh, so it keeps every digit.
//
// Special cases are:
//
//	y(±Inf) = ±Inf, y'(±Inf) = 1
//	y(±0) = ±0, y'(±0) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewTanhshrink() *Activation {
	return newActivation("Tanhshrink", func(y, dy, x []float64, _ bool) {
		vectorKernel(y, dy, x, tanhshrinkVector, tanhshrink)
	}).withForms(pairForms(tanhshrinkVector32, tanhshrinkVectorGrad, tanhshrinkVectorGrad32))
}

// The polynomials of Lambert's continued fraction for tanh taken to ten
// levels, tanh a = a/(1 + t/(3 + t/(5 + ... + t/21))) with t = a²: there
// a - tanh a = a·t·P(t)/Q(t), within 2^-64 of the truth for |a| <= 1.25,
// and 1/3 - P/Q = t·E(t)/(3Q(t)). Their coefficients are whole numbers, all
// positive, so the sums have no cancellation (testdata/tanhcf.py derives
// them).
var (
	tanhcfP = [5]float64{4583103525, 349188840, 6891885, 42900, 65}
	tanhcfQ = [6]float64{13749310575, 6547290750, 413513100, 7567560, 45045, 66}
	tanhcfE = [5]float64{5499724230, 392837445, 7438860, 44850, 66}
)

// 1/3 = third + thirdLo to 106 bits.
const (
	third   = 1.0 / 3
	thirdLo = 1.850371707708594e-17
)

// tanhshrinkSplit is where tanhshrink goes from the continued fraction to
// the exponential: up to it the fraction is within 2^-64.
const tanhshrinkSplit = 1.25

// tanhshrink returns x - tanh x and tanh² x. Where |x| <= 354
// tanhshrinkVector does the same operations in the same order.
func tanhshrink(x float64) (y, dy float64) {
	a := math.Abs(x)
	switch {
	case a != a:
		return x, x
	case a > tanhRange:
		return x - math.Copysign(1, x), 1 // 1 - tanh a < 2^-1000
	case a > tanhshrinkSplit:
		// a - tanh a = (a - 1) + (1 - tanh a), whose second term is
		// 2e/(1+e) = 2e·p with e = e^-2a and p = 1/(1+e), and tanh² a =
		// 1 - sech² a = 1 - 4e·p², from the parts that tanhElem uses.
		s, m := expNegParts(a + a)
		e := math.FMA(s, m, s)
		d := math.FMA(s, m, s-1)
		h := 2 + d
		l := d - (h - 2)
		p := 1 / h
		p = math.FMA(p, math.FMA(-l, p, math.FMA(-h, p, 1)), p)
		// float64 rounds the products, so that no platform fuses them
		// into the sums, as arm64's compiler would.
		return math.Copysign((a-1)+float64(2*e*p), x), 1 - float64(4*e*p*p)
	}
	// a - tanh a = a³·r with r = P/Q, a³ in double-double; below 1 r is
	// 1/3 less a small correction, which keeps r's own error small.
	t := a * a
	q := horner(tanhcfQ[:], t)
	var r, rl float64
	if t < 1 {
		r, rl = third-t*horner(tanhcfE[:], t)/(3*q), thirdLo
	} else {
		r = horner(tanhcfP[:], t) / q
	}
	c, cl := twoProd(a, t)
	cl = math.FMA(a, math.FMA(a, a, -t), cl)
	f := math.FMA(c, r, math.FMA(cl, r, c*rl))
	// tanh a = a - f exactly as th + tl; tanh² a = th² + 2·th·tl.
	th, tl := twoSum(a, -f)
	sq := float64(th * th) // rounded: the sum below must not fuse it back
	return math.Copysign(f, x), sq + math.FMA(2*th, tl, math.FMA(th, th, -sq))
}

// horner returns Σ c[k]·t^k.
func horner(c []float64, t float64) float64 {
	v := c[len(c)-1]
	for k := len(c) - 2; k >= 0; k-- {
		v = math.FMA(v, t, c[k])
	}
	return v
}
