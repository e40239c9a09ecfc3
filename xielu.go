package activation

import (
	"fmt"
	"math"
	"math/big"

	"gonum.org/v1/gonum/mat"
)

// XIELU is the xIELU activation of Apertus (Huang et al., 2024; Hugging
// Face's xielu), with two learnable scalars:
//
//	y = αp·x² + βx                      for x > 0
//	y = αn·(e^min(x, ε) - 1 - x) + βx   for x <= 0
//
// αp = softplus(rp) and αn = β + softplus(rn), where rp and rn are
// Params()["alpha_p"] and ["alpha_n"], 1x1 each, kept through softplus as
// Hugging Face keeps them, so that αp > 0 and αn > β whatever an optimizer
// does to them. softplus is the exact log(1 + e^r), not PyTorch's, which
// returns r itself past r = 20 (a difference below 2^-28 relative).
//
// Its derivative is 2αp·x + β for x > 0, αn·e^x - softplus(rn) for x <= ε
// and -softplus(rn) for ε < x <= 0 (at x = ε, where PyTorch's min splits
// the gradient in halves, the left side's, the formula's there).
// dLoss/drp = σ(rp)·Σ g·x² over x > 0 and dLoss/drn = σ(rn)·Σ g·(e^min(x, ε)
// - 1 - x) over x <= 0 are set (not accumulated) by each Backward, summed
// in blocks of rows that do not depend on GOMAXPROCS, so they are the same
// bits on any number of cores.
//
// e^x - 1 - x, which cancels near 0 in every framework's code (at
// x = -1e-4 it loses 4 of its 16 digits), is computed by its
// series x²(1/2 + x/6 + ...) from -1/2 to 0, and beyond from the
// exponential's parts, 2^k·m + ((2^k - 1) - x), without cancellation;
// ε < x <= 0 takes e^ε - 1 in double-double, made once by math/big. For x < -1, y is taken as αn·(e^x - 1) - softplus(rn)·x,
// whose terms cancel less. Near the zero of y for x < 0 (x = -2.7 with
// the defaults) and of y' its error is measured against the magnitudes
// of the terms, as for the derivatives of Swish.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = +Inf
//	y(-Inf) = +Inf, y'(-Inf) = -softplus(rn)
//	y(NaN) = NaN, y'(NaN) = NaN
type XIELU struct {
	engine
	ap, an    learned    // rp and rn
	start     [2]float64 // the constructor's αp and αn
	beta, eps float64
	em1       [2]float64 // e^ε - 1 in double-double
	params    map[string]Param
	q, kq     xieluParams // of the running Forward, and of the last training Forward
	sp, sn    float64     // σ(rp) and σ(rn) of the last training Forward
}

// xieluParams are what xieluLoop and xieluVector read, in this order.
type xieluParams struct {
	ap, an, beta, spn, eps, em1Hi, em1Lo, ap2 float64 // αp, αn, β, softplus(rn), ε, e^ε - 1, 2αp
}

// NewXIELU returns an xIELU layer whose αp starts at alphaP and αn at
// alphaN; Hugging Face's defaults are alphaP = 0.8, alphaN = 0.8,
// beta = 0.5 and eps = -1e-6. It panics unless all four are finite,
// alphaP > 0, beta >= 0, alphaN > beta and eps <= 0.
func NewXIELU(alphaP, alphaN, beta, eps float64) *XIELU {
	if err := checkXIELU(alphaP, alphaN, beta, eps); err != nil {
		panic("activation: NewXIELU: " + err.Error())
	}
	x := &XIELU{ap: newLearned("alpha_p", 1, invSoftplus(alphaP)), an: newLearned("alpha_n", 1, invSoftplus(alphaN-beta)),
		start: [2]float64{alphaP, alphaN}, beta: beta, eps: eps}
	x.init()
	return x
}

// init sets what NewXIELU and Clone share: the engine, the map of
// parameters, and e^ε - 1 in double-double, for ε < x <= 0.
func (x *XIELU) init() {
	x.engine = engine{name: "XIELU", kernel: x}
	x.params = map[string]Param{"alpha_p": x.ap.param, "alpha_n": x.an.param}
	x.em1[0], x.em1[1] = expm1DD(x.eps)
}

