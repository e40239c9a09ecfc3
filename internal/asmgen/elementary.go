package main

// The elementary functions of the kernels, as exp.go and log.go compute
// them: each kernel that needs one calls these, and they record the same
// operations in the same order as the Go code.

// expParts returns 2^k and e^r - 1 with e^-a = 2^k·e^r, for 0 <= a <=
// logisticRange, as expNegParts does: a = k·ln2 + r, e^r = 1 + (r + r²·q)
// with q by Estrin's scheme, 2^k from the exponent bits.
func expParts(b *B, a *V) (scale, m *V) { return expPartsOf(b, b.Neg(a)) }

// expPartsOf returns expParts's 2^k and e^r - 1 for e^t, as expReduce,
// expScale and expPoly do.
func expPartsOf(b *B, t *V) (scale, m *V) {
	k := b.Round(b.Mul(t, b.Const("math.Log2E"))).As("k = round(t·log2e)")
	r := b.FNMA(k, b.Const("ln2Hi"), t).As("r = t - k·ln2Hi")
	r = b.FNMA(k, b.Const("ln2Lo"), r).As("r -= k·ln2Lo")
	return expScale(b, k), expPoly(b, r)
}

// expPoly returns e^r - 1 as expPoly does.
func expPoly(b *B, r *V) *V {
	c := func(i int) *V { return b.Const("expC" + string(rune('0'+i))) }
	r2 := b.Mul(r, r).As("r²")
	q01 := b.FMA(b.FMA(c(3), r, c(2)), r2, b.FMA(c(1), r, c(0))).As("q01")
	q23 := b.FMA(b.FMA(c(7), r, c(6)), r2, b.FMA(c(5), r, c(4))).As("q23")
	r4 := b.Mul(r2, r2).As("r⁴")
	q := b.FMA(b.FMA(b.FMA(c(9), r, c(8)), r4, q23), r4, q01).As("q")
	return b.FMA(r2, q, r).As("e^r - 1 = r + r²·q")
}

// expScale returns 2^k for a whole k with -1022 <= k <= 1023, as expScale
// does: k + 2^52 + 1023 holds k + 1023 in its low bits.
func expScale(b *B, k *V) *V {
	return b.Shl(b.Add(k, b.Const("expBias")), 52).As("2^k")
}

// expNeg returns e^-a, with its parts, as expNeg does.
func expNeg(b *B, a *V) (e, scale, m *V) { return expOf(b, b.Neg(a)) }

// expOf returns e^t, with its parts, as expNeg does e^-a for t = -a.
func expOf(b *B, t *V) (e, scale, m *V) {
	scale, m = expPartsOf(b, t)
	return b.Mul(b.Add(b.Num(1), m), scale).As("e = (1 + m)·2^k"), scale, m
}

// logistic returns σ(x) and 1-σ(x) from a = |x| <= logisticRange, as the
// logistic of vector.go: p = 1/(1+e^-a), q = e^-a·p, swapped where x < 0.
func logistic(b *B, x, a *V) (s, c *V) {
	e, _, _ := expNeg(b, a)
	p := b.Div(b.Num(1), b.Add(b.Num(1), e)).As("p = 1/(1+e)")
	q := b.Mul(e, p).As("q = e·p")
	neg := b.LT(x, b.Num(0))
	return b.Select(neg, q, p).As("σ(x)"), b.Select(neg, p, q).As("1-σ(x)")
}

// tanhOf returns tanh x and sech² x as tanhLoop does, stopping the kernel
// at a group with an |x| above tanhRange, or a NaN: with d = e^-2|x| - 1
// and p = 1/(2 + d) corrected, tanh |x| = -d·p and sech² x = 4e^-2|x|·p².
func tanhOf(b *B, x *V) (t, dt *V) {
	a := inRange(b, x, "tanhRange")
	s, m := expParts(b, b.Add(a, a))
	d := b.FMA(s, m, b.Sub(s, b.Num(1))).As("d = e^-2a - 1")
	h := b.Add(b.Num(2), d)
	p := recip(b, h, b.Sub(d, b.Sub(h, b.Num(2))))
	return b.CopySign(b.Mul(d, p), x), b.Mul(b.Mul(b.Mul(b.Num(4), s), b.FMA(m, p, p)), p)
}

// inRange stops the kernel at a group with an |x| above limit, or a NaN,
// and returns |x|.
func inRange(b *B, x *V, limit string) *V {
	a := b.Abs(x)
	b.StopUnless(b.LE(a, b.Const(limit)))
	return a
}

// twoSum returns s = x + y rounded and its error e, s + e = x + y exactly,
// as twoSum does.
func twoSum(b *B, x, y *V) (s, e *V) {
	s = b.Add(x, y)
	bv := b.Sub(s, x)
	return s, b.Add(b.Sub(x, b.Sub(s, bv)), b.Sub(y, bv))
}

// twoProd returns p = x·y rounded and its error, as twoProd does.
func twoProd(b *B, x, y *V) (p, e *V) {
	p = b.Mul(x, y)
	return p, b.FMS(x, y, p)
}

