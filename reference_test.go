package activation

import (
	"math"
	"math/big"
	"testing"
)

// High-precision references for the tests, independent of the code under
// test: closed forms evaluated with math/big at refPrec bits and rounded once
// to float64.

const refPrec = 400

func bf(x float64) *big.Float { return new(big.Float).SetPrec(refPrec).SetFloat64(x) }

func newBig() *big.Float { return new(big.Float).SetPrec(refPrec) }

func f64(x *big.Float) float64 {
	v, _ := x.Float64()
	return v
}

// bigExpm1 returns e^x - 1 for x >= -1, with full relative precision near 0:
// a Taylor series at x/2^n, then n doublings of the form (1+u)² - 1 = u(2+u).
func bigExpm1(x *big.Float) *big.Float {
	u := newBig().Set(x)
	n := 0
	for u.MantExp(nil) > -12 && u.Sign() != 0 {
		u.SetMantExp(u, -1)
		n++
	}
	sum, term := newBig(), newBig().Set(u)
	for k := 2; term.Sign() != 0 && (sum.Sign() == 0 || term.MantExp(nil) > sum.MantExp(nil)-refPrec-8); k++ {
		sum.Add(sum, term)
		term.Mul(term, u)
		term.Quo(term, newBig().SetInt64(int64(k)))
	}
	two := bf(2)
	for ; n > 0; n-- {
		sum.Mul(sum, newBig().Add(two, sum))
	}
	return sum
}

// bigExp returns e^x for any finite x of moderate size.
func bigExp(x *big.Float) *big.Float {
	if x.Sign() < 0 {
		e := bigExp(newBig().Neg(x))
		return e.Quo(bf(1), e)
	}
	return bigExpm1(x).Add(bf(1), bigExpm1(x))
}

// refSigmoid returns σ(x) = 1/(1+e^-x) and σ'(x) = e^-x/(1+e^-x)².
func refSigmoid(x float64) (y, dy float64) {
	e := bigExp(bf(-x))
	d := newBig().Add(bf(1), e)
	y = f64(newBig().Quo(bf(1), d))
	dy = f64(newBig().Quo(e, newBig().Mul(d, d)))
	return y, dy
}

// refTanh returns tanh x = expm1(2x)/(expm1(2x)+2) and its derivative
// 4e^(-2|x|)/(1+e^(-2|x|))².
func refTanh(x float64) (y, dy float64) {
	a := math.Abs(x)
	m := bigExpm1(bf(2 * a))
	t := newBig().Quo(m, newBig().Add(m, bf(2)))
	y = math.Copysign(f64(t), x)
	e := bigExp(bf(-2 * a))
	d := newBig().Add(bf(1), e)
	dy = f64(newBig().Quo(newBig().Mul(bf(4), e), newBig().Mul(d, d)))
	return y, dy
}

// refSwish returns x·σ(x) and σ(x) + x·σ(x)·σ(-x).
func refSwish(x float64) (y, dy float64) {
	s := newBig().Quo(bf(1), newBig().Add(bf(1), bigExp(bf(-x))))
	c := newBig().Quo(bf(1), newBig().Add(bf(1), bigExp(bf(x))))
	xs := newBig().Mul(bf(x), s)
	y = f64(xs)
	dy = f64(newBig().Add(s, newBig().Mul(xs, c)))
	return y, dy
}

// refExp returns e^x twice.
func refExp(x float64) (y, dy float64) {
	switch {
	case x > 5000:
		return inf, inf
	case x < -5000:
		return 0, 0
	}
	e := f64(bigExp(bf(x)))
	return e, e
}

// refSqrtSoftplus returns √log(1+e^x) and σ(x)/(2√log(1+e^x)).
func refSqrtSoftplus(x float64) (y, dy float64) {
	switch {
	case x > 5000: // log(1+e^x) is x to far more than 400 bits
		s := newBig().Sqrt(bf(x))
		return f64(s), f64(newBig().Quo(bf(0.5), s))
	case x < -5000:
		return 0, 0
	}
	s := newBig().Sqrt(bigLog1p(bigExp(bf(x))))
	return f64(s), f64(newBig().Quo(bigSigmoid(bf(x)), newBig().Mul(bf(2), s)))
}

