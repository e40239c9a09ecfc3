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

// newELU returns the layer y = scale·x for x > 0 and y = sa·(e^x - 1)
// otherwise, sa being scale·α rounded once.
func newELU(name string, scale, sa float64, config map[string]any) *Activation {
	a := newActivation(name, func(y, dy, x []float64, _ bool) {
		vector := func(y, dy, x []float64) int { return eluVector(y, dy, x, scale, sa) }
		vectorKernel(y, dy, x, vector, func(x float64) (float64, float64) { return elu(x, scale, sa) })
	})
	a.config = config
	return a
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
	return sa * math.Expm1(x), mulExp(sa, x) // NaN, and x < -708
}

// checkELUAlpha reports an α that NewELU refuses: beyond 2^64, α·e^x
// would not underflow where e^x does.
func checkELUAlpha(alpha float64) error {
	if !(math.Abs(alpha) <= 0x1p64) {
		return fmt.Errorf("alpha is %v, must be finite and at most 2^64 in magnitude", alpha)
	}
	return nil
}
