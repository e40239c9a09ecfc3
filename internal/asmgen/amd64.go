package main

import (
	"fmt"
	"math"
	"strings"
)

// The amd64 kernels: AVX2 and FMA on four float64 in Y registers, and
// where the CPU has AVX-512F, eight in Z registers first, with the same
// operations in the same order. Elements are addressed by one index, BX,
// from the bases of the slices.

const (
	signBit = 1 << 63
	absMask = signBit - 1
)

// x86 is the emitter of one amd64 loop.
type x86 struct {
	k      *Kernel
	wide   bool   // Z registers, eight lanes, masks in K registers
	stream bool   // the streaming copy of the loop
	tail   bool   // the masked last group: K7 holds its lanes
	exit   string // the label a stop goes to
	found  string // the label a Find goes to
	gp     map[string]string
	stored bool // this group has stored: a load may not be read again
	consts *constTable
}

func (x *x86) width() int {
	if x.wide {
		return 8
	}
	return 4
}

// masked reports whether the loop is the masked last group, whose updates
// of the carries keep the lanes past the end.
func (x *x86) masked() bool { return x.tail }

func (x *x86) files() (int, int) {
	if x.wide {
		return 32, 6 // K1-K6; K7 is the tail's
	}
	return 16, 0
}

func (x *x86) vreg(r int) string {
	if x.wide {
		return fmt.Sprintf("Z%d", r)
	}
	return fmt.Sprintf("Y%d", r)
}

func (x *x86) kreg(r int) string { return fmt.Sprintf("K%d", r+1) }

// reg returns the name of v's register.
func (x *x86) reg(a *alloc, v *V, r int) string {
	if v.kind == mask && x.wide {
		return x.kreg(r)
	}
	return x.vreg(r)
}

func (x *x86) label(name string) string { return name + ":" }

// addr returns the address of the group's elements of slice name in copy
// c, for elements of size bytes, plus extra bytes.
func (x *x86) addr(name string, c, size int, extra ...int) string {
	off := c * x.width() * size
	for _, e := range extra {
		off += e
	}
	if size > 8 {
		return fmt.Sprintf("%d(%s)(AX*1)", off, x.gp[name]) // pairs: AX holds 16·BX
	}
	return fmt.Sprintf("%d(%s)(BX*%d)", off, x.gp[name], size)
}

// fp returns the frame address of argument name.
func (x *x86) fp(name string) string {
	return fmt.Sprintf("%s+%d(FP)", name, x.k.arg(name).off)
}

func (x *x86) remat(v *V) bool {
	switch v.op {
	case opConst, opArg, opField:
		return true
	case opLoad:
		return !x.stored && !x.tail
	}
	return false
}

// mem returns a memory operand for v where an instruction can read it
// from memory, and whether it has one. With AVX-512 a float64 of the
// frame or a constant is broadcast (the .BCST forms); AVX2 reads whole
// vectors only, which the constants have.
func (x *x86) mem(a *alloc, v *V) (string, bool, bool) {
	if a.has(v) || v.kind != vec {
		return "", false, false
	}
	if s, ok := a.slot[v]; ok {
		return fmt.Sprintf("%d(SP)", s*x.width()*8), false, true
	}
	switch v.op {
	case opConst:
		x.consts.name(v.bits, v.aux)
		return x.consts.ref(v.bits), x.wide, true
	case opArg:
		return x.fp(v.name), true, x.wide
	case opField:
		return fmt.Sprintf("%d(%s)", 8*v.idx, x.gp[v.name]), true, x.wide
	case opLoad:
		if x.remat(v) && x.k.elem(v.name) == 8 {
			return x.addr(v.name, v.copy, 8), false, true
		}
	}
	return "", false, false
}

func (x *x86) reload(a *alloc, v *V, r int) {
	dst := x.vreg(r)
	if s, ok := a.slot[v]; ok {
		a.emit("VMOVUPD %d(SP), %s", s*x.width()*8, dst)
		return
	}
	switch v.op {
	case opConst:
		if v.bits == 0 {
			a.emit("VPXORQ %s, %s, %s", dst, dst, dst)
			if !x.wide {
				a.lines[len(a.lines)-1] = fmt.Sprintf("VXORPD %s, %s, %s", dst, dst, dst)
			}
			return
		}
		x.consts.name(v.bits, v.aux)
		a.emit("VBROADCASTSD %s, %s", x.consts.ref(v.bits), dst)
	case opArg:
		a.emit("VBROADCASTSD %s, %s", x.fp(v.name), dst)
	case opField:
		a.emit("VBROADCASTSD %d(%s), %s", 8*v.idx, x.gp[v.name], dst)
	case opLoad:
		x.load(a, v, dst)
	}
	a.note(v.aux)
}

