package activation

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// NewSwish returns the swish layer y = x·σ(x), also known as SiLU, with
// derivative σ(x)(1 + x(1-σ(x))). Both stay accurate where they are tiny:
// for x below -708, where e^x is subnormal, they are computed from a scaled
// exponential.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = 0, y'(-Inf) = 0
//	y(NaN) = NaN, y'(NaN) = NaN
func NewSwish() *Activation {
	return newActivation("Swish", swishKernel).withForms(pairForms(swishVector32, swishVectorGrad, swishVectorGrad32))
}

func swishKernel(y, dy, x []float64, _ bool) {
	if !useVectors {
		swishLoop(y, dy, x)
		return
	}
	vectorKernel(y, dy, x, swishVector, swishElem)
}

// swishLoop sets y = x·σ(x) and, unless dy is nil, its derivative, as
// swishVector does where it can, so that an element gets the same bits
// on either path: the Go path, with the exponential inlined.
func swishLoop(y, dy, x []float64) {
	y = y[:len(x)]
	for i, v := range x {
		var d float64
		if !(math.Abs(v) <= logisticRange) {
			y[i], d = swish(v)
		} else {
			k, r := expReduce(-math.Abs(v)) // the logistic of vector.go, inlined
			e := (1 + expPoly(r)) * expScale(k)
			p := 1 / (1 + e)
			s, c := swapIfNegative(v, p, e*p)
			y[i], d = v*s, s*math.FMA(v, c, 1)
		}
		if dy != nil {
			dy[i] = d
		}
	}
}

// swishElem returns x·σ(x) and its derivative as swishLoop does.
func swishElem(x float64) (y, dy float64) {
	return elemOf(swishLoop, x)
}

// swish returns x·σ(x) and its derivative.
func swish(x float64) (y, dy float64) {
	switch {
	case x < -1100:
		// Both underflow; written out because -Inf·0 would be NaN.
		return math.Copysign(0, -1), math.Copysign(0, -1)
	case x < -708:
		// y ≈ x·e^x and y' ≈ (1+x)·e^x, with e^x subnormal.
		e := exp512(x)
		return math.Ldexp(x*e, -512), math.Ldexp((1+x)*e, -512)
	case x == math.Inf(1):
		return x, 1 // x·(1-σ(x)) would be Inf·0
	}
	s, c := logistic(x)
	return x * s, s * math.FMA(x, c, 1)
}

// SwishBeta is the swish layer with a learnable β, y = x·σ(βx) (Ramachandran
// et al., 2017's Swish-β; spago's SwishB), β being Params()["beta"], 1x1.
// With β = 1 it is Swish; β = 0 gives x/2, and a large β approaches ReLU.
//
// Its derivative is σ(βx)(1 + βx(1-σ(βx))), and dLoss/dβ is the sum over
// the batch of g·x²·σ(βx)(1-σ(βx)), set (not accumulated) by each Backward
// and summed in blocks of rows that do not depend on GOMAXPROCS, so it is
// the same bits on any number of cores. βx is carried in double-double and
// the tails are computed from a scaled exponential, so that all three
// keep their digits where σ(βx) or 1-σ(βx) is tiny, as Swish does.
//
// Special cases, for β > 0 (β < 0 mirrors them), are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = -0, y'(-Inf) = -0
//	y(NaN) = NaN, y'(NaN) = NaN
type SwishBeta struct {
	engine
	learned
}

// NewSwishBeta returns a SwishBeta layer whose β starts at beta. It panics
// if beta is not finite.
func NewSwishBeta(beta float64) *SwishBeta {
	if err := checkFinite("beta", beta); err != nil {
		panic("activation: NewSwishBeta: " + err.Error())
	}
	s := &SwishBeta{learned: newLearned("beta", 1, beta)}
	s.engine = engine{name: "SwishBeta", kernel: s}
	return s
}

// Forward returns x·σ(βx) with the current value of β. With training set
// it keeps a private copy of input for Backward. The result belongs to the
// layer and is overwritten by its next Forward.
func (s *SwishBeta) Forward(input *mat.Dense, training bool) *mat.Dense {
	s.made("SwishBeta", "Forward")
	return s.forward(input, training)
}

// Backward returns dLoss/dInput for the last training Forward, with the β
// it used, and sets Params()["beta"].Grad. The result belongs to the layer
// and is overwritten by its next Backward.
func (s *SwishBeta) Backward(outputGrad *mat.Dense) *mat.Dense {
	s.made("SwishBeta", "Backward")
	return s.backward(outputGrad)
}

// Config returns the name "SwishBeta" and the constructor's beta; Marshal
// saves the learned β beside it.
func (s *SwishBeta) Config() map[string]any {
	s.made("SwishBeta", "Config")
	return map[string]any{"name": s.name, "beta": s.start}
}

// Clone returns a new SwishBeta with the same constructor beta and a copy
// of the current β, its gradient zero and none of s's state, for use at
// another place in a network or by another goroutine.
func (s *SwishBeta) Clone() Layer {
	s.made("SwishBeta", "Clone")
	c := &SwishBeta{learned: s.cloneLearned()}
	c.engine = engine{name: s.name, kernel: c}
	return c
}

func (s *SwishBeta) prepare(_, _ int, training bool) { s.read(training) }

func (s *SwishBeta) forwardRows(y, saved, x []float64, _ int, _ bool) {
	y = y[:len(x)]
	beta := s.values[0]
	if !useVectors {
		swishBetaLoop(y, nil, nil, x, beta)
	} else {
		for i := 0; i < len(x); {
			i += swishBetaVector(y[i:], nil, nil, x[i:], beta)
			end := min(i+4, len(x))
			swishBetaLoop(y[i:end], nil, nil, x[i:end], beta)
			i = end
		}
	}
	copy(saved, x)
}

