package main

import (
	"fmt"
	"slices"
	"strings"
)

// amd64Text returns the TEXT of kernel k for amd64. It runs the kernel's
// loops in chains: with AVX-512 the loop of eight (and its masked last
// group), then the loop of AVX2; a chain for each of the kernel's
// variants (the streaming stores, the body where the fields of One are 1),
// which the start of the kernel chooses among.
func amd64Text(k *Kernel, c *constants, table *constTable) string {
	gp := map[string]string{}
	pool := []string{"DI", "SI", "DX", "R9", "R10", "R11", "R12", "R13"}
	take := func(name string) {
		if len(pool) == 0 {
			panic(k.Name + ": out of general registers")
		}
		gp[name], pool = pool[0], pool[1:]
	}
	probe := build(k, c, 4, false, legalizeX86(false), false, false)
	ops := map[op]bool{}
	used := map[string]bool{}
	for _, v := range append(append(slices.Clone(probe.pre), probe.carries...), instrValues(probe.code)...) {
		ops[v.op] = true
		if v.name != "" {
			used[v.name] = true
		}
		if v.op == opLookup {
			used[v.aux] = true
		}
	}
	if k.One.Ptr != "" {
		used[k.One.Ptr] = true
	}
	used[k.N] = true
	for _, p := range k.params {
		if p.result || !used[p.name] || p.typ == "float64" {
			continue
		}
		take(p.name)
		if strings.HasPrefix(p.typ, "[]") && k.optional(p.name) {
			take(p.name + "_len")
		}
	}
	if ops[opStoreCodes] {
		take("codeBits")
	}
	if ops[opStoreCodes] || ops[opFind] {
		take("scratch")
	}
	res := k.results()
	flag := ""
	if len(res) > 1 {
		flag = res[1].name
		take("flag")
	}

	var b strings.Builder
	frame := 0
	emit := func(format string, args ...any) { fmt.Fprintf(&b, "\t"+format+"\n", args...) }
	label := func(l string) { fmt.Fprintf(&b, "%s:\n", l) }

	fmt.Fprintf(&b, "// func %s%s\n", k.Name, k.Sig)
	for _, line := range strings.Split(k.Doc, "\n") {
		fmt.Fprintf(&b, "// %s\n", line)
	}
	head := b.Len()
	emit("CMPB ·useVectors(SB), $0")
	emit("JNE %d(PC)", 3+len(res)-1)
	emit("MOVQ $0, %s+%d(FP)", res[0].name, res[0].off)
	if flag != "" {
		emit("MOVB $0, %s+%d(FP)", flag, res[1].off)
	}
	emit("RET")
	for _, p := range k.params {
		if r, ok := gp[p.name]; ok {
			if strings.HasPrefix(p.typ, "[]") {
				emit("MOVQ %s_base+%d(FP), %s", p.name, p.off, r)
				if r, ok := gp[p.name+"_len"]; ok {
					emit("MOVQ %s_len+%d(FP), %s", p.name, p.off+8, r)
				}
			} else {
				emit("MOVQ %s+%d(FP), %s", p.name, p.off, r)
			}
		}
	}
	emit("MOVQ %s_len+%d(FP), CX", k.N, k.arg(k.N).off+8)
	if r, ok := gp["codeBits"]; ok {
		emit("LEAQ codeBits<>(SB), %s", r)
	}
	if flag != "" {
		emit("XORQ %s, %s", gp["flag"], gp["flag"])
	}
	emit("XORQ BX, BX")

	// The variants: where the fields of One are 1, and where the stores
	// stream.
	ones := []bool{false}
	if k.One.Ptr != "" {
		ones = []bool{true, false}
		for _, f := range k.One.Fields {
			emit("MOVQ $0x3ff0000000000000, AX") // 1.0
			emit("CMPQ %d(%s), AX", 8*f, gp[k.One.Ptr])
			emit("JNE general")
		}
	}
	streams := []bool{false}
	if len(k.Stream) > 0 {
		streams = []bool{true, false}
	}
	for _, one := range ones {
		if !one && k.One.Ptr != "" {
			label("general")
		}
		for _, stream := range streams {
			chain := "loop"
			if one {
				chain = "one"
			}
			if stream {
				emit("MOVBQZX stream+%d(FP), AX", k.arg("stream").off)
				emit("TESTQ AX, AX")
				emit("JZ %s", chain)
				for _, s := range k.Stream {
					emit("TESTQ $63, %s", gp[s])
					emit("JNZ %s", chain)
				}
				chain += "nt"
			}
			f := amd64Chain(&b, k, c, table, gp, chain, one, stream)
			frame = max(frame, f)
		}
	}
	label("done")
	emit("VZEROUPPER")
	emit("MOVQ BX, %s+%d(FP)", res[0].name, res[0].off)
	switch {
	case ops[opFind]:
		emit("MOVB $0, %s+%d(FP)", flag, res[1].off)
	case flag != "":
		emit("MOVB %s, %s+%d(FP)", gp["flag"], flag, res[1].off)
	}
	emit("RET")
	if ops[opFind] {
		label("found")
		emit("BSFQ AX, AX")
		emit("ADDQ AX, BX")
		emit("MOVB $1, %s+%d(FP)", flag, res[1].off)
		emit("VZEROUPPER")
		emit("MOVQ BX, %s+%d(FP)", res[0].name, res[0].off)
		emit("RET")
	}
	text := b.String()
	return text[:head] + fmt.Sprintf("TEXT ·%s(SB), NOSPLIT, $%d-%d\n", k.Name, frame, k.frameArgs()) + text[head:]
}

