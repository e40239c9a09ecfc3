package main

import (
	"fmt"
	"slices"
)

// emitter is an instruction set's code for the instructions of a loop.
type emitter interface {
	isaRegs
	// files returns how many vector and mask registers there are; no mask
	// registers where masks are vectors.
	files() (nvec, nmask int)
	// instr emits an instruction of the body, or one computed before it.
	instr(a *alloc, in *instr)
	// carry emits the load of the carry v into register r before the loop
	// (out false) or its store after it (out true).
	carry(a *alloc, v *V, r int, out bool)
	// block emits the branch over the block of the optional output name
	// to label where name is not given.
	block(a *alloc, name, label string)
	// label returns the text of a label.
	label(name string) string
}

// loopCode is one loop of a kernel, as the allocator left it.
type loopCode struct {
	pre, body, exit []string
	slots           int
	group           int // elements an iteration takes
}

// compileBest compiles the loop that build makes with the copies side by
// side and one after another, and returns the shorter.
func compileBest(build func(sideBySide bool) *body, e emitter, prefix string) (loopCode, *body) {
	bd := build(false)
	lc := compileLoop(bd, e, prefix)
	if bd.copies > 1 {
		bd2 := build(true)
		if lc2, ok := tryCompile(bd2, e, prefix); ok && len(lc2.body) < len(lc.body) {
			return lc2, bd2
		}
	}
	return lc, bd
}

// tryCompile is compileLoop, reporting failure instead of panicking.
func tryCompile(bd *body, e emitter, prefix string) (lc loopCode, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return compileLoop(bd, e, prefix), true
}

// compileLoop allocates registers for the loop of bd and emits it. It keeps
// in registers through the loop as many of the values it takes from
// before it as make the body shortest: the rest are loaded where they are
// read, or read from memory by the instructions that can.
func compileLoop(bd *body, e emitter, prefix string) loopCode {
	reads := map[*V]int{}
	for _, in := range bd.code {
		for j, a := range in.args {
			if !(in.v.op == opUpdate && j == 0) {
				reads[a]++
			}
		}
	}
	var cands []*V
	forced := 0
	for _, v := range bd.pre {
		if reads[v] > 0 {
			cands = append(cands, v)
		}
	}
	slices.SortStableFunc(cands, func(x, y *V) int {
		if fx, fy := !x.op.source(), !y.op.source(); fx != fy {
			if fx {
				return -1
			}
			return 1
		}
		return reads[y] - reads[x]
	})
	for _, v := range cands {
		if !v.op.source() {
			forced++
		}
	}
	var best *loopCode
	var err error
	for k := len(cands); k >= forced; k-- {
		var lc loopCode
		lc, err = tryLoop(bd, e, cands[:k], prefix)
		if err != nil {
			continue
		}
		if best == nil || len(lc.body) < len(best.body) {
			best = &lc
		}
	}
	if best == nil {
		panic(fmt.Sprintf("%s: %v", bd.k.Name, err))
	}
	return *best
}

// tryLoop emits the loop with the values pins in registers through it.
func tryLoop(bd *body, e emitter, pins []*V, prefix string) (lc loopCode, err error) {
	nvec, nmask := e.files()
	a := newAlloc(e, nvec, nmask)
	for i, in := range bd.code {
		for j, v := range in.args {
			if !(in.v.op == opUpdate && j == 0) {
				a.reads[v] = append(a.reads[v], i)
			}
		}
		if t, ok := e.(interface{ masked() bool }); in.v.op == opUpdate && !(ok && t.masked()) {
			a.updates[in.args[1]] = in.args[0]
		}
	}
	a.firstStore = len(bd.code)
	for i := len(bd.code) - 1; i >= 0; i-- {
		if o := bd.code[i].v.op; o == opStore || o == opStoreCodes || o == opStorePairs {
			a.firstStore = i
		}
	}
	a.at = -1
	for _, c := range bd.carries {
		r := a.def(c)
		a.pinned[c] = true
		e.carry(a, c, r, false)
	}
	a.unlock()
	pinned := map[*V]bool{}
	for _, v := range pins {
		pinned[v] = true
	}
	for _, v := range bd.pre {
		if !pinned[v] {
			continue
		}
		if v.op.source() {
			r := a.def(v)
			e.reload(a, v, r)
		} else {
			e.instr(a, &instr{v: v, res: []*V{v}, args: v.args})
		}
		a.note(v.note)
		a.pinned[v] = true
		a.unlock()
	}
	for v, r := range a.reg {
		if !a.pinned[v] {
			a.file(v).held[r] = nil
			delete(a.reg, v)
		}
	}
	lc.pre, a.lines = a.lines, nil
	blk, end := "", ""
	var snap snapshot
	for i, in := range bd.code {
		a.at = i
		if in.blk != blk {
			if blk != "" {
				a.emit("%s", e.label(end))
				a.restore(snap)
				clear(a.kept)
			}
			if in.blk != "" {
				last := i
				for last < len(bd.code) && bd.code[last].blk == in.blk {
					last++
				}
				a.keepLive(last)
				snap = a.save()
				end = fmt.Sprintf("%s%s%d", prefix, in.blk, i)
				e.block(a, in.blk, end)
			}
			blk = in.blk
		}
		e.instr(a, in)
		a.note(in.v.note)
		a.unlock()
		a.retire(in.args)
		if a.fail != nil {
			return lc, a.fail
		}
	}
	if blk != "" {
		a.emit("%s", e.label(end))
	}
	lc.body, a.lines = a.lines, nil
	for _, c := range bd.carries {
		e.carry(a, c, a.reg[c], true)
	}
	lc.exit, lc.slots = a.lines, a.slots
	return lc, nil
}
