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
	return newActivation("QuickGELU", fixedSwishKernel(quickGELUBeta))
}

// fixedSwishKernel returns the kernel of y = x·σ(βx) with β fixed:
// SwishBeta's loop and vector kernel without its derivative in β.
func fixedSwishKernel(beta float64) elementwise {
	elem := func(x float64) (y, dy float64) {
		y, dy, _ = swishBeta(x, beta)
		return y, dy
	}
	vector := func(y, dy, x []float64) int { return swishBetaVector(y, dy, nil, x, beta) }
	return func(y, dy, x []float64, _ bool) {
		if !useVectors {
			swishBetaLoop(y, dy, nil, x, beta)
			return
		}
		vectorKernel(y, dy, x, vector, elem)
	}
}
