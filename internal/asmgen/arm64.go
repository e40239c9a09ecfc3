package main

import (
	"fmt"
	"strings"
)

// The arm64 kernels: NEON, two float64 in each V register. Each slice has
// a pointer of its own that the loads and stores move on.

// neon is the emitter of one arm64 loop.
type neon struct {
	k      *Kernel
	exit   string
	gp     map[string]string
	consts *constTable
	nvec   int  // registers for the allocator: V0 up; the rest hold Lookup's tables
	table  bool // some instruction reads consts<>, from R17
}

func (n *neon) files() (int, int)        { return n.nvec, 0 }
func (n *neon) label(name string) string { return name + ":" }
func (n *neon) remat(v *V) bool          { return v.op == opConst || v.op == opArg || v.op == opField }

// The NEON instructions Go's assembler does not name, on two float64
// lanes (.2D), by their encodings: operands are register numbers, m, n and
// d for Vd = Vn op Vm.
var neonWords = map[string]uint32{
	"FADD": 0x4E60D400, "FSUB": 0x4EE0D400, "FMUL": 0x6E60DC00, "FDIV": 0x6E60FC00,
	"FMAX": 0x4E60F400, "FMIN": 0x4EE0F400, "FCMEQ": 0x4E60E400, "FCMGE": 0x6E60E400, "FCMGT": 0x6EE0E400,
	"BIC": 0x4E601C00, "FABS": 0x4EE0F800, "FNEG": 0x6EE0F800, "FRINTN": 0x4E618800, "FSQRT": 0x6EE1F800,
	"NOT": 0x6E205800, "ORN": 0x4EE01C00,
	"FCVTL": 0x0E617800, "FCVTL2": 0x4E617800, "FCVTN": 0x0E616800, "FCVTN2": 0x4E616800,
}

// word emits the instruction mn as a WORD, with its text beside it.
func (n *neon) word(a *alloc, mn string, d int, srcs ...int) {
	enc := neonWords[mn] | uint32(d)
	arr, srcArr := ".2D", ".2D"
	switch mn {
	case "BIC", "NOT", "ORN":
		arr, srcArr = ".16B", ".16B"
	case "FCVTL", "FCVTL2":
		srcArr = map[string]string{"FCVTL": ".2S", "FCVTL2": ".4S"}[mn]
	case "FCVTN", "FCVTN2":
		arr = map[string]string{"FCVTN": ".2S", "FCVTN2": ".4S"}[mn]
	}
	text := fmt.Sprintf("%s V%d%s", mn, d, arr)
	switch len(srcs) {
	case 1:
		enc |= uint32(srcs[0]) << 5
		text += fmt.Sprintf(", V%d%s", srcs[0], srcArr)
	case 2: // n, m
		enc |= uint32(srcs[0])<<5 | uint32(srcs[1])<<16
		text += fmt.Sprintf(", V%d%s, V%d%s", srcs[0], srcArr, srcs[1], srcArr)
	}
	a.emit("WORD $%#08x // %s", enc, text)
}

func (n *neon) reload(a *alloc, v *V, r int) {
	switch v.op {
	case opConst:
		if v.bits == 0 {
			a.emit("VEOR V%d.B16, V%d.B16, V%d.B16", r, r, r)
			return
		}
		n.consts.name(v.bits, v.aux)
		n.table = true
		a.emit("FMOVQ %d(R17), F%d", n.consts.offset(v.bits), r) // R17 holds consts<>
		a.note(v.aux)
		return
	case opArg:
		a.emit("MOVD $%s+%d(FP), R9", v.name, n.k.arg(v.name).off)
	case opField:
		a.emit("ADD $%d, %s, R9", 8*v.idx, n.gp[v.name])
	}
	a.emit("VLD1R (R9), [V%d.D2]", r)
	a.note(v.aux)
}

func (n *neon) spill(a *alloc, r, s int) { a.fail = fmt.Errorf("NEON spills V%d", r) }

func (n *neon) move(a *alloc, v *V, from, to int) {
	a.emit("VMOV V%d.B16, V%d.B16", from, to)
}

var neonArith = map[op]string{opAdd: "FADD", opSub: "FSUB", opMul: "FMUL", opDiv: "FDIV", opMin: "FMIN", opMax: "FMAX",
	opMinLoose: "FMIN", opMaxLoose: "FMAX", opMOrNot: "ORN"}

