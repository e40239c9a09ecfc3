package main

import (
	"fmt"
	"math"
)

// A kernel is described once, as the operations on one group of lanes
// (four float64 with AVX2, eight with AVX-512, two with NEON) in the order
// the Go code does them. The description is a Go function that calls a
// builder, B; each call records a value, V. Every operation means one
// thing on every instruction set, so that the bits agree: arithmetic
// rounds as IEEE 754 does (the fused forms once), comparisons are false
// for NaN unless they are the unordered ones, and Min and Max are Go's.

// kind is what a value holds in each lane.
type kind uint8

const (
	vec  kind = iota // a float64
	mask             // a predicate
	none             // an effect
)

// op is an operation of a description.
type op uint8

const (
	// Values that depend on no other.
	opConst  op = iota // a float64 known when generating
	opArg              // the float64 argument name
	opField            // the float64 at the pointer argument name, + 8·idx
	opLoad             // the group's lanes of the float64 slice name
	opLookup           // aux[codes], codes the group's bytes of the slice name
	opPairs            // the firsts (idx 0) or seconds (1) of the slice of pairs name
	opCarry            // a float64 carried over the groups, kept at pointer name + idx
	opFalse            // a mask carried over the groups, false at first

	opAdd
	opSub
	opMul
	opDiv
	opFMA  // a·b + c, rounded once
	opFNMA // c - a·b, rounded once
	opFMS  // a·b - c, rounded once
	opSqrt
	opNeg
	opAbs
	opRound    // to a whole number, ties to even
	opMin      // Go's min: NaN if either is, -0 below +0
	opMax      // Go's max
	opMinLoose // min where neither is NaN nor are both zeros; else either
	opMaxLoose
	opAnd      // bitwise
	opOr       // bitwise
	opXor      // bitwise
	opAndNot   // a &^ b, bitwise
	opShl      // each lane's bits shifted left by idx
	opCopySign // |a| with the sign of b
	opSelect   // m ? a : b
	opZero     // m ? a : +0

	opCmp     // a pred b
	opMAnd    // masks
	opMOr     //
	opMAndNot // a &^ b
	opMNot    //

	// Effects, in the order they happen.
	opStore      // the slice name = a
	opStoreCodes // the byte slice name = 2 where b, else 1 where a, else 0
	opStorePairs // the slice of pairs name = a, b
	opUpdate     // the carry a = b
	opStopUnless // stop before this group unless every lane of a is set
	opStopIf     // stop before this group if a lane of a is set
	opFind       // stop at the first lane of a that is set, and say so

	// Forms of the instruction sets, which legalize makes.
	opTern   // AVX-512 VPTERNLOGQ: idx is the table, the bits of a, b, c
	opMOrNot // NEON's ORN: a | ^b
)

var opNames = [...]string{"Const", "Arg", "Field", "Load", "Lookup", "Pairs", "Carry", "False",
	"Add", "Sub", "Mul", "Div", "FMA", "FNMA", "FMS", "Sqrt", "Neg", "Abs", "Round", "Min", "Max", "MinLoose", "MaxLoose",
	"And", "Or", "Xor", "AndNot", "Shl", "CopySign", "Select", "Zero",
	"Cmp", "MAnd", "MOr", "MAndNot", "MNot",
	"Store", "StoreCodes", "StorePairs", "Update", "StopUnless", "StopIf", "Find", "Tern", "MOrNot"}

// String returns the operation's name, as the builder's method that makes it.
func (o op) String() string { return opNames[o] }

// effect reports whether o is done for its effect, not for a value.
func (o op) effect() bool { return o >= opStore && o <= opFind }

// source reports whether o takes no other value.
func (o op) source() bool { return o <= opFalse }

// perGroup reports whether o depends on the group: a value that does not
// is the same in every group, and is computed before the loop.
func (o op) perGroup() bool { return o >= opLoad && o <= opFalse || o.effect() }

// pred is a comparison. The ordered ones are false where a side is NaN,
// their negations (pNLT, ...) true.
type pred uint8

const (
	pEQ pred = iota
	pLT
	pLE
	pGT
	pGE
	pNE
	pNLT
	pNLE
	pNGT
	pNGE
	pORD   // neither is NaN
	pUNORD // one is NaN
)

var predNames = [...]string{"==", "<", "<=", ">", ">=", "!=", "!<", "!<=", "!>", "!>=", "ordered", "unordered"}

// not returns the complement of p.
func (p pred) not() pred {
	switch {
	case p == pORD:
		return pUNORD
	case p == pUNORD:
		return pORD
	case p < pNE:
		return p + 5
	}
	return p - 5
}