// addTo adds v to the compensated sum in the carries sum and err, as
// addTo does.
func addTo(b *B, sum, err, v *V) {
	s, e := twoSum(b, sum, v)
	b.Update(sum, s)
	b.Update(err, b.Add(err, e))
}

// addProductTo adds x·y to the compensated sum in the carries sum and err,
// as addProductTo does: the rounded product summed, then its error added.
func addProductTo(b *B, sum, err, x, y *V) {
	p, pl := twoProd(b, x, y)
	s, e := twoSum(b, sum, p)
	b.Update(sum, s)
	b.Update(err, b.Add(b.Add(err, e), pl))
}

// recip returns 1/h corrected by a Newton step for the error h takes from
// its low part l and for the quotient's own rounding, as tanhLoop's p.
func recip(b *B, h, l *V) *V {
	p := b.Div(b.Num(1), h)
	return b.FMA(p, b.FNMA(l, p, b.FNMA(h, p, b.Num(1))), p).As("p corrected")
}

// horner returns Σ c[k]·t^k for the Go array of constants c of n
// elements, as horner does.
func horner(b *B, c string, n int, t *V) *V {
	v := b.Elem(c, n-1)
	for k := n - 2; k >= 0; k-- {
		v = b.FMA(v, t, b.Elem(c, k))
	}
	return v
}

// log1pUnit returns log(1+w) for 0 <= w <= 1, as log1pUnitArgs, logCore,
// logSum and logPoly do.
func log1pUnit(b *B, w *V) *V {
	upper := b.GT(w, b.Const("math.Sqrt2 - 1"))
	f := b.Select(upper, b.Mul(b.Sub(w, b.Num(1)), b.Num(0.5)), w).As("f")
	k := b.Zero(upper, b.Num(1)).As("k")
	s := b.Div(f, b.Add(b.Num(2), f)).As("s = f/(2+f)")
	z := b.Mul(s, s)
	zz := b.Mul(z, z)
	t1 := b.Mul(zz, b.FMA(zz, b.FMA(zz, b.Const("lg6"), b.Const("lg4")), b.Const("lg2")))
	t2 := b.Mul(z, b.FMA(zz, b.FMA(zz, b.FMA(zz, b.Const("lg7"), b.Const("lg5")), b.Const("lg3")), b.Const("lg1")))
	r := b.Add(t2, t1).As("R")
	hfsq := b.Mul(b.Mul(b.Num(0.5), f), f).As("f²/2")
	inner := b.Sub(b.Sub(hfsq, b.FMA(s, b.Add(hfsq, r), b.Mul(k, b.Const("ln2Lo")))), f)
	return b.FMS(k, b.Const("ln2Hi"), inner).As("log(1+w)")
}

// erfc returns erfc(x) as erfc does, for |x| <= 26.5, where its
// exponential is normal: every interval's formula on every lane, then the
// one the lane's interval takes, as erfc's switch does. Below erfMedium the
// two rational functions share one division, and so do the two beyond.
func erfc(b *B, x *V) *V {
	a, one, zero := b.Abs(x), b.Num(1), b.Num(0)
	small := b.LT(a, b.Const("erfSmall"))
	z, s := b.Mul(x, x), b.Sub(a, one)
	y := b.Div(b.Select(small, horner(b, "erfPP", 5, z), horner(b, "erfPA", 7, s)),
		b.Select(small, horner(b, "erfQQ", 6, z), horner(b, "erfQA", 7, s))).As("pp/qq, pa/qa")
	below := b.Select(b.LT(x, b.Num(0.25)), b.Sub(one, b.FMA(x, y, x)), b.Sub(b.Num(0.5), b.FMA(x, y, b.Sub(x, b.Num(0.5)))))
	medium := b.Select(b.LT(x, zero), b.Add(one, b.Add(b.Const("erx"), y)), b.Sub(b.Const("1 - erx"), y))
	// From erfMedium: e^h·(1+l)/a, h + l = (-z² - erfShift) + ((z-a)(z+a) +
	// R/S) with z = a to 20 bits.
	s = b.Div(one, b.Mul(a, a))
	ra := b.LT(a, b.Const("erfSplit"))
	rs := b.Div(b.Select(ra, horner(b, "erfRA", 8, s), horner(b, "erfRB", 7, s)),
		b.Select(ra, horner(b, "erfSA", 9, s), horner(b, "erfSB", 8, s))).As("R/S")
	zh := b.And(a, b.Bits(0xffffffff00000000))
	h, l := twoSum(b, b.Sub(b.Mul(b.Neg(zh), zh), b.Const("erfShift")), b.FMA(b.Sub(zh, a), b.Add(zh, a), rs))
	k, m := expPartsOf(b, h)
	e := b.Mul(b.Add(one, m), k)
	r := b.Div(b.FMA(e, l, e), a)
	v := b.Select(b.LT(x, zero), b.Sub(b.Num(2), r), r)
	v = b.Select(b.GE(a, b.Const("erfBig")), zero, v)
	v = b.Select(b.LE(x, b.Const("erfMinus")), b.Num(2), v)
	v = b.Select(b.LT(a, b.Const("erfMedium")), medium, v)
	v = b.Select(small, below, v)
	return b.Select(b.LT(a, b.Const("erfTiny")), b.Sub(one, x), v).As("erfc")
}