func (n *neon) instr(a *alloc, in *instr) {
	v := in.v
	switch v.op {
	case opAdd, opSub, opMul, opDiv, opMin, opMax, opMinLoose, opMaxLoose, opAndNot, opMAndNot, opMOrNot:
		p, q := a.in(v.args[0]), a.in(v.args[1])
		a.release(in.args)
		mn := neonArith[v.op]
		if mn == "" {
			mn = "BIC"
		}
		n.word(a, mn, a.def(v), p, q)
	case opAnd, opOr, opXor, opMAnd, opMOr, opZero:
		p, q := a.in(v.args[0]), a.in(v.args[1])
		a.release(in.args)
		mn := map[op]string{opAnd: "VAND", opOr: "VORR", opXor: "VEOR", opMAnd: "VAND", opMOr: "VORR", opZero: "VAND"}[v.op]
		d := a.def(v)
		a.emit("%s V%d.B16, V%d.B16, V%d.B16", mn, q, p, d)
	case opSqrt, opNeg, opAbs, opRound, opMNot:
		p := a.in(v.args[0])
		a.release(in.args)
		mn := map[op]string{opSqrt: "FSQRT", opNeg: "FNEG", opAbs: "FABS", opRound: "FRINTN", opMNot: "NOT"}[v.op]
		n.word(a, mn, a.def(v), p)
	case opShl:
		p := a.in(v.args[0])
		a.release(in.args)
		a.emit("VSHL $%d, V%d.D2, V%d.D2", v.idx, p, a.def(v))
	case opCmp:
		p, q := a.in(v.args[0]), a.in(v.args[1])
		a.release(in.args)
		mn := map[pred]string{pEQ: "FCMEQ", pGT: "FCMGT", pGE: "FCMGE"}[v.pred]
		n.word(a, mn, a.def(v), p, q)
	case opFMA, opFNMA, opFMS:
		p, q, c := v.args[0], v.args[1], v.args[2]
		rp, rq := a.in(p), a.in(q)
		mn := "VFMLA"
		if v.op == opFNMA {
			mn = "VFMLS"
		}
		var d int
		if v.op == opFMS {
			// p·q - c is p·q + (-c), the sign of an exact zero included.
			rc := a.in(c)
			a.release([]*V{c})
			d = a.def(v)
			n.word(a, "FNEG", d, rc)
		} else {
			a.in(c)
			d = a.defOver(v, c)
		}
		a.emit("%s V%d.D2, V%d.D2, V%d.D2", mn, rq, rp, d)
		a.release([]*V{p, q})
	case opCopySign:
		// BIT inserts the sign bit of args[1] into a copy of args[0].
		s, sign := a.in(v.args[1]), a.in(v.args[2])
		a.in(v.args[0])
		a.release(in.args[1:])
		d := a.defOver(v, v.args[0])
		a.emit("VBIT V%d.B16, V%d.B16, V%d.B16", sign, s, d)
		a.release(in.args[:1])
	case opSelect:
		m, t, f := v.args[0], v.args[1], v.args[2]
		rm, rt, rf := a.in(m), a.in(t), a.in(f)
		switch {
		case a.lastRead(f) || !a.lastRead(t) && !a.lastRead(m):
			a.release([]*V{m, t})
			d := a.defOver(v, f)
			a.emit("VBIT V%d.B16, V%d.B16, V%d.B16", rm, rt, d) // t where m
		case a.lastRead(t):
			a.release([]*V{m, f})
			d := a.defOver(v, t)
			a.emit("VBIF V%d.B16, V%d.B16, V%d.B16", rm, rf, d) // f where not m
		default:
			a.release([]*V{t, f})
			d := a.defOver(v, m)
			a.emit("VBSL V%d.B16, V%d.B16, V%d.B16", rf, rt, d) // t where d, f elsewhere
		}
		a.release(in.args)
	case opLoad:
		p := n.gp[v.name]
		switch f32 := n.k.elem(v.name) == 4; {
		case f32 && len(in.res) == 2:
			r0, r1 := a.def(in.res[0]), a.def(in.res[1])
			a.emit("FMOVQ.P 16(%s), F%d", p, r0)
			n.word(a, "FCVTL2", r1, r0)
			n.word(a, "FCVTL", r0, r0)
		case f32:
			r := a.def(v)
			a.emit("FMOVD.P 8(%s), F%d", p, r)
			n.word(a, "FCVTL", r, r)
		case len(in.res) == 2:
			a.emit("FLDPQ.P 32(%s), (F%d, F%d)", p, a.def(in.res[0]), a.def(in.res[1]))
		default:
			a.emit("VLD1.P 16(%s), [V%d.D2]", p, a.def(v))
		}
	case opStore:
		p := n.gp[v.name]
		switch f32 := n.k.elem(v.name) == 4; {
		case f32:
			r0, t := a.in(in.args[0]), a.temp(vec)
			n.word(a, "FCVTN", t, r0)
			if len(in.args) == 2 {
				n.word(a, "FCVTN2", t, a.in(in.args[1]))
				a.emit("FMOVQ.P F%d, 16(%s)", t, p)
			} else {
				a.emit("FMOVD.P F%d, 8(%s)", t, p)
			}
		case len(in.args) == 2:
			a.emit("FSTPQ.P (F%d, F%d), 32(%s)", a.in(in.args[0]), a.in(in.args[1]), p)
		default:
			a.emit("VST1.P [V%d.D2], 16(%s)", a.in(v.args[0]), p)
		}
		a.release(in.args)
	case opUpdate:
		src, dst := a.in(v.args[1]), a.reg[v.args[0]]
		if src != dst {
			n.move(a, v.args[0], src, dst)
		}
		a.release(in.args[1:])
	case opStopUnless, opStopIf:
		r := a.in(v.args[0])
		a.release(in.args)
		a.emit("VMOV V%d.D[0], R7", r)
		a.emit("VMOV V%d.D[1], R8", r)
		if v.op == opStopUnless {
			a.emit("AND R7, R8, R7")
			a.emit("CMN $1, R7")
			a.emit("BNE %s", n.exit)
		} else {
			a.emit("ORR R7, R8, R7")
			a.emit("CBNZ R7, %s", n.exit)
		}
	case opFind:
		for c, m := range in.args {
			r := a.in(m)
			for lane := range 2 {
				a.emit("VMOV V%d.D[%d], R7", r, lane)
				a.emit("CBNZ R7, found%d", 2*c+lane) // the lane's distance from the group's first
			}
		}
		a.release(in.args)
	case opStoreCodes:
		n.storeCodes(a, in)
	case opLookup:
		n.lookup(a, in)
	case opPairs:
		// Pairs read here and written back by StorePairs move on there.
		for c := 0; c < len(in.res); c += 2 {
			d := a.defPair(in.res[c], in.res[c+1])
			if n.k.uses(opStorePairs) {
				a.emit("ADD $%d, %s, R9", 32*c/2, n.gp[v.name])
				a.emit("VLD2 (R9), [V%d.D2, V%d.D2]", d, d+1)
			} else {
				a.emit("VLD2.P 32(%s), [V%d.D2, V%d.D2]", n.gp[v.name], d, d+1)
			}
		}
	case opStorePairs:
		for c := 0; c < len(in.args); c += 2 {
			d := a.usePair(in.args[c], in.args[c+1])
			a.emit("VST2.P [V%d.D2, V%d.D2], 32(%s)", d, d+1, n.gp[v.name])
		}
		a.release(in.args)
	default:
		panic(fmt.Sprintf("%s: arm64 has no %s", n.k.Name, v.op))
	}
}

