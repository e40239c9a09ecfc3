package activation

import (
	"fmt"
	"math"
)

// The constants of SELU (Klambauer et al., 2017), as PyTorch has them.
const (
	seluAlpha = 1.6732632423543772848170429916717
	seluScale = 1.0507009873554804934193349852946
)

// NewELU returns the exponential linear unit y = x for x > 0 and
// y = α(e^x - 1) otherwise, with derivative 1 or αe^x. e^x - 1 is computed
// as math.Expm1, so y keeps its digits near 0. It panics unless alpha is
// finite and |alpha| <= 2^64.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = -α, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewELU(alpha float64) *Activation {
	if err := checkELUAlpha(alpha); err != nil {
		panic("activation: NewELU: " + err.Error())
	}
	return newELU("ELU", 1, alpha, map[string]any{"alpha": alpha})
}

// NewSELU returns the scaled exponential linear unit y = λx for x > 0 and
// y = λα(e^x - 1) otherwise, with derivative λ or λαe^x, where
// α = 1.6732632423543772848 and λ = 1.0507009873554804934 (Klambauer et
// al., 2017).
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = λ
//	y(-Inf) = -λα, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSELU() *Activation {
	return newELU("SELU", seluScale, seluScale*seluAlpha, nil)
}

// NewScaledELU returns y = scale·x for x > 0 and y = scale·α(e^x - 1)
// otherwise, with derivative scale or scale·αe^x: ONNX's Selu with its
// attributes alpha and gamma (scale here), whose defaults there are the
// float32 roundings of SELU's constants, α = 1.67326319217681884765625 and
// γ = 1.05070102214813232421875, not NewSELU's. scale·α is rounded once,
// as NewSELU's λα is, and the rest is ELU's. It panics unless alpha and
// scale are finite, scale is not 0 (the layer would be 0 everywhere but at
// +Inf, where 0·Inf is NaN) and |scale·α| <= 2^64, ELU's bound on α. A
// negative scale mirrors the unit, as the formula says.
//
// Special cases are:
//
//	y(+Inf) = +Inf (-Inf for a negative scale), y'(+Inf) = scale
//	y(-Inf) = -scale·α, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewScaledELU(alpha, scale float64) *Activation {
	if err := checkScaledELU(alpha, scale); err != nil {
		panic("activation: NewScaledELU: " + err.Error())
	}
	return newELU("ScaledELU", scale, scale*alpha, map[string]any{"alpha": alpha, "scale": scale})
}

// checkScaledELU reports an α or a scale that NewScaledELU refuses.
func checkScaledELU(alpha, scale float64) error {
	if err := checkFinite("alpha", alpha); err != nil {
		return err
	}
	if !(scale != 0 && math.Abs(scale) <= math.MaxFloat64) {
		return fmt.Errorf("scale is %v, must be finite and not 0", scale)
	}
	if !(math.Abs(scale*alpha) <= 0x1p64) {
		return fmt.Errorf("alpha is %v and scale %v, want |scale·alpha| <= 2^64", alpha, scale)
	}
	return nil
}

// newELU returns the layer y = scale·x for x > 0 and y = sa·(e^x - 1)
// otherwise, sa being scale·α rounded once.
func newELU(name string, scale, sa float64, config map[string]any) *Activation {
	a := newActivation(name, func(y, dy, x []float64, _ bool) {
		if !useVectors {
			eluLoop(y, dy, x, scale, sa)
			return
		}
		vector := func(y, dy, x []float64) int { return eluVector(y, dy, x, scale, sa) }
		vectorKernel(y, dy, x, vector, func(x float64) (float64, float64) { return elu(x, scale, sa) })
	})
	a.config = config
	return a.cheap().withForms(&forms{
		func(y, x []float32) int { return eluVector32(y, nil, x, scale, sa) },
		func(dx, g, x []float64) int { return eluVectorGrad(dx, g, x, scale, sa) },
		func(dx, g, x []float32) int { return eluVectorGrad32(dx, g, x, scale, sa) },
	})
}

// elu returns scale·ELU_α(x) and its derivative, with sa = scale·α. Where
// -708 <= x <= 0 eluVector does the same operations in the same order.
func elu(x, scale, sa float64) (y, dy float64) {
	switch {
	case x > 0:
		return scale * x, scale
	case x >= -logisticRange:
		// e^x = 2^k·(1+m) as expNeg has it, and e^x - 1 = 2^k·m + (2^k - 1)
		// rounded once, 2^k - 1 being exact: near 0, where k = 0, it is m
		// itself, with every digit; the sign of x keeps -0 for -0.
		s, m := expNegParts(-x)
		return sa * math.Copysign(math.FMA(s, m, s-1), x), sa * ((1 + m) * s)
	}
	if x != x {
		return x, x
	}
	// x < -708: e^x - 1 rounds to -1, and α·e^x is rounded once.
	return -sa, mulExp(sa, x)
}

