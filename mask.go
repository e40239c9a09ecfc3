package activation

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Mask says which entries of a rows x cols batch take part in a row-wise
// layer's ForwardMasked or a cross-entropy's LossMasked: the padding at
// the end of sequences, the future positions of causal attention, the
// classes a row may not take. A row's kept entries get what the layer
// gives on a row of those entries alone, bit for bit; an entry the mask
// leaves out takes no part, whatever the input holds there (NaN
// included), and gets exactly 0 (LogSoftmax: -Inf, the log of its
// probability 0), its gradient exactly 0. So:
//
//	a row that keeps no entry gives zeros (LogSoftmax: all -Inf) and a zero gradient, never NaN
//	a NaN in a kept entry gives the layer's NaN row over the kept entries, and 0 at the others
//
// PaddingMask and CausalMask keep a prefix of each row and store its
// length alone, and the layers then run on the prefix and only write the
// rest; NewMask takes any pattern, and its kept entries are gathered
// into a row of their own and the results put back in place, unless each
// of its rows keeps a prefix.
//
// A Mask never changes once made: it may serve any number of layers and
// goroutines at once, and a training ForwardMasked keeps it, not a copy,
// for its Backward.
type Mask struct {
	rows, cols int
	kept       []int  // how many entries each row keeps
	keep       []bool // which, row-major; nil where each row keeps its first kept[i]
}

// MaskedLayer is a layer that takes a Mask beside its input: Softmax,
// LogSoftmax, Softmin, and the Activation of NewSparsemax, NewEntmax15 and
// NewHardmax. Another Activation, element-wise or gated, panics in
// ForwardMasked.
type MaskedLayer interface {
	Layer
	// ForwardMasked returns the layer's output for input over the entries
	// that mask keeps, as the Mask's doc says; a nil mask keeps every
	// entry, as Forward does. With training set, the Backward that
	// follows takes the same mask.
	ForwardMasked(input *mat.Dense, mask *Mask, training bool) *mat.Dense
}

var (
	_ MaskedLayer = (*Softmax)(nil)
	_ MaskedLayer = (*LogSoftmax)(nil)
	_ MaskedLayer = (*Softmin)(nil)
	_ MaskedLayer = (*Activation)(nil)
)

// NewMask returns the mask that keeps the entries (i, j) of a rows x cols
// batch where keep[i*cols+j] is true. It copies keep. It panics if rows or
// cols is not positive or keep does not have rows·cols entries.
func NewMask(rows, cols int, keep []bool) *Mask {
	checkMaskShape("NewMask", rows, cols)
	if len(keep) != rows*cols {
		panic(fmt.Sprintf("activation: NewMask: keep has length %d, want rows·cols = %d", len(keep), rows*cols))
	}
	return maskOfBools(rows, cols, slices.Clone(keep))
}

// maskOfBools returns the mask of keep, which it keeps, or drops where
// each row keeps a prefix.
func maskOfBools(rows, cols int, keep []bool) *Mask {
	m := &Mask{rows: rows, cols: cols, kept: make([]int, rows)}
	prefixes := true
	for i := range m.kept {
		row := keep[i*cols : (i+1)*cols]
		n := 0
		for _, k := range row {
			if k {
				n++
			}
		}
		m.kept[i] = n
		prefixes = prefixes && !slices.Contains(row[n:], true)
	}
	if !prefixes {
		m.keep = keep
	}
	return m
}

// PaddingMask returns the mask of a batch of sequences padded at the end:
// row i keeps its first lengths[i] entries. It panics if rows or cols is
// not positive, if lengths does not have one entry a row, or if a length
// is not in [0, cols].
func PaddingMask(rows, cols int, lengths []int) *Mask {
	checkMaskShape("PaddingMask", rows, cols)
	if len(lengths) != rows {
		panic(fmt.Sprintf("activation: PaddingMask: lengths has length %d, want one for each of %d rows", len(lengths), rows))
	}
	for i, n := range lengths {
		if n < 0 || n > cols {
			panic(fmt.Sprintf("activation: PaddingMask: row %d has length %d, want one in [0, %d]", i, n, cols))
		}
	}
	return &Mask{rows: rows, cols: cols, kept: slices.Clone(lengths)}
}

// CausalMask returns the mask of causal attention, rows queries by cols
// keys: row i keeps the entries j <= i + offset. With offset 0 query i
// sees keys 0 to i, as in a square self-attention. For a block of rows
// queries at the end of a longer sequence of cols keys, as when a decoder
// keeps the keys and values of the tokens before them (a KV cache),
// offset is cols - rows, and the last query sees every key. Rows for which
// i + offset < 0 keep nothing. It panics if rows or cols is not positive.
func CausalMask(rows, cols, offset int) *Mask {
	checkMaskShape("CausalMask", rows, cols)
	// Beyond these bounds every row keeps nothing or everything, and
	// i + 1 + offset cannot overflow within them.
	offset = min(max(offset, -rows), cols)
	m := &Mask{rows: rows, cols: cols, kept: make([]int, rows)}
	for i := range m.kept {
		m.kept[i] = min(max(i+1+offset, 0), cols)
	}
	return m
}

func checkMaskShape(constructor string, rows, cols int) {
	if rows < 1 || cols < 1 {
		panic(fmt.Sprintf("activation: %s: shape %dx%d, want at least one row and one column", constructor, rows, cols))
	}
}

// Dims returns the mask's shape.
func (m *Mask) Dims() (r, c int) { return m.rows, m.cols }

// Kept reports whether the mask keeps entry (i, j). It panics if the entry
// is outside the mask.
func (m *Mask) Kept(i, j int) bool {
	if uint(i) >= uint(m.rows) || uint(j) >= uint(m.cols) {
		panic(fmt.Sprintf("activation: Mask.Kept: entry (%d, %d) is outside a %dx%d mask", i, j, m.rows, m.cols))
	}
	if m.keep == nil {
		return j < m.kept[i]
	}
	return m.keep[i*m.cols+j]
}

