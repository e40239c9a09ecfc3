package activation

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// bigExpm1MinusX returns e^t - 1 - t for t <= 0: by its series
// Σ t^k/k!, k >= 2, for t >= -1, which does not cancel against t itself
// however small t is.
func bigExpm1MinusX(t float64) *big.Float {
	if t < -1 {
		if t < -5000 {
			return newBig().Sub(bf(-1), bf(t))
		}
		e := newBig().Sub(bigExp(bf(t)), bf(1))
		return e.Sub(e, bf(t))
	}
	bt := bf(t)
	term := newBig().Quo(newBig().Mul(bt, bt), bf(2))
	sum := newBig()
	for k := 3; term.Sign() != 0 && (sum.Sign() == 0 || term.MantExp(nil) > sum.MantExp(nil)-refPrec-8); k++ {
		sum.Add(sum, term)
		term.Mul(term, bt)
		term.Quo(term, bf(float64(k)))
	}
	return sum
}

// refXIELU returns xIELU's y, y', and y's derivatives in αp and αn, with
// αp = softplus(rp) and αn = β + softplus(rn) exact; and the magnitudes
// of the terms of y and of y' as the layer forms them (αn·E and βx, or
// αn(e^x - 1) and softplus(rn)·x where x < -1 and x <= ε; αn·e^x and
// softplus(rn)), for where they cancel.
func refXIELU(rp, rn, beta, eps float64) func(float64) (y, dy, tp, tn, yTerms, dyTerms float64) {
	ap, spn := bigSoftplus(rp), bigSoftplus(rn)
	an := newBig().Add(bf(beta), spn)
	return func(x float64) (y, dy, tp, tn, yTerms, dyTerms float64) {
		bx := bf(x)
		if x > 0 {
			xx := newBig().Mul(bx, bx)
			v := newBig().Mul(ap, xx)
			v.Add(v, newBig().Mul(bf(beta), bx))
			d := newBig().Mul(newBig().Mul(bf(2), ap), bx)
			d.Add(d, bf(beta))
			return f64(v), f64(d), f64(xx), 0, math.Abs(f64(v)), math.Abs(f64(d))
		}
		t := min(x, eps)
		em1 := bf(-1) // e^t - 1
		switch {
		case t >= -1:
			em1 = bigExpm1(bf(t))
		case t > -5000:
			em1 = newBig().Sub(bigExp(bf(t)), bf(1))
		}
		e := newBig().Sub(bigExpm1MinusX(t), newBig().Sub(bx, bf(t)))
		ae := newBig().Mul(an, e)
		v := newBig().Add(ae, newBig().Mul(bf(beta), bx))
		yTerms = math.Abs(f64(ae)) + math.Abs(beta*x)
		if x < -1 && x <= eps {
			yTerms = math.Abs(f64(newBig().Mul(an, em1))) + math.Abs(f64(spn)*x)
		}
		d := newBig().Neg(spn)
		dyTerms = f64(spn)
		if x <= eps {
			ex := newBig().Mul(an, newBig().Add(em1, bf(1)))
			d.Add(d, ex)
			dyTerms += f64(ex)
		}
		return f64(v), f64(d), 0, f64(e), yTerms, dyTerms
	}
}

// termScale returns by how much the terms of a sum exceed it, at least 1: the
// factor by which its error may exceed 4 ulp of itself.
func termScale(terms, sum float64) float64 {
	if k := terms / math.Abs(sum); k > 1 {
		return k
	}
	return 1
}

// xieluCase is an xIELU layer with its parameters set.
type xieluCase struct {
	name                      string
	alphaP, alphaN, beta, eps float64
	rp, rn                    float64 // set after construction, unless both are 0
}

var xieluCases = []xieluCase{
	{"defaults", 0.8, 0.8, 0.5, -1e-6, 0, 0},
	{"trained", 0.8, 0.8, 0.5, -1e-6, -2.5, 1.75},
	{"eps 0", 1.5, 2, 0.25, 0, 0, 0},
	{"eps -3", 0.3, 0.7, 0.1, -3, 0, 0},
	{"beta 0", 0.8, 0.8, 0, -1e-6, 30, -40},
}

func (c xieluCase) make() *XIELU {
	l := NewXIELU(c.alphaP, c.alphaN, c.beta, c.eps)
	if c.rp != 0 || c.rn != 0 {
		l.Params()["alpha_p"].Value.Set(0, 0, c.rp)
		l.Params()["alpha_n"].Value.Set(0, 0, c.rn)
	}
	return l
}

func (c xieluCase) ref(l *XIELU) func(float64) (y, dy, tp, tn, yTerms, dyTerms float64) {
	return refXIELU(l.Params()["alpha_p"].Value.At(0, 0), l.Params()["alpha_n"].Value.At(0, 0), c.beta, c.eps)
}

