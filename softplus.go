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

// NewSqrtSoftplus returns y = √softplus(x) = √log(1 + e^x) (Hugging Face
// transformers' sqrtsoftplus, the router score of DeepSeek V4's experts),
// with derivative σ(x)/(2y). softplus is Softplus's with β = 1 and no
// threshold (PyTorch's F.softplus takes x for it past x = 20), and the
// square root halves its error. Where x < -708 and e^x is subnormal, or
// below -745.1 rounds to 0, y ≈ e^(x/2) and y' ≈ e^(x/2)/2 do not underflow
// until about x = -1490: both are taken from the exponential of x/2, so
// that they keep their digits there (y(-1400) = 9.860e-305). On the right
// y ≈ √x and y' ≈ 1/(2√x), finite up to MaxFloat64.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 0
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSqrtSoftplus() *Activation {
	return newActivation("SqrtSoftplus", func(y, dy, x []float64, _ bool) {
		if !useVectors {
			sqrtSoftplusLoop(y, dy, x)
			return
		}
		vectorKernel(y, dy, x, sqrtSoftplusVector, sqrtSoftplus)
	}).withForms(pairForms(sqrtSoftplusVector32, sqrtSoftplusVectorGrad, sqrtSoftplusVectorGrad32))
}

// sqrtSoftplusChunk is how many elements sqrtSoftplusLoop hands
// softplusLoop at a time, through arrays on the stack.
const sqrtSoftplusChunk = 64

// sqrtSoftplusLoop sets y = √softplus(x) and, unless dy is nil, its
// derivative, as sqrtSoftplusVector does where |x| <= logisticRange: the
// Go path, Softplus's loop with β = 1, then sqrtSoftplusAt. It reads each
// x before it writes the y in its place, so y may be x.
func sqrtSoftplusLoop(y, dy, x []float64) {
	var sp, s [sqrtSoftplusChunk]float64
	inf := math.Inf(1)
	for off := 0; off < len(x); off += sqrtSoftplusChunk {
		xs := x[off:min(off+sqrtSoftplusChunk, len(x))]
		n := len(xs)
		softplusLoop(sp[:n], s[:n], xs, 1, inf)
		for i, v := range xs {
			yi, di := sqrtSoftplusAt(v, sp[i], s[i])
			y[off+i] = yi
			if dy != nil {
				dy[off+i] = di
			}
		}
	}
}

// sqrtSoftplus returns √softplus(x) and its derivative, as
// sqrtSoftplusLoop does.
func sqrtSoftplus(x float64) (y, dy float64) {
	sp, s := softplus(x, 1, math.Inf(1))
	return sqrtSoftplusAt(x, sp, s)
}

// sqrtSoftplusAt returns √softplus(x) and σ(x)/(2√softplus(x)) from
// sp = softplus(x) and s = σ(x). Below -logisticRange, where softplus(x)
// is e^x to double precision but e^x has lost digits or is 0, they are
// e^(x/2) and e^(x/2)/2, from the exponential of x/2, which is exact, by
// exp and mulExp, which scale it where it is subnormal.
func sqrtSoftplusAt(x, sp, s float64) (y, dy float64) {
	if x < -logisticRange {
		return exp(x / 2), mulExp(0.5, x/2)
	}
	y = math.Sqrt(sp)
	return y, s / (2 * y)
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
