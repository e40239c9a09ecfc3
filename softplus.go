package activation

import (
	"fmt"
	"math"
)

// NewSoftplus returns y = log(1 + e^(βx))/β, a smooth ReLU, with derivative
// σ(βx), and, as PyTorch's Softplus, y = x and y' = 1 where βx > threshold
// (PyTorch's defaults are β = 1, threshold = 20). βx is carried in
// double-double, and log(1+w) is math.Log1p, so y keeps its digits where
// it is tiny. It panics unless 2^-64 <= beta <= 2^64 and threshold is
// finite.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSoftplus(beta, threshold float64) *Activation {
	if err := checkSoftplus(beta, threshold); err != nil {
		panic("activation: NewSoftplus: " + err.Error())
	}
	a := newActivation("Softplus", pointwise(func(x float64) (float64, float64) { return softplus(x, beta, threshold) }))
	a.config = map[string]any{"beta": beta, "threshold": threshold}
	return a
}

// checkSoftplus reports a beta or threshold that NewSoftplus refuses. Past
// 2^±64, β·e^x would not underflow where e^x does.
func checkSoftplus(beta, threshold float64) error {
	if !(0x1p-64 <= beta && beta <= 0x1p64) {
		return fmt.Errorf("beta is %v, must be in [2^-64, 2^64]", beta)
	}
	if math.IsNaN(threshold) || math.IsInf(threshold, 0) {
		return fmt.Errorf("threshold is %v, must be finite", threshold)
	}
	return nil
}

// softplus returns log(1+e^(βx))/β and σ(βx), or x and 1 past the
// threshold.
func softplus(x, beta, threshold float64) (y, dy float64) {
	p := float64(beta * x) // rounded: pl below is its error, so it must not be fused
	switch {
	case p > threshold:
		return x, 1
	case p < -1100:
		return 0, 0 // also keeps -Inf out of the FMA below
	}
	pl := math.FMA(beta, x, -p) // βx = p + pl exactly
	if p > 0 {
		// log(1+e^p) = p + log(1+e^-p), which cannot overflow.
		e := math.Exp(-p)
		return (p + (pl + math.Log1p(e))) / beta, 1 / (1 + e)
	}
	if p < -708 {
		// log(1+w) = w and σ = w to double precision, with w subnormal.
		return mulExp((1+pl)/beta, p), mulExp(1+pl, p)
	}
	w := math.Exp(p)
	w = math.FMA(w, pl, w) // e^(p+pl)
	return math.Log1p(w) / beta, w / (1 + w)
}
