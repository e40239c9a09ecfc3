package main

// The kernels of the layers built on the exponential. Each stops at a group
// with an element its Go loop takes to its scalar tail (out of range, or
// NaN), which the Go code then does.

// pair is the signature of a kernel that sets y and, unless dy is empty,
// dy from x.
const pair = "(y, dy, x []float64) int"

var sigmoidVector = &Kernel{
	Name: "sigmoidVector", File: "sigmoid", Sig: pair,
	Doc: `Sets y = σ(x) and, unless dy is empty, dy = σ(x)(1-σ(x)), as
sigmoidLoop does; returns how many it did. It stops before the first
group with an |x| > logisticRange, or NaN.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x := b.Load("x")
		s, c := logistic(b, x, inRange(b, x, "logisticRange"))
		b.Store("y", s)
		b.Store("dy", b.Mul(s, c))
	},
}

var swishVector = &Kernel{
	Name: "swishVector", File: "swish", Sig: pair,
	Doc: `As sigmoidVector for y = x·σ(x) and dy = σ(x)(1 + x(1-σ(x))), the
sum fused, as swishLoop does.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x := b.Load("x")
		s, c := logistic(b, x, inRange(b, x, "logisticRange"))
		b.Store("y", b.Mul(x, s))
		b.Store("dy", b.Mul(s, b.FMA(x, c, b.Num(1))))
	},
}

var swishBetaVector = &Kernel{
	Name: "swishBetaVector", File: "swish", Sig: "(y, d, t, x []float64, beta float64) int",
	Doc: `Sets, of y = x·σ(βx), d = σ(βx)(1 + βx(1-σ(βx))) and
t = x²·σ(βx)(1-σ(βx)), those whose slice is not empty, as swishBetaLoop
does for |βx| <= logisticRange and |x| <= 2^511, where x² is finite;
returns how many it did, stopping at an x out of that range or NaN.`,
	Optional: []string{"y", "d", "t"}, Grad: "d", Wide: true,
	Body: func(b *B) {
		x, beta := b.Load("x"), b.Arg("beta")
		v := b.Mul(beta, x).As("v = βx")
		av := b.Abs(v)
		b.StopUnless(b.MAnd(b.LE(av, b.Const("logisticRange")), b.LE(b.Abs(x), b.Num(0x1p511))))
		vl := b.FMS(beta, x, v).As("vl = βx - v")
		k, m := expParts(b, av)
		e := b.FMA(k, m, k).As("e = e^-|v|")
		h := b.Add(b.Num(1), e)
		l := b.Sub(e, b.Sub(h, b.Num(1)))
		p := recip(b, h, l)
		neg := b.LT(v, b.Num(0))
		q := b.Mul(e, p)
		s, c := b.Select(neg, q, p), b.Select(neg, p, q)
		pp := b.Mul(p, p)
		sc := b.Mul(k, b.FMA(m, pp, pp)).As("sc = σ(v)σ(-v)")
		// At v+vl, to first order: σ = s + sc·vl, 1-σ = c - sc·vl, and
		// σ(1-σ) = sc·(1 + (c-s)·vl).
		dsc := b.FMA(b.Mul(sc, b.Sub(c, s)), vl, sc)
		s, c = b.FMA(sc, vl, s), b.FNMA(sc, vl, c)
		xx, xxl := twoProd(b, x, x)
		b.Store("y", b.Mul(x, s))
		b.Store("d", b.Mul(s, b.FMA(v, c, b.FMA(vl, c, b.Num(1)))))
		b.Store("t", b.FMA(xx, dsc, b.Mul(xxl, dsc)))
	},
}

var exponentialVector = &Kernel{
	Name: "exponentialVector", File: "exponential", Sig: pair,
	Doc: `As sigmoidVector for y = e^x and dy = e^x, as exponentialLoop does
for |x| <= logisticRange.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x := b.Load("x")
		inRange(b, x, "logisticRange")
		e, _, _ := expOf(b, x)
		b.Store("y", e)
		b.Store("dy", e)
	},
}

var tanhVector = &Kernel{
	Name: "tanhVector", File: "tanh", Sig: pair,
	Doc: `As sigmoidVector for y = tanh x and dy = 1 - tanh² x, as tanhLoop
does, for |x| <= tanhRange.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		t, dt := tanhOf(b, b.Load("x"))
		b.Store("y", t)
		b.Store("dy", dt)
	},
}