// swapped returns q with b q a equal to a p b.
func (p pred) swapped() pred {
	switch p {
	case pLT, pLE, pNLT, pNLE:
		return p + 2
	case pGT, pGE, pNGT, pNGE:
		return p - 2
	}
	return p
}

// V is a value of a description, or one of its effects.
type V struct {
	op   op
	kind kind
	args []*V
	pred pred
	name string // a slice, argument or pointer
	aux  string // a constant's Go expression; a lookup's table
	idx  int    // see op
	bits uint64 // a constant's
	note string // a comment for the generated instruction
	copy int    // the copy of the loop body it belongs to
	pos  int    // its place in the description, the same in each copy
	uses int    // how many values and effects take it
	inv  bool   // the same in every group
	blk  string // the optional output whose block computes it, or ""
	id   int    // a serial number
	dead bool   // dropped: nothing takes it
}

// String returns v as the generator's errors and listings name it.
func (v *V) String() string {
	s := fmt.Sprintf("v%d(%s", v.id, v.op)
	if v.op == opCmp {
		s += " " + predNames[v.pred]
	}
	for _, a := range v.args {
		s += fmt.Sprintf(" v%d", a.id)
	}
	return s + ")"
}

// As names v in the comments of the generated code and returns it.
func (v *V) As(note string) *V {
	v.note = note
	return v
}

// B records a description. Each copy of the loop body calls the
// description once; a value that does not depend on the group is made once
// for all of them, and computed before the loop.
type B struct {
	k      *Kernel
	consts *constants
	copy   int
	pos    int
	vals   []*V
	memo   map[string]*V
	serial int
	fixed  bool // legalize is rewriting: new values take pos as it is
	// One is set for the body of a kernel's second loop, where the fields
	// of Kernel.One are 1: the description leaves out the products by them.
	One bool
}

func (b *B) add(v *V) *V {
	v.copy, v.pos = b.copy, b.pos
	if !b.fixed {
		b.pos++
	}
	v.inv = !v.op.perGroup()
	for _, a := range v.args {
		v.inv = v.inv && a.inv
	}
	if v.inv {
		key := fmt.Sprintf("%d %d %q %q %d %x", v.op, v.pred, v.name, v.aux, v.idx, v.bits)
		for _, a := range v.args {
			key += fmt.Sprintf(" %d", a.id)
		}
		if old, ok := b.memo[key]; ok {
			return old
		}
		b.memo[key] = v
	}
	b.serial++
	v.id = b.serial
	b.vals = append(b.vals, v)
	return v
}

// op records the operation o on args, which must be of the kinds want
// names (v for a float64, m for a mask).
func (b *B) op(o op, k kind, want string, args ...*V) *V {
	for i, a := range args {
		if w := map[byte]kind{'v': vec, 'm': mask}[want[i]]; a.kind != w {
			panic(fmt.Sprintf("%s: argument %d of %s is a %s", b.k.Name, i, o, []string{"float64", "mask"}[a.kind]))
		}
	}
	return b.add(&V{op: o, kind: k, args: args})
}

func (b *B) constant(aux string, f float64) *V {
	return b.add(&V{op: opConst, kind: vec, aux: aux, bits: math.Float64bits(f)})
}

// Const returns a constant expression of the package's Go code, such as
// "expC3" or "math.Sqrt2 - 1": the Go code and the kernels share every
// constant by its name.
func (b *B) Const(expr string) *V {
	if b.consts == nil {
		return b.constant(expr, 0) // a probe of the description's shape
	}
	return b.constant(expr, b.consts.value(expr))
}

// Elem returns element i of the package's array variable of constants
// array.
func (b *B) Elem(array string, i int) *V {
	if b.consts == nil {
		return b.constant(fmt.Sprintf("%s[%d]", array, i), 0)
	}
	return b.constant(fmt.Sprintf("%s[%d]", array, i), b.consts.elem(array, i))
}

// Num returns a literal that the Go code writes as one too: 0, 1, 2, 1/2.
func (b *B) Num(f float64) *V { return b.constant(fmt.Sprint(f), f) }

// Bits returns a constant given by its bits, as a mask is.
func (b *B) Bits(u uint64) *V {
	name := fmt.Sprintf("%#x", u)
	switch u {
	case 1 << 63:
		name = "the sign bit"
	case 1<<63 - 1:
		name = "all bits but the sign"
	}
	return b.add(&V{op: opConst, kind: vec, aux: name, bits: u})
}

// Arg returns the float64 argument name.
func (b *B) Arg(name string) *V {
	b.k.need(name, "float64")
	return b.add(&V{op: opArg, kind: vec, name: name})
}

// Field returns the float64 at the pointer argument ptr plus 8·i bytes.
func (b *B) Field(ptr string, i int) *V {
	b.k.need(ptr, "*")
	return b.add(&V{op: opField, kind: vec, name: ptr, idx: i})
}

