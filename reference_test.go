package activation

import (
	"math"
	"math/big"
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
// equal (±0 included) or both NaN, +Inf when only one is NaN.
func ulps(a, b float64) float64 {
	if a != a || b != b {
		if a != a && b != b {
			return 0
		}
		return math.Inf(1)
	}
	return math.Abs(float64(ordered(a) - ordered(b)))
}

// ordered maps float64 bit patterns onto integers in the order of the values.
func ordered(x float64) int64 {
	i := int64(math.Float64bits(x))
	if i < 0 {
		return math.MinInt64 - i
	}
	return i
}