// And returns the mask that keeps the entries both m and other keep, such
// as CausalMask(...).And(PaddingMask(...)) for causal attention over
// padded sequences. Where both keep a prefix of each row, so does the
// result. It panics if other is nil or the shapes differ.
func (m *Mask) And(other *Mask) *Mask {
	switch {
	case other == nil:
		panic("activation: Mask.And: other is nil")
	case m.rows != other.rows || m.cols != other.cols:
		panic(fmt.Sprintf("activation: Mask.And: masks are %dx%d and %dx%d", m.rows, m.cols, other.rows, other.cols))
	}
	if m.keep == nil && other.keep == nil {
		kept := make([]int, m.rows)
		for i := range kept {
			kept[i] = min(m.kept[i], other.kept[i])
		}
		return &Mask{rows: m.rows, cols: m.cols, kept: kept}
	}
	keep := make([]bool, m.rows*m.cols)
	for i := range m.rows {
		for j := range m.cols {
			keep[i*m.cols+j] = m.Kept(i, j) && other.Kept(i, j)
		}
	}
	return maskOfBools(m.rows, m.cols, keep)
}

// row returns how many entries row i keeps, and which, or nil where they
// are its first n.
func (m *Mask) row(i int) (n int, keep []bool) {
	n = m.kept[i]
	if m.keep == nil || n == 0 || n == m.cols {
		return n, nil
	}
	return n, m.keep[i*m.cols : (i+1)*m.cols]
}

// check panics, naming the method of the layer or loss name, unless m is
// nil or r x c, the shape of what it goes with ("input is", "logits
// are").
func (m *Mask) check(name, method, what string, r, c int) {
	if m != nil && (m.rows != r || m.cols != c) {
		panic(fmt.Sprintf("activation: %s.%s: mask is %dx%d, %s %dx%d", name, method, m.rows, m.cols, what, r, c))
	}
}

// zeroLeftOut sets the entries of v, row i, that m leaves out to 0; a nil
// m leaves out none.
func (m *Mask) zeroLeftOut(i int, v []float64) {
	if m == nil {
		return
	}
	n, keep := m.row(i)
	if keep == nil {
		clear(v[n:])
		return
	}
	for j, k := range keep {
		v[j] = choose(k, v[j], 0)
	}
}

// leftOut returns what the row kernel k gives at the entries a mask
// leaves out, and whether it takes a mask at all.
func leftOut(k kernel) (v float64, ok bool) {
	switch k.(type) {
	case *Softmax, *Softmin, sparseRows, hardmaxRows:
		return 0, true
	case *LogSoftmax:
		return math.Inf(-1), true
	}
	return 0, false
}

// maskedBlock applies the row kernel of j to rows [from, to) under j.mask:
// to the kept prefix of a row in place, or to its n kept entries gathered
// into scratch rows, with the results put back in place. The entries left
// out get leftOut's value forward and 0 back. What Forward saves for a
// gathered row stays gathered, in the first n entries of the row, for
// Backward to take as it is (CrossEntropy's Backward reads LogSoftmax's
// so too).
func (j *job) maskedBlock(block, from, to int, ra, rb blas64.General) {
	k, m := j.e.kernel, j.mask
	out, _ := leftOut(k)
	_, c := j.dst.Dims()
	var s *rowScratch // taken from the pool for the first row that gathers
	defer func() {
		if s != nil {
			rowScratches.Put(s)
		}
	}()
	for i := from; i < to; i++ {
		dst, a, b := j.dst.RawRowView(i), span(ra, i, i+1), span(rb, i, i+1)
		n, keep := m.row(i)
		switch {
		case keep == nil && j.forward:
			if n > 0 {
				k.forwardRows(dst[:n], head(a, n), b[:n], i, j.stream)
			}
			fill(dst[n:], out)
		case keep == nil:
			if n > 0 {
				k.backwardRows(dst[:n], a[:n], b[:n], block, j.stream)
			}
			clear(dst[n:])
		case j.forward:
			if s == nil {
				s = getRows(c)
			}
			k.forwardRows(dst[:n], head(a, n), gather(s.x, b, keep), i, false)
			scatter(dst, keep, n, out)
		default:
			if s == nil {
				s = getRows(c)
			}
			k.backwardRows(dst[:n], gather(s.g, a, keep), b[:n], block, false)
			scatter(dst, keep, n, 0)
		}
	}
}

// head returns s[:n], or nil for a nil s.
func head(s []float64, n int) []float64 {
	if s == nil {
		return nil
	}
	return s[:n]
}

// gather sets dst, of len(keep) entries or more, to the entries of x
// that keep keeps, in order, and returns them. It writes every entry and
// moves on past the kept ones only, without a branch: a mask that keeps
// entries at random would mispredict one in two.
func gather(dst, x []float64, keep []bool) []float64 {
	dst, x = dst[:len(keep)], x[:len(keep)]
	n := 0
	for j, k := range keep {
		dst[n] = x[j]
		n += b2i(k)
	}
	return dst[:n]
}

// scatter moves the n values at the start of v to the places keep keeps,
// in order, and sets the others to fill, without a branch. It works from
// the end: the kept entry that lands at j is one of the first j+1, so no
// value is overwritten before it has moved.
func scatter(v []float64, keep []bool, n int, fill float64) {
	for j := len(keep) - 1; j >= 0; j-- {
		n -= b2i(keep[j])
		v[j] = choose(keep[j], v[n], fill)
	}
}

// b2i returns 1 for true and 0 for false, which the compiler makes a load
// of the bool's byte, not a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