// refSoftmax returns the softmax of a finite row with divisor tau.
func refSoftmax(x []float64, tau float64) []float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	e := make([]*big.Float, len(x))
	sum := newBig()
	for i, v := range x {
		z := newBig().Sub(bf(v), bf(m))
		z.Quo(z, bf(tau))
		if z.Cmp(bf(-2000)) < 0 {
			e[i] = newBig() // far below float64's range after division
		} else {
			e[i] = bigExp(z)
		}
		sum.Add(sum, e[i])
	}
	y := make([]float64, len(x))
	for i := range x {
		y[i] = f64(newBig().Quo(e[i], sum))
	}
	return y
}

// refSoftmaxBackward returns y ⊙ (g - <y, g>)/tau for one row.
func refSoftmaxBackward(y, g []float64, tau float64) []float64 {
	dot := newBig()
	for i := range y {
		dot.Add(dot, newBig().Mul(bf(y[i]), bf(g[i])))
	}
	dx := make([]float64, len(y))
	for i := range y {
		d := newBig().Sub(bf(g[i]), dot)
		d.Mul(d, bf(y[i]))
		dx[i] = f64(d.Quo(d, bf(tau)))
	}
	return dx
}

// ulps returns how many float64 values lie between a and b: 0 when they are
// equal (±0 included) or both NaN, +Inf when only one is NaN. It lets ±0
// match because the math/big references have no meaningful sign of zero
// (a difference that cancels, a product with an exact 0); where the
// expected value is stated exactly, ulpsSigned tells the zeros apart.
func ulps(a, b float64) float64 {
	if a != a || b != b {
		if a != a && b != b {
			return 0
		}
		return math.Inf(1)
	}
	return math.Abs(float64(ordered(a) - ordered(b)))
}

// ulpsSigned is ulps for an expected value stated exactly, as the special
// cases of the docs are: a zero must have want's sign, +Inf otherwise, since
// the sign of a zero result shows downstream (1/y, Copysign, a log).
func ulpsSigned(got, want float64) float64 {
	if got == 0 && want == 0 && math.Signbit(got) != math.Signbit(want) {
		return math.Inf(1)
	}
	return ulps(got, want)
}

// bigPi is π to 100 decimals.
var bigPi, _ = new(big.Float).SetPrec(refPrec).SetString("3.1415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679")

// bigLog returns log x for x > 0 by Newton's method on e^y = x, from
// float64's logarithm of x's mantissa plus the exponent times log 2.
func bigLog(x *big.Float) *big.Float {
	mant := newBig()
	exp := x.MantExp(mant)
	m, _ := mant.Float64()
	y := bf(math.Log(m) + float64(exp)*math.Ln2)
	for range 6 { // y += 2(x - e^y)/(x + e^y), cubically convergent
		e := bigExp(y)
		d := newBig().Sub(x, e)
		d.Quo(d, newBig().Add(x, e))
		y.Add(y, d.Mul(d, bf(2)))
	}
	return y
}

// bigLog1p returns log(1+w) for w > -1, by its series where 1+w would lose
// w's digits.
func bigLog1p(w *big.Float) *big.Float {
	if w.Sign() == 0 || w.MantExp(nil) > -60 {
		return bigLog(newBig().Add(bf(1), w))
	}
	sum, term := newBig(), newBig().Set(w)
	for k := 1; k < 12; k++ { // |w| < 2^-60: twelve terms pass 700 bits
		sum.Add(sum, newBig().Quo(term, newBig().SetInt64(int64(k))))
		term.Mul(term, w)
		term.Neg(term)
	}
	return sum
}

