package activation

import (
	"math"
	"math/bits"
)

// Compensated sums: the partial sums of a reduction over the batch, and
// the exact transformations of a sum and a product they are made of.

// blockSums holds compensated sums of a reduction over the batch, width of
// them (one per column, say) for each block of the partition, so that the
// blocks may run in parallel and still be added up in one order.
type blockSums struct {
	width int
	sums  []compensated
}

// reset prepares the sums for a Backward of an r x c batch; it allocates
// only when the batch has more blocks than any before.
func (b *blockSums) reset(r, c int) {
	n, _ := blocks(r, c)
	if cap(b.sums) < n*b.width {
		b.sums = make([]compensated, n*b.width)
	}
	b.sums = b.sums[:n*b.width]
	clear(b.sums)
}

// block returns the sums of one block.
func (b *blockSums) block(i int) []compensated { return b.sums[i*b.width : (i+1)*b.width] }

// totals writes into dst the sum of every slot over all blocks, in block
// order.
func (b *blockSums) totals(dst []float64) {
	for j := range dst[:b.width] {
		var t compensated
		for i := j; i < len(b.sums); i += b.width {
			t.merge(b.sums[i])
		}
		dst[j] = t.value()
	}
}

// compensated accumulates a sum with the error of each addition carried
// separately (Neumaier; Ogita, Rump and Oishi's Dot2 for products), so the
// result is as accurate as if computed in twice the working precision.
type compensated struct{ sum, err float64 }

func (c *compensated) add(v float64) {
	s, e := twoSum(c.sum, v)
	c.sum = s
	c.err += e
}

func (c *compensated) addProduct(a, b float64) {
	p := float64(a * b) // rounded: the compiler must not fuse it into the sum
	c.add(p)
	c.err += math.FMA(a, b, -p)
}

// merge adds the sum that d accumulated.
func (c *compensated) merge(d compensated) {
	c.add(d.sum)
	c.err += d.err
}

func (c *compensated) value() float64 {
	if math.IsInf(c.sum, 0) || math.IsNaN(c.sum) {
		return c.sum // the error terms are NaN past overflow
	}
	return c.sum + c.err
}

// lanes is eight compensated sums side by side, element i of a loop in
// lane i mod 8, so that each addition need not wait for the one before it:
// a compensated addition is seven dependent operations, and with four
// lanes the vector loops waited on them (0.41 ns/elem summing in cache,
// 0.25 with eight). The vector kernels read and write it as two arrays of
// eight: each as two vectors of four, or as one of eight with AVX-512.
type lanes struct{ sum, err [laneCount]float64 }

const laneCount = 8

func (l *lanes) add(i int, v float64) {
	j := i % laneCount
	s, e := twoSum(l.sum[j], v)
	l.sum[j] = s
	l.err[j] += e
}

func (l *lanes) addProduct(i int, a, b float64) {
	j := i % laneCount
	l.sum[j], l.err[j] = addProductTo(l.sum[j], l.err[j], a, b)
}

// lanesChunk is how many elements a Backward takes at a time where their
// terms of a parameter's gradient go through arrays on the stack, for
// addProducts to sum: a multiple of laneCount, so that each element keeps
// its lane.
const lanesChunk = 256

