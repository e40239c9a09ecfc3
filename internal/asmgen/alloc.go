package main

import (
	"fmt"
	"slices"
	"strings"
)

// The register allocator of the loop bodies. A body is straight-line code
// between the loop's head and its back edge, with forward branches over
// the blocks of optional outputs and to the exits. Values get registers in
// order; when none is free, the one read again the furthest ahead gives
// its register up (Belady's choice): a value that can be loaded again (a
// constant, an argument, a spilled value) just drops it, any other is
// spilled to the stack first.

// regs is a file of registers: vector registers, or AVX-512's masks.
type regs struct {
	held []*V // the value in each register, or nil
}

// isaRegs is what the allocator needs of an instruction set.
type isaRegs interface {
	// reload emits the load of v, which has a home in memory, into
	// vector register r.
	reload(a *alloc, v *V, r int)
	// spill emits the store of vector register r into stack slot s.
	spill(a *alloc, r, s int)
	// move emits a copy of register from into register to, of v's kind.
	move(a *alloc, v *V, from, to int)
	// remat reports whether v can be loaded again from where it came from.
	remat(v *V) bool
}

// alloc allocates registers for one loop and collects its instructions.
type alloc struct {
	isa        isaRegs
	vr, kr     regs       // vector and mask registers; kr is empty where masks are vectors
	reg        map[*V]int // the register of a value that has one
	slot       map[*V]int // the stack slot of a value spilled
	slots      int
	freeSlots  []int
	pinned     map[*V]bool // values that keep their register through the loop
	updates    map[*V]*V   // the carry each value updates
	firstStore int         // the first instruction that stores
	reads      map[*V][]int
	at         int          // the instruction being emitted
	locked     map[int]bool // vector registers this instruction reads
	klocked    map[int]bool
	kept       map[int]bool // vector registers a block must not take
	temps      []*V         // the scratch values of this instruction
	lines      []string
	fail       error
}

func newAlloc(isa isaRegs, nvec, nmask int) *alloc {
	return &alloc{isa: isa, vr: regs{make([]*V, nvec)}, kr: regs{make([]*V, nmask)},
		reg: map[*V]int{}, slot: map[*V]int{}, pinned: map[*V]bool{}, updates: map[*V]*V{}, reads: map[*V][]int{},
		locked: map[int]bool{}, klocked: map[int]bool{}, kept: map[int]bool{}}
}

// emit adds an instruction.
func (a *alloc) emit(format string, args ...any) {
	a.lines = append(a.lines, fmt.Sprintf(format, args...))
}

// note adds a comment to the last instruction.
func (a *alloc) note(s string) {
	if s != "" && len(a.lines) > 0 && !strings.Contains(a.lines[len(a.lines)-1], "//") {
		a.lines[len(a.lines)-1] += " // " + s
	}
}

// file returns the register file of values of v's kind.
func (a *alloc) file(v *V) *regs {
	if v.kind == mask && len(a.kr.held) > 0 {
		return &a.kr
	}
	return &a.vr
}

// next returns where v is read next after the current instruction, or a
// large number if nowhere.
func (a *alloc) next(v *V) int {
	for _, p := range a.reads[v] {
		if p > a.at {
			return p
		}
	}
	return 1 << 30
}

// lastRead reports whether the current instruction reads v for the last
// time in the loop.
func (a *alloc) lastRead(v *V) bool { return a.next(v) == 1<<30 && !a.pinned[v] }

// reloadable reports whether v can be loaded again where it is read next:
// a constant, an argument, or an element loaded from a slice that the
// group reads again before its first store (which may be to the same
// memory).
func (a *alloc) reloadable(v *V) bool {
	if !a.isa.remat(v) {
		return false
	}
	rs := a.reads[v]
	return v.op != opLoad || len(rs) == 0 || rs[len(rs)-1] < a.firstStore
}

// evictable reports whether register r of f may be given up now.
func (a *alloc) evictable(f *regs, r int) bool {
	locked := a.locked
	if f == &a.kr {
		locked = a.klocked
	}
	v := f.held[r]
	return v == nil || !locked[r] && !a.pinned[v] && !(f == &a.vr && a.kept[r])
}

