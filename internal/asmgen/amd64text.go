package main

import "fmt"

// amd64Text returns the TEXT of kernel k for amd64. It runs the kernel's
// loops in chains: with AVX-512 the loop of eight (and its masked last
// group), then the loop of AVX2; a chain for each of the kernel's
// variants (the streaming stores, the body where the fields of One are 1),
// which the start of the kernel chooses among.
func amd64Text(k *Kernel, c *constants, table *constTable) string {
	var t text
	probe := build(k, c, 4, false, legalizeX86(false), false, false)
	s := begin(&t, k, probe, []string{"DI", "SI", "DX", "R9", "R10", "R11", "R12", "R13"},
		map[string][]op{"codeBits": {opStoreCodes}, "scratch": {opStoreCodes, opFind}})
	gp, res, flag := s.gp, s.res, s.flag
	head := t.Len()
	t.emit("CMPB ·useVectors(SB), $0")
	t.emit("JNE %d(PC)", 2+len(res))
	t.emit("MOVQ $0, %s+%d(FP)", res[0].name, res[0].off)
	if flag != "" {
		t.emit("MOVB $0, %s+%d(FP)", flag, res[1].off)
	}
	t.emit("RET")
	s.args(&t, k, "MOVQ", "CX")
	if r, ok := gp["codeBits"]; ok {
		t.emit("LEAQ codeBits<>(SB), %s", r)
	}
	if flag != "" {
		t.emit("XORQ %s, %s", gp["flag"], gp["flag"])
	}
	t.emit("XORQ BX, BX")
	frame := 0

	// The variants: where the fields of One are 1, and where the stores
	// stream.
	ones := []bool{false}
	if k.One.Ptr != "" {
		ones = []bool{true, false}
		for _, f := range k.One.Fields {
			t.emit("MOVQ $0x3ff0000000000000, AX") // 1.0
			t.emit("CMPQ %d(%s), AX", 8*f, gp[k.One.Ptr])
			t.emit("JNE general")
		}
	}
	streams := []bool{false}
	if len(k.Stream) > 0 {
		streams = []bool{true, false}
	}
	for _, one := range ones {
		if !one && k.One.Ptr != "" {
			t.label("general")
		}
		for _, stream := range streams {
			chain := "loop"
			if one {
				chain = "one"
			}
			if stream {
				t.emit("MOVBQZX stream+%d(FP), AX", k.arg("stream").off)
				t.emit("TESTQ AX, AX")
				t.emit("JZ %s", chain)
				for _, s := range k.Stream {
					t.emit("TESTQ $63, %s", gp[s])
					t.emit("JNZ %s", chain)
				}
				chain += "nt"
			}
			frame = max(frame, amd64Chain(&t, k, c, table, gp, chain, one, stream))
		}
	}
	t.label("done")
	t.emit("VZEROUPPER")
	t.emit("MOVQ BX, %s+%d(FP)", res[0].name, res[0].off)
	switch {
	case s.ops[opFind]:
		t.emit("MOVB $0, %s+%d(FP)", flag, res[1].off)
	case flag != "":
		t.emit("MOVB %s, %s+%d(FP)", gp["flag"], flag, res[1].off)
	}
	t.emit("RET")
	if s.ops[opFind] {
		t.label("found")
		t.emit("BSFQ AX, AX")
		t.emit("ADDQ AX, BX")
		t.emit("MOVB $1, %s+%d(FP)", flag, res[1].off)
		t.emit("VZEROUPPER")
		t.emit("MOVQ BX, %s+%d(FP)", res[0].name, res[0].off)
		t.emit("RET")
	}
	out := t.String()
	return out[:head] + fmt.Sprintf("TEXT ·%s(SB), NOSPLIT, $%d-%d\n", k.Name, frame, k.frameArgs()) + out[head:]
}

// amd64Chain writes one chain of loops and returns the frame it needs.
func amd64Chain(t *text, k *Kernel, c *constants, table *constTable, gp map[string]string, chain string, one, stream bool) int {
	emit, label, lines := t.emit, t.label, t.lines
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
			emit("PREFETCHNTA 1024(%s)(BX*%d)", gp[k.Prefetch], k.elem(k.Prefetch))
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