// addQuads adds x but x[skip] to the lanes, element i to lane i mod 8, as
// add does: the Go path of addAll. It takes lanes 0-3, then 4-7, with the
// four sums and errors of each pass in registers: kept in the lanes' array
// they made every addition wait for the store of the one before.
func (l *lanes) addQuads(x []float64, skip int) {
	n := len(x) &^ (laneCount - 1) // whole groups of eight
	for h := 0; h < laneCount; h += 4 {
		s0, s1, s2, s3 := l.sum[h], l.sum[h+1], l.sum[h+2], l.sum[h+3]
		e0, e1, e2, e3 := l.err[h], l.err[h+1], l.err[h+2], l.err[h+3]
		for i := h; i < n; i += laneCount {
			q := x[i : i+4 : i+4]
			if uint(skip-i) < 4 { // the skipped element is here: one at a time
				l.sum[h], l.sum[h+1], l.sum[h+2], l.sum[h+3] = s0, s1, s2, s3
				l.err[h], l.err[h+1], l.err[h+2], l.err[h+3] = e0, e1, e2, e3
				for k, v := range q {
					if i+k != skip {
						l.add(i+k, v)
					}
				}
				s0, s1, s2, s3 = l.sum[h], l.sum[h+1], l.sum[h+2], l.sum[h+3]
				e0, e1, e2, e3 = l.err[h], l.err[h+1], l.err[h+2], l.err[h+3]
				continue
			}
			s0, e0 = addTo(s0, e0, q[0])
			s1, e1 = addTo(s1, e1, q[1])
			s2, e2 = addTo(s2, e2, q[2])
			s3, e3 = addTo(s3, e3, q[3])
		}
		l.sum[h], l.sum[h+1], l.sum[h+2], l.sum[h+3] = s0, s1, s2, s3
		l.err[h], l.err[h+1], l.err[h+2], l.err[h+3] = e0, e1, e2, e3
	}
	for i := n; i < len(x); i++ {
		if i != skip {
			l.add(i, x[i])
		}
	}
}

// addProducts adds a[i]·b[i] to the lanes, element i to lane i mod 8, as
// addProduct does, in two passes of four lanes in registers, as addQuads.
func (l *lanes) addProducts(a, b []float64) {
	b = b[:len(a)]
	n := len(a) &^ (laneCount - 1)
	if n == 0 { // the vectors' leftovers: fewer than laneCount
		for i := range a {
			l.addProduct(i, a[i], b[i])
		}
		return
	}
	for h := 0; h < laneCount; h += 4 {
		s0, s1, s2, s3 := l.sum[h], l.sum[h+1], l.sum[h+2], l.sum[h+3]
		e0, e1, e2, e3 := l.err[h], l.err[h+1], l.err[h+2], l.err[h+3]
		for i := h; i < n; i += laneCount {
			p, q := a[i:i+4:i+4], b[i:i+4:i+4]
			s0, e0 = addProductTo(s0, e0, p[0], q[0])
			s1, e1 = addProductTo(s1, e1, p[1], q[1])
			s2, e2 = addProductTo(s2, e2, p[2], q[2])
			s3, e3 = addProductTo(s3, e3, p[3], q[3])
		}
		l.sum[h], l.sum[h+1], l.sum[h+2], l.sum[h+3] = s0, s1, s2, s3
		l.err[h], l.err[h+1], l.err[h+2], l.err[h+3] = e0, e1, e2, e3
	}
	for i := n; i < len(a); i++ {
		l.addProduct(i, a[i], b[i])
	}
}

// addProductTo returns the compensated sum s + err with a·b added, as
// addProduct does.
func addProductTo(s, err, a, b float64) (float64, float64) {
	p := float64(a * b) // rounded: the compiler must not fuse it into the sum
	t, e := twoSum(s, p)
	return t, err + e + math.FMA(a, b, -p)
}

// addTo returns the compensated sum s + err with v added, as add does.
func addTo(s, err, v float64) (float64, float64) {
	t, e := twoSum(s, v)
	return t, err + e
}