func (x *x86) spill(a *alloc, r, s int) {
	a.emit("VMOVUPD %s, %d(SP)", x.vreg(r), s*x.width()*8)
}

func (x *x86) move(a *alloc, v *V, from, to int) {
	if v.kind == mask && x.wide {
		a.emit("KMOVW %s, %s", x.kreg(from), x.kreg(to))
		return
	}
	a.emit("VMOVAPD %s, %s", x.vreg(from), x.vreg(to))
}

// src returns an operand for v: memory where allowed and v is not in a
// register, else its register.
func (x *x86) src(a *alloc, v *V, memOK bool) string {
	if memOK {
		if m, bcst, ok := x.mem(a, v); ok {
			if bcst {
				return "BCST:" + m
			}
			return m
		}
	}
	return x.reg(a, v, a.in(v))
}

// op2 emits mnemonic src2, src1, dst with a .BCST suffix where src2 is a
// broadcast.
func (x *x86) op(a *alloc, mnemonic string, operands ...string) {
	for i, o := range operands {
		if m, ok := strings.CutPrefix(o, "BCST:"); ok {
			mnemonic += ".BCST"
			operands[i] = m
		}
	}
	a.emit("%s %s", mnemonic, strings.Join(operands, ", "))
}

var x86Preds = [...]int{pEQ: 0x00, pLT: 0x11, pLE: 0x12, pGT: 0x1e, pGE: 0x1d, pNE: 0x04,
	pNLT: 0x15, pNLE: 0x16, pNGT: 0x1a, pNGE: 0x19, pORD: 0x07, pUNORD: 0x03}

var x86Ops = map[op]string{opAdd: "VADDPD", opSub: "VSUBPD", opMul: "VMULPD", opDiv: "VDIVPD",
	opAnd: "VANDPD", opOr: "VORPD", opXor: "VXORPD", opAndNot: "VANDNPD", opMin: "VMINPD", opMax: "VMAXPD"}