// expm1DD returns e^x - 1 for x <= 0 in double-double, from math/big, once
// a layer: (e^ε - 1) - x cancels where x nears e^ε - 1, and only a
// constant good to 2^-106 keeps its digits there. e^u - 1 by its series
// at u = x/2^n >= -1/2, then n times (1 + m)² - 1 = m(2 + m), which keeps
// m's relative precision. math/big's arithmetic on integers is the same
// on every platform.
func expm1DD(x float64) (hi, lo float64) {
	if x < -800 {
		return -1, 0 // e^x is below 2^-1150
	}
	const prec = 256
	n := 0
	for x/math.Ldexp(1, n) < -0.5 {
		n++
	}
	u := new(big.Float).SetPrec(prec).SetFloat64(math.Ldexp(x, -n)) // exact
	m, term := new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec).Set(u)
	for k := 2; term.Sign() != 0 && (m.Sign() == 0 || term.MantExp(nil) > m.MantExp(nil)-prec); k++ {
		m.Add(m, term)
		term.Mul(term, u)
		term.Quo(term, new(big.Float).SetInt64(int64(k)))
	}
	two := new(big.Float).SetPrec(prec).SetInt64(2)
	for range n {
		m.Mul(m, new(big.Float).SetPrec(prec).Add(two, m))
	}
	hi, _ = m.Float64()
	lo, _ = new(big.Float).SetPrec(prec).Sub(m, new(big.Float).SetFloat64(hi)).Float64()
	return hi, lo
}

// checkXIELU reports arguments that NewXIELU refuses.
func checkXIELU(alphaP, alphaN, beta, eps float64) error {
	for _, a := range []struct {
		name string
		v    float64
	}{{"alphaP", alphaP}, {"alphaN", alphaN}, {"beta", beta}, {"eps", eps}} {
		if err := checkFinite(a.name, a.v); err != nil {
			return err
		}
	}
	switch {
	case !(alphaP > 0):
		return fmt.Errorf("alphaP is %v, must be positive", alphaP)
	case !(beta >= 0):
		return fmt.Errorf("beta is %v, must not be negative", beta)
	case !(alphaN > beta):
		return fmt.Errorf("alphaN is %v, must be greater than beta (%v)", alphaN, beta)
	case !(eps <= 0):
		return fmt.Errorf("eps is %v, must not be positive", eps)
	}
	return nil
}

// invSoftplus returns r with softplus(r) = a, for a > 0: a + log(1 - e^-a),
// 1 - e^-a from the exponential's parts, as ELU's e^x - 1.
func invSoftplus(a float64) float64 {
	if a > logisticRange {
		return a // e^-a is below 2^-1021: the log is below a's ulp
	}
	s, m := expNegParts(a)
	return a + logOf(-math.FMA(s, m, s-1))
}

// Forward returns xIELU of input with the current αp and αn. With
// training set it keeps a private copy of input for Backward. The result
// belongs to the layer and is overwritten by its next Forward.
func (x *XIELU) Forward(input *mat.Dense, training bool) *mat.Dense {
	x.made("XIELU", "Forward")
	return x.forward(input, training)
}

// Backward returns dLoss/dInput for the last training Forward, with the
// αp and αn it used, and sets the Grad of Params()["alpha_p"] and
// ["alpha_n"]. The result belongs to the layer and is overwritten by its
// next Backward.
func (x *XIELU) Backward(outputGrad *mat.Dense) *mat.Dense {
	x.made("XIELU", "Backward")
	return x.backward(outputGrad)
}

// Params returns rp and rn under "alpha_p" and "alpha_n", as Hugging Face
// names them: αp = softplus(rp), αn = β + softplus(rn).
func (x *XIELU) Params() map[string]Param { return x.params }

