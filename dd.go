package activation

import "math"

// dd is a double-double number hi + lo, |lo| <= ulp(hi)/2: about 106 bits,
// for the thresholds of Sparsemax and Entmax15, which decide how many
// digits their small outputs keep (Dekker, 1971; the operations are those
// of Bailey's QD library).
type dd struct{ hi, lo float64 }

// ddOf returns the compensated sum c as a double-double.
func ddOf(c compensated) dd {
	hi, lo := twoSum(c.sum, c.err)
	return dd{hi, lo}
}

func (a dd) add(b dd) dd {
	s, e := twoSum(a.hi, b.hi)
	e += a.lo + b.lo
	hi, lo := twoSum(s, e)
	return dd{hi, lo}
}

func (a dd) neg() dd { return dd{-a.hi, -a.lo} }

func (a dd) sub(b dd) dd { return a.add(b.neg()) }

func (a dd) mul(b dd) dd {
	p, e := twoProd(a.hi, b.hi)
	e = math.FMA(a.hi, b.lo, math.FMA(a.lo, b.hi, e))
	hi, lo := twoSum(p, e)
	return dd{hi, lo}
}

// div returns a/k for a whole k > 0.
func (a dd) div(k float64) dd {
	q := a.hi / k
	r := (math.FMA(-q, k, a.hi) + a.lo) / k
	hi, lo := twoSum(q, r)
	return dd{hi, lo}
}

// sqrt returns √a for a >= 0, corrected by a Newton step.
func (a dd) sqrt() dd {
	if a.hi <= 0 {
		return dd{}
	}
	s := math.Sqrt(a.hi)
	p, e := twoProd(s, s)
	r := ((a.hi - p) - e + a.lo) / (2 * s)
	hi, lo := twoSum(s, r)
	return dd{hi, lo}
}

// quo returns a/b for b > 0.
func (a dd) quo(b dd) dd {
	q := a.hi / b.hi
	r := a.sub(b.mul(dd{q, 0}))
	hi, lo := twoSum(q, r.hi/b.hi)
	return dd{hi, lo}
}
