package main

// The kernels of the layers without an exponential, and the products of
// the element-wise Backward. Most are bound by memory: they take several
// vectors an iteration, and those that a training step writes a lot
// stream their outputs around the caches where the stream argument says.

var hardSigmoidVector = &Kernel{
	Name: "hardSigmoidVector", File: "hard", Sig: "(y, dy, x []float64, stream bool) int",
	Doc: `Sets y = min(max(x+3, 0), 6)/6 and, unless dy is empty, dy = 1/6
inside (-3, 3), 0 outside and NaN for NaN, as hardSigmoid does; returns
how many it did.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true, Group: 4, Stream: []string{"y", "dy"},
	Body: func(b *B) {
		x := b.Load("x")
		b.Store("y", b.Div(b.Min(b.Max(b.Add(x, b.Num(3)), b.Num(0)), b.Num(6)), b.Num(6)))
		d := b.Zero(b.LT(b.Abs(x), b.Num(3)), b.Const("1.0 / 6"))
		b.Store("dy", b.Select(b.IsNaN(x), x, d))
	},
}

var hardSwishVector = &Kernel{
	Name: "hardSwishVector", File: "hard", Sig: "(y, dy, x []float64, stream bool) int",
	Doc: `As hardSigmoidVector for PyTorch's hard swish and its derivative, as
hardSwish does.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true, Group: 4, Stream: []string{"y", "dy"},
	Body: func(b *B) {
		x := b.Load("x")
		three, zero, six := b.Num(3), b.Num(0), b.Num(6)
		y := b.Div(b.Mul(x, b.Add(x, three)), six)
		b.Store("y", b.Select(b.LE(x, b.Num(-3)), zero, b.Select(b.GE(x, three), x, y)))
		d := b.Div(b.Add(b.Add(x, x), three), six)
		b.Store("dy", b.Select(b.GE(x, three), b.Num(1), b.Select(b.LE(x, b.Num(-3)), zero, d)))
	},
}

var piecewiseVector = &Kernel{
	Name: "piecewiseVector", File: "piecewise", Sig: "(y []float64, codes []byte, x []float64, p *piecewise, stream bool) int",
	Doc: `Sets y to the pieces of p at x and, unless codes is empty, codes to the
code of y' (1 where the piece's slope is not 0, 2 for NaN, 0 otherwise),
as piecewise.loop does: on the piece of x, y = k·x + offset rounded once,
or offset where the piece's slope is 0, k the slope that is not. Returns
how many it did.`,
	Optional: []string{"codes"}, Grad: "codes", Wide: true, Group: 4, Stream: []string{"y"},
	Body: func(b *B) {
		// p's fields: below, above, slope[3], offset[3], d[3].
		x := b.Load("x")
		left := b.LT(x, b.Field("p", 0))
		right := b.GT(x, b.Field("p", 1))
		piece := func(i int) *V {
			return b.Select(left, b.Field("p", i), b.Select(right, b.Field("p", i+2), b.Field("p", i+1)))
		}
		offset := piece(5)
		sloped := b.NE(piece(2), b.Num(0))
		nan := b.IsNaN(x)
		y := b.Select(sloped, b.FMA(b.Field("p", 9), x, offset), offset)
		b.Store("y", b.Select(nan, x, y))
		b.StoreCodes("codes", b.MAndNot(sloped, nan), nan)
	},
}

var reluCodesVector = &Kernel{
	Name: "reluCodesVector", File: "relu", Sig: "(y []float64, codes []byte, x []float64, stream bool) int",
	Doc: `Sets y = max(x, 0) and, unless codes is empty, codes to the code of
its derivative (1 for x > 0, 2 for NaN, 0 otherwise), as relu does;
returns how many it did.`,
	Optional: []string{"codes"}, Grad: "codes", Wide: true, Group: 4, Stream: []string{"y"}, Prefetch: "x",
	Body: func(b *B) {
		x := b.Load("x")
		b.Store("y", b.Max(x, b.Num(0)))
		b.StoreCodes("codes", b.GT(x, b.Num(0)), b.IsNaN(x))
	},
}

