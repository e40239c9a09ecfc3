package activation

import (
	"cmp"
	"math"
	"slices"
)

// NewSparsemax returns the row-wise sparsemax (Martins and Astudillo, 2016;
// Keras's sparsemax): the Euclidean projection of each row onto the
// probability simplex, y = max(x - τ, 0) with τ such that Σ y = 1. Unlike
// Softmax's, its outputs are exactly 0 below the threshold. τ is found
// exactly, from the sorted row and compensated sums, and carried in
// double-double, so that small outputs keep their digits. Backward returns
// s ⊙ (g - the mean of g over the support), s being 1 where y > 0.
//
// Special cases, per row, are those of Softmax:
//
//	an entry of -Inf gets 0
//	a row of only -Inf gives all zeros
//	entries of +Inf share the row equally, the others get 0
//	a NaN anywhere gives a row of NaN
func NewSparsemax() *Activation {
	return &Activation{engine: engine{name: "Sparsemax", kernel: sparseRows{}, rowwise: true}}
}

// NewEntmax15 returns the row-wise 1.5-entmax (Peters, Niculae and
// Martins, 2019), between Softmax and Sparsemax: y = max(x/2 - τ, 0)² with
// τ such that Σ y = 1, by the exact sort-based algorithm of that paper,
// with its sums compensated and τ in double-double. Backward returns
// w ⊙ g - w·<w, g>/Σ w with w = √y.
//
// Special cases, per row, are those of Softmax (see NewSparsemax).
func NewEntmax15() *Activation {
	return &Activation{engine: engine{name: "Entmax15", kernel: sparseRows{entmax: true}, rowwise: true}}
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
		tau := k.threshold(y, x, hi)
		for i, v := range x {
			y[i] = k.output(v, hi, tau)
		}
	}
	copy(saved, y)
}

// threshold returns τ for the row x with maximum hi, in terms of
// z = x - hi (Sparsemax) or (x - hi)/2 (Entmax15), using y as scratch.
func (k sparseRows) threshold(y, x []float64, hi float64) dd {
	// The candidates, largest first.
	c := y[:0]
	for _, v := range x {
		if zh, _ := twoSum(v, -hi); zh > -supportReach-0.5 {
			c = append(c, v)
		}
	}
	slices.SortFunc(c, func(a, b float64) int { return cmp.Compare(b, a) })
	if k.entmax {
		return entmaxThreshold(c, hi)
	}
	return sparsemaxThreshold(c, hi)
}

// sparsemaxThreshold returns τ = (Σ_{j<=k} z_j - 1)/k for the sorted
// candidates, k the largest with 1 + k·z_k > Σ_{j<=k} z_j.
func sparsemaxThreshold(c []float64, hi float64) dd {
	var sum, kept compensated
	k := 0
	for j, v := range c {
		zh, zl := twoSum(v, -hi)
		next := sum
		next.add(zh)
		next.add(zl)
		var d compensated // 1 + j·z_j - Σ z, its terms exact
		d.add(1)
		d.addProduct(float64(j+1), zh)
		d.addProduct(float64(j+1), zl)
		d.add(-next.sum)
		d.add(-next.err)
		if d.value() <= 0 {
			break
		}
		sum, kept, k = next, next, j+1
	}
	return ddOf(kept).sub(dd{1, 0}).div(float64(k))
}

// entmaxThreshold returns τ for the sorted candidates of Entmax15, with
// z = (x - hi)/2: for the support size k, τ = mean - √((1 - ss)/k), mean
// and ss the mean and the sum of squared deviations of its z. k is the
// largest for which τ_k <= z_k, found with running estimates (Welford's),
// and τ is then computed from compensated sums in double-double.
func entmaxThreshold(c []float64, hi float64) dd {
	var mean, ss float64
	k := 0
	for j, v := range c {
		z, _ := twoSum(v, -hi)
		z /= 2
		n := float64(j + 1)
		d := z - mean
		m := mean + d/n
		s := ss + float64(d*(z-m)) // rounded, as every platform does it
		delta := (1 - s) / n
		if !(delta >= 0) || m-math.Sqrt(delta) > z {
			break
		}
		mean, ss, k = m, s, j+1
	}
	var sum, sq compensated
	for _, v := range c[:k] {
		zh, zl := twoSum(v, -hi)
		zh, zl = zh/2, zl/2
		sum.add(zh)
		sum.add(zl)
		sq.addProduct(zh, zh)
		sq.addProduct(2*zh, zl)
	}
	n := float64(k)
	s := ddOf(sum)
	m := s.div(n)
	dev := ddOf(sq).sub(s.mul(m)) // Σ (z - mean)²
	return m.sub(dd{1, 0}.sub(dev).div(n).sqrt())
}

// output returns the entry of the output for the logit v.
func (k sparseRows) output(v, hi float64, tau dd) float64 {
	zh, zl := twoSum(v, -hi)
	if !(zh > -supportReach-0.5) {
		return 0 // also -Inf
	}
	if k.entmax {
		zh, zl = zh/2, zl/2
	}
	d := (zh - tau.hi) + (zl - tau.lo)
	switch {
	case !(d > 0):
		return 0
	case k.entmax:
		return d * d
	}
	return d
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
