package activation

import (
	"math"
	"math/bits"
)

// The library's sine and cosine, for Snake: fdlibm's kernels (k_sin.c and
// k_cos.c, in musl's form) with every product that feeds a sum fused or
// rounded explicitly, after a reduction of x by π/2 that is exact enough
// for every float64: Cody-Waite with π/2 in three parts up to 2^28, and
// beyond, Payne-Hanek, x times the bits of 2/π that matter. Go's math.Sin
// is assembly on some platforms and reduces large arguments to a few ulp;
// this gives the same bits everywhere, within 1 ulp (TestSinCos).

// The coefficients of fdlibm's kernels: sin r = r + r³·(S1 + r²·S(r²)) and
// cos r = 1 - r²/2 + r⁴·C(r²) on |r| <= π/4, with errors below 2^-58.
const (
	sinS1 = -1.66666666666666324348e-01
	sinS2 = 8.33333333332248946124e-03
	sinS3 = -1.98412698298579493134e-04
	sinS4 = 2.75573137070700676789e-06
	sinS5 = -2.50507602534068634195e-08
	sinS6 = 1.58969099521155010221e-10
	cosC1 = 4.16666666666666019037e-02
	cosC2 = -1.38888888888741095749e-03
	cosC3 = 2.48015872894767294178e-05
	cosC4 = -2.75573143513906633035e-07
	cosC5 = 2.08757232129817482790e-09
	cosC6 = -1.13596475577881948265e-11
)

// π/2 in three parts, each the float64 nearest what the ones before leave
// (testdata/twooverpi.py).
const (
	pio2Hi  = 1.5707963267948966
	pio2Mid = 6.123233995736766e-17
	pio2Lo  = -1.4973849048591698e-33
)

// twoOverPi holds the bits of 2/π: a word of zeros, its integer part, then
// 1280 bits of its fraction, enough for the largest float64
// (testdata/twooverpi.py; TestTwoOverPiTable checks it against math/big).
var twoOverPi = [21]uint64{
	0,
	0xa2f9836e4e441529, 0xfc2757d1f534ddc0, 0xdb6295993c439041, 0xfe5163abdebbc561,
	0xb7246e3a424dd2e0, 0x06492eea09d1921c, 0xfe1deb1cb129a73e, 0xe88235f52ebb4484,
	0xe99c7026b45f7e41, 0x3991d639835339f4, 0x9c845f8bbdf9283b, 0x1ff897ffde05980f,
	0xef2f118b5a0a6d1f, 0x6d367ecf27cb09b7, 0x4f463f669e5fea2d, 0x7527bac7ebe5f17b,
	0x3d0739f78a5292ea, 0x6bfb5fb11f8d5d08, 0x56033046fc7b6bab, 0xf0cfbc209af4361d,
}

// sincosDD returns sin and cos of the double-double u + ul, |ul| at most
// half an ulp of u, as Snake's αx is: u and ul are reduced apart, since
// ul may be as large as 2^970, and their remainders added in
// double-double. It returns NaN for both where u is infinite or NaN.
func sincosDD(u, ul float64) (s, c float64) {
	a := math.Abs(u)
	switch {
	case a < 0x1p-27:
		return u, 1 // sin = u + ul and cos = 1 to double precision; ±0 keep their sign
	case !(a <= math.MaxFloat64):
		return math.NaN(), math.NaN()
	}
	j, r, rl := reducePio2(u)
	if ul != 0 {
		j2, r2, rl2 := reducePio2(ul)
		var e float64
		r, e = twoSum(r, r2)
		r, rl = fastTwoSum(r, rl+rl2+e)
		j += j2
		// |r| <= π/2: back to [-π/4, π/4], r - π/2 exact in its high part.
		if r > math.Pi/4 {
			j++
			r, rl = fastTwoSum(r-pio2Hi, rl-pio2Mid)
		} else if r < -math.Pi/4 {
			j--
			r, rl = fastTwoSum(r+pio2Hi, rl+pio2Mid)
		}
	}
	ks, kc := kernelSin(r, rl), kernelCos(r, rl)
	switch j & 3 {
	case 1:
		return kc, -ks
	case 2:
		return -ks, -kc
	case 3:
		return -kc, ks
	}
	return ks, kc
}