// eluLoop sets y, and dy unless it is nil, to elu of x: the Go path, in
// one loop with the exponential inlined. Where x > 0 the exponential of 0
// is taken and set aside, since a branch on the sign would be mispredicted
// every other element.
func eluLoop(y, dy, x []float64, scale, sa float64) {
	y = y[:len(x)]
	for i, v := range x {
		var e, d float64
		if v >= -logisticRange {
			k, r := expReduce(min(v, 0)) // expNegParts(-v), as elu has it
			s, m := expScale(k), expPoly(r)
			pos := v > 0
			e = choose(pos, scale*v, sa*math.Copysign(math.FMA(s, m, s-1), v))
			d = choose(pos, scale, sa*((1+m)*s))
		} else {
			e, d = elu(v, scale, sa)
		}
		y[i] = e
		if dy != nil {
			dy[i] = d
		}
	}
}

// checkELUAlpha reports an α that NewELU refuses: beyond 2^64, α·e^x
// would not underflow where e^x does.
func checkELUAlpha(alpha float64) error {
	if !(math.Abs(alpha) <= 0x1p64) {
		return fmt.Errorf("alpha is %v, must be finite and at most 2^64 in magnitude", alpha)
	}
	return nil
}

// NewCELU returns the continuously differentiable exponential linear unit
// y = max(0, x) + min(0, α(e^(x/α) - 1)) (Barron, 2017; PyTorch's CELU,
// Keras's and JAX's celu), with derivative 1 for x > 0 and e^(x/α)
// otherwise. x/α is carried in double-double, so that e^(x/α) keeps its
// digits far below 1, where a rounded x/α would cost |x/α| half-ulps, and
// e^(x/α) - 1 is computed without cancellation near 0. It panics unless
// alpha is finite and positive; PyTorch's default is 1, where CELU is ELU.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = -α, y'(-Inf) = 0
//	y(±0) = ±0, y'(±0) = 1
//	y(NaN) = NaN, y'(NaN) = NaN
func NewCELU(alpha float64) *Activation {
	if err := checkCELUAlpha(alpha); err != nil {
		panic("activation: NewCELU: " + err.Error())
	}
	a := newActivation("CELU", func(y, dy, x []float64, _ bool) {
		if !useVectors {
			celuLoop(y, dy, x, alpha)
			return
		}
		vector := func(y, dy, x []float64) int { return celuVector(y, dy, x, alpha) }
		vectorKernel(y, dy, x, vector, func(x float64) (float64, float64) { return celu(x, alpha) })
	})
	a.config = map[string]any{"alpha": alpha}
	return a.withForms(&forms{
		func(y, x []float32) int { return celuVector32(y, nil, x, alpha) },
		func(dx, g, x []float64) int { return celuVectorGrad(dx, g, x, alpha) },
		func(dx, g, x []float32) int { return celuVectorGrad32(dx, g, x, alpha) },
	})
}

// checkCELUAlpha reports an α that NewCELU refuses.
func checkCELUAlpha(alpha float64) error {
	if !(alpha > 0 && alpha <= math.MaxFloat64) {
		return fmt.Errorf("alpha is %v, must be finite and positive", alpha)
	}
	return nil
}

// celuLoop sets y, and dy unless it is nil, to celu of x: the Go path, in
// one loop with the exponential inlined, taken of 0 where x >= 0 and set
// aside, as eluLoop does.
func celuLoop(y, dy, x []float64, alpha float64) {
	y = y[:len(x)]
	for i, v := range x {
		var c, d float64
		if t := min(v, 0); t/alpha >= -logisticRange {
			u := t / alpha
			ul := math.FMA(-u, alpha, t) / alpha
			k, r := expReduce(u) // expNegParts(-u), as celu has it
			s, m := expScale(k), expPoly(r)
			e := math.FMA(s, m, s)
			nonNeg := v >= 0
			c = choose(nonNeg, v, alpha*math.FMA(e, ul, math.FMA(s, m, s-1)))
			d = choose(nonNeg, 1, math.FMA(e, ul, e))
		} else {
			c, d = celu(v, alpha)
		}
		y[i] = c
		if dy != nil {
			dy[i] = d
		}
	}
}

// celu returns CELU_α(x) and its derivative. Where |x/α| <= 708
// celuVector does the same operations in the same order.
func celu(x, alpha float64) (y, dy float64) {
	switch {
	case x > 0:
		return x, 1
	case x == 0:
		return x, 1
	case x != x:
		return x, x
	}
	u := x / alpha
	if !(u >= -logisticRange) {
		// e^u is subnormal or 0, and α(e^u - 1) rounds to -α.
		dy = 0
		if u >= -1100 {
			e := exp512(u)
			dy = math.Ldexp(math.FMA(e, math.FMA(-u, alpha, x)/alpha, e), -512)
		}
		return -alpha, dy
	}
	// x/α = u + ul; e^u = s·(1+m) and e^u - 1 = s·m + (s-1), as ELU's;
	// e^(u+ul) = e^u·(1+ul) to double precision.
	ul := math.FMA(-u, alpha, x) / alpha
	s, m := expNegParts(-u)
	e := math.FMA(s, m, s)
	return alpha * math.FMA(e, ul, math.FMA(s, m, s-1)), math.FMA(e, ul, e)
}