// total returns the sums merged as a tree, lane j+w into lane j for w = 4,
// 2, 1, and the error terms summed alongside: the merges of a level are
// independent, so the three levels take less than half the time of seven
// merges in a row, which had been a tenth of a Softmax step on rows of
// 256. Written out, the tree stays in registers (8 ns against 22 in a
// loop over an array).
func (l *lanes) total() compensated {
	s, e := &l.sum, &l.err
	s0, e0 := twoSum(s[0], s[4])
	s1, e1 := twoSum(s[1], s[5])
	s2, e2 := twoSum(s[2], s[6])
	s3, e3 := twoSum(s[3], s[7])
	s0, f0 := twoSum(s0, s2)
	s1, f1 := twoSum(s1, s3)
	s0, g0 := twoSum(s0, s1)
	lanes := ((e[0] + e[4]) + (e[1] + e[5])) + ((e[2] + e[6]) + (e[3] + e[7]))
	return compensated{s0, lanes + (((e0 + e1) + (e2 + e3)) + (f0 + f1) + g0)}
}

// twoSum returns s = fl(a+b) and the rounding error e, with s+e = a+b exactly
// (Knuth).
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bv := s - a
	e = (a - (s - bv)) + (b - bv)
	return s, e
}

// twoProd returns p = fl(a·b) and the rounding error e, with p+e = a·b
// exactly.
func twoProd(a, b float64) (p, e float64) {
	p = float64(a * b) // rounded: a caller's sum must not fuse it back
	return p, math.FMA(a, b, -p)
}

// exactSum is a sum of finite float64s below 2^100 in magnitude held
// exactly, as a two's-complement count of 2^-1074, the smallest subnormal
// (a long accumulator, as Kulisch's): for the residuals of Sparsemax and
// Entmax15, whose digits can cancel past any fixed precision (4 less the
// squares of [2 - 3.9e-34] is 7.7e-34, and double-double holds 1e-32).
type exactSum [exactWords]uint64

const exactWords = 20

func (a *exactSum) add(x float64) {
	b := math.Float64bits(x)
	e, m := int(b>>52&0x7ff), b&(1<<52-1)
	if e == 0 {
		e = 1 // subnormal: no implicit bit
	} else {
		m |= 1 << 52
	}
	// x = ±m·2^(e-1075): m shifted to bit e-1 of the count.
	w, s := (e-1)/64, uint(e-1)%64
	lo, hi := m<<s, m>>(64-s) // hi is 0 when s is 0
	var c uint64
	if b>>63 == 0 {
		a[w], c = bits.Add64(a[w], lo, 0)
		a[w+1], c = bits.Add64(a[w+1], hi, c)
		for i := w + 2; c != 0 && i < exactWords; i++ {
			a[i], c = bits.Add64(a[i], 0, c)
		}
		return
	}
	a[w], c = bits.Sub64(a[w], lo, 0)
	a[w+1], c = bits.Sub64(a[w+1], hi, c)
	for i := w + 2; c != 0 && i < exactWords; i++ {
		a[i], c = bits.Sub64(a[i], 0, c)
	}
}

// addProduct adds p·q exactly (as long as its error term does not
// underflow).
func (a *exactSum) addProduct(p, q float64) {
	h, l := twoProd(p, q)
	a.add(h)
	a.add(l)
}

// positive reports whether the sum is greater than 0.
func (a *exactSum) positive() bool {
	if a[exactWords-1]>>63 != 0 {
		return false
	}
	for _, w := range a {
		if w != 0 {
			return true
		}
	}
	return false
}

// value returns the sum as a double-double, within 2^-104 of it relatively
// (or absolutely of 2^-1074).
func (a *exactSum) value() dd {
	v, neg := *a, a[exactWords-1]>>63 != 0
	if neg {
		c := uint64(1)
		for i := range v {
			v[i], c = bits.Add64(^v[i], 0, c)
		}
	}
	top := exactWords - 1
	for top > 0 && v[top] == 0 {
		top--
	}
	// The three top words, by halves that convert exactly, smallest first.
	var r dd
	for i := max(top-2, 0); i <= top; i++ {
		for j, h := range [2]uint64{v[i] & (1<<32 - 1), v[i] >> 32} {
			r = r.add(dd{math.Ldexp(float64(h), 64*i+32*j-1074), 0})
		}
	}
	if neg {
		return r.neg()
	}
	return r
}
