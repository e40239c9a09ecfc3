package activation

import "math"

// Constants of the GELU layers, split as hi + lo where the low part
// matters: 1/√2, 2√(2/π) and 2√(2/π)·0.044715.
const (
	invSqrt2Hi   = 0.7071067811865476
	invSqrt2Lo   = -4.833646656726457e-17
	invSqrtPi    = 0.5641895835477563
	invSqrt2Pi   = 0.3989422804014327
	geluTanhK1Hi = 1.5957691216057308
	geluTanhK1Lo = -9.96930880911092e-17
	geluTanhK3Hi = 0.07135481627260025
	geluTanhK3Lo = -6.175149918155315e-19
	geluTanh3K3  = 3 * geluTanhK3Hi // v' = k1 + 3·k3·x²
)

// NewGELU returns the Gaussian error linear unit y = x·Φ(x) (Hendrycks and
// Gimpel, 2016), where Φ is the standard normal distribution function, with
// derivative Φ(x) + x·φ(x). It is exact, not the tanh approximation (see
// NewGELUTanh): Φ(x) = erfc(-x/√2)/2 with the argument carried in
// double-double, so the left tail keeps its digits; below x = -37.5, where
// Φ(x) nears the subnormal range, the asymptotic series of Φ(x)/φ(x) is used
// with a scaled exponential.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewGELU() *Activation {
	return newActivation("GELU", geluKernel).withForms(pairForms(geluVector32, geluVectorGrad, geluVectorGrad32))
}

func geluKernel(y, dy, x []float64, _ bool) {
	if !useVectors {
		each(y, dy, x, gelu)
		return
	}
	vectorKernel(y, dy, x, geluVector, gelu)
}

// geluRange bounds the |x| of geluVector: below -geluRange gelu takes its
// tail, and up to it e^(-x²/2) is normal.
const geluRange = 37.5

// gelu returns x·Φ(x) and Φ(x) + x·φ(x). Where |x| <= geluRange
// geluVector does the same operations in the same order.
func gelu(x float64) (y, dy float64) {
	switch {
	case x > 40:
		return x, 1 // Φ(x) = 1 and x·φ(x) < 2^-1000; also +Inf
	case x < -45:
		return math.Copysign(0, -1), math.Copysign(0, -1) // both underflow; also -Inf
	case x < -geluRange:
		return geluTail(x)
	}
	h := x * x
	l := math.FMA(x, x, -h)
	th, tl := negInvSqrt2(x)
	phi, g := normalCDF(th, tl, h, l)
	return x * phi, math.FMA(x, g*invSqrt2Pi, phi)
}

// negInvSqrt2 returns -z/√2 in double-double. The products that feed
// sums are fused explicitly, as every platform then does alike.
func negInvSqrt2(z float64) (th, tl float64) {
	th = -z * invSqrt2Hi
	return th, math.FMA(-z, invSqrt2Lo, math.FMA(-z, invSqrt2Hi, -th))
}

// normalCDF returns Φ(z) and e^(-z²/2) for |z| <= geluRange from
// th + tl = -z/√2 and h + l = z², each in double-double: the rounding
// errors of z² and of -z/√2 would otherwise be multiplied by z²/2 and
// z². erfc(th + tl) = erfc(th) - tl·(2/√π)e^(-th²).
func normalCDF(th, tl, h, l float64) (phi, g float64) {
	g = exp(-h / 2)
	g = math.FMA(g, -l/2, g)
	return math.FMA(-tl*invSqrtPi, g, erfc(th)/2), g
}

// scaledGauss returns e^(-z²/2)·2^512 from h + l = z² for
// 37.4 <= |z| <= 46.9, where e^(-z²/2) is subnormal or near it.
func scaledGauss(h, l float64) float64 {
	g := exp512(-h / 2)
	return math.FMA(g, -l/2, g)
}

// geluTail returns gelu(x) for -45 <= x < -37.5 from Φ(x) = φ(x)·M(x)/|x|,
// with M(x) = 1 - 1/x² + 3/x⁴ - 15/x⁶ + ... (Abramowitz and Stegun 26.2.12),
// whose terms past the ninth are below 2^-60 here, and φ(x)·2^512.
func geluTail(x float64) (y, dy float64) {
	h := x * x
	phi := scaledGauss(h, math.FMA(x, x, -h)) * invSqrt2Pi
	r := 1 / h
	m := horner(geluTailM[:], r)
	// y = x·φ·M/|x| = -φ·M and y' = φ·(M/|x| + x) = φ·x·(1 - M/x²).
	return math.Ldexp(-phi*m, -512), math.Ldexp(phi*x*math.FMA(-m, r, 1), -512)
}

// NewClippedGELU returns the exact GELU of NewGELU clipped to [lo, hi],
// y = min(max(x·Φ(x), lo), hi) (Hugging Face's ClippedGELUActivation;
// gelu_10 is lo = -10, hi = 10, which keeps activations in the range
// of 8-bit quantization), with derivative GELU's where lo <= x·Φ(x) <= hi
// and 0 where a clip holds: the bounds let the gradient pass, as
// PyTorch's clip does, its test on GELU's rounded value as PyTorch's is.
// It panics unless lo < hi, both finite.
//
// Special cases are:
//
//	y(+Inf) = hi, y'(+Inf) = 0
//	y(-Inf) = 0 (or lo where lo > 0), y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewClippedGELU(lo, hi float64) *Activation {
	if err := checkHardtanh(lo, hi); err != nil {
		panic("activation: NewClippedGELU: " + err.Error())
	}
	vector := func(y, dy, x []float64) int { return clippedGELUVector(y, dy, x, lo, hi) }
	elem := func(x float64) (float64, float64) { return clippedGELU(x, lo, hi) }
	a := newActivation("ClippedGELU", func(y, dy, x []float64, _ bool) {
		if !useVectors {
			each(y, dy, x, elem)
			return
		}
		vectorKernel(y, dy, x, vector, elem)
	})
	a.config = map[string]any{"min": lo, "max": hi}
	return a.withForms(&forms{
		func(y, x []float32) int { return clippedGELUVector32(y, nil, x, lo, hi) },
		func(dx, g, x []float64) int { return clippedGELUVectorGrad(dx, g, x, lo, hi) },
		func(dx, g, x []float32) int { return clippedGELUVectorGrad32(dx, g, x, lo, hi) },
	})
}

