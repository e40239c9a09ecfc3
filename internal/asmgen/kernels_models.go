package main

// The kernels of the activations of today's transformer, vision and audio
// models: ReLU², Softcap, the clipped GELU, Laplace and xIELU. QuickGELU
// and the gpt-oss SwiGLU run on swishBetaVector.

var reluSquaredVector = &Kernel{
	Name: "reluSquaredVector", File: "models", Sig: "(y, dy, x []float64, stream bool) int",
	Doc: `Sets y = max(0, x)² and, unless dy is empty, dy = 2·max(0, x), as
reluSquared does; returns how many it did.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true, Group: 4, Stream: []string{"y", "dy"},
	Body: func(b *B) {
		r := b.Max(b.Load("x"), b.Num(0))
		b.Store("y", b.Mul(r, r))
		b.Store("dy", b.Add(r, r))
	},
}

var softcapVector = &Kernel{
	Name: "softcapVector", File: "models", Sig: "(y, dy, x []float64, c float64) int",
	Doc: `Sets y = c·tanh(x/c) and, unless dy is empty, dy = sech²(x/c), x/c
in double-double, as softcapLoop does; returns how many it did, stopping
before the first group with an |x/c| > tanhRange, or NaN.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x, c := b.Load("x"), b.Arg("c")
		u := b.Div(x, c).As("u = x/c")
		t, dt := tanhOf(b, u)
		ul := b.Div(b.FNMA(u, c, x), c).As("ul = x/c - u")
		tiny := b.LT(b.Abs(u), b.Num(0x1p-27))
		b.Store("y", b.Select(tiny, x, b.Mul(c, b.FMA(dt, ul, t))))
		b.Store("dy", b.Select(tiny, b.Num(1), b.FMA(b.Mul(b.Mul(b.Num(-2), t), ul), dt, dt)))
	},
}

var clippedGELUVector = &Kernel{
	Name: "clippedGELUVector", File: "models", Sig: "(y, dy, x []float64, lo, hi float64) int",
	Doc: `As geluVector for the exact GELU clipped to [lo, hi] and its
derivative, 0 where a clip holds, as clippedGELU does.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		lo, hi := b.Arg("lo"), b.Arg("hi")
		g, d := geluOf(b, b.Load("x"))
		below, above := b.LT(g, lo), b.GT(g, hi)
		b.Store("y", b.Select(below, lo, b.Select(above, hi, g)))
		b.Store("dy", b.Select(b.MOr(below, above), b.Num(0), d))
	},
}

var laplaceVector = &Kernel{
	Name: "laplaceVector", File: "models", Sig: "(y, dy, x []float64, mu, sigma, k float64) int",
	Doc: `Sets y = Φ(z) and, unless dy is empty, dy = e^(-z²/2)·k, z = (x - μ)/σ
in double-double, as laplace does where |z| <= geluRange; returns how many
it did, stopping before the first group with a z out of that range, or
NaN.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x, sigma := b.Load("x"), b.Arg("sigma")
		dh, dl := twoSum(b, x, b.Neg(b.Arg("mu")))
		zh := b.Div(dh, sigma).As("z")
		inRange(b, zh, "geluRange")
		zl := b.Div(b.Add(b.FNMA(zh, sigma, dh), dl), sigma).As("zl")
		h, l := twoProd(b, zh, zh)
		g := gauss(b, h, b.FMA(b.Mul(b.Num(2), zh), zl, l))
		th, tl := negInvSqrt2(b, zh)
		phi := normalCDF(b, th, b.FNMA(zl, b.Const("invSqrt2Hi"), tl), g)
		b.Store("y", phi)
		b.Store("dy", b.Mul(g, b.Arg("k")))
	},
}

var xieluVector = &Kernel{
	Name: "xieluVector", File: "models", Sig: "(y, x []float64, q *xieluParams) int",
	Doc: `Sets y = xIELU(x), as xieluLoop does for x >= -logisticRange; returns
how many it did, stopping at an x out of that range, or NaN.`,
	Wide: true,
	Body: func(b *B) {
		y, _, _, _ := xieluOf(b, b.Load("x"))
		b.Store("y", y)
	},
}

var xieluGradVector = &Kernel{
	Name: "xieluGradVector", File: "models", Sig: "(d, tp, tn, x []float64, q *xieluParams) int",
	Doc: `Sets xIELU's derivative d and its derivatives in αp and αn, tp and tn,
as xieluLoop does for x >= -logisticRange; returns how many it did,
stopping at an x out of that range, or NaN.`,
	N: "x", Wide: true,
	Body: func(b *B) {
		_, d, tp, tn := xieluOf(b, b.Load("x"))
		b.Store("d", d)
		b.Store("tp", tp)
		b.Store("tn", tn)
	},
}

// xieluOf returns xIELU's y, y' and derivatives in αp and αn as xieluLoop
// does, stopping the kernel at a group with an x < -logisticRange, or NaN.
func xieluOf(b *B, x *V) (y, d, tp, tn *V) {
	// q's fields: αp, αn, β, softplus(rn), ε, e^ε - 1 in two, 2αp.
	b.StopUnless(b.GE(x, b.Const("-logisticRange")))
	ap, an, beta, spn, eps := b.Field("q", 0), b.Field("q", 1), b.Field("q", 2), b.Field("q", 3), b.Field("q", 4)
	one, zero := b.Num(1), b.Num(0)
	pos := b.GT(x, zero)
	t := b.Min(x, zero)
	s, m := expPartsOf(b, t)
	em1 := b.FMA(s, m, b.Sub(s, one)).As("e^t - 1")
	tt, ttl := twoProd(b, t, t)
	p := horner(b, "xieluE", 15, t)
	e := b.Select(b.LT(t, b.Const("xieluSplit")), b.FMA(s, m, b.Sub(b.Sub(s, one), t)), b.FMA(tt, p, b.Mul(ttl, p)))
	inner := b.GT(x, eps)
	e = b.Select(inner, b.Add(b.Sub(b.Field("q", 5), x), b.Field("q", 6)), e).As("e^min(x,ε) - 1 - x")
	ex := b.Mul(b.Add(one, m), s)
	bx := b.Mul(beta, x)
	yn := b.Select(b.MAnd(b.LT(x, b.Num(-1)), b.LE(x, eps)), b.FMA(an, em1, b.Mul(b.Neg(spn), x)), b.FMA(an, e, bx))
	dn := b.FMA(an, b.Zero(b.MNot(inner), ex), b.Neg(spn))
	y = b.Select(pos, b.FMA(b.Mul(ap, x), x, bx), yn)
	d = b.Select(pos, b.FMA(b.Field("q", 7), x, beta), dn)
	return y, d, b.Zero(pos, b.Mul(x, x)), b.Select(pos, zero, e)
}