var tanhshrinkVector = &Kernel{
	Name: "tanhshrinkVector", File: "shrink", Sig: pair,
	Doc: `As sigmoidVector for y = x - tanh x and dy = tanh² x, as tanhshrink
does for |x| <= tanhRange: by the continued fraction's polynomials up to
tanhshrinkSplit, from the exponential's parts beyond, both computed and
one kept.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x := b.Load("x")
		a := inRange(b, x, "tanhRange")
		// Up to the split: a - tanh a = a³·r.
		t := b.Mul(a, a)
		q := horner(b, "tanhcfQ", 6, t)
		small := b.LT(t, b.Num(1))
		r := b.Select(small,
			b.Sub(b.Const("third"), b.Div(b.Mul(t, horner(b, "tanhcfE", 5, t)), b.Mul(b.Num(3), q))),
			b.Div(horner(b, "tanhcfP", 5, t), q))
		rl := b.Zero(small, b.Const("thirdLo"))
		c, cl := twoProd(b, a, t)
		cl = b.FMA(a, b.FMS(a, a, t), cl)
		f := b.FMA(c, r, b.FMA(cl, r, b.Mul(c, rl))).As("f = a - tanh a")
		th, tl := twoSum(b, a, b.Neg(f))
		sq := b.Mul(th, th)
		fsq := b.Add(sq, b.FMA(b.Add(th, th), tl, b.FMS(th, th, sq))).As("tanh² a")
		// Beyond: (a - 1) + 2e·p and 1 - 4e·p², e = e^-2a, p = 1/(1+e).
		s, m := expParts(b, b.Add(a, a))
		e := b.FMA(s, m, s)
		d := b.FMA(s, m, b.Sub(s, b.Num(1)))
		h := b.Add(b.Num(2), d)
		p := recip(b, h, b.Sub(d, b.Sub(h, b.Num(2))))
		e2 := b.Add(e, e)
		big := b.Add(b.Sub(a, b.Num(1)), b.Mul(e2, p))
		bsq := b.Sub(b.Num(1), b.Mul(b.Mul(b.Add(e2, e2), p), p))
		split := b.LE(a, b.Const("tanhshrinkSplit"))
		b.Store("y", b.CopySign(b.Select(split, f, big), x))
		b.Store("dy", b.Select(split, fsq, bsq))
	},
}

var softplusVector = &Kernel{
	Name: "softplusVector", File: "softplus", Sig: "(y, dy, x []float64, beta, threshold float64) int",
	Doc: `As sigmoidVector for y = log(1+e^(βx))/β and dy = σ(βx), as
softplusLoop does where |βx| <= logisticRange and βx <= threshold.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x, beta := b.Load("x"), b.Arg("beta")
		p := b.Mul(beta, x).As("p = βx")
		ap := b.Abs(p)
		b.StopUnless(b.MAnd(b.LE(ap, b.Const("logisticRange")), b.LE(p, b.Arg("threshold"))))
		pl := b.FMS(beta, x, p).As("pl = βx - p")
		sp, s := softplusOf(b, p, ap, pl)
		b.Store("y", b.Div(sp, beta))
		b.Store("dy", s)
	},
}