// amd64Chain writes one chain of loops and returns the frame it needs.
func amd64Chain(b *strings.Builder, k *Kernel, c *constants, table *constTable, gp map[string]string, chain string, one, stream bool) int {
	emit := func(format string, args ...any) { fmt.Fprintf(b, "\t"+format+"\n", args...) }
	label := func(l string) { fmt.Fprintf(b, "%s:\n", l) }
	lines := func(ls []string) {
		for _, l := range ls {
			if strings.HasSuffix(l, ":") {
				label(strings.TrimSuffix(l, ":"))
			} else {
				emit("%s", l)
			}
		}
	}
	label(chain)
	frame := 0
	compile := func(wide, tail bool, name, stop string) loopCode {
		w := 4
		if wide {
			w = 8
		}
		x := &x86{k: k, wide: wide, stream: stream && !tail, tail: tail, exit: stop, found: "found", gp: gp, consts: table}
		lc, bd := compileBest(func(sideBySide bool) *body {
			return build(k, c, w, one, legalizeX86(wide), false, sideBySide)
		}, x, name)
		frame = max(frame, lc.slots*w*8)
		lc.group = w * bd.copies
		return lc
	}
	// loop writes the loop from label name, which goes to end when fewer
	// than a group are left.
	loop := func(lc loopCode, name, end string) {
		lines(lc.pre)
		label(name)
		emit("LEAQ %d(BX), R8", lc.group)
		emit("CMPQ R8, CX")
		emit("JGT %s", end)
		if stream && k.Prefetch != "" {
			emit("PREFETCHNTA 1024(%s)(BX*8)", gp[k.Prefetch])
		}
		lines(lc.body)
		emit("MOVQ R8, BX")
		emit("JMP %s", name)
	}
	if k.Wide {
		// Eight at a time; a stop goes on with the loop of four, which
		// stops at the group of four that stopped this one.
		emit("CMPB ·useAVX512(SB), $0")
		emit("JEQ %s", chain+"4")
		wide := compile(true, false, chain+"8", chain+"8stop")
		loop(wide, chain+"8", chain+"8end")
		label(chain + "8end")
		lines(wide.exit)
		if k.Tail {
			// The last one to seven, masked by K7.
			tail := compile(true, true, chain+"tail", chain+"tailstop")
			emit("MOVQ CX, R8")
			emit("SUBQ BX, R8")
			emit("JZ %s", chain+"out")
			lines(tail.pre)
			emit("LEAQ tailMasks<>(SB), AX")
			emit("KMOVW (AX)(R8*2), K7")
			lines(tail.body)
			emit("MOVQ CX, BX")
			lines(tail.exit)
			emit("JMP %s", chain+"out")
			label(chain + "tailstop")
			lines(tail.exit)
		}
		emit("JMP %s", chain+"4")
		label(chain + "8stop")
		lines(wide.exit)
	}
	label(chain + "4")
	narrow := compile(false, false, chain+"4loop", chain+"fin")
	loop(narrow, chain+"4loop", chain+"fin")
	label(chain + "fin")
	lines(narrow.exit)
	if k.Tail {
		label(chain + "out")
	}
	if stream {
		emit("SFENCE")
	}
	emit("JMP done")
	return frame
}

// instrValues returns the values of a body's instructions.
func instrValues(code []*instr) []*V {
	var vs []*V
	for _, in := range code {
		vs = append(vs, in.v)
		vs = append(vs, in.args...)
	}
	return vs
}
