package main

// The kernels of the activations of today's transformer, vision and audio
// models: ReLU², Softcap, the clipped GELU, Laplace and xIELU. QuickGELU
// and the gpt-oss SwiGLU run on swishBetaVector.

var reluSquaredVector = &Kernel{
	Name: "reluSquaredVector", File: "models", Sig: "(y, dy, x []float64, stream bool) int",
	Doc: `Sets y = max(0, x)² and, unless dy is empty, dy = 2·max(0, x), as
reluSquared does; returns how many it did.`,
	Optional: []string{"dy"}, Wide: true, Group: 4, Stream: []string{"y", "dy"},
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
	Optional: []string{"dy"}, Wide: true,
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
	Optional: []string{"dy"}, Wide: true,
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
	Optional: []string{"dy"}, Wide: true,
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