// storeCodes emits the codes of the copies, two at a time: the masks'
// lanes narrowed to bytes (UZP1 to 32, 16, then 8 bits), one & 1 | two &
// 2, four bytes stored.
func (n *neon) storeCodes(a *alloc, in *instr) {
	per := len(in.v.args) // one, two, bytes of 1, bytes of 2
	if len(in.args)%(2*per) != 0 {
		panic(n.k.Name + ": NEON stores the codes of pairs of copies")
	}
	for c := 0; c < len(in.args); c += 2 * per {
		x, y := in.args[c:c+per], in.args[c+per:c+2*per]
		ones, twos := a.in(x[2]), a.in(x[3])
		t, u := a.temp(vec), a.temp(vec)
		for i, d := range []int{t, u} {
			lo, hi := a.in(x[i]), a.in(y[i])
			a.emit("VUZP1 V%d.S4, V%d.S4, V%d.S4", hi, lo, d)
			a.emit("VUZP1 V%d.H8, V%d.H8, V%d.H8", d, d, d)
			a.emit("VUZP1 V%d.B16, V%d.B16, V%d.B16", d, d, d)
		}
		a.emit("VAND V%d.B16, V%d.B16, V%d.B16", ones, t, t)
		a.emit("VAND V%d.B16, V%d.B16, V%d.B16", twos, u, u)
		a.emit("VORR V%d.B16, V%d.B16, V%d.B16", u, t, t)
		a.emit("FMOVS F%d, (%s)", t, n.gp[in.v.name])
		a.emit("ADD $4, %s", n.gp[in.v.name])
	}
	a.release(in.args)
}