// bigErfc returns erfc t: 1 - erf t from the series
// erf t = 2/√π·e^(-t²)·Σ 2^n t^(2n+1)/(1·3···(2n+1)), whose terms are all
// positive, for t < 6, and the continued fraction
// erfc t = e^(-t²)/√π / (t + (1/2)/(t + 1/(t + (3/2)/(t + ...)))) beyond.
func bigErfc(t *big.Float) *big.Float {
	sqrtPi := newBig().Sqrt(bigPi)
	g := bigExp(newBig().Neg(newBig().Mul(t, t)))
	if t.Cmp(bf(6)) >= 0 {
		k := newBig().Set(t)
		for n := 400; n >= 1; n-- {
			k.Quo(bf(float64(n)/2), k)
			k.Add(k, t)
		}
		return g.Quo(g, k.Mul(k, sqrtPi))
	}
	a := newBig().Abs(t)
	sum, term := newBig(), newBig().Set(a)
	t2 := newBig().Mul(a, a)
	for n := 0; term.Sign() != 0 && (sum.Sign() == 0 || term.MantExp(nil) > sum.MantExp(nil)-refPrec-8); n++ {
		sum.Add(sum, term)
		term.Mul(term, t2)
		term.Mul(term, bf(2))
		term.Quo(term, bf(float64(2*n+3)))
	}
	erf := sum.Mul(sum, g)
	erf.Mul(erf, bf(2))
	erf.Quo(erf, sqrtPi)
	if t.Sign() < 0 {
		erf.Neg(erf)
	}
	return erf.Sub(bf(1), erf)
}

// bigSigmoid returns 1/(1+e^-v).
func bigSigmoid(v *big.Float) *big.Float {
	return newBig().Quo(bf(1), newBig().Add(bf(1), bigExp(newBig().Neg(v))))
}

// refELU returns scale·α(e^x-1) for x <= 0, scale·x beyond, and its
// derivative; alpha and scale are decimal strings, taken exactly.
func refELU(alpha, scale string) func(float64) (float64, float64) {
	a, _ := newBig().SetString(alpha)
	s, _ := newBig().SetString(scale)
	sa := newBig().Mul(a, s)
	return func(x float64) (y, dy float64) {
		if x > 0 {
			return f64(newBig().Mul(s, bf(x))), f64(s)
		}
		if x < -5000 {
			return f64(newBig().Neg(sa)), 0
		}
		// e^x - 1 from expm1 where x is tiny, and e^x apart from it
		// where e^x is tiny.
		m, e := bigExpm1(bf(max(x, -1))), bigExp(bf(x))
		if x < -1 {
			m.Sub(e, bf(1))
		}
		return f64(newBig().Mul(sa, m)), f64(newBig().Mul(sa, e))
	}
}

// refSoftplus returns log(1+e^(βx))/β and σ(βx), or x and 1 where
// βx > threshold, with βx exact.
func refSoftplus(beta, threshold float64) func(float64) (float64, float64) {
	return func(x float64) (y, dy float64) {
		p := newBig().Mul(bf(beta), bf(x))
		if p.Cmp(bf(threshold)) > 0 {
			return x, 1
		}
		if p.Cmp(bf(-5000)) < 0 {
			return 0, 0
		}
		w := bigExp(p)
		y = f64(newBig().Quo(bigLog1p(w), bf(beta)))
		return y, f64(bigSigmoid(p))
	}
}

// refMish returns x·tanh(log(1+e^x)) = x·w(w+2)/(w(w+2)+2), w = e^x, and
// its derivative tanh(sp) + x·sech²(sp)·σ(x), sech²(sp) = 4u²/(u²+1)²,
// u = 1+w.
func refMish(x float64) (y, dy float64) {
	if x < -5000 {
		return math.Copysign(0, -1), math.Copysign(0, -1)
	}
	w := bigExp(bf(x))
	n := newBig().Mul(w, newBig().Add(w, bf(2)))
	t := newBig().Quo(n, newBig().Add(n, bf(2)))
	u := newBig().Add(bf(1), w)
	u2 := newBig().Mul(u, u)
	d := newBig().Add(u2, bf(1))
	sech2 := newBig().Quo(newBig().Mul(bf(4), u2), newBig().Mul(d, d))
	deriv := newBig().Mul(bf(x), sech2)
	deriv.Mul(deriv, bigSigmoid(bf(x)))
	return f64(newBig().Mul(bf(x), t)), f64(deriv.Add(deriv, t))
}