// clippedGELU returns gelu clipped to [lo, hi] and its derivative, as
// clippedGELUVector does where |x| <= geluRange.
func clippedGELU(x, lo, hi float64) (y, dy float64) {
	// By comparisons, as PyTorch's clip: a NaN fails both and stays, and
	// so does a -0 inside the bounds.
	g, d := gelu(x)
	below, above := g < lo, g > hi
	return choose(below, lo, choose(above, hi, g)), choose(below || above, 0, d)
}

// geluTailM holds the coefficients of M(x) in r = 1/x², lowest first.
var geluTailM = [9]float64{1, -1, 3, -15, 105, -945, 10395, -135135, 2027025}

// NewGELUTanh returns the tanh approximation of GELU,
// y = x/2·(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's GELU with
// approximate="tanh"), computed as x·σ(v), v = 2√(2/π)(x + 0.044715x³),
// with derivative σ(v) + x·σ(v)(1-σ(v))·v'. v is carried in double-double,
// with the constants to 106 bits, since its rounding error would be
// multiplied by |v| in the left tail.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewGELUTanh() *Activation {
	return newActivation("GELUTanh", func(y, dy, x []float64, _ bool) {
		if !useVectors {
			geluTanhLoop(y, dy, x)
			return
		}
		vectorKernel(y, dy, x, geluTanhVector, geluTanh)
	}).withForms(pairForms(geluTanhVector32, geluTanhVectorGrad, geluTanhVectorGrad32))
}

// geluTanh returns x·σ(v) and its derivative, as geluTanhLoop does.
func geluTanh(x float64) (y, dy float64) {
	return elemOf(geluTanhLoop, x)
}

// geluTanhLoop sets y = x·σ(v) and, unless dy is nil, its derivative. Where
// |v| <= logisticRange geluTanhVector does the same operations in the same
// order; there the Go path has the logistic's exponential inlined.
func geluTanhLoop(y, dy, x []float64) {
	y = y[:len(x)]
	for i, xv := range x {
		// v = k1·x + k3·x³ in double-double.
		x2 := xv * xv
		x2l := math.FMA(xv, xv, -x2)
		x3 := x2 * xv
		x3l := math.FMA(x2l, xv, math.FMA(x2, xv, -x3))
		dv := math.FMA(geluTanh3K3, x2l, math.FMA(geluTanh3K3, x2, geluTanhK1Hi))
		a := float64(geluTanhK3Hi * x3) // rounded, not fused into twoSum
		al := math.FMA(geluTanhK3Lo, x3, math.FMA(geluTanhK3Hi, x3l, math.FMA(geluTanhK3Hi, x3, -a)))
		b := float64(geluTanhK1Hi * xv)
		bl := math.FMA(geluTanhK1Lo, xv, math.FMA(geluTanhK1Hi, xv, -b))
		v, vl := twoSum(a, b)
		vl += al + bl
		var t, dt float64
		if math.Abs(v) <= logisticRange {
			k, r := expReduce(-math.Abs(v)) // the logistic of vector.go, inlined
			e := (1 + expPoly(r)) * expScale(k)
			p := 1 / (1 + e)
			s, c := swapIfNegative(v, p, e*p)
			t, dt = geluTanhAt(xv, s, c, vl, dv)
		} else {
			t, dt = geluTanhTail(xv, v, vl, dv)
		}
		y[i] = t
		if dy != nil {
			dy[i] = dt
		}
	}
}

// geluTanhAt returns x·σ(v+vl) and its derivative from s = σ(v) and
// c = 1 - σ(v), with v' = dv.
func geluTanhAt(x, s, c, vl, dv float64) (y, dy float64) {
	// σ(v+vl) = s + s·c·vl, and 1 - σ(v+vl) = c - s·c·vl, to first order.
	sc := s * c
	s, c = math.FMA(sc, vl, s), math.FMA(-sc, vl, c)
	// y' = σ(1 + x(1-σ)v'), one fused sum: its terms cancel towards the
	// zero of y' near x = -0.75.
	xc, xcl := twoProd(x, c)
	return x * s, s * math.FMA(xcl, dv, math.FMA(xc, dv, 1))
}

// geluTanhTail returns geluTanh(x) where |v| > logisticRange or v is NaN.
func geluTanhTail(x, v, vl, dv float64) (y, dy float64) {
	switch {
	case v > 750:
		return x, 1 // 1 - σ(v) < 2^-1080; also +Inf, where vl is NaN
	case v < -1100:
		return math.Copysign(0, -1), math.Copysign(0, -1) // both underflow; also -Inf
	case v < -logisticRange:
		// σ(v) = e^v to double precision, with e^v subnormal.
		e := exp512(v)
		e = math.FMA(e, vl, e)
		return math.Ldexp(x*e, -512), math.Ldexp(e*math.FMA(x, dv, 1), -512)
	}
	s, c := logistic(v) // NaN, and 708 < v <= 750
	return geluTanhAt(x, s, c, vl, dv)
}