func (x *x86) instr(a *alloc, in *instr) {
	v := in.v
	if a.at == 0 {
		x.stored = false
	}
	switch v.op {
	case opAdd, opMul, opAnd, opOr, opXor:
		p, q := v.args[0], v.args[1]
		if _, _, ok := x.mem(a, p); ok && !a.has(p) {
			p, q = q, p // the one that may be read from memory goes second
		}
		s2 := x.src(a, q, true)
		s1 := x.src(a, p, false)
		a.release(in.args)
		mn := x86Ops[v.op]
		if x.wide && (v.op == opAnd || v.op == opOr || v.op == opXor) {
			mn = map[op]string{opAnd: "VPANDQ", opOr: "VPORQ", opXor: "VPXORQ"}[v.op]
		}
		x.op(a, mn, s2, s1, x.vreg(a.def(v)))
	case opSub, opDiv, opAndNot:
		// Go's order is src2, src1, dst for dst = src1 op src2; VANDNPD
		// is ^src1 & src2.
		p, q := v.args[0], v.args[1]
		if v.op == opAndNot {
			p, q = q, p
		}
		s2 := x.src(a, q, true)
		s1 := x.src(a, p, false)
		a.release(in.args)
		mn := x86Ops[v.op]
		if x.wide && v.op == opAndNot {
			mn = "VPANDNQ"
		}
		x.op(a, mn, s2, s1, x.vreg(a.def(v)))
	case opMin, opMax, opMinLoose, opMaxLoose:
		// VMINPD and VMAXPD give src2 where either is NaN or both are
		// zeros: legalize has made args[0] the one that is so.
		p, q := v.args[0], v.args[1]
		if (v.op == opMinLoose || v.op == opMaxLoose) && a.has(p) && !a.has(q) {
			p, q = q, p
		}
		s2 := x.src(a, p, true)
		s1 := x.src(a, q, false)
		a.release(in.args)
		mn := map[op]string{opMin: "VMINPD", opMinLoose: "VMINPD", opMax: "VMAXPD", opMaxLoose: "VMAXPD"}[v.op]
		x.op(a, mn, s2, s1, x.vreg(a.def(v)))
	case opSqrt:
		s := x.src(a, v.args[0], true)
		a.release(in.args)
		x.op(a, "VSQRTPD", s, x.vreg(a.def(v)))
	case opRound:
		s := x.src(a, v.args[0], !x.wide)
		a.release(in.args)
		if x.wide {
			x.op(a, "VRNDSCALEPD", "$0", s, x.vreg(a.def(v)))
		} else {
			x.op(a, "VROUNDPD", "$0", s, x.vreg(a.def(v)))
		}
	case opShl:
		s := x.src(a, v.args[0], false)
		a.release(in.args)
		x.op(a, "VPSLLQ", fmt.Sprintf("$%d", v.idx), s, x.vreg(a.def(v)))
	case opFMA, opFNMA, opFMS:
		x.fma(a, in)
	case opTern:
		c := x.src(a, v.args[2], true)
		b := x.src(a, v.args[1], false)
		a.in(v.args[0])
		a.release(in.args[1:])
		d := a.defOver(v, v.args[0])
		x.op(a, "VPTERNLOGQ", fmt.Sprintf("$%#x", v.idx), c, b, x.vreg(d))
	case opCmp:
		s2 := x.src(a, v.args[1], true)
		s1 := x.src(a, v.args[0], false)
		a.release(in.args)
		x.op(a, "VCMPPD", fmt.Sprintf("$%#x", x86Preds[v.pred]), s2, s1, x.reg(a, v, a.def(v)))
	case opMAnd, opMOr, opMAndNot:
		p, q := v.args[0], v.args[1]
		if v.op == opMAndNot {
			p, q = q, p // ^src1 & src2
		}
		s2, s1 := a.in(q), a.in(p)
		a.release(in.args)
		d := a.def(v)
		if x.wide {
			mn := map[op]string{opMAnd: "KANDW", opMOr: "KORW", opMAndNot: "KANDNW"}[v.op]
			a.emit("%s %s, %s, %s", mn, x.kreg(s2), x.kreg(s1), x.kreg(d))
		} else {
			mn := map[op]string{opMAnd: "VANDPD", opMOr: "VORPD", opMAndNot: "VANDNPD"}[v.op]
			a.emit("%s %s, %s, %s", mn, x.vreg(s2), x.vreg(s1), x.vreg(d))
		}
	case opSelect:
		m, t, f := v.args[0], v.args[1], v.args[2]
		st := x.src(a, t, true)
		sf := x.src(a, f, false)
		sm := x.reg(a, m, a.in(m))
		a.release(in.args)
		d := x.vreg(a.def(v))
		if x.wide {
			x.op(a, "VBLENDMPD", st, sf, sm, d)
		} else {
			x.op(a, "VBLENDVPD", sm, st, sf, d)
		}
	case opZero:
		m, t := v.args[0], v.args[1]
		if x.wide {
			st, sm := x.src(a, t, false), x.kreg(a.in(m))
			a.release(in.args)
			a.emit("VMOVAPD.Z %s, %s, %s", st, sm, x.vreg(a.def(v)))
		} else {
			st, sm := x.src(a, t, true), x.vreg(a.in(m))
			a.release(in.args)
			a.emit("VANDPD %s, %s, %s", st, sm, x.vreg(a.def(v)))
		}
	case opLoad:
		x.load(a, v, x.vreg(a.def(v)))
	case opStore:
		x.store(a, in)
		x.stored = true
	case opUpdate:
		c, n := v.args[0], v.args[1]
		src := a.in(n)
		dst := a.reg[c]
		switch {
		case x.tail:
			a.emit("VMOVAPD %s, K7, %s", x.vreg(src), x.vreg(dst))
		case src != dst:
			x.move(a, c, src, dst)
		}
		a.release(in.args[1:])
		x.stored = true
	case opStopIf, opStopUnless:
		x.stop(a, in)
	case opLookup:
		x.lookup(a, in)
	case opPairs:
		x.pairs(a, in)
	case opStorePairs:
		x.storePairs(a, in)
		x.stored = true
	case opStoreCodes:
		x.storeCodes(a, in)
		x.stored = true
	case opFind:
		x.find(a, in)
	default:
		panic(fmt.Sprintf("%s: amd64 has no %s", x.k.Name, v.op))
	}
}

