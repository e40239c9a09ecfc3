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