func (s *SwishBeta) backwardRows(dx, g, x []float64, block int, stream bool) {
	g, x = g[:len(dx)], x[:len(dx)]
	beta := s.kept[0]
	var l lanes
	var d, t [lanesChunk]float64
	for off := 0; off < len(x); off += lanesChunk {
		n := min(lanesChunk, len(x)-off)
		xs, gs, ds, ts := x[off:off+n], g[off:off+n], d[:n], t[:n]
		if !useVectors {
			swishBetaLoop(nil, ds, ts, xs, beta)
		} else {
			for i := 0; i < n; {
				i += swishBetaVector(nil, ds[i:], ts[i:], xs[i:], beta)
				end := min(i+4, n)
				swishBetaLoop(nil, ds[i:end], ts[i:end], xs[i:end], beta)
				i = end
			}
		}
		mul(dx[off:off+n], gs, ds, stream)
		l.addDot(gs, ts)
	}
	s.sums.block(block)[0].merge(l.total())
}

// swishBeta returns y = x·σ(βx), its derivative in x and in β,
// x²·σ(βx)(1-σ(βx)), as swishBetaLoop does.
func swishBeta(x, beta float64) (y, dx, dbeta float64) {
	var ys, ds, ts [1]float64
	swishBetaLoop(ys[:], ds[:], ts[:], []float64{x}, beta)
	return ys[0], ds[0], ts[0]
}

// swishBetaLoop sets, of y = x·σ(βx), d = its derivative in x and t = its
// derivative in β, those whose slice is not nil (t only with d):
// the Go path, with the exponential inlined where |βx| <= 708. Where |x| <=
// 2^511 too swishBetaVector does the same operations in the same order.
func swishBetaLoop(y, d, t, x []float64, beta float64) {
	for i, xv := range x {
		v := float64(beta * xv) // rounded: vl is its error
		var yi, di, ti float64
		if math.Abs(v) <= logisticRange {
			vl := math.FMA(beta, xv, -v)
			// e = e^-|v| = k·(1+m); p = 1/(1+e) = σ(|v|), corrected by a
			// Newton step as tanhLoop's; q = e·p = σ(-|v|). σ(v)σ(-v) =
			// e·p² is taken from 1+m unrounded.
			n, r := expReduce(-math.Abs(v)) // expNegParts, inlined
			k, m := expScale(n), expPoly(r)
			e := math.FMA(k, m, k)
			h := 1 + e
			l := e - (h - 1)
			p := 1 / h
			p = math.FMA(p, math.FMA(-l, p, math.FMA(-h, p, 1)), p)
			s, c := swapIfNegative(v, p, e*p) // at v = -0, p = e·p
			pp := p * p
			sc := k * math.FMA(m, pp, pp)
			// At v+vl, to first order: σ = s + sc·vl, 1-σ = c - sc·vl, and
			// σ(1-σ) = sc·(1 + (c-s)·vl).
			dsc := math.FMA(sc*(c-s), vl, sc)
			s, c = math.FMA(sc, vl, s), math.FMA(-sc, vl, c)
			xx, xxl := twoProd(xv, xv)
			ti = math.FMA(xx, dsc, xxl*dsc)
			if math.IsInf(xx, 0) {
				ti = xv * (xv * dsc) // x² overflows where β is tiny; the product may not
			}
			yi, di = xv*s, s*math.FMA(v, c, math.FMA(vl, c, 1))
		} else {
			yi, di, ti = swishBetaTail(xv, beta, v)
		}
		if y != nil {
			y[i] = yi
		}
		if d != nil {
			d[i] = di
		}
		if t != nil {
			t[i] = ti
		}
	}
}

// swishBetaTail returns what swishBeta does where |v| = |βx| > 708 or v
// is NaN.
func swishBetaTail(x, beta, v float64) (y, dx, dbeta float64) {
	switch {
	case v != v && x == x && beta == 0:
		return x / 2, 0.5, math.Inf(1) // x = ±Inf
	case v != v:
		return v, v, v
	case v > 2200:
		return x, 1, 0 // x²·e^-v < 2^-1100; also +Inf
	case v < -2200:
		return math.Copysign(0, x), math.Copysign(0, -1), 0 // also -Inf
	}
	vl := math.FMA(beta, x, -v)
	if v > 0 {
		// σ = 1 and 1-σ = e^-(v+vl), x² times which may be any size.
		return x, 1, mulPowExp(x, 2, -v, -vl)
	}
	// σ = e^(v+vl) and 1-σ = 1 to double precision.
	return mulPowExp(x, 1, v, vl), mulPowExp(1+v, 1, v, vl), mulPowExp(x, 2, v, vl)
}

// mulPowExp returns x^n·e^(v+vl), n 1 or 2, for |v| <= 2200, where e^v
// alone may overflow or underflow but the product need not: x = m·2^k
// and x^n·e^v = m^n·e^(n·k·ln2 + v), the exponent summed in double-double
// (n·k·ln2Hi is exact), and the result rounded once where it is
// subnormal.
func mulPowExp(x float64, n int, v, vl float64) float64 {
	m, k := math.Frexp(x)
	c := m
	if n == 2 {
		c = m * m
	}
	nk := float64(n * k)
	z, zl := twoSum(nk*ln2Hi, v)
	z, zl2 := twoSum(z, float64(nk*ln2Lo)) // rounded, not fused into the sum
	zl += zl2 + vl                         // small enough that e^zl = 1 + zl
	c = math.FMA(c, zl, c)
	if z <= 0 {
		return mulExp(c, z)
	}
	return c * exp(z)
}