// load emits the load of the group's lanes of a slice into dst: float32
// ones widened, exactly.
func (x *x86) load(a *alloc, v *V, dst string) {
	mn, size := "VMOVUPD", x.k.elem(v.name)
	if size == 4 {
		mn = "VCVTPS2PD"
	}
	if x.tail {
		a.emit("%s.Z %s, K7, %s", mn, x.addr(v.name, v.copy, size), dst)
	} else {
		a.emit("%s %s, %s", mn, x.addr(v.name, v.copy, size), dst)
	}
}

// store emits a store: to float32 slices rounded, half the bytes; around
// the caches in the streaming loops.
func (x *x86) store(a *alloc, in *instr) {
	v := in.v
	r := a.in(v.args[0])
	a.release(in.args)
	src, mn, size := x.vreg(r), "VMOVUPD", x.k.elem(v.name)
	if size == 4 {
		t := a.temp(vec)
		if x.wide {
			a.emit("VCVTPD2PS %s, Y%d", src, t)
			src = fmt.Sprintf("Y%d", t)
		} else {
			a.emit("VCVTPD2PSY %s, X%d", src, t)
			src = fmt.Sprintf("X%d", t)
		}
		mn = "VMOVUPS"
	}
	if x.stream && x.k.streams(v.name) {
		mn = strings.Replace(mn, "VMOVU", "VMOVNT", 1)
	}
	if x.tail {
		a.emit("%s %s, K7, %s", mn, src, x.addr(v.name, v.copy, size))
	} else {
		a.emit("%s %s, %s", mn, src, x.addr(v.name, v.copy, size))
	}
}

// fma emits a fused multiply-add. The instruction writes its result
// over one operand: the addend (the 231 form, a factor may be read from
// memory) or a factor (213, the addend from memory; 132, the other factor
// from memory). It takes the form that needs the fewest loads and copies.
func (x *x86) fma(a *alloc, in *instr) {
	v := in.v
	mn := map[op]string{opFMA: "VFMADD", opFNMA: "VFNMADD", opFMS: "VFMSUB"}[v.op]
	p, q, c := v.args[0], v.args[1], v.args[2]
	reg := func(u *V) int { // the cost of having u in a register
		if a.has(u) {
			return 0
		}
		return 1
	}
	any := func(u *V) int { // in a register or read from memory
		if _, _, ok := x.mem(a, u); ok || a.has(u) {
			return 0
		}
		return 1
	}
	type form struct {
		name           string
		over, src2, s1 *V
		cost           int
	}
	forms := []form{{"231", c, q, p, a.overCost(c) + reg(p) + any(q)}, {"231", c, p, q, a.overCost(c) + reg(q) + any(p)}}
	for _, f := range [][2]*V{{p, q}, {q, p}} {
		over, other := f[0], f[1]
		forms = append(forms,
			form{"213", over, c, other, a.overCost(over) + reg(other) + any(c)},
			form{"132", over, other, c, a.overCost(over) + reg(c) + any(other)})
	}
	best := forms[0]
	for _, f := range forms[1:] {
		if f.cost < best.cost {
			best = f
		}
	}
	s2 := x.src(a, best.src2, best.src2 != best.over)
	s1 := x.src(a, best.s1, false)
	var rest []*V
	for _, u := range []*V{p, q, c} {
		if u != best.over {
			rest = append(rest, u)
		}
	}
	a.release(rest)
	d := a.defOver(v, best.over)
	if best.src2 == best.over {
		s2 = x.vreg(d)
	}
	if best.s1 == best.over {
		s1 = x.vreg(d)
	}
	x.op(a, mn+best.name+"PD", s2, s1, x.vreg(d))
}

