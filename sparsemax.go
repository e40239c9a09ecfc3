package activation

import (
	"cmp"
	"math"
	"slices"
)

// NewSparsemax returns the row-wise sparsemax (Martins and Astudillo, 2016;
// Keras's sparsemax): the Euclidean projection of each row onto the
// probability simplex, y = max(x - τ, 0) with τ such that Σ y = 1. Unlike
// Softmax's, its outputs are exactly 0 below the threshold. The support
// is decided exactly, from the sorted row and exact sums, and the outputs
// are measured from its least entry in double-double, so that small
// outputs keep their digits however much τ cancels. Backward returns
// s ⊙ (g - the mean of g over the support), s being 1 where y > 0.
//
// Special cases, per row, are those of Softmax:
//
//	an entry of -Inf gets 0
//	a row of only -Inf gives all zeros
//	entries of +Inf share the row equally, the others get 0
//	a NaN anywhere gives a row of NaN
func NewSparsemax() *Activation {
	return &Activation{engine: engine{name: "Sparsemax", kernel: sparseRows{}, rowwise: true, cost: rowsCost}}
}

// NewEntmax15 returns the row-wise 1.5-entmax (Peters, Niculae and
// Martins, 2019), between Softmax and Sparsemax: y = max(x/2 - τ, 0)² with
// τ such that Σ y = 1, by the sort-based algorithm of that paper, with
// the support and the outputs found as for Sparsemax. Backward returns
// w ⊙ g - w·<w, g>/Σ w with w = √y.
//
// Special cases, per row, are those of Softmax (see NewSparsemax).
func NewEntmax15() *Activation {
	return &Activation{engine: engine{name: "Entmax15", kernel: sparseRows{entmax: true}, rowwise: true, cost: rowsCost}}
}

// sparseRows is the kernel of Sparsemax, or with entmax set of Entmax15.
type sparseRows struct{ entmax bool }

// A row's entries more than 2 below its maximum cannot reach the support:
// the largest output is at most 1, so τ is at least the maximum less 1
// (for Entmax15, of x/2).
const supportReach = 2

func (k sparseRows) forwardRows(y, saved, x []float64, _ int, _ bool) {
	y = y[:len(x)]
	kind, hi, _ := specialRow(y, x)
	if kind == rowFinite {
		pivot, d := k.threshold(y, x, hi)
		for i, v := range x {
			y[i] = k.output(v, pivot, d)
		}
	}
	copy(saved, y)
}

// threshold returns the least logit of the row's support, the pivot p,
// and the output offset d there: y = x - p + d for Sparsemax, and
// y = ((x - p + d)/2)² for Entmax15, for x >= p. Measured from the pivot,
// d is exact to double-double however much the threshold itself cancels
// (it is τ's distance from the smallest output, which can be far below
// τ's last digit). y is scratch.
func (k sparseRows) threshold(y, x []float64, hi float64) (pivot float64, d dd) {
	// The candidates, largest first.
	c := y[:0]
	for _, v := range x {
		if zh, _ := twoSum(v, -hi); zh > -supportReach-0.5 {
			c = append(c, v)
		}
	}
	slices.SortFunc(c, func(a, b float64) int { return cmp.Compare(b, a) })
	n := k.estimate(c, hi)
	n = k.support(c, n)
	r := k.residual(c[:n])
	if !k.entmax {
		return c[n-1], r.div(float64(n))
	}
	// The root d >= 0 of Σ (u_i + d)² = 4, u_i = x_i - p, in the form
	// that does not cancel: R/(U + √(U² + nR)), R = 4 - Σ u_i².
	var u compensated
	for _, v := range c[:n] {
		uh, ul := twoSum(v, -c[n-1])
		u.add(uh)
		u.add(ul)
	}
	U := ddOf(u)
	return c[n-1], r.quo(U.add(U.mul(U).add(r.mul(dd{float64(n), 0})).sqrt()))
}

// support returns the size of the support, the largest n for which the
// residual of the n largest candidates c[:n] is positive, from the
// estimate n0: the residual decreases with n, so the estimate is checked
// and, if wrong, the answer bisected, each step exact.
func (k sparseRows) support(c []float64, n0 int) int {
	lo, hi := 1, len(c) // the residual of c[:1] is positive
	narrow := func(n int) {
		if lo < n && n <= hi {
			if r := k.exactResidual(c[:n]); r.positive() {
				lo = n
			} else {
				hi = n - 1
			}
		}
	}
	narrow(n0)
	narrow(n0 + 1)
	for lo < hi {
		narrow((lo + hi + 1) / 2)
	}
	return lo
}

// exactResidual returns, for the candidates c sorted largest first and
// p their last, 1 - Σ (c_i - p) for Sparsemax, 4 - Σ (c_i - p)² for
// Entmax15: positive if and only if p is in the support.
func (k sparseRows) exactResidual(c []float64) exactSum {
	p := c[len(c)-1]
	var r exactSum
	if !k.entmax {
		r.add(1)
		for _, v := range c {
			uh, ul := twoSum(v, -p)
			r.add(-uh)
			r.add(-ul)
		}
		return r
	}
	r.add(4)
	for _, v := range c {
		uh, ul := twoSum(v, -p)
		r.addProduct(-uh, uh)
		r.addProduct(-2*uh, ul)
		r.addProduct(-ul, ul)
	}
	return r
}

func (k sparseRows) residual(c []float64) dd {
	r := k.exactResidual(c)
	return r.value()
}

// estimate returns about the size of the support of the sorted
// candidates c from running sums in float64, z = x - hi (halved for
// Entmax15): the largest n with 1 + n·z_n > Σ z (Sparsemax), or with
// τ_n = mean - √((1 - ss)/n) <= z_n, mean and ss the mean and the sum of
// squared deviations of z (Welford's).
func (k sparseRows) estimate(c []float64, hi float64) int {
	var sum, mean, ss float64
	for j, v := range c {
		z, _ := twoSum(v, -hi)
		n := float64(j + 1)
		if !k.entmax {
			sum += z
			if !(1+float64(n*z) > sum) {
				return max(j, 1)
			}
			continue
		}
		z /= 2
		d := z - mean
		m := mean + d/n
		s := ss + float64(d*(z-m))
		if delta := (1 - s) / n; !(delta >= 0) || m-math.Sqrt(delta) > z {
			return max(j, 1)
		}
		mean, ss = m, s
	}
	return len(c)
}

// output returns the entry of the output for the logit v.
func (k sparseRows) output(v, pivot float64, d dd) float64 {
	uh, ul := twoSum(v, -pivot)
	if !(uh >= 0) {
		return 0 // also -Inf
	}
	e := dd{uh, ul}.add(d)
	if !k.entmax {
		return e.hi
	}
	return e.mul(e).hi / 4
}

// backwardRows sets dx = s ⊙ (g - <s, g>/Σ s) with s = 1 where y > 0
// (Sparsemax) or s = √y (Entmax15); dx holds s meanwhile.
func (k sparseRows) backwardRows(dx, g, y []float64, _ int, _ bool) {
	g, y = g[:len(dx)], y[:len(dx)]
	for i, v := range y {
		s := choose(v > 0, 1, 0)
		if k.entmax {
			s = math.Sqrt(v)
		}
		if v != v {
			s = v
		}
		dx[i] = s
	}
	q := laneDot(dx, g) / laneSum(dx, -1)
	for i, s := range dx {
		// Where s = 0, g - q is not taken: an infinite g there would make
		// NaN.
		dx[i] = choose(s != 0, s*(g[i]-q), 0)
		if s != s {
			dx[i] = s
		}
	}
}