var sqrtSoftplusVector = &Kernel{
	Name: "sqrtSoftplusVector", File: "softplus", Sig: pair,
	Doc: `As sigmoidVector for y = √log(1+e^x) and dy = σ(x)/(2y), as
sqrtSoftplusLoop does for |x| <= logisticRange.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x := b.Load("x")
		sp, s := softplusOf(b, x, inRange(b, x, "logisticRange"), nil)
		y := b.Sqrt(sp)
		b.Store("y", y)
		b.Store("dy", b.Div(s, b.Mul(b.Num(2), y)))
	},
}

// softplusOf returns log(1+e^(p+pl)) and σ(p+pl) from p and ap = |p| <=
// logisticRange, as softplusLoop does before it divides by β. pl is nil
// where it is 0, as for β = 1: the operations on it would leave every bit
// as it is.
func softplusOf(b *B, p, ap, pl *V) (sp, s *V) {
	w, _, _ := expNeg(b, ap)
	positive := b.GT(p, b.Num(0))
	if pl != nil {
		w = b.Select(positive, w, b.FMA(w, pl, w)).As("w")
	}
	l := log1pUnit(b, w)
	tail := l
	if pl != nil {
		tail = b.Add(pl, l)
	}
	return b.Select(positive, b.Add(p, tail), l), b.Div(b.Select(positive, b.Num(1), w), b.Add(b.Num(1), w))
}

var eluVector = &Kernel{
	Name: "eluVector", File: "elu", Sig: "(y, dy, x []float64, scale, sa float64) int",
	Doc: `As sigmoidVector for y = scale·x, dy = scale where x > 0 and
y = sa·(e^x - 1), dy = sa·e^x elsewhere, as eluLoop does for
x >= -logisticRange.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x, scale, sa := b.Load("x"), b.Arg("scale"), b.Arg("sa")
		b.StopUnless(b.GE(x, b.Const("-logisticRange")))
		s, m := expPartsOf(b, b.Min(x, b.Num(0)))
		pos := b.GT(x, b.Num(0))
		b.Store("y", b.Select(pos, b.Mul(scale, x), b.Mul(sa, b.CopySign(b.FMA(s, m, b.Sub(s, b.Num(1))), x))))
		b.Store("dy", b.Select(pos, scale, b.Mul(sa, b.Mul(b.Add(b.Num(1), m), s))))
	},
}

var celuVector = &Kernel{
	Name: "celuVector", File: "elu", Sig: "(y, dy, x []float64, alpha float64) int",
	Doc: `As sigmoidVector for y = x, dy = 1 where x >= 0 and, with u = x/α in
double-double, y = α(e^u - 1), dy = e^u elsewhere, as celuLoop does for
u >= -logisticRange.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x, alpha := b.Load("x"), b.Arg("alpha")
		t := b.Min(x, b.Num(0))
		u := b.Div(t, alpha).As("u")
		b.StopUnless(b.GE(u, b.Const("-logisticRange")))
		ul := b.Div(b.FNMA(u, alpha, t), alpha).As("ul")
		s, m := expPartsOf(b, u)
		e := b.FMA(s, m, s)
		nonNeg := b.GE(x, b.Num(0))
		b.Store("y", b.Select(nonNeg, x, b.Mul(alpha, b.FMA(e, ul, b.FMA(s, m, b.Sub(s, b.Num(1)))))))
		b.Store("dy", b.Select(nonNeg, b.Num(1), b.FMA(e, ul, e)))
	},
}

var mishVector = &Kernel{
	Name: "mishVector", File: "mish", Sig: pair,
	Doc: `As sigmoidVector for y = x·tanh(softplus(x)) and its derivative, as
mish does for |x| <= logisticRange: both of its branches on every lane,
then a blend.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x := b.Load("x")
		e, _, _ := expNeg(b, inRange(b, x, "logisticRange"))
		e2 := b.Add(e, e)
		// x > 0: n = 1 + 2e, d = 2e·e + n.
		n := b.Add(b.Num(1), e2)
		d := b.FMA(e2, e, n)
		yPos := b.Mul(x, b.Div(n, d))
		dyPos := b.Div(b.FMA(b.Mul(b.Mul(b.Add(e2, e2), e), x), b.Add(b.Num(1), e), b.Mul(n, d)), b.Mul(d, d))
		// x <= 0: n = e·e + 2e, d + dl = n + 2.
		n = b.FMA(e, e, e2)
		d, dl := twoSum(b, n, b.Num(2))
		x4 := b.Mul(b.Num(4), x)
		inner := b.FMA(x4, e, b.FMA(b.Add(e, b.Num(2)), d, x4))
		num, numl := twoProd(b, e, inner)
		den, denl := twoProd(b, d, d)
		denl = b.FMA(b.Add(d, d), dl, denl)
		q := b.Div(num, den)
		q = b.Add(q, b.Div(b.FNMA(q, denl, b.Add(b.FNMA(q, den, num), numl)), den))
		pos := b.GT(x, b.Num(0))
		b.Store("y", b.Select(pos, yPos, b.Mul(x, b.Div(n, d))))
		b.Store("dy", b.Select(pos, dyPos, q))
	},
}