// stop emits the test of a stop: to the exit if a lane of its mask is set
// (StopIf) or one is not (StopUnless).
func (x *x86) stop(a *alloc, in *instr) {
	m := in.args[0]
	r := a.in(m)
	a.release(in.args)
	switch {
	case x.wide && x.tail:
		k := a.temp(mask)
		if in.v.op == opStopIf {
			a.emit("KANDW K7, %s, %s", x.kreg(r), x.kreg(k))
			a.emit("KORTESTW %s, %s", x.kreg(k), x.kreg(k))
			a.emit("JNZ %s", x.exit)
		} else {
			a.emit("KANDNW K7, %s, %s", x.kreg(r), x.kreg(k)) // lanes in the tail but not in m
			a.emit("KORTESTW %s, %s", x.kreg(k), x.kreg(k))
			a.emit("JNZ %s", x.exit)
		}
	case x.wide && in.v.op == opStopIf:
		a.emit("KORTESTW %s, %s", x.kreg(r), x.kreg(r))
		a.emit("JNZ %s", x.exit)
	case x.wide:
		a.emit("KMOVW %s, AX", x.kreg(r))
		a.emit("CMPL AX, $0xff")
		a.emit("JNE %s", x.exit)
	case in.v.op == opStopIf:
		a.emit("VTESTPD %s, %s", x.vreg(r), x.vreg(r))
		a.emit("JNZ %s", x.exit)
	default:
		a.emit("VMOVMSKPD %s, AX", x.vreg(r))
		a.emit("CMPQ AX, $15")
		a.emit("JNE %s", x.exit)
	}
}

// lookup emits d[codes] for each copy: the codes widened to int64 and
// compared with 1 and 2.
func (x *x86) lookup(a *alloc, in *instr) {
	// args: for each copy, d0, d1, d2, and the int64s 1 and 2.
	for c, v := range in.res {
		args := in.args[5*c : 5*c+5]
		t := a.temp(vec)
		a.emit("VPMOVZXBQ %s, %s", x.addr(v.name, v.copy, 1), x.vreg(t))
		if x.wide {
			k1, k2 := a.temp(mask), a.temp(mask)
			a.emit("VPCMPEQQ %s, %s, %s", x.vreg(a.in(args[3])), x.vreg(t), x.kreg(k1))
			a.emit("VPCMPEQQ %s, %s, %s", x.vreg(a.in(args[4])), x.vreg(t), x.kreg(k2))
			d0, d1, d2 := a.in(args[0]), a.in(args[1]), a.in(args[2])
			a.release(args)
			d := x.vreg(a.def(v))
			a.emit("VMOVAPD %s, %s", x.vreg(d0), d)
			a.emit("VMOVAPD %s, %s, %s", x.vreg(d1), x.kreg(k1), d)
			a.emit("VMOVAPD %s, %s, %s", x.vreg(d2), x.kreg(k2), d)
			continue
		}
		m := a.temp(vec)
		x.op(a, "VPCMPEQQ", x.src(a, args[3], true), x.vreg(t), x.vreg(m))
		s1, s0 := x.src(a, args[1], true), x.src(a, args[0], false)
		d := x.vreg(a.def(v))
		x.op(a, "VBLENDVPD", x.vreg(m), s1, s0, d)
		x.op(a, "VPCMPEQQ", x.src(a, args[4], true), x.vreg(t), x.vreg(m))
		x.op(a, "VBLENDVPD", x.vreg(m), x.src(a, args[2], true), d, d)
		a.release(args)
	}
}

// pairs emits the firsts and seconds of the group's pairs: each copy's
// two vectors of {first, second} are unpacked across their halves.
func (x *x86) pairs(a *alloc, in *instr) {
	if x.wide {
		panic(x.k.Name + ": pairs with AVX-512")
	}
	a.emit("MOVQ BX, AX")
	a.emit("SHLQ $4, AX") // 16 bytes a pair
	for c := 0; c < len(in.res); c += 2 {
		first, second := in.res[c], in.res[c+1]
		lo, hi := a.temp(vec), a.temp(vec)
		a.emit("VMOVUPD %s, %s", x.addr(first.name, first.copy, 16), x.vreg(lo))
		a.emit("VMOVUPD %s, %s", x.addr(first.name, first.copy, 16, 32), x.vreg(hi))
		t0, t1 := a.temp(vec), a.temp(vec)
		a.emit("VPERM2F128 $0x20, %s, %s, %s", x.vreg(hi), x.vreg(lo), x.vreg(t0)) // f0 s0 f2 s2
		a.emit("VPERM2F128 $0x31, %s, %s, %s", x.vreg(hi), x.vreg(lo), x.vreg(t1)) // f1 s1 f3 s3
		a.emit("VUNPCKLPD %s, %s, %s", x.vreg(t1), x.vreg(t0), x.vreg(a.def(first)))
		a.emit("VUNPCKHPD %s, %s, %s", x.vreg(t1), x.vreg(t0), x.vreg(a.def(second)))
	}
}