// refGELU returns x·Φ(x) and Φ(x) + x·φ(x), Φ(x) = erfc(-x/√2)/2 and
// φ(x) = e^(-x²/2)/√(2π).
func refGELU(x float64) (y, dy float64) {
	if x < -60 {
		return math.Copysign(0, -1), math.Copysign(0, -1)
	}
	if x > 60 {
		return x, 1
	}
	t := newBig().Quo(bf(-x), newBig().Sqrt(bf(2)))
	cdf := bigErfc(t)
	cdf.Quo(cdf, bf(2))
	pdf := bigExp(newBig().Quo(newBig().Mul(bf(-x), bf(x)), bf(2)))
	pdf.Quo(pdf, newBig().Sqrt(newBig().Mul(bf(2), bigPi)))
	dy = f64(newBig().Add(cdf, newBig().Mul(bf(x), pdf)))
	return f64(newBig().Mul(bf(x), cdf)), dy
}

// refGELUTanh returns x·σ(v) and σ(v) + x·σ(v)σ(-v)·v', with
// v = 2√(2/π)(x + 0.044715x³).
func refGELUTanh(x float64) (y, dy float64) {
	k, _ := newBig().SetString("0.044715")
	c := newBig().Sqrt(newBig().Quo(bf(8), bigPi)) // 2√(2/π)
	bx := bf(x)
	x2 := newBig().Mul(bx, bx)
	v := newBig().Mul(newBig().Mul(k, x2), bx)
	v.Add(v, bx).Mul(v, c)
	if v.Cmp(bf(-5000)) < 0 {
		return math.Copysign(0, -1), math.Copysign(0, -1)
	}
	if v.Cmp(bf(5000)) > 0 {
		return x, 1
	}
	dv := newBig().Mul(newBig().Mul(bf(3), k), x2)
	dv.Add(dv, bf(1)).Mul(dv, c)
	s := bigSigmoid(v)
	sc := newBig().Mul(s, bigSigmoid(newBig().Neg(v)))
	deriv := newBig().Mul(bx, sc)
	deriv.Mul(deriv, dv).Add(deriv, s)
	return f64(newBig().Mul(bx, s)), f64(deriv)
}

// refHardSigmoid returns min(max(x+3, 0), 6)/6 and its derivative, 1/6
// inside (-3, 3).
func refHardSigmoid(x float64) (y, dy float64) {
	switch {
	case x <= -3:
		return 0, 0
	case x >= 3:
		return 1, 0
	}
	return f64(newBig().Quo(newBig().Add(bf(x), bf(3)), bf(6))), 1.0 / 6
}

// refHardSwish returns x·min(max(x+3, 0), 6)/6 and PyTorch's derivative:
// 0 up to -3, (2x+3)/6 inside, 1 from 3.
func refHardSwish(x float64) (y, dy float64) {
	switch {
	case x <= -3:
		return 0, 0
	case x >= 3:
		return x, 1
	}
	y = f64(newBig().Quo(newBig().Mul(bf(x), newBig().Add(bf(x), bf(3))), bf(6)))
	return y, f64(newBig().Quo(newBig().Add(bf(2*x), bf(3)), bf(6)))
}

// points returns how many points a numeric sweep takes, or runs a test
// that only repeats arithmetic: n of them, a tenth under -short, a
// thirtieth under the race detector. The detector has nothing to find in
// the repetitions, and it slows arithmetic 20 to 100 times (it checks
// every math.Float64bits), so README's test command, which runs it, stays
// fast; -short is for the other architectures under emulation, whose
// results TestDigests holds to amd64's bit for bit. CI runs the tests
// whole on amd64 without either.
func points(n int) int {
	switch {
	case raceEnabled:
		return max(1, n/30)
	case testing.Short():
		return max(1, n/10)
	}
	return n
}

// thin reports whether the tests run thinned: see points.
func thin() bool { return raceEnabled || testing.Short() }

// refCELU returns α(e^(x/α) - 1) for x <= 0, x beyond, and its
// derivative, with x/α to 400 bits.
func refCELU(alpha float64) func(float64) (float64, float64) {
	return func(x float64) (y, dy float64) {
		if x >= 0 {
			return x, 1
		}
		u := newBig().Quo(bf(x), bf(alpha))
		if u.Cmp(bf(-5000)) < 0 {
			return -alpha, 0
		}
		e := bigExp(u)
		m := newBig().Sub(e, bf(1))
		if u.Cmp(bf(-1)) >= 0 {
			m = bigExpm1(u)
		}
		return f64(m.Mul(m, bf(alpha))), f64(e)
	}
}