var leakyCodesVector = &Kernel{
	Name: "leakyCodesVector", File: "leaky", Sig: "(y []float64, codes []byte, x []float64, a float64, stream bool) int",
	Doc: `Sets y = x for x > 0 and a·x otherwise, as leaky does for a != 0,
and, unless codes is empty, codes to reluCode's code of its derivative;
returns how many it did.`,
	Optional: []string{"codes"}, Grad: "codes", Wide: true, Group: 4, Stream: []string{"y"}, Prefetch: "x",
	Body: func(b *B) {
		x := b.Load("x")
		pos := b.GT(x, b.Num(0))
		b.Store("y", b.Select(pos, x, b.Mul(b.Arg("a"), x)))
		b.StoreCodes("codes", pos, b.IsNaN(x))
	},
}

// leakyDeriv returns leakyDeriv(x, a): 1 for x > 0, x for NaN, a
// otherwise.
func leakyDeriv(b *B, x, a *V) *V {
	return b.Select(b.IsNaN(x), x, b.Select(b.GT(x, b.Num(0)), b.Num(1), a))
}

// leakyNeg returns leakyNeg(x, g): g where x <= 0 and 0 elsewhere, and
// min(x, 0).
func leakyNeg(b *B, x, g *V) (gNeg, xNeg *V) {
	return b.Zero(b.LE(x, b.Num(0)), g), b.Min(x, b.Num(0))
}

var leakyVector = &Kernel{
	Name: "leakyVector", File: "leaky", Sig: "(y, saved, x []float64, a float64, stream bool) int",
	Doc: `Sets y = x for x > 0 and a·x otherwise, as leaky does for a != 0,
and, unless saved is empty, saved = x; returns how many it did.`,
	Optional: []string{"saved"}, Wide: true, Group: 4, Stream: []string{"y", "saved"},
	Body: func(b *B) {
		x := b.Load("x")
		b.Store("y", b.Select(b.GT(x, b.Num(0)), x, b.Mul(b.Arg("a"), x)))
		b.Store("saved", x)
	},
}

var leakyBackwardVector = &Kernel{
	Name: "leakyBackwardVector", File: "leaky", Sig: "(dx, g, x []float64, a float64, l *lanes, stream bool) int",
	Doc: `Sets dx = g·leaky'(x) and adds g·x over x <= 0 to the eight
compensated sums of l, element i to lane i mod 8, as leakyBackward and
lanes.addProduct do; returns how many it did.`,
	N: "dx", Lanes: 8, Stream: []string{"dx"},
	Body: func(b *B) {
		x, g := b.Load("x"), b.Load("g")
		b.Store("dx", b.Mul(g, leakyDeriv(b, x, b.Arg("a"))))
		gNeg, xNeg := leakyNeg(b, x, g)
		addProductTo(b, b.Carry("l", 0), b.Carry("l", 64), gNeg, xNeg)
	},
}

var leakyColsVector = &Kernel{
	Name: "leakyColsVector", File: "leaky", Sig: "(y, saved, x, slopes []float64) int",
	Doc: `Sets y = leaky(x, slopes), each element with its own slope, as
PReLUPerFeature's Go code does, and, unless saved is empty, saved = x;
returns how many it did.`,
	Optional: []string{"saved"},
	Body: func(b *B) {
		x, a := b.Load("x"), b.Load("slopes")
		zero := b.Num(0)
		b.Store("y", b.Select(b.GT(x, zero), x, b.Select(b.EQ(a, zero), b.Max(x, zero), b.Mul(a, x))))
		b.Store("saved", x)
	},
}

var leakyColsBackwardVector = &Kernel{
	Name: "leakyColsBackwardVector", File: "leaky", Sig: "(dx, g, x, slopes []float64, sums []compensated) int",
	Doc: `Sets dx = g·leaky'(x), each element with its own slope, and adds g·x,
where x <= 0, to the compensated sum of its column, sums[j], as
leakyBackward and compensated.addProduct do; returns how many it did.`,
	N: "dx",
	Body: func(b *B) {
		x, g := b.Load("x"), b.Load("g")
		b.Store("dx", b.Mul(g, leakyDeriv(b, x, b.Load("slopes"))))
		gNeg, xNeg := leakyNeg(b, x, g)
		sum, err := b.Pairs("sums")
		p, pl := twoProd(b, gNeg, xNeg)
		s, e := twoSum(b, sum, p)
		b.StorePairs("sums", s, b.Add(b.Add(err, e), pl))
	},
}

