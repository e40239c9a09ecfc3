package activation

// quickGELUBeta is QuickGELU's β, the float64 nearest 1.702, as in
// CLIP's and Hugging Face's 1.702 * x.
const quickGELUBeta = 1.702

// NewQuickGELU returns y = x·σ(1.702x) (CLIP's QuickGELU, Hugging Face's
// quick_gelu), the sigmoid approximation of GELU, with derivative
// σ(βx)(1 + βx(1-σ(βx))), β = 1.702. It is SwishBeta with β fixed, on
// SwishBeta's code: βx in double-double, the tails from a scaled
// exponential, so that both keep their digits where σ(βx) is tiny.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = -0, y'(-Inf) = -0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewQuickGELU() *Activation {
	return newActivation("QuickGELU", fixedSwishKernel(quickGELUBeta)).withForms(swishBetaForms(quickGELUBeta))
}

// fixedSwishKernel returns the kernel of y = x·σ(βx) with β fixed.
func fixedSwishKernel(beta float64) elementwise {
	return func(y, dy, x []float64, _ bool) { fixedSwish(y, dy, x, beta) }
}

// fixedSwish sets y = x·σ(βx) and, unless dy is nil, its derivative in
// x: SwishBeta's loop and vector kernel without its derivative in β.
func fixedSwish(y, dy, x []float64, beta float64) {
	if !useVectors {
		swishBetaLoop(y, dy, nil, x, beta)
		return
	}
	for i := 0; i < len(x); {
		i += swishBetaVector(y[i:], part(dy, i, len(x)), nil, x[i:], beta)
		end := min(i+4, len(x))
		swishBetaLoop(y[i:end], part(dy, i, end), nil, x[i:end], beta)
		i = end
	}
}

// part returns s[i:j], or nil for a nil s.
func part(s []float64, i, j int) []float64 {
	if s == nil {
		return nil
	}
	return s[i:j]
}