// refLogSigmoid returns log σ(x) = -log(1 + e^-x) and σ(-x).
func refLogSigmoid(x float64) (y, dy float64) {
	if x < -5000 {
		return x, 1
	}
	y = f64(newBig().Neg(bigLog1p(bigExp(bf(-x)))))
	return y, f64(bigSigmoid(bf(-x)))
}

// refSoftsign returns x/(1+|x|) and 1/(1+|x|)².
func refSoftsign(x float64) (y, dy float64) {
	d := newBig().Add(bf(1), bf(math.Abs(x)))
	return f64(newBig().Quo(bf(x), d)), f64(newBig().Quo(bf(1), newBig().Mul(d, d)))
}

// refTanhshrink returns x - tanh x and tanh² x. For |x| >= 1/2, tanh a is
// expm1(2a)/(expm1(2a)+2); below, where 400 bits of tanh a would not keep
// enough of a - tanh a ≈ a³/3, a - tanh a = a·K/(1+K) from Lambert's
// continued fraction K = t/(3 + t/(5 + ...)), t = a², taken to 80 levels,
// which has no cancellation (TestTanhshrinkReferencesAgree checks that the
// two agree where both are good).
func refTanhshrink(x float64) (y, dy float64) {
	a := math.Abs(x)
	if a > 5000 {
		return x - math.Copysign(1, x), 1
	}
	var f *big.Float
	if a < 0.5 {
		f = bigTanhshrinkCF(bf(a))
	} else {
		f = bigTanhshrinkExp(bf(a))
	}
	th := newBig().Sub(bf(a), f)
	return math.Copysign(f64(f), x), f64(th.Mul(th, th))
}

// bigTanhshrinkCF returns a - tanh a from Lambert's continued fraction.
func bigTanhshrinkCF(a *big.Float) *big.Float {
	t := newBig().Mul(a, a)
	r := bf(161)
	for k := 79; k >= 1; k-- {
		r.Add(bf(float64(2*k+1)), newBig().Quo(t, r))
	}
	k := r.Quo(t, r)
	f := newBig().Mul(a, k)
	return f.Quo(f, k.Add(k, bf(1)))
}

// bigTanhshrinkExp returns a - tanh a, tanh a = expm1(2a)/(expm1(2a)+2).
func bigTanhshrinkExp(a *big.Float) *big.Float {
	m := bigExpm1(newBig().Mul(bf(2), a))
	return newBig().Sub(a, m.Quo(m, newBig().Add(m, bf(2))))
}

// refSquareplus returns (x + √(x² + b))/2 and (1 + x/√(x² + b))/2.
func refSquareplus(b float64) func(float64) (float64, float64) {
	return func(x float64) (y, dy float64) {
		s := newBig().Mul(bf(x), bf(x))
		s.Sqrt(s.Add(s, bf(b)))
		if s.Sign() == 0 {
			return 0, 0.5
		}
		if x < 0 { // without the cancellation of x + s, which 400 bits do not hold for x² ≫ b
			sx := newBig().Sub(s, bf(x))
			y = f64(newBig().Quo(bf(b), newBig().Mul(bf(2), sx)))
			return y, f64(newBig().Quo(bf(b), newBig().Mul(newBig().Mul(bf(2), s), sx)))
		}
		y = f64(newBig().Quo(newBig().Add(bf(x), s), bf(2)))
		d := newBig().Quo(bf(x), s)
		return y, f64(d.Quo(d.Add(d, bf(1)), bf(2)))
	}
}

// refSparsePlus returns 0, (x+1)²/4 or x, and 0, (x+1)/2 or 1.
func refSparsePlus(x float64) (y, dy float64) {
	switch {
	case x <= -1:
		return 0, 0
	case x >= 1:
		return x, 1
	}
	h := newBig().Quo(newBig().Add(bf(x), bf(1)), bf(2))
	return f64(newBig().Mul(h, h)), f64(h)
}