// TestXIELUAgainstHighPrecision sweeps every binade and the pieces' edges
// for y and y', and checks the parameters' terms of each element, x² and
// e^min(x, ε) - 1 - x, within 4 ulp.
func TestXIELUAgainstHighPrecision(t *testing.T) {
	for _, c := range xieluCases {
		t.Run(c.name, func(t *testing.T) {
			xs := append(sweep(points(6000)), c.eps, math.Nextafter(c.eps, 0), math.Nextafter(c.eps, -1), -0.5, math.Nextafter(-0.5, 0), -1, math.Nextafter(-1, 0),
				-708, -709, 0, math.Copysign(0, -1), 5e-324, -5e-324, 1e154, -1e300)
			l := c.make()
			ref := c.ref(l)
			y, dy := forwardBackward(l, xs)
			q := l.kq
			for i, x := range xs {
				wy, wdy, wtp, wtn, yTerms, dyTerms := ref(x)
				assert.LessOrEqual(t, ulps(y[i], wy), 4*termScale(yTerms, wy), "y(%v) = %v, want %v", x, y[i], wy)
				assert.LessOrEqual(t, ulps(dy[i], wdy), 4*termScale(dyTerms, wdy), "y'(%v) = %v, want %v", x, dy[i], wdy)
				_, _, tp, tn := xieluElem(x, &q)
				assert.LessOrEqual(t, ulps(tp, wtp), 4.0, "dy/dαp(%v) = %v, want %v", x, tp, wtp)
				assert.LessOrEqual(t, ulps(tn, wtn), 4.0, "dy/dαn(%v) = %v, want %v", x, tn, wtn)
			}
		})
	}
}

// TestXIELUNearZero holds y and e^x - 1 - x to 4 ulp of themselves where
// the usual expm1(x) - x cancels: at -1e-4 it loses about 4 of 16 digits
// (checked here too), at -0.1 one; at -1e-8, inside (ε, 0], and at
// -9.999995e-7, where e^ε - 1 - x nears 0, the constant e^ε - 1 is taken
// in double-double.
func TestXIELUNearZero(t *testing.T) {
	l := NewXIELU(0.8, 0.8, 0.5, -1e-6)
	ref := refXIELU(l.Params()["alpha_p"].Value.At(0, 0), l.Params()["alpha_n"].Value.At(0, 0), 0.5, -1e-6)
	xs := []float64{-1e-8, -1e-4, -0.1, -9.999995e-7, -1e-6, -2e-6, -0.3, -0.5}
	y, _ := forwardBackward(l, xs)
	for i, x := range xs {
		wy, _, _, wtn, _, _ := ref(x)
		_, _, _, tn := xieluElem(x, &l.kq)
		assert.LessOrEqual(t, ulps(y[i], wy), 4.0, "y(%v) = %v, want %v", x, y[i], wy)
		assert.LessOrEqual(t, ulps(tn, wtn), 4.0, "e^min(x,ε) - 1 - x at %v = %v, want %v", x, tn, wtn)
	}
	naive := math.Expm1(-1e-4) + 1e-4
	_, _, _, want, _, _ := ref(-1e-4)
	assert.Greater(t, ulps(naive, want), 1000.0, "expm1(x) - x at -1e-4 = %v, want %v: it cancels", naive, want)
}

// TestXIELUParamGrads checks dLoss/drp and dLoss/drn against the sums of
// the exact terms times σ(rp) and σ(rn), the terms' magnitudes bounding
// the error as for SwishBeta's β.
func TestXIELUParamGrads(t *testing.T) {
	rng := rand.New(rand.NewPCG(100, 101))
	for _, c := range xieluCases {
		x, g := randomDense(rng, 23, 11, 3), randomDense(rng, 23, 11, 1)
		l := c.make()
		rp, rn := l.Params()["alpha_p"].Value.At(0, 0), l.Params()["alpha_n"].Value.At(0, 0)
		ref := refXIELU(rp, rn, c.beta, c.eps)
		l.Forward(x, true)
		l.Backward(g)
		for _, k := range []struct {
			name string
			r    float64
			term func(x float64) float64
		}{
			{"alpha_p", rp, func(x float64) float64 { _, _, tp, _, _, _ := ref(x); return tp }},
			{"alpha_n", rn, func(x float64) float64 { _, _, _, tn, _, _ := ref(x); return tn }},
		} {
			sum, size := newBig(), newBig()
			for i := range 23 {
				for j := range 11 {
					gt := newBig().Mul(bf(g.At(i, j)), bf(k.term(x.At(i, j))))
					sum.Add(sum, gt)
					size.Add(size, gt.Abs(gt))
				}
			}
			s := bigSigmoid(bf(k.r))
			want := f64(sum.Mul(sum, s))
			bound := 4 * termScale(f64(size.Mul(size, s)), want)
			got := l.Params()[k.name].Grad.At(0, 0)
			assert.LessOrEqual(t, ulps(got, want), bound, "%s: dL/d%s = %v, want %v", c.name, k.name, got, want)
		}
	}
}