// score is how far ahead the value in register r of f is read, halved
// where giving it up costs a store too.
func (a *alloc) score(f *regs, r int) int {
	v := f.held[r]
	if v == nil {
		return 1 << 31
	}
	s := a.next(v)
	if _, ok := a.slot[v]; !ok && !a.reloadable(v) {
		s /= 2
	}
	return s
}

// evict empties register r of f, spilling its value if it has no home in
// memory.
func (a *alloc) evict(f *regs, r int) {
	v := f.held[r]
	if v == nil {
		return
	}
	if f == &a.kr {
		a.fail = fmt.Errorf("out of mask registers")
		return
	}
	if _, ok := a.slot[v]; !ok && !a.reloadable(v) {
		s := a.slots
		if n := len(a.freeSlots); n > 0 {
			s, a.freeSlots = a.freeSlots[n-1], a.freeSlots[:n-1]
		} else {
			a.slots++
		}
		a.slot[v] = s
		a.isa.spill(a, r, s)
	}
	delete(a.reg, v)
	f.held[r] = nil
}

// retire frees the registers and stack slots of the values the current
// instruction read for the last time.
func (a *alloc) retire(args []*V) {
	for _, v := range args {
		if !a.lastRead(v) {
			continue
		}
		if r, ok := a.reg[v]; ok && a.file(v).held[r] == v {
			a.file(v).held[r] = nil
			delete(a.reg, v)
		}
		if s, ok := a.slot[v]; ok {
			a.freeSlots = append(a.freeSlots, s)
			delete(a.slot, v)
		}
	}
}

// free returns a free register of f, giving one up if none is. With
// reuse it may return one that the current instruction reads but frees,
// which an instruction may write as it reads: not so a copy made before
// it, or a scratch register.
func (a *alloc) free(f *regs, reuse bool) int {
	locked := a.locked
	if f == &a.kr {
		locked = a.klocked
	}
	for r, v := range f.held {
		if v == nil && (reuse || !locked[r]) {
			return r
		}
	}
	best, bestScore := -1, -1
	for r := range f.held {
		if f.held[r] != nil && a.evictable(f, r) && a.score(f, r) > bestScore {
			best, bestScore = r, a.score(f, r)
		}
	}
	if best < 0 {
		a.fail = fmt.Errorf("out of registers")
		return 0
	}
	a.evict(f, best)
	return best
}

// freePair returns r with the vector registers r and r+1 free, as NEON's
// loads and stores of pairs want them.
func (a *alloc) freePair() int {
	f := &a.vr
	best, bestScore := -1, -1
	for r := 0; r+1 < len(f.held); r++ {
		if a.evictable(f, r) && a.evictable(f, r+1) && !a.locked[r] && !a.locked[r+1] {
			if s := min(a.score(f, r), a.score(f, r+1)); s > bestScore {
				best, bestScore = r, s
			}
		}
	}
	if best < 0 {
		a.fail = fmt.Errorf("out of register pairs")
		return 0
	}
	a.evict(f, best)
	a.evict(f, best+1)
	return best
}

// defPair returns r with the results x and y in the registers r and r+1.
func (a *alloc) defPair(x, y *V) int {
	r := a.freePair()
	a.take(&a.vr, r, x)
	a.take(&a.vr, r+1, y)
	a.lock(x, r)
	a.lock(y, r+1)
	return r
}

// usePair returns r with the values x and y in the registers r and r+1,
// copying them there if they are not.
func (a *alloc) usePair(x, y *V) int {
	rx, ry := a.in(x), a.in(y)
	if ry == rx+1 {
		return rx
	}
	r := a.freePair()
	a.locked[r], a.locked[r+1] = true, true
	a.isa.move(a, x, rx, r)
	a.isa.move(a, y, ry, r+1)
	return r
}

// take binds register r of f to v.
func (a *alloc) take(f *regs, r int, v *V) {
	f.held[r] = v
	a.reg[v] = r
}

// in returns the register of v, loading it there if it is not in one.
func (a *alloc) in(v *V) int {
	f := a.file(v)
	if r, ok := a.reg[v]; ok {
		a.lock(v, r)
		return r
	}
	if _, ok := a.slot[v]; !ok && !a.reloadable(v) {
		a.fail = fmt.Errorf("%v is in no register", v)
		return 0
	}
	r := a.free(f, false)
	a.isa.reload(a, v, r)
	a.take(f, r, v)
	a.lock(v, r)
	return r
}