var geluTanhVector = &Kernel{
	Name: "geluTanhVector", File: "gelu", Sig: pair,
	Doc: `As sigmoidVector for GELU's tanh form y = x·σ(v), v = k1·x + k3·x³ in
double-double, and its derivative, as geluTanhLoop does where
|v| <= logisticRange.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x := b.Load("x")
		k1, k1l, k3, k3l := b.Const("geluTanhK1Hi"), b.Const("geluTanhK1Lo"), b.Const("geluTanhK3Hi"), b.Const("geluTanhK3Lo")
		x2, x2l := twoProd(b, x, x)
		x3 := b.Mul(x2, x)
		x3l := b.FMA(x2l, x, b.FMS(x2, x, x3))
		dv := b.FMA(b.Const("geluTanh3K3"), x2l, b.FMA(b.Const("geluTanh3K3"), x2, k1)).As("v'")
		a := b.Mul(k3, x3)
		al := b.FMA(k3l, x3, b.FMA(k3, x3l, b.FMS(k3, x3, a)))
		bb := b.Mul(k1, x)
		bl := b.FMA(k1l, x, b.FMS(k1, x, bb))
		v, vl := twoSum(b, a, bb)
		vl = b.Add(vl, b.Add(al, bl)).As("vl")
		s, c := logistic(b, v, inRange(b, v, "logisticRange"))
		// σ(v+vl) = s + s·c·vl, and 1 - σ(v+vl) = c - s·c·vl, to first
		// order; y' = σ(1 + x(1-σ)v'), one fused sum.
		sc := b.Mul(s, c)
		s, c = b.FMA(sc, vl, s), b.FNMA(sc, vl, c)
		xc, xcl := twoProd(b, x, c)
		b.Store("y", b.Mul(x, s))
		b.Store("dy", b.Mul(s, b.FMA(xcl, dv, b.FMA(xc, dv, b.Num(1)))))
	},
}

var geluVector = &Kernel{
	Name: "geluVector", File: "gelu", Sig: pair,
	Doc: `As sigmoidVector for the exact GELU y = x·Φ(x) and its derivative
Φ(x) + x·φ(x), Φ(x) = erfc(-x/√2)/2, as gelu does for |x| <= geluRange.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x := b.Load("x")
		y, dy := geluOf(b, x)
		b.Store("y", y)
		b.Store("dy", dy)
	},
}

// geluOf returns x·Φ(x) and Φ(x) + x·φ(x) as gelu does, stopping the
// kernel at a group with an |x| above geluRange, or a NaN.
func geluOf(b *B, x *V) (y, dy *V) {
	inRange(b, x, "geluRange")
	h, l := twoProd(b, x, x)
	g := gauss(b, h, l)
	th, tl := negInvSqrt2(b, x)
	phi := normalCDF(b, th, tl, g)
	return b.Mul(x, phi), b.FMA(x, b.Mul(g, b.Const("invSqrt2Pi")), phi)
}

// negInvSqrt2 returns -z/√2 in double-double, as negInvSqrt2 does.
func negInvSqrt2(b *B, z *V) (th, tl *V) {
	nz := b.Neg(z)
	th = b.Mul(nz, b.Const("invSqrt2Hi"))
	return th, b.FMA(nz, b.Const("invSqrt2Lo"), b.FMS(nz, b.Const("invSqrt2Hi"), th))
}

// gauss returns e^(-z²/2) from h + l = z², e^(-h/2) corrected for l, as
// normalCDF does.
func gauss(b *B, h, l *V) *V {
	k, m := expPartsOf(b, b.Mul(b.Neg(h), b.Num(0.5)))
	g := b.Mul(b.Add(b.Num(1), m), k)
	return b.FMA(g, b.Mul(b.Neg(l), b.Num(0.5)), g).As("e^(-z²/2)")
}

// normalCDF returns Φ(z) from th + tl = -z/√2 and g = e^(-z²/2), as
// normalCDF does: erfc(th + tl) = erfc(th) - tl·(2/√π)e^(-th²).
func normalCDF(b *B, th, tl, g *V) *V {
	return b.FMA(b.Mul(b.Neg(tl), b.Const("invSqrtPi")), g, b.Mul(erfc(b, th), b.Num(0.5))).As("Φ(z)")
}