// refSwishBeta returns x·σ(βx), σ(βx)(1 + βx·σ(-βx)) and x²·σ(βx)σ(-βx),
// with βx exact.
func refSwishBeta(beta float64) func(float64) (y, dy, dbeta float64) {
	return func(x float64) (y, dy, dbeta float64) {
		v := newBig().Mul(bf(beta), bf(x))
		switch {
		case v.Cmp(bf(-5000)) < 0:
			return math.Copysign(0, x), math.Copysign(0, -1), 0
		case v.Cmp(bf(5000)) > 0:
			return x, 1, 0
		}
		s, c := bigSigmoid(v), bigSigmoid(newBig().Neg(v))
		d := newBig().Mul(v, c)
		d.Add(d, bf(1)).Mul(d, s)
		t := newBig().Mul(bf(x), bf(x))
		t.Mul(t, s).Mul(t, c)
		return f64(newBig().Mul(bf(x), s)), f64(d), f64(t)
	}
}

// swishBetaTerms is swishTerms for Swish-β: the scale of σ(v) + v·σ(v)σ(-v)
// at v = βx.
func swishBetaTerms(beta float64) func(float64) float64 {
	return func(x float64) float64 { return swishTerms(beta * x) }
}

// refReLUSquared returns max(0, x)² and 2·max(0, x).
func refReLUSquared(x float64) (y, dy float64) {
	if !(x > 0) {
		return 0, 0
	}
	return f64(newBig().Mul(bf(x), bf(x))), f64(newBig().Mul(bf(2), bf(x)))
}

// bigTanh returns tanh v = expm1(2v)/(expm1(2v)+2) and sech² v =
// 4e^-2|v|/(1+e^-2|v|)².
func bigTanh(v *big.Float) (t, sech2 *big.Float) {
	a := newBig().Abs(v)
	if a.Cmp(bf(5000)) > 0 {
		return bf(float64(v.Sign())), newBig()
	}
	m := bigExpm1(newBig().Mul(bf(2), a))
	t = newBig().Quo(m, newBig().Add(m, bf(2)))
	if v.Sign() < 0 {
		t.Neg(t)
	}
	e := bigExp(newBig().Mul(bf(-2), a))
	d := newBig().Add(bf(1), e)
	return t, newBig().Quo(newBig().Mul(bf(4), e), newBig().Mul(d, d))
}

// refSoftcap returns c·tanh(x/c) and sech²(x/c), with x/c exact.
func refSoftcap(c float64) func(float64) (float64, float64) {
	return func(x float64) (y, dy float64) {
		t, sech2 := bigTanh(newBig().Quo(bf(x), bf(c)))
		return f64(t.Mul(t, bf(c))), f64(sech2)
	}
}

// refLaplace returns Φ(z) = erfc(-z/√2)/2 and φ(z)/σ, z = (x - μ)/σ
// exact.
func refLaplace(mu, sigma float64) func(float64) (float64, float64) {
	return func(x float64) (y, dy float64) {
		z := newBig().Sub(bf(x), bf(mu))
		z.Quo(z, bf(sigma))
		switch {
		case z.Cmp(bf(60)) > 0:
			return 1, 0
		case z.Cmp(bf(-60)) < 0:
			return 0, 0
		}
		cdf := bigErfc(newBig().Quo(newBig().Neg(z), newBig().Sqrt(bf(2))))
		pdf := bigExp(newBig().Quo(newBig().Mul(newBig().Neg(z), z), bf(2)))
		pdf.Quo(pdf, newBig().Sqrt(newBig().Mul(bf(2), bigPi)))
		return f64(cdf.Quo(cdf, bf(2))), f64(pdf.Quo(pdf, bf(sigma)))
	}
}

// refClippedGELU returns GELU clipped to [lo, hi], with derivative 0
// where a clip holds.
func refClippedGELU(lo, hi float64) func(float64) (float64, float64) {
	return func(x float64) (y, dy float64) {
		y, dy = refGELU(x)
		switch {
		case y < lo:
			return lo, 0
		case y > hi:
			return hi, 0
		}
		return y, dy
	}
}