// Load returns the group's lanes of the float64 slice name.
func (b *B) Load(name string) *V {
	b.k.need(name, "[]float")
	return b.add(&V{op: opLoad, kind: vec, name: name})
}

// Lookup returns d[c] for the group's codes c, bytes of the slice name,
// and d the *[3]float64 argument table.
func (b *B) Lookup(name, table string) *V {
	b.k.need(name, "[]byte")
	b.k.need(table, "*")
	return b.add(&V{op: opLookup, kind: vec, name: name, aux: table})
}

// Pairs returns the firsts and the seconds of the group's pairs of
// float64 of the slice name.
func (b *B) Pairs(name string) (first, second *V) {
	b.k.need(name, "[]")
	first = b.add(&V{op: opPairs, kind: vec, name: name})
	b.pos-- // one operation makes both
	return first, b.add(&V{op: opPairs, kind: vec, name: name, idx: 1})
}

// Carry returns a float64 carried over the groups: read before the loop
// from the pointer argument ptr at byte offset off (a later copy of the
// body from the lanes after), set for the next group by Update, and
// written back after the loop. A kernel with ptr optional leaves it alone
// where ptr is nil.
func (b *B) Carry(ptr string, off int) *V {
	b.k.need(ptr, "*")
	return b.add(&V{op: opCarry, kind: vec, name: ptr, idx: off})
}

// False returns a mask carried over the groups, false at first; the
// kernel's bool result says whether a lane of it was ever set.
func (b *B) False() *V { return b.add(&V{op: opFalse, kind: mask}) }

// Update makes v what the carry c holds for the next group.
func (b *B) Update(c, v *V) {
	if c.op != opCarry && c.op != opFalse || c.kind != v.kind {
		panic(b.k.Name + ": Update of what is not carried, or by another kind")
	}
	b.add(&V{op: opUpdate, kind: none, args: []*V{c, v}, name: c.name})
}

// Store writes v to the group's lanes of the float64 slice name.
// In a kernel's gradient form (see Kernel.Grad) only the derivative is
// stored, times g, into dx.
func (b *B) Store(name string, v *V) {
	switch {
	case b.k.form&gradForm == 0:
	case name == b.k.Grad:
		name, v = "dx", b.Mul(b.Load("g"), v)
	default:
		return
	}
	b.k.need(name, "[]float")
	b.op(opStore, none, "v", v).name = name
}

// StoreCodes writes to the group's bytes of the slice name 2 where two is
// set, else 1 where one is, else 0. A gradient form stores g·d[code]
// into dx instead, d its table.
func (b *B) StoreCodes(name string, one, two *V) {
	if b.k.form&gradForm != 0 {
		d := func(i int) *V { return b.Field("d", i) }
		b.Store(b.k.Grad, b.Select(two, d(2), b.Select(one, d(1), d(0))))
		return
	}
	b.k.need(name, "[]byte")
	b.op(opStoreCodes, none, "mm", one, two).name = name
}

// StorePairs writes first and second to the group's pairs of the slice
// name.
func (b *B) StorePairs(name string, first, second *V) {
	b.k.need(name, "[]")
	b.op(opStorePairs, none, "vv", first, second).name = name
}

// StopUnless stops the kernel before this group unless every lane of m is
// set: it returns how many elements it did, and the Go code takes the
// group.
func (b *B) StopUnless(m *V) { b.op(opStopUnless, none, "m", m) }

// StopIf stops the kernel before this group if a lane of m is set.
func (b *B) StopIf(m *V) { b.op(opStopIf, none, "m", m) }

// Find stops the kernel at the first lane of m that is set: it returns the
// index of that element and true.
func (b *B) Find(m *V) { b.op(opFind, none, "m", m) }

// Add returns x + y, rounded once, in every lane.
func (b *B) Add(x, y *V) *V { return b.op(opAdd, vec, "vv", x, y) }

// Sub returns x - y, rounded once, in every lane.
func (b *B) Sub(x, y *V) *V { return b.op(opSub, vec, "vv", x, y) }

// Mul returns x·y, rounded once, in every lane.
func (b *B) Mul(x, y *V) *V { return b.op(opMul, vec, "vv", x, y) }

// Div returns x/y, rounded once, in every lane.
func (b *B) Div(x, y *V) *V { return b.op(opDiv, vec, "vv", x, y) }

// FMA returns x·y + z rounded once, as math.FMA(x, y, z).
func (b *B) FMA(x, y, z *V) *V { return b.op(opFMA, vec, "vvv", x, y, z) }

// FNMA returns z - x·y rounded once, as math.FMA(-x, y, z).
func (b *B) FNMA(x, y, z *V) *V { return b.op(opFNMA, vec, "vvv", x, y, z) }

