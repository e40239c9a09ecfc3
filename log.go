package activation

import "math"

// The library's logarithms: fdlibm's log (e_log.c) on an exact 1+f, the
// same few operations on every platform (see exp.go).

// The coefficients of log1pUnit's polynomial, Lg1 ... Lg7 of fdlibm's
// e_log.c: log(1+f) = 2s + s·R(s²), s = f/(2+f), for |s| <= 0.1716.
const (
	lg1 = 6.666666666666735130e-01
	lg2 = 3.999999999940941908e-01
	lg3 = 2.857142874366239149e-01
	lg4 = 2.222219843214978396e-01
	lg5 = 1.818357216161805012e-01
	lg6 = 1.531383769920937332e-01
	lg7 = 1.479819860511658591e-01
)

// log1pUnit returns log(1+w) for 0 <= w <= 1 (a little over 1 too), within
// 1 ulp: fdlibm's log on 1+f, where f is w itself, or (w-1)/2 above √2-1
// with 1+w = 2(1+f). Either f is exact, so no rounding of 1+w is lost,
// and the same few operations serve every w: the vector kernels do them in
// the same order.
func log1pUnit(w float64) float64 {
	return logCore(log1pUnitArgs(w))
}

// log1pUnitArgs returns logCore's f and k for log1pUnit(w), chosen by
// masks: a branch on which half w is in would be mispredicted on random
// data.
func log1pUnitArgs(w float64) (f, k float64) {
	upper := maskOf(w > math.Sqrt2-1)
	f = math.Float64frombits(math.Float64bits((w-1)*0.5)&upper | math.Float64bits(w)&^upper)
	return f, math.Float64frombits(math.Float64bits(1) & upper)
}

// logCore returns log(2^k·(1+f)) for 1+f in [√2/2, √2] and a whole k:
// k·ln 2 + log(1+f), fdlibm's, log(1+f) = f - f²/2 + s·(f²/2 + R(s²))
// with s = f/(2+f).
func logCore(f, k float64) float64 {
	s := f / (2 + f)
	return logSum(f, k, s, logPoly(s))
}

// logSum and logPoly are logCore's two steps, each small enough for the
// compiler to inline into a loop, as expNegParts's are. logSum returns
// k·ln 2 + log(1+f) from s and R = logPoly(s). In both the products are
// rounded before they are added, as the vectors do: float64 keeps the
// compiler from fusing them into FMAs.
func logSum(f, k, s, R float64) float64 {
	hfsq := float64(0.5 * f * f)
	return math.FMA(k, ln2Hi, -((hfsq - math.FMA(s, hfsq+R, k*ln2Lo)) - f))
}

// logPoly returns R(s²).
func logPoly(s float64) float64 {
	z := s * s
	zz := z * z
	t1 := float64(zz * math.FMA(zz, math.FMA(zz, lg6, lg4), lg2))
	t2 := float64(z * math.FMA(zz, math.FMA(zz, math.FMA(zz, lg7, lg5), lg3), lg1))
	return t2 + t1
}

// logOf returns log x for x > 0, within 1 ulp, the same bits on every
// platform: x = 2^k·m with m in [√2/2, √2), m - 1 exact.
//
// Special cases are logOf(+Inf) = +Inf, logOf(0) = -Inf and logOf(NaN) =
// NaN.
func logOf(x float64) float64 {
	switch {
	case x != x || x == math.Inf(1):
		return x
	case x == 0:
		return math.Inf(-1)
	}
	m, e := math.Frexp(x) // m in [1/2, 1)
	if m < math.Sqrt2/2 {
		m, e = 2*m, e-1
	}
	return logCore(m-1, float64(e))
}

// log1p returns log(1+w) for w >= 0: log1pUnit's up to 1, and beyond
// log(u) + c/u with u + c = 1 + w exactly.
func log1p(w float64) float64 {
	switch {
	case w <= 1:
		return log1pUnit(w)
	case w == math.Inf(1):
		return w
	}
	u, c := twoSum(1, w)
	return logOf(u) + c/u
}