// reducePio2 returns j and r + rl, a double-double, with x = j·π/2 + r + rl
// and |r| <= π/4 (a little more where x·2/π is a tie to rounding).
func reducePio2(x float64) (j int, r, rl float64) {
	a := math.Abs(x)
	switch {
	case a <= math.Pi/4:
		return 0, x, 0
	case a >= 0x1p28:
		j, r, rl = payneHanek(a)
		if x < 0 {
			return -j, -r, -rl
		}
		return j, r, rl
	}
	// Cody-Waite: x - k·pio2Hi is exact, a multiple of 2^-53 below 1 in
	// magnitude; k·pio2Mid is taken exactly as a product and a sum; the
	// error of k·(pio2Hi + pio2Mid + pio2Lo) is below k·2^-160.
	k := math.RoundToEven(x * (2 / math.Pi))
	r1 := math.FMA(-k, pio2Hi, x)
	p, pe := twoProd(k, pio2Mid)
	r, e := twoSum(r1, -p)
	rl = math.FMA(-k, pio2Lo, e-pe)
	r, rl = fastTwoSum(r, rl)
	return int(k), r, rl
}

// payneHanek returns reducePio2 for a >= 2^28: a = m·2^e with m a 53-bit
// whole number, and a·2/π taken modulo 4 from the 192 bits of 2/π whose
// products with m land between 2^1 and 2^-190 (those above are multiples
// of 4; those below change the fraction by less than 2^-125, while no
// float64 is nearer a multiple of π/2 than 2^-62 relative).
func payneHanek(a float64) (j int, r, rl float64) {
	b := math.Float64bits(a)
	e := int(b>>52) - 1075
	m := b&(1<<52-1) | 1<<52
	// The window starts at bit e + 62 of twoOverPi, whose bit p weighs
	// 2^(63-p): times m·2^e, its first bit weighs 2^1.
	p := e + 62
	w, sh := p/64, uint(p%64)
	z0 := twoOverPi[w]<<sh | twoOverPi[w+1]>>(64-sh)
	z1 := twoOverPi[w+1]<<sh | twoOverPi[w+2]>>(64-sh)
	z2 := twoOverPi[w+2]<<sh | twoOverPi[w+3]>>(64-sh)
	// The top 128 bits of m·(z0, z1, z2) modulo 2^192: two bits of j, 126
	// of the fraction.
	z2hi, _ := bits.Mul64(z2, m)
	z1hi, z1lo := bits.Mul64(z1, m)
	lo, c := bits.Add64(z1lo, z2hi, 0)
	hi, _ := bits.Add64(z0*m, z1hi, c)
	j = int(hi >> 62)
	fh, fl := hi<<2|lo>>62, lo<<2 // the fraction, its top bit weighing 1/2
	neg := fh>>63 != 0
	if neg { // round j to nearest: the fraction becomes f - 1
		j++
		var borrow uint64
		fl, borrow = bits.Sub64(0, fl, 0)
		fh, _ = bits.Sub64(0, fh, borrow)
	}
	// |f| as a double-double, its 106 leading bits.
	lz := bits.LeadingZeros64(fh)
	if fh == 0 {
		lz = 64 + bits.LeadingZeros64(fl)
	}
	if lz >= 64 {
		fh, fl = fl<<(lz-64), 0
	} else if lz > 0 {
		fh, fl = fh<<lz|fl>>(64-lz), fl<<lz
	}
	t := math.Ldexp(float64(fh>>11), -53-lz)
	tl := math.Ldexp(float64(fh&0x7ff<<42|fl>>22), -106-lz)
	if neg {
		t, tl = -t, -tl
	}
	// r = f·π/2 in double-double.
	r, re := twoProd(t, pio2Hi)
	re = math.FMA(t, pio2Mid, math.FMA(tl, pio2Hi, re))
	r, rl = fastTwoSum(r, re)
	return j & 3, r, rl
}

// fastTwoSum returns a + b and its rounding error, for |a| >= |b| or a
// zero.
func fastTwoSum(a, b float64) (s, e float64) {
	s = a + b
	return s, b - (s - a)
}

// kernelSin returns sin(x + y) for |x| <= π/4 and |y| below half an ulp
// of x.
func kernelSin(x, y float64) float64 {
	z := x * x
	v := z * x
	r := math.FMA(z, math.FMA(z, math.FMA(z, math.FMA(z, sinS6, sinS5), sinS4), sinS3), sinS2)
	// x - ((z·(y/2 - v·r) - y) - v·S1)
	return x - math.FMA(-v, sinS1, math.FMA(z, math.FMA(-v, r, 0.5*y), -y))
}

// kernelCos returns cos(x + y) for |x| <= π/4 and |y| below half an ulp
// of x: w = 1 - z/2 rounded, its error put back, as musl's __cos.
func kernelCos(x, y float64) float64 {
	z := x * x
	r := z * math.FMA(z, math.FMA(z, math.FMA(z, math.FMA(z, math.FMA(z, cosC6, cosC5), cosC4), cosC3), cosC2), cosC1)
	hz := float64(0.5 * z)
	w := 1 - hz
	return w + (((1 - w) - hz) + math.FMA(z, r, float64(-x*y)))
}