// Config returns the name "XIELU" and the constructor's arguments; Marshal
// saves the learned rp and rn beside them.
func (x *XIELU) Config() map[string]any {
	x.made("XIELU", "Config")
	return map[string]any{"name": x.name, "alpha_p": x.start[0], "alpha_n": x.start[1], "beta": x.beta, "eps": x.eps}
}

// Clone returns a new XIELU with the same constructor arguments and copies
// of the current rp and rn, their gradients zero and none of x's state,
// for use at another place in a network or by another goroutine.
func (x *XIELU) Clone() Layer {
	x.made("XIELU", "Clone")
	c := &XIELU{ap: x.ap.cloneLearned(), an: x.an.cloneLearned(), start: x.start, beta: x.beta, eps: x.eps}
	c.init()
	return c
}

func (x *XIELU) prepare(_, _ int, training bool) {
	x.ap.read(training)
	x.an.read(training)
	x.q, _, _ = x.paramsOf(x.ap.values[0], x.an.values[0])
	if training {
		x.kq, x.sp, x.sn = x.paramsOf(x.ap.kept[0], x.an.kept[0])
	}
}

// paramsOf returns the kernel's parameters for rp and rn, and σ(rp) and
// σ(rn), softplus's derivatives.
func (x *XIELU) paramsOf(rp, rn float64) (q xieluParams, sp, sn float64) {
	ap, sp := softplus(rp, 1, math.Inf(1))
	spn, sn := softplus(rn, 1, math.Inf(1))
	q = xieluParams{ap: ap, an: x.beta + spn, beta: x.beta, spn: spn, eps: x.eps, em1Hi: x.em1[0], em1Lo: x.em1[1], ap2: 2 * ap}
	return q, sp, sn
}

func (x *XIELU) forwardRows(y, saved, in []float64, _ int, _ bool) {
	xieluValues(y[:len(in)], in, &x.q)
	copy(saved, in)
}

// xieluValues sets y = xIELU(x) with the parameters q.
func xieluValues(y, x []float64, q *xieluParams) {
	if !useVectors {
		xieluLoop(y, nil, nil, nil, x, q)
		return
	}
	for i := 0; i < len(x); {
		i += xieluVector(y[i:], x[i:], q)
		end := min(i+4, len(x))
		xieluLoop(y[i:end], nil, nil, nil, x[i:end], q)
		i = end
	}
}

// xieluDerivs sets d = y' and tp and tn, the terms of the derivatives in
// αp and αn, with the parameters q.
func xieluDerivs(d, tp, tn, x []float64, q *xieluParams) {
	if !useVectors {
		xieluLoop(nil, d, tp, tn, x, q)
		return
	}
	for i := 0; i < len(x); {
		i += xieluGradVector(d[i:], tp[i:], tn[i:], x[i:], q)
		end := min(i+4, len(x))
		xieluLoop(nil, d[i:end], tp[i:end], tn[i:end], x[i:end], q)
		i = end
	}
}

// xieluFunc returns the function of XIELU with the parameters q.
func xieluFunc(q xieluParams) *elementFunc {
	kernel := func(y, dy, x []float64, _ bool) {
		xieluValues(y, x, &q)
		var tp, tn [chunk]float64 // the parameters' terms, which it does not keep
		for off := 0; dy != nil && off < len(x); off += chunk {
			n := min(chunk, len(x)-off)
			xieluDerivs(dy[off:off+n], tp[:n], tn[:n], x[off:off+n], &q)
		}
	}
	return &elementFunc{name: "XIELU", kernel: kernel}
}

func (x *XIELU) backwardRows(dx, g, in []float64, block int, stream bool) {
	g, in = g[:len(dx)], in[:len(dx)]
	var lp, ln lanes
	var d, tp, tn [lanesChunk]float64
	for off := 0; off < len(in); off += lanesChunk {
		n := min(lanesChunk, len(in)-off)
		xs, gs, ds, ps, ns := in[off:off+n], g[off:off+n], d[:n], tp[:n], tn[:n]
		xieluDerivs(ds, ps, ns, xs, &x.kq)
		mul(dx[off:off+n], gs, ds, stream)
		j := laneDotVector(gs, ps, &lp) // a multiple of laneCount
		lp.addProducts(gs[j:], ps[j:])
		j = laneDotVector(gs, ns, &ln)
		ln.addProducts(gs[j:], ns[j:])
	}
	x.ap.sums.block(block)[0].merge(lp.total())
	x.an.sums.block(block)[0].merge(ln.total())
}