// FMS returns x·y - z rounded once, as math.FMA(x, y, -z).
func (b *B) FMS(x, y, z *V) *V { return b.op(opFMS, vec, "vvv", x, y, z) }

// Sqrt returns the correctly rounded square root of x in every lane.
func (b *B) Sqrt(x *V) *V { return b.op(opSqrt, vec, "v", x) }

// Neg returns -x in every lane, the sign bit flipped.
func (b *B) Neg(x *V) *V { return b.op(opNeg, vec, "v", x) }

// Abs returns |x| in every lane, the sign bit cleared.
func (b *B) Abs(x *V) *V { return b.op(opAbs, vec, "v", x) }

// Round returns x rounded to the nearest integer, ties to even.
func (b *B) Round(x *V) *V { return b.op(opRound, vec, "v", x) }

// Min returns the lesser of x and y in every lane, as Go's min does: NaN
// if either is, -0 below +0.
func (b *B) Min(x, y *V) *V { return b.op(opMin, vec, "vv", x, y) }

// Max returns the greater of x and y in every lane, as Go's max does.
func (b *B) Max(x, y *V) *V { return b.op(opMax, vec, "vv", x, y) }

// MinLoose returns the lesser of x and y where neither is NaN and they are
// not zeros of both signs, and one of them otherwise: the minimum that
// every instruction set has in one instruction.
func (b *B) MinLoose(x, y *V) *V { return b.op(opMinLoose, vec, "vv", x, y) }

// MaxLoose is MinLoose's maximum.
func (b *B) MaxLoose(x, y *V) *V { return b.op(opMaxLoose, vec, "vv", x, y) }

// And returns the bitwise x AND y of every lane.
func (b *B) And(x, y *V) *V { return b.op(opAnd, vec, "vv", x, y) }

// Or returns the bitwise x OR y of every lane.
func (b *B) Or(x, y *V) *V { return b.op(opOr, vec, "vv", x, y) }

// Xor returns the bitwise x XOR y of every lane.
func (b *B) Xor(x, y *V) *V { return b.op(opXor, vec, "vv", x, y) }

// AndNot returns the bitwise x AND NOT y of every lane.
func (b *B) AndNot(x, y *V) *V { return b.op(opAndNot, vec, "vv", x, y) }

// CopySign returns |x| with the sign of s.
func (b *B) CopySign(x, s *V) *V { return b.op(opCopySign, vec, "vv", x, s) }

// Select returns x where m is set and y elsewhere.
func (b *B) Select(m, x, y *V) *V { return b.op(opSelect, vec, "mvv", m, x, y) }

// Zero returns x where m is set and +0 elsewhere.
func (b *B) Zero(m, x *V) *V { return b.op(opZero, vec, "mv", m, x) }

// Shl shifts the bits of each lane of x left by n.
func (b *B) Shl(x *V, n int) *V {
	v := b.op(opShl, vec, "v", x)
	v.idx = n
	return v
}

// Cmp returns the mask of x p y.
func (b *B) Cmp(x *V, p pred, y *V) *V {
	v := b.op(opCmp, mask, "vv", x, y)
	v.pred = p
	return v
}

// LT returns the mask of x < y, false where either is NaN.
func (b *B) LT(x, y *V) *V { return b.Cmp(x, pLT, y) }

// LE returns the mask of x <= y, false where either is NaN.
func (b *B) LE(x, y *V) *V { return b.Cmp(x, pLE, y) }

// GT returns the mask of x > y, false where either is NaN.
func (b *B) GT(x, y *V) *V { return b.Cmp(x, pGT, y) }

// GE returns the mask of x >= y, false where either is NaN.
func (b *B) GE(x, y *V) *V { return b.Cmp(x, pGE, y) }

// EQ returns the mask of x == y, false where either is NaN.
func (b *B) EQ(x, y *V) *V { return b.Cmp(x, pEQ, y) }

// NE returns the mask of x != y.
func (b *B) NE(x, y *V) *V { return b.Cmp(x, pNE, y) }

// IsNaN returns the mask of the lanes of x that hold a NaN.
func (b *B) IsNaN(x *V) *V { return b.Cmp(x, pUNORD, x) }

// MAnd returns the mask set where both m and n are.
func (b *B) MAnd(m, n *V) *V { return b.op(opMAnd, mask, "mm", m, n) }

// MOr returns the mask set where m or n is.
func (b *B) MOr(m, n *V) *V { return b.op(opMOr, mask, "mm", m, n) }

// MAndNot returns the mask set where m is and n is not.
func (b *B) MAndNot(m, n *V) *V { return b.op(opMAndNot, mask, "mm", m, n) }

// MNot returns the mask set where m is not.
func (b *B) MNot(m *V) *V { return b.op(opMNot, mask, "m", m) }
