package main

// The kernels of the row-wise layers: the shifted exponentials and
// logarithms of Softmax and LogSoftmax, their Backward, and the scans, sums
// and dot products of a row.

// shiftZ returns z = zh + zl for the logits x, as shift.z does, from the
// shift s = {scale, top, pre, tau, inv, unscale}; with b.One, where scale
// and pre (and so unscale) are 1, without the products by them, which are
// exact.
func shiftZ(b *B, x *V) (zh, zl *V) {
	f := func(i int) *V { return b.Field("s", i) }
	a := x
	if !b.One {
		a = b.Mul(f(0), x)
	}
	d, dl := twoSum(b, a, b.Neg(f(1)))
	if !b.One {
		d, dl = b.Mul(d, f(2)), b.Mul(dl, f(2))
	}
	q := b.Mul(d, f(4))
	zh, zl = q, b.Mul(b.Add(b.FNMA(q, f(3), d), dl), f(4))
	if !b.One {
		zh, zl = b.Mul(q, f(5)), b.Mul(zl, f(5))
	}
	return zh.As("zh"), zl.As("zl")
}

var shiftExpVector = &Kernel{
	Name: "shiftExpVector", File: "rows", Sig: "(y, x []float64, s *shift, l *lanes) int",
	Doc: `Sets y = s.exp(x) and, unless l is nil, adds each y to l, element i
to lane i mod 8, as expLoop and lanes.add do; returns how many it did,
stopping before the first group with a z in [shiftExpZero,
-logisticRange), where e^z is subnormal. The layout of shift is {scale,
top, pre, tau, inv, unscale float64}.`,
	Optional: []string{"l"}, Lanes: 8, Wide: true, Tail: true,
	One: fields{"s", []int{0, 2}},
	Body: func(b *B) {
		zh, zl := shiftZ(b, b.Load("x"))
		b.StopIf(b.MAnd(b.LT(zh, b.Const("-logisticRange")), b.GE(zh, b.Const("shiftExpZero"))))
		s, m := expPartsOf(b, zh)
		e := b.Mul(b.Add(b.Num(1), m), s)
		y := b.Zero(b.GE(zh, b.Const("shiftExpZero")), b.FMA(e, zl, e))
		b.Store("y", y)
		addTo(b, b.Carry("l", 0), b.Carry("l", 64), y)
	},
}

var shiftLogVector = &Kernel{
	Name: "shiftLogVector", File: "rows", Sig: "(y, x []float64, s *shift, logSum float64) int",
	Doc: `Sets y = z - logSum for the logits x, as LogSoftmax.logs does;
returns how many it did.`,
	Wide: true,
	One:  fields{"s", []int{0, 2}},
	Body: func(b *B) {
		zh, zl := shiftZ(b, b.Load("x"))
		y := b.Add(b.Sub(zh, b.Arg("logSum")), zl)
		b.Store("y", b.Select(b.EQ(zh, b.Bits(0xfff0000000000000)), zh, y)) // -Inf entries, whose zl is NaN
	},
}

var logSoftmaxBackwardVector = &Kernel{
	Name: "logSoftmaxBackwardVector", File: "rows", Sig: "(dx, g, p []float64, total, inv float64) int",
	Doc: `Sets dx = (g - p·total)·inv, the product fused; returns how many it did.`,
	N:   "dx", Group: 8,
	Body: func(b *B) {
		b.Store("dx", b.Mul(b.FNMA(b.Load("p"), b.Arg("total"), b.Load("g")), b.Arg("inv")))
	},
}

var scanVector = &Kernel{
	Name: "scanVector", File: "rows", Sig: "(x []float64, hi, lo *[4]float64) (n int, nan bool)",
	Doc: `Takes the maximum and minimum of x into the four lanes of hi and lo,
element i into lane i mod 4, and reports whether it met a NaN; returns how
many it did. A lane that met a NaN holds no meaning, nor the sign of a
zero.`,
	Lanes: 4,
	Body: func(b *B) {
		x := b.Load("x")
		hi, lo, nan := b.Carry("hi", 0), b.Carry("lo", 0), b.False()
		b.Update(hi, b.MaxLoose(hi, x))
		b.Update(lo, b.MinLoose(lo, x))
		b.Update(nan, b.MOr(nan, b.IsNaN(x)))
	},
}

