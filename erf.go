package activation

import "math"

// The library's complementary error function, for the exact GELU: fdlibm's
// s_erf.c, as Go's math.Erfc has it in pure Go, with its polynomials by
// FMAs and its exponentials the library's own (exp.go), so that every
// platform computes the same bits (Go's is assembly on s390x, off by up to
// 126 ulp for GELU's arguments, and fused differently on every platform
// whose compiler fuses).

// fdlibm's coefficients, highest power last: erf on [0, 0.84375] as
// x + x·pp(z)/qq(z) with z = x², on [0.84375, 1.25] as erx + pa(s)/qa(s)
// with s = |x| - 1, and erfc on [1.25, 1/0.35] and [1/0.35, 28] as
// e^(-x² - 0.5625 + ra(s)/sa(s))/x and the same with rb, sb, s = 1/x².
var (
	erfPP = [5]float64{1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02, -5.77027029648944159157e-03, -2.37630166566501626084e-05}
	erfQQ = [6]float64{1, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03, 1.32494738004321644526e-04, -3.96022827877536812320e-06}
	erfPA = [7]float64{-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01, 3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02, -2.16637559486879084300e-03}
	erfQA = [7]float64{1, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02, 1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02}
	erfRA = [8]float64{-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01, -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02, -8.12874355063065934246e+01, -9.81432934416914548592e+00}
	erfSA = [9]float64{1, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02, 6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02, 6.57024977031928170135e+00, -6.04244152148580987438e-02}
	erfRB = [7]float64{-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01, -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03, -4.83519191608651397019e+02}
	erfSB = [8]float64{1, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03, 3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02, -2.24409524465858183362e+01}
)

// erx is erf(1) to float64's first 32 bits: 0.84506291151046752929.
const erx = 8.45062911510467529297e-01

// erfc's intervals: below erfTiny it is 1 - x; below erfSmall, by pp/qq;
// below erfMedium, by pa/qa; from erfMedium by ra/sa and from erfSplit by
// rb/sb, with erfShift in the exponent; 2 at erfMinus and below, 0 from
// erfBig.
const (
	erfTiny   = 0x1p-56
	erfSmall  = 0.84375
	erfMedium = 1.25
	erfSplit  = 1 / 0.35
	erfShift  = 0.5625
	erfMinus  = -6
	erfBig    = 28
)

// erfc returns 1 - erf(x), within about 1 ulp.
//
// Special cases are erfc(+Inf) = 0, erfc(-Inf) = 2 and erfc(NaN) = NaN.
func erfc(x float64) float64 {
	a := math.Abs(x)
	switch {
	case x != x:
		return x
	case a < erfTiny:
		return 1 - x
	case a < erfSmall:
		z := x * x
		y := horner(erfPP[:], z) / horner(erfQQ[:], z)
		if x < 0.25 { // x >= -0.84375 here
			return 1 - math.FMA(x, y, x)
		}
		return 0.5 - math.FMA(x, y, x-0.5)
	case a < erfMedium:
		s := a - 1
		pq := horner(erfPA[:], s) / horner(erfQA[:], s)
		if x < 0 {
			return 1 + (erx + pq)
		}
		return 1 - erx - pq
	case x <= erfMinus:
		return 2
	case a >= erfBig:
		return 0 // x >= erfBig
	}
	s := 1 / (a * a)
	var rs float64
	if a < erfSplit {
		rs = horner(erfRA[:], s) / horner(erfSA[:], s)
	} else {
		rs = horner(erfRB[:], s) / horner(erfSB[:], s)
	}
	// The exponent -a² - 0.5625 + R/S as (-z² - 0.5625) + ((z-a)(z+a) +
	// R/S), z = a to 20 bits so that z² and the first part are exact, then
	// summed in double-double: one exponential, e^h·(1+l), where fdlibm
	// multiplies two.
	z := math.Float64frombits(math.Float64bits(a) & 0xffffffff00000000)
	h, l := twoSum(-z*z-erfShift, math.FMA(z-a, z+a, rs))
	e := exp(h)
	r := math.FMA(e, l, e) / a
	if x < 0 {
		return 2 - r
	}
	return r
}
