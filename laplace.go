package activation

import (
	"fmt"
	"math"
)

// NewLaplace returns y = Φ((x - μ)/σ) = (1 + erf((x - μ)/(σ√2)))/2, the
// Laplace activation of MEGA (Ma et al., 2022), its attention function,
// there with μ = √½ and σ = √(1/4π) to approximate ReLU²'s (Hugging Face's
// laplace: μ = 0.707107, σ = 0.282095),
// with derivative φ((x - μ)/σ)/σ. z = (x - μ)/σ is carried in
// double-double, and Φ is the exact GELU's, so the left tail keeps its
// digits down to the subnormals, by the asymptotic series of Φ below
// z = -37.5. It panics unless mu is finite and sigma finite, positive and
// normal.
//
// Special cases are:
//
//	y(+Inf) = 1, y'(+Inf) = 0
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewLaplace(mu, sigma float64) *Activation {
	if err := checkLaplace(mu, sigma); err != nil {
		panic("activation: NewLaplace: " + err.Error())
	}
	k := invSqrt2Pi / sigma
	vector := func(y, dy, x []float64) int { return laplaceVector(y, dy, x, mu, sigma, k) }
	elem := func(x float64) (float64, float64) { return laplace(x, mu, sigma, k) }
	a := newActivation("Laplace", func(y, dy, x []float64, _ bool) {
		if !useVectors {
			each(y, dy, x, elem)
			return
		}
		vectorKernel(y, dy, x, vector, elem)
	})
	a.config = map[string]any{"mu": mu, "sigma": sigma}
	return a.withForms(&forms{
		func(y, x []float32) int { return laplaceVector32(y, nil, x, mu, sigma, k) },
		func(dx, g, x []float64) int { return laplaceVectorGrad(dx, g, x, mu, sigma, k) },
		func(dx, g, x []float32) int { return laplaceVectorGrad32(dx, g, x, mu, sigma, k) },
	})
}

// checkLaplace reports arguments that NewLaplace refuses: a subnormal σ
// would make 1/(σ√(2π)) overflow.
func checkLaplace(mu, sigma float64) error {
	if err := checkFinite("mu", mu); err != nil {
		return err
	}
	if !(sigma >= 0x1p-1022 && sigma <= math.MaxFloat64) {
		return fmt.Errorf("sigma is %v, must be finite, positive and normal", sigma)
	}
	return nil
}

// laplace returns Φ(z) and φ(z)/σ, z = (x - μ)/σ, with k = 1/(σ√(2π)).
// Where |z| <= geluRange laplaceVector does the same operations in the
// same order.
func laplace(x, mu, sigma, k float64) (y, dy float64) {
	// z = zh + zl = (x - μ)/σ, x - μ exact in double-double.
	dh, dl := twoSum(x, -mu)
	zh := dh / sigma
	switch {
	case zh != zh:
		return zh, zh
	case zh > 46:
		return 1, 0 // φ(z)/σ < 2^-1525/σ; also +Inf, where zl is NaN
	case zh < -46:
		return 0, 0 // both underflow; also -Inf
	}
	zl := (math.FMA(-zh, sigma, dh) + dl) / sigma
	h := zh * zh
	l := math.FMA(2*zh, zl, math.FMA(zh, zh, -h)) // z² = h + l
	if math.Abs(zh) > geluRange {
		return laplaceTail(zh, h, l, k)
	}
	th, tl := negInvSqrt2(zh)
	tl = math.FMA(-zl, invSqrt2Hi, tl)
	phi, g := normalCDF(th, tl, h, l)
	return phi, g * k
}

// laplaceTail returns laplace where 37.5 < |z| <= 46, from e^(-z²/2)·2^512:
// y is 1 on the right, and on the left φ(z)·M(z)/|z| (see geluTail).
func laplaceTail(z, h, l, k float64) (y, dy float64) {
	g := scaledGauss(h, l)
	dy = math.Ldexp(g*k, -512)
	if z > 0 {
		return 1, dy
	}
	m := horner(geluTailM[:], 1/h)
	return math.Ldexp(g*invSqrt2Pi*m/-z, -512), dy
}