var indexVector = &Kernel{
	Name: "indexVector", File: "rows", Sig: "(x []float64, v float64) (i int, found bool)",
	Doc: `Looks for v in x: returns the index of the first element equal to v
and true, or how many it looked at and false.`,
	Group: 8,
	Body: func(b *B) {
		b.Find(b.EQ(b.Load("x"), b.Arg("v")))
	},
}

var laneSumVector = &Kernel{
	Name: "laneSumVector", File: "rows", Sig: "(x []float64, l *lanes) int",
	Doc: `Adds x to the eight compensated sums of l, element i to lane i mod 8,
as lanes.add does; returns how many it did.`,
	Lanes: 8,
	Body: func(b *B) {
		addTo(b, b.Carry("l", 0), b.Carry("l", 64), b.Load("x"))
	},
}

var laneDotVector = &Kernel{
	Name: "laneDotVector", File: "rows", Sig: "(a, b []float64, l *lanes) int",
	Doc: `Adds a·b to the eight compensated sums of l, element i to lane i mod 8,
as lanes.addProduct does; returns how many it did.`,
	N: "a", Lanes: 8,
	Body: func(b *B) {
		addProductTo(b, b.Carry("l", 0), b.Carry("l", 64), b.Load("a"), b.Load("b"))
	},
}

var scaleVector = &Kernel{
	Name: "scaleVector", File: "rows", Sig: "(dst, dst2, y []float64, c float64, stream bool) int",
	Doc: `Sets dst = y·c and, unless dst2 is empty, dst2 = y·c; returns how
many it did. With stream set it writes dst2, a copy that is not read
soon, around the caches; dst, often y itself and so in the caches
already, it writes through them.`,
	N: "y", Optional: []string{"dst2"}, Group: 16, Stream: []string{"dst2"},
	Body: func(b *B) {
		v := b.Mul(b.Load("y"), b.Arg("c"))
		b.Store("dst", v)
		b.Store("dst2", v)
	},
}

var softmaxBackwardVector = &Kernel{
	Name: "softmaxBackwardVector", File: "rows", Sig: "(dx, g, y []float64, yg, inv float64, stream bool) int",
	Doc: `Sets dx = y·(g - yg)·inv; returns how many it did.`,
	N:   "dx", Group: 8, Stream: []string{"dx"},
	Body: func(b *B) {
		b.Store("dx", b.Mul(b.Mul(b.Sub(b.Load("g"), b.Arg("yg")), b.Load("y")), b.Arg("inv")))
	},
}

var crossEntropyRowVector = &Kernel{
	Name: "crossEntropyRowVector", File: "crossentropy", Sig: "(t, lp []float64, dot, sum *lanes) (n int, bad bool)",
	Doc: `Adds t·lp where t is not 0, and t, to the eight compensated sums of
dot and of sum, element i to lane i mod 8, as crossEntropyTerms does, and
reports whether it met a t that is negative, infinite or NaN; returns how
many it did.`,
	N: "t", Lanes: 8,
	Body: func(b *B) {
		t, lp := b.Load("t"), b.Load("lp")
		bad := b.False()
		b.Update(bad, b.MOr(bad, b.MOr(b.Cmp(t, pNGE, b.Num(0)), b.Cmp(t, pNLE, b.Const("math.MaxFloat64")))))
		addTo(b, b.Carry("sum", 0), b.Carry("sum", 64), t)
		addProductTo(b, b.Carry("dot", 0), b.Carry("dot", 64), t, b.Zero(b.NE(t, b.Num(0)), lp))
	},
}

var crossEntropyBackwardVector = &Kernel{
	Name: "crossEntropyBackwardVector", File: "crossentropy", Sig: "(dx, p, t []float64, sum, n float64) int",
	Doc: `Sets dx = (p·sum - t)/n, the product fused; returns how many it did.`,
	N:   "dx", Group: 8,
	Body: func(b *B) {
		b.Store("dx", b.Div(b.FMS(b.Load("p"), b.Arg("sum"), b.Load("t")), b.Arg("n")))
	},
}