// TestXIELUVectorMatchesElements checks xieluVector and xieluGradVector as
// TestSwishBetaVectorMatchesElements checks SwishBeta's: every path, every
// length up to 40, unaligned starts, the pieces' edges among the inputs,
// bit for bit against xieluElem.
func TestXIELUVectorMatchesElements(t *testing.T) {
	rng := rand.New(rand.NewPCG(102, 103))
	for _, c := range xieluCases {
		l := c.make()
		q, _, _ := l.paramsOf(l.Params()["alpha_p"].Value.At(0, 0), l.Params()["alpha_n"].Value.At(0, 0))
		specials := []float64{nan, inf, -inf, 0, math.Copysign(0, -1), c.eps, math.Nextafter(c.eps, 0), -0.5, math.Nextafter(-0.5, 0), -1, math.Nextafter(-1, 0),
			-708, math.Nextafter(-708, -709), 1e200, -1e-300, 5e-324}
		for _, path := range vectorPaths() {
			for n := 0; n <= 40; n++ {
				for off := range 3 {
					x := make([]float64, off+n)
					for i := range x {
						x[i] = 3 * rng.NormFloat64()
						if rng.IntN(6) == 0 {
							x[i] = specials[rng.IntN(len(specials))]
						}
					}
					y, d, tp, tn := make([]float64, off+n), make([]float64, off+n), make([]float64, off+n), make([]float64, off+n)
					path.run(func() {
						for i := off; i < off+n; {
							i += xieluVector(y[i:], x[i:], &q)
							for end := min(i+4, off+n); i < end; i++ {
								y[i], _, _, _ = xieluElem(x[i], &q)
							}
						}
						for i := off; i < off+n; {
							i += xieluGradVector(d[i:], tp[i:], tn[i:], x[i:], &q)
							for end := min(i+4, off+n); i < end; i++ {
								_, d[i], tp[i], tn[i] = xieluElem(x[i], &q)
							}
						}
					})
					for i := off; i < off+n; i++ {
						wy, wd, wp, wn := xieluElem(x[i], &q)
						require.Zero(t, ulps(y[i], wy), "%s %s: y(%v) = %v, want %v", c.name, path.name, x[i], y[i], wy)
						require.Zero(t, ulps(d[i], wd), "%s %s: d(%v) = %v, want %v", c.name, path.name, x[i], d[i], wd)
						require.Zero(t, ulps(tp[i], wp), "%s %s: tp(%v) = %v, want %v", c.name, path.name, x[i], tp[i], wp)
						require.Zero(t, ulps(tn[i], wn), "%s %s: tn(%v) = %v, want %v", c.name, path.name, x[i], tn[i], wn)
					}
				}
			}
		}
	}
}

func TestXIELUSpecialValues(t *testing.T) {
	l := NewXIELU(0.8, 0.8, 0.5, -1e-6)
	spn := 0.8 - 0.5 // softplus(rn), to within its rounding
	y, dy := forwardBackward(l, []float64{inf, -inf, nan, 0})
	assert.Equal(t, inf, y[0])
	assert.Equal(t, inf, dy[0])
	assert.Equal(t, inf, y[1])
	assert.InDelta(t, -spn, dy[1], 1e-15)
	assert.True(t, math.IsNaN(y[2]) && math.IsNaN(dy[2]))
	// At 0, in (ε, 0]: αn·(e^ε - 1) + 0 and -softplus(rn).
	assert.InDelta(t, 0.8*math.Expm1(-1e-6), y[3], 1e-20)
	assert.InDelta(t, -spn, dy[3], 1e-15)
	// The starting αp and αn are the constructor's, through softplus.
	q := l.kq
	assert.LessOrEqual(t, ulps(q.ap, 0.8), 2.0, "αp = %v", q.ap)
	assert.LessOrEqual(t, ulps(q.an, 0.8), 2.0, "αn = %v", q.an)
	x := mat.NewDense(1, 1, []float64{2})
	assert.InDelta(t, 0.8*4+0.5*2, l.Forward(x, false).At(0, 0), 1e-14)
}

// xieluElem returns y, y', and y's derivatives in αp (x² for x > 0, else
// 0) and in αn (e^min(x, ε) - 1 - x for x <= 0, else 0), as xieluLoop
// does.
func xieluElem(x float64, q *xieluParams) (y, d, tp, tn float64) {
	var ys, ds, ps, ns [1]float64
	xieluLoop(ys[:], ds[:], ps[:], ns[:], []float64{x}, q)
	return ys[0], ds[0], ps[0], ns[0]
}