func (a *alloc) lock(v *V, r int) {
	if a.file(v) == &a.kr {
		a.klocked[r] = true
	} else {
		a.locked[r] = true
	}
}

// has reports whether v is in a register now.
func (a *alloc) has(v *V) bool {
	_, ok := a.reg[v]
	return ok
}

// release gives up the registers of the values the current instruction
// reads for the last time, so that its result may take one.
func (a *alloc) release(args []*V) {
	for _, v := range args {
		if r, ok := a.reg[v]; ok && a.lastRead(v) && a.file(v).held[r] == v {
			a.file(v).held[r] = nil
			delete(a.reg, v)
		}
	}
}

// def returns a register for the result v of the current instruction,
// after release: one of a value read for the last time if there is one,
// or the register of the carry v updates, once its value is read no more.
func (a *alloc) def(v *V) int {
	f := a.file(v)
	if c := a.updates[v]; c != nil && a.next(c) == 1<<30 {
		r := a.reg[c]
		a.reg[v] = r // the register stays the carry's
		a.lock(v, r)
		return r
	}
	r := a.free(f, true)
	a.take(f, r, v)
	a.lock(v, r)
	return r
}

// temp returns a scratch register of kind k for the current instruction.
func (a *alloc) temp(k kind) int {
	v := &V{kind: k, op: opTern, note: "scratch"}
	r := a.free(a.file(v), false)
	a.take(a.file(v), r, v)
	a.lock(v, r)
	a.temps = append(a.temps, v)
	return r
}

// defOver returns a register for v that holds the value src now: src's
// own if the current instruction reads src for the last time, a fresh load
// of it if it is in no register, else a copy. Destructive instructions
// (FMA, NEON's BIT) write their result over an operand so.
func (a *alloc) defOver(v, src *V) int {
	f := a.file(v)
	r, ok := a.reg[src]
	switch {
	case ok && a.lastRead(src) && f.held[r] == src:
		f.held[r] = nil
		delete(a.reg, src)
	case !ok:
		r = a.free(f, false)
		a.isa.reload(a, src, r)
	default:
		d := a.free(f, false)
		a.isa.move(a, src, r, d)
		r = d
	}
	a.take(f, r, v)
	a.lock(v, r)
	return r
}

// overCost returns what writing over src costs: nothing if the current
// instruction reads it for the last time from a register, else a load or
// a copy.
func (a *alloc) overCost(src *V) int {
	if a.has(src) && a.lastRead(src) {
		return 0
	}
	return 1
}

// unlock ends the current instruction: its scratch registers are free.
func (a *alloc) unlock() {
	for _, v := range a.temps {
		a.file(v).held[a.reg[v]] = nil
		delete(a.reg, v)
	}
	a.temps = a.temps[:0]
	clear(a.locked)
	clear(a.klocked)
}

// snapshot is what the registers hold at the start of a block.
type snapshot struct{ vheld, kheld []*V }

func (a *alloc) save() snapshot {
	return snapshot{slices.Clone(a.vr.held), slices.Clone(a.kr.held)}
}

// restore returns after a block that may have been skipped to what holds
// either way: a value keeps its register only if it had it at the start
// and still has it.
func (a *alloc) restore(s snapshot) {
	for _, f := range []struct {
		now  *regs
		then []*V
	}{{&a.vr, s.vheld}, {&a.kr, s.kheld}} {
		for r, v := range f.now.held {
			if v != f.then[r] {
				if v != nil {
					delete(a.reg, v)
				}
				f.now.held[r] = nil
			}
		}
	}
}

// keepLive keeps the values read at or after the instruction end, and
// with no home in memory, in their registers through the block before it.
func (a *alloc) keepLive(end int) {
	clear(a.kept)
	for v, r := range a.reg {
		if _, spilled := a.slot[v]; spilled || a.reloadable(v) || a.file(v) != &a.vr {
			continue
		}
		if rs := a.reads[v]; len(rs) > 0 && rs[len(rs)-1] >= end {
			a.kept[r] = true
		}
	}
}