// lookup emits d[codes] for the copies, by table lookups: the codes of
// the group times 8, spread so that each byte of a lane has its
// element's, plus the byte's offset, index the bytes of d, which V30 and
// V31 hold (V26-V29 the spreads, V25 the offsets).
func (n *neon) lookup(a *alloc, in *instr) {
	codes := n.gp[in.v.name]
	t := a.temp(vec)
	switch len(in.res) {
	case 4:
		a.emit("FMOVD.P 8(%s), F%d", codes, t)
	case 2:
		a.emit("FMOVS.P 4(%s), F%d", codes, t)
	default:
		panic(n.k.Name + ": NEON looks up two or four copies at a time")
	}
	a.emit("VSHL $3, V%d.B16, V%d.B16", t, t)
	for c, v := range in.res {
		d := a.def(v)
		a.emit("VTBL V%d.B16, [V%d.B16], V%d.B16", 26+c, t, d)
		a.emit("VADD V25.B16, V%d.B16, V%d.B16", d, d)
		a.emit("VTBL V%d.B16, [V30.B16, V31.B16], V%d.B16", d, d)
	}
}

func (n *neon) carry(a *alloc, v *V, r int, out bool) {
	if v.op == opFalse {
		if !out {
			a.emit("VEOR V%d.B16, V%d.B16, V%d.B16", r, r, r)
			return
		}
		a.emit("VMOV V%d.D[0], R7", r)
		a.emit("VMOV V%d.D[1], R8", r)
		a.emit("ORR R7, R8, R7")
		a.emit("CMP ZR, R7")
		a.emit("CSET NE, R7")
		a.emit("ORR R7, %s, %s", n.gp["flag"], n.gp["flag"])
		return
	}
	at := fmt.Sprintf("%d(%s)", v.idx+16*v.copy, n.gp[v.name])
	if n.k.optional(v.name) {
		a.emit("CBZ %s, 2(PC)", n.gp[v.name])
	}
	if out {
		a.emit("FMOVQ F%d, %s", r, at)
	} else {
		a.emit("FMOVQ %s, F%d", at, r)
	}
}

func (n *neon) block(a *alloc, name, label string) {
	r := n.gp[name+"_len"]
	if strings.HasPrefix(n.k.arg(name).typ, "*") {
		r = n.gp[name]
	}
	a.emit("CBZ %s, %s", r, label)
}

// legalizeNEON rewrites the operations NEON has no instruction for: the
// comparisons but =, > and >= (by swapping, or the complement), and the
// complements of masks where the instruction that takes them can do
// without.
func legalizeNEON(b *B, v *V) {
	not := func(m *V) (*V, bool) {
		if m.op == opMNot {
			return m.args[0], true
		}
		return nil, false
	}
	switch v.op {
	case opCmp:
		p, q := v.args[0], v.args[1]
		switch v.pred {
		case pLT, pLE:
			v.pred, v.args = v.pred.swapped(), []*V{q, p}
		case pORD:
			if p != q {
				panic(b.k.Name + ": ordered compares a value with itself only")
			}
			v.pred = pEQ
		case pNE, pNLT, pNLE, pNGT, pNGE, pUNORD:
			m := b.Cmp(p, v.pred.not(), q)
			legalizeNEON(b, m)
			v.op, v.args = opMNot, []*V{m}
		}
	case opStopUnless, opStopIf:
		if m, ok := not(v.args[0]); ok {
			v.op, v.args = opStopIf+opStopUnless-v.op, []*V{m}
		}
	case opSelect:
		if m, ok := not(v.args[0]); ok {
			v.args = []*V{m, v.args[2], v.args[1]}
		}
	case opZero:
		if m, ok := not(v.args[0]); ok {
			v.op, v.args = opAndNot, []*V{v.args[1], m}
		}
	case opMOr:
		if m, ok := not(v.args[1]); ok {
			v.op, v.args = opMOrNot, []*V{v.args[0], m}
		} else if m, ok := not(v.args[0]); ok {
			v.op, v.args = opMOrNot, []*V{v.args[1], m}
		}
	case opMAnd:
		if m, ok := not(v.args[1]); ok {
			v.op, v.args = opMAndNot, []*V{v.args[0], m}
		} else if m, ok := not(v.args[0]); ok {
			v.op, v.args = opMAndNot, []*V{v.args[1], m}
		}
	case opCopySign:
		v.args = append(v.args, b.Bits(signBit))
	case opStoreCodes:
		v.args = append(v.args, b.Bits(0x0101010101010101), b.Bits(0x0202020202020202))
	}
}