func (x *XIELU) beginGrad(r, c int) {
	x.ap.beginGrad(r, c)
	x.an.beginGrad(r, c)
}

// endGrad sets the gradients of rp and rn: the sums over the batch times
// softplus's derivatives, σ(rp) and σ(rn).
func (x *XIELU) endGrad() {
	x.ap.endGrad()
	x.an.endGrad()
	gp, gn := x.ap.param.Grad, x.an.param.Grad
	gp.Set(0, 0, x.sp*gp.At(0, 0))
	gn.Set(0, 0, x.sn*gn.At(0, 0))
}

// xieluSplit is where e^x - 1 - x goes from its series to the
// exponential's parts: from -1/2 down, 2^k·m and (2^k - 1) - x do not
// cancel (at -1/2 the latter is 0).
const xieluSplit = -0.5

// xieluE holds the coefficients of (e^x - 1 - x)/x² = Σ x^k/(k+2)!, k = 0
// to 14, whose rest is below 2^-62 of the sum on [-1/2, 0].
var xieluE = [15]float64{1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
	1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800,
	1.0 / 87178291200, 1.0 / 1307674368000, 1.0 / 20922789888000}

// xieluLoop sets, of y, y' = d and the derivatives in αp and αn, tp and
// tn, those whose slice is not nil: the Go path, the pieces chosen by
// masks, since a branch on the sign of x would be mispredicted on random
// data. Where x >= -logisticRange xieluVector and xieluGradVector do the
// same operations in the same order.
func xieluLoop(y, d, tp, tn, x []float64, q *xieluParams) {
	for i, v := range x {
		var yi, di, pi, ni float64
		if v >= -logisticRange {
			pos := v > 0
			t := min(v, 0)
			k, r := expReduce(t) // e^t = s·(1+m)
			s, m := expScale(k), expPoly(r)
			em1 := math.FMA(s, m, s-1)
			tt, ttl := twoProd(t, t)
			p := horner(xieluE[:], t)
			e := choose(t < xieluSplit, math.FMA(s, m, (s-1)-t), math.FMA(tt, p, ttl*p))
			inner := v > q.eps
			e = choose(inner, (q.em1Hi-v)+q.em1Lo, e)
			ex := (1 + m) * s
			bx := float64(q.beta * v)
			yn := choose(v < -1 && v <= q.eps, math.FMA(q.an, em1, float64(-q.spn*v)), math.FMA(q.an, e, bx))
			dn := math.FMA(q.an, choose(inner, 0, ex), -q.spn)
			yi = choose(pos, math.FMA(float64(q.ap*v), v, bx), yn)
			di = choose(pos, math.FMA(q.ap2, v, q.beta), dn)
			pi, ni = choose(pos, v*v, 0), choose(pos, 0, e)
		} else {
			yi, di, pi, ni = xieluTail(v, q)
		}
		if y != nil {
			y[i] = yi
		}
		if d != nil {
			d[i] = di
		}
		if tp != nil {
			tp[i] = pi
		}
		if tn != nil {
			tn[i] = ni
		}
	}
}

// xieluTail returns what xieluElem does for x < -logisticRange, where
// e^x is below 2^-1021: e^x - 1 - x = -1 - x and y = -αn - softplus(rn)·x
// to double precision, or NaN.
func xieluTail(x float64, q *xieluParams) (y, d, tp, tn float64) {
	switch {
	case x != x:
		return x, x, x, x
	case x == math.Inf(-1):
		return math.Inf(1), -q.spn, 0, math.Inf(1)
	}
	return math.FMA(-q.spn, x, -q.an), float64(mulExp(q.an, x)) - q.spn, 0, -1 - x
}
