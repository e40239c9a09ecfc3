package activation

import (
	"fmt"
	"math"
)

// NewSoftplus returns y = log(1 + e^(βx))/β, a smooth ReLU, with derivative
// σ(βx), and, as PyTorch's Softplus, y = x and y' = 1 where βx > threshold
// (PyTorch's defaults are β = 1, threshold = 20). βx is carried in
// double-double, and log(1+w) is taken on w itself, so y keeps its digits
// where it is tiny. It panics unless 2^-64 <= beta <= 2^64 and threshold is
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
	a := newActivation("Softplus", func(y, dy, x []float64, _ bool) {
		vector := func(y, dy, x []float64) int { return softplusVector(y, dy, x, beta, threshold) }
		softplusKernel(y, dy, x, vector, beta, threshold)
	})
	a.config = map[string]any{"beta": beta, "threshold": threshold}
	return a.withForms(softplusForms(beta, threshold))
}

// softplusForms returns the forms of Softplus with beta and threshold.
func softplusForms(beta, threshold float64) *forms {
	return &forms{
		func(y, x []float32) int { return softplusVector32(y, nil, x, beta, threshold) },
		func(dx, g, x []float64) int { return softplusVectorGrad(dx, g, x, beta, threshold) },
		func(dx, g, x []float32) int { return softplusVectorGrad32(dx, g, x, beta, threshold) },
	}
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

// softplusKernel is Softplus's and LogSigmoid's kernel: vector, or without
// vectors softplusLoop.
func softplusKernel(y, dy, x []float64, vector func(y, dy, x []float64) int, beta, threshold float64) {
	if !useVectors {
		softplusLoop(y, dy, x, beta, threshold)
		return
	}
	vectorKernel(y, dy, x, vector, func(x float64) (float64, float64) { return softplus(x, beta, threshold) })
}

// softplusLoop sets y and, unless dy is nil, dy as softplus does, bit for
// bit: the Go path, with softplus's middle case inlined and chosen by
// masks, since a branch on the sign of βx would be mispredicted on random
// data. The rest goes to softplus.
func softplusLoop(y, dy, x []float64, beta, threshold float64) {
	y = y[:len(x)]
	if dy != nil {
		dy = dy[:len(x)]
	}
	for i, v := range x {
		p := float64(beta * v)
		var yi, di float64
		if math.Abs(p) <= logisticRange && p <= threshold {
			pl := math.FMA(beta, v, -p)
			n, r := expReduce(-math.Abs(p)) // expNeg, inlined
			w := (1 + expPoly(r)) * expScale(n)
			positive := p > 0
			w = choose(positive, w, math.FMA(w, pl, w))
			f, k := log1pUnitArgs(w) // log1pUnit, inlined
			s := f / (2 + f)
			l := logSum(f, k, s, logPoly(s))
			yi = choose(positive, p+(pl+l), l) / beta
			di = choose(positive, 1, w) / (1 + w)
		} else {
			yi, di = softplus(v, beta, threshold)
		}
		y[i] = yi
		if dy != nil {
			dy[i] = di
		}
	}
}

// softplus returns log(1+e^(βx))/β and σ(βx), or x and 1 past the
// threshold. Where |βx| <= 708 softplusVector does the same operations in
// the same order.
func softplus(x, beta, threshold float64) (y, dy float64) {
	p := float64(beta * x) // rounded: pl below is its error, so it must not be fused
	switch {
	case p > threshold, p == math.Inf(1): // the latter is LogSigmoid's -Inf
		return x, 1
	case p < -1100:
		return math.Copysign(0, beta), 0 // also keeps -Inf out of the FMA below
	case p < -logisticRange:
		// log(1+w) = w and σ = w to double precision, with w subnormal.
		pl := math.FMA(beta, x, -p)
		return mulExp((1+pl)/beta, p), mulExp(1+pl, p)
	case p > logisticRange:
		// e^-p is subnormal, and log(1+e^-p) = e^-p.
		return (p + (math.FMA(beta, x, -p) + exp(-p))) / beta, 1
	}
	pl := math.FMA(beta, x, -p) // βx = p + pl exactly
	// For p > 0, log(1+e^p) = p + log(1+e^-p), which cannot overflow, and
	// σ = 1/(1+e^-p); otherwise w = e^(p+pl), log(1+w) and σ = w/(1+w).
	w := expNeg(math.Abs(p))
	if p > 0 {
		return (p + (pl + log1pUnit(w))) / beta, 1 / (1 + w)
	}
	w = math.FMA(w, pl, w)
	return log1pUnit(w) / beta, w / (1 + w)
}

// NewLogSigmoid returns y = log σ(x) = -log(1 + e^-x) (PyTorch's
// LogSigmoid, Keras's and JAX's log_sigmoid), with derivative σ(-x). It is
// Softplus with β = -1 and no threshold, so it keeps its digits in both
// tails: log σ(40) = -4.248e-18, not 0, and log σ(-800) = -800, not -Inf.
//
// Special cases are:
//
//	y(+Inf) = -0, y'(+Inf) = 0
//	y(-Inf) = -Inf, y'(-Inf) = 1
//	y(NaN) = NaN, y'(NaN) = NaN
func NewLogSigmoid() *Activation {
	inf := math.Inf(1)
	return newActivation("LogSigmoid", func(y, dy, x []float64, _ bool) {
		vector := func(y, dy, x []float64) int { return softplusVector(y, dy, x, -1, inf) }
		softplusKernel(y, dy, x, vector, -1, inf)
	}).withForms(softplusForms(-1, inf))
}

// logSigmoid returns log σ(x) and σ(-x).
func logSigmoid(x float64) (y, dy float64) {
	return softplus(x, -1, math.Inf(1))
}