func (x *x86) storePairs(a *alloc, in *instr) {
	a.emit("MOVQ BX, AX")
	a.emit("SHLQ $4, AX")
	for c := 0; c < len(in.args); c += 2 {
		f, s := a.in(in.args[c]), a.in(in.args[c+1])
		t0, t1 := a.temp(vec), a.temp(vec)
		a.emit("VUNPCKLPD %s, %s, %s", x.vreg(s), x.vreg(f), x.vreg(t0)) // f0 s0 f2 s2
		a.emit("VUNPCKHPD %s, %s, %s", x.vreg(s), x.vreg(f), x.vreg(t1)) // f1 s1 f3 s3
		lo, hi := a.temp(vec), a.temp(vec)
		a.emit("VPERM2F128 $0x20, %s, %s, %s", x.vreg(t1), x.vreg(t0), x.vreg(lo))
		a.emit("VPERM2F128 $0x31, %s, %s, %s", x.vreg(t1), x.vreg(t0), x.vreg(hi))
		a.emit("VMOVUPD %s, %s", x.vreg(lo), x.addr(in.v.name, c/2, 16))
		a.emit("VMOVUPD %s, %s", x.vreg(hi), x.addr(in.v.name, c/2, 16, 32))
	}
	a.release(in.args)
}

// storeCodes emits the codes of each copy, one + 2·two, the masks being
// disjoint: with AVX2 a byte per lane from the table codeBits<> by the
// masks' sign bits, with AVX-512 the int64s 1 and 2 narrowed to bytes.
func (x *x86) storeCodes(a *alloc, in *instr) {
	n := len(in.v.args)
	for c := 0; c < len(in.args); c += n {
		args := in.args[c : c+n]
		if x.wide {
			one, two := x.kreg(a.in(args[0])), x.kreg(a.in(args[1]))
			i1, i2 := x.vreg(a.in(args[2])), x.vreg(a.in(args[3]))
			t := x.vreg(a.temp(vec))
			a.emit("VMOVDQA64.Z %s, %s, %s", i1, one, t)
			a.emit("VMOVDQA64 %s, %s, %s", i2, two, t)
			a.emit("VPMOVQB %s, %s", t, x.addr(in.v.name, c/n, 1))
			continue
		}
		one, two := x.vreg(a.in(args[0])), x.vreg(a.in(args[1]))
		t, bits := x.gp["scratch"], x.gp["codeBits"]
		a.emit("VMOVMSKPD %s, AX", one)
		a.emit("VMOVMSKPD %s, %s", two, t)
		a.emit("MOVL (%s)(AX*4), AX", bits)
		a.emit("MOVL (%s)(%s*4), %s", bits, t, t)
		a.emit("SHLL $1, %s", t)
		a.emit("ORL %s, AX", t)
		a.emit("MOVL AX, %s", x.addr(in.v.name, c/n, 1))
	}
	a.release(in.args)
}

// find emits the search of the group for the first lane set: the lanes of
// the copies into the bits of AX, lowest first.
func (x *x86) find(a *alloc, in *instr) {
	for c, m := range in.args {
		r := a.in(m)
		dst := "AX"
		if c > 0 {
			dst = x.gp["scratch"]
		}
		if x.wide {
			a.emit("KMOVW %s, %s", x.kreg(r), dst)
		} else {
			a.emit("VMOVMSKPD %s, %s", x.vreg(r), dst)
		}
		if c > 0 {
			a.emit("SHLQ $%d, %s", c*x.width(), dst)
			a.emit("ORQ %s, AX", dst)
		}
	}
	a.release(in.args)
	a.emit("TESTQ AX, AX")
	a.emit("JNZ %s", x.found)
}