// arm64Text returns the TEXT of kernel k for arm64: a loop for each
// variant (where the fields of One are 1), the kernel's start choosing.
func arm64Text(k *Kernel, c *constants, table *constTable) string {
	var t text
	probe := build(k, c, 2, false, legalizeNEON, true, false)
	s := begin(&t, k, probe, []string{"R0", "R1", "R2", "R3", "R10", "R11", "R12", "R13", "R14", "R15", "R16"}, nil)
	gp, res, flag := s.gp, s.res, s.flag
	fmt.Fprintf(&t, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", k.Name, k.frameArgs())
	t.emit("MOVBU ·useVectors(SB), R7")
	t.emit("CBNZ R7, %d(PC)", 2+len(res))
	t.emit("MOVD ZR, %s+%d(FP)", res[0].name, res[0].off)
	if flag != "" {
		t.emit("MOVB ZR, %s+%d(FP)", flag, res[1].off)
	}
	t.emit("RET")
	s.args(&t, k, "MOVD", "R4")
	base := "\tMOVD $consts<>(SB), R17\n"
	t.emit("MOVD ZR, R5")
	if flag != "" {
		t.emit("MOVD ZR, %s", gp["flag"])
	}
	nvec := 32
	if s.ops[opLookup] {
		// Lookup's tables, V25-V31: d (24 bytes: the last 8 are never read),
		// the spreads and the byte offsets.
		nvec = 25
		var d string
		for _, in := range probe.code {
			if in.v.op == opLookup {
				d = gp[in.v.aux]
			}
		}
		t.emit("VLD1 (%s), [V30.D2]", d)
		t.emit("FMOVD 16(%s), F31", d)
		t.emit("MOVD $lookup<>(SB), R9")
		t.emit("VLD1.P 64(R9), [V26.B16, V27.B16, V28.B16, V29.B16]")
		t.emit("VLD1 (R9), [V25.B16]")
	}
	ones := []bool{false}
	if k.One.Ptr != "" {
		ones = []bool{true, false}
		t.emit("MOVD $0x3ff0000000000000, R8") // 1.0
		for _, f := range k.One.Fields {
			t.emit("MOVD %d(%s), R7", 8*f, gp[k.One.Ptr])
			t.emit("CMP R8, R7")
			t.emit("BNE general")
		}
	}
	copies, usedTable := 0, false
	for _, one := range ones {
		chain := "loop"
		if one {
			chain = "one"
		} else if k.One.Ptr != "" {
			t.label("general")
		}
		e := &neon{k: k, exit: chain + "end", gp: gp, consts: table, nvec: nvec}
		lc, bd := compileBest(func(sideBySide bool) *body {
			return build(k, c, 2, one, legalizeNEON, true, sideBySide)
		}, e, chain)
		copies, usedTable = bd.copies, usedTable || e.table
		t.lines(lc.pre)
		t.label(chain)
		t.emit("ADD $%d, R5, R6", 2*bd.copies)
		t.emit("CMP R4, R6")
		t.emit("BGT %s", chain+"end")
		t.lines(lc.body)
		t.emit("MOVD R6, R5")
		t.emit("B %s", chain)
		t.label(chain + "end")
		t.lines(lc.exit)
		t.emit("B done")
	}
	t.label("done")
	t.emit("MOVD R5, %s+%d(FP)", res[0].name, res[0].off)
	switch {
	case s.ops[opFind]:
		t.emit("MOVB ZR, %s+%d(FP)", flag, res[1].off)
	case flag != "":
		t.emit("MOVB %s, %s+%d(FP)", gp["flag"], flag, res[1].off)
	}
	t.emit("RET")
	for off := range 2 * copies {
		if !s.ops[opFind] {
			break
		}
		t.label(fmt.Sprintf("found%d", off))
		if off > 0 {
			t.emit("ADD $%d, R5", off)
		}
		t.emit("MOVD $1, R7")
		t.emit("MOVB R7, %s+%d(FP)", flag, res[1].off)
		t.emit("MOVD R5, %s+%d(FP)", res[0].name, res[0].off)
		t.emit("RET")
	}
	if !usedTable {
		base = ""
	}
	return strings.Replace(t.String(), "\tMOVD ZR, R5\n", base+"\tMOVD ZR, R5\n", 1)
}