var leakyDerivVector = &Kernel{
	Name: "leakyDerivVector", File: "leaky", Sig: "(dy, x []float64, a float64, stream bool) int",
	Doc: `Sets dy = 1 for x > 0, NaN for NaN and a otherwise, as leakyDeriv
does; returns how many it did.`,
	Group: 4, Stream: []string{"dy"},
	Body: func(b *B) {
		b.Store("dy", leakyDeriv(b, b.Load("x"), b.Arg("a")))
	},
}

var softsignVector = &Kernel{
	Name: "softsignVector", File: "softsign", Sig: pair,
	Doc: `Sets y = x/(1+|x|) and, unless dy is empty, dy = r·r, r = 1/(1+|x|),
as softsign does for finite x; returns how many it did, stopping at an
infinity or a NaN.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x := b.Load("x")
		d := b.Add(b.Num(1), inRange(b, x, "math.MaxFloat64"))
		r := b.Div(b.Num(1), d)
		b.Store("y", b.Div(x, d))
		b.Store("dy", b.Mul(r, r))
	},
}

var sparsePlusVector = &Kernel{
	Name: "sparsePlusVector", File: "sparse", Sig: pair,
	Doc: `Sets y = 0, h² or x and, unless dy is empty, dy = 0, h or 1, for
x <= -1, -1 < x < 1 and x >= 1, h = (x+1)/2, as sparsePlus does; returns
how many it did.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x := b.Load("x")
		one, zero := b.Num(1), b.Num(0)
		h := b.Mul(b.Add(x, one), b.Num(0.5))
		below, above := b.LE(x, b.Num(-1)), b.GE(x, one)
		b.Store("y", b.Select(below, zero, b.Select(above, x, b.Mul(h, h))))
		b.Store("dy", b.Select(below, zero, b.Select(above, one, h)))
	},
}

var squareplusVector = &Kernel{
	Name: "squareplusVector", File: "squareplus", Sig: "(y, dy, x []float64, b, lo, hi float64) int",
	Doc: `Sets y and dy as squareplus does where it needs no scaling, that is
for lo <= |x| <= hi: s = √(x² + b), y = (x+s)·1/2 and dy = (1 + x/s)·1/2
for x >= 0, y = b/d and dy = (b/s)/d, d = 2(s - x), for x < 0. It stops
at an |x| out of [lo, hi], or NaN.`,
	Optional: []string{"dy"}, Grad: "dy", Wide: true,
	Body: func(b *B) {
		x, c := b.Load("x"), b.Arg("b")
		a := b.Abs(x)
		b.StopUnless(b.MAnd(b.GE(a, b.Arg("lo")), b.LE(a, b.Arg("hi"))))
		half := b.Num(0.5)
		s := b.Sqrt(b.FMA(x, x, c))
		sx := b.Sub(s, x)
		d := b.Add(sx, sx)
		pos := b.GE(x, b.Num(0))
		b.Store("y", b.Select(pos, b.Mul(b.Add(x, s), half), b.Div(c, d)))
		b.Store("dy", b.Select(pos, b.Mul(b.Add(b.Num(1), b.Div(x, s)), half), b.Div(b.Div(c, s), d)))
	},
}

var mulVector = &Kernel{
	Name: "mulVector", File: "array", Sig: "(dst, a, b []float64, stream bool) int",
	Doc: `Sets dst = a·b element by element; returns how many it did.`,
	N:   "dst", Group: 16, Stream: []string{"dst"},
	Body: func(b *B) {
		b.Store("dst", b.Mul(b.Load("a"), b.Load("b")))
	},
}

var mulCodesVector = &Kernel{
	Name: "mulCodesVector", File: "array", Sig: "(dst, a []float64, codes []byte, d *[3]float64, stream bool) int",
	Doc: `Sets dst = a·d[codes], as mulCodes does; returns how many it did.`,
	N:   "dst", Wide: true, Group: 8, Stream: []string{"dst"}, Prefetch: "a",
	Body: func(b *B) {
		b.Store("dst", b.Mul(b.Load("a"), b.Lookup("codes", "d")))
	},
}