func (x *x86) carry(a *alloc, v *V, r int, out bool) {
	if v.op == opFalse {
		if !out {
			if x.wide {
				a.emit("KXORW %s, %s, %s", x.kreg(r), x.kreg(r), x.kreg(r))
			} else {
				a.emit("VXORPD %s, %s, %s", x.vreg(r), x.vreg(r), x.vreg(r))
			}
			return
		}
		// The flag: whether a lane was ever set.
		if x.wide {
			a.emit("KORTESTW %s, %s", x.kreg(r), x.kreg(r))
		} else {
			a.emit("VTESTPD %s, %s", x.vreg(r), x.vreg(r))
		}
		a.emit("SETNE AX")
		a.emit("ORB AX, %s", x.gp["flag"])
		return
	}
	at := fmt.Sprintf("%d(%s)", v.idx+v.copy*x.width()*8, x.gp[v.name])
	if x.k.optional(v.name) {
		a.emit("TESTQ %s, %s", x.gp[v.name], x.gp[v.name])
		a.emit("JZ 2(PC)")
	}
	if out {
		a.emit("VMOVUPD %s, %s", x.vreg(r), at)
	} else {
		a.emit("VMOVUPD %s, %s", at, x.vreg(r))
	}
}

func (x *x86) block(a *alloc, name, label string) {
	if strings.HasPrefix(x.k.arg(name).typ, "*") {
		a.emit("TESTQ %s, %s", x.gp[name], x.gp[name])
	} else {
		a.emit("TESTQ %s, %s", x.gp[name+"_len"], x.gp[name+"_len"])
	}
	a.emit("JZ %s", label)
}

// streams reports whether the output name is written around the caches
// in the streaming loops.
func (k *Kernel) streams(name string) bool {
	for _, s := range k.Stream {
		if s == name {
			return true
		}
	}
	return false
}

// legalizeX86 rewrites the operations amd64 has no instruction for.
func legalizeX86(wide bool) func(b *B, v *V) {
	return func(b *B, v *V) {
		switch v.op {
		case opNeg:
			v.op, v.args = opXor, append(v.args, b.Bits(signBit))
		case opAbs:
			v.op, v.args = opAnd, append(v.args, b.Bits(absMask))
		case opCopySign:
			if wide {
				// VPTERNLOGQ with the table 0xe4: c ? a : b, bit by bit.
				v.op, v.idx, v.args = opTern, 0xe4, append(v.args, b.Bits(absMask))
			} else {
				m := b.And(v.args[0], b.Bits(absMask))
				v.op, v.args = opOr, []*V{m, b.AndNot(v.args[1], b.Bits(absMask))}
			}
		case opMin, opMax:
			p, q := v.args[0], v.args[1]
			if p.op == opConst {
				p, q = q, p
			}
			if q.op != opConst {
				panic(b.k.Name + ": amd64 has Min and Max by a constant only")
			}
			c := math.Float64frombits(q.bits)
			switch {
			case v.op == opMax && q.bits == 0:
				// max(x, +0): x where x > 0 or NaN, else +0.
				m := b.Cmp(p, pNLE, q)
				v.op, v.args = opZero, []*V{m, p}
			case c == 0 && (v.op == opMax) != (q.bits == signBit):
				panic(b.k.Name + ": amd64 has no min(x, -0)")
			default:
				v.args = []*V{p, q} // NaN or zeros: p, which VMINPD gives so
			}
		case opMNot:
			if m := v.args[0]; m.op == opCmp {
				v.op, v.pred, v.args = opCmp, m.pred.not(), m.args
			} else {
				panic(b.k.Name + ": amd64 negates comparisons only")
			}
		case opStopUnless:
			if m := v.args[0]; m.op == opCmp {
				v.op, v.args = opStopIf, []*V{b.Cmp(m.args[0], m.pred.not(), m.args[1])}
			}
		case opLookup:
			v.args = []*V{b.Field(v.aux, 0), b.Field(v.aux, 1), b.Field(v.aux, 2), b.Bits(1), b.Bits(2)}
		case opStoreCodes:
			if wide {
				v.args = append(v.args, b.Bits(1), b.Bits(2))
			}
		}
	}
}
