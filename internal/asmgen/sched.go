package main

import (
	"fmt"
	"slices"
)

// instr is one instruction of a loop body for the register allocator and
// an instruction set's emitter: an operation of one copy of the body, or
// of all copies at once for the operations that take the group whole.
type instr struct {
	v    *V   // the operation; of a group one, the first copy's
	res  []*V // the values it sets
	args []*V // the values it reads
	blk  string
}

// body is a kernel's loop as one instruction set runs it.
type body struct {
	k       *Kernel
	copies  int
	pre     []*V     // what the loop takes from before it, in order
	carries []*V     // the values carried over the groups
	code    []*instr // the loop body
}

// group reports whether o takes the group whole: its copies are one
// instruction.
func (o op) group() bool {
	return o == opLookup || o == opPairs || o == opStoreCodes || o == opStorePairs || o == opFind
}

// build runs the kernel's description for vectors of width lanes, lets
// legalize rewrite each value into the forms of the instruction set, and
// orders the result into a loop body: the copies side by side, or one
// after another between the places where the group must meet (a stop,
// which comes before every copy's stores, and an operation on the group
// whole), which needs fewer registers. With pairs, loads and stores of one
// slice by two copies side by side become one instruction.
func build(k *Kernel, c *constants, width int, one bool, legalize func(b *B, v *V), pairs, sideBySide bool) *body {
	b := &B{k: k, consts: c, memo: map[string]*V{}, One: one}
	n := k.copies(width)
	for b.copy = range n {
		b.pos = 0
		k.Body(b)
	}
	k.record(b)
	// Rewrite each value in place; what legalize makes goes before it.
	old := b.vals
	b.vals, b.fixed = nil, true
	var vals []*V
	for _, v := range old {
		b.copy, b.pos = v.copy, v.pos
		legalize(b, v)
		vals = append(append(vals, b.vals...), v)
		b.vals = b.vals[:0]
	}
	var meets []int
	for _, v := range vals {
		if (v.op.group() || v.op == opStopIf || v.op == opStopUnless) && !slices.Contains(meets, v.pos) {
			meets = append(meets, v.pos)
		}
	}
	slices.Sort(meets)
	key := func(v *V) [3]int {
		if sideBySide {
			return [3]int{v.pos, v.copy, 0}
		}
		seg, _ := slices.BinarySearch(meets, v.pos)
		if slices.Contains(meets, v.pos) {
			return [3]int{seg, n, v.pos*n + v.copy}
		}
		return [3]int{seg, v.copy, v.pos}
	}
	slices.SortStableFunc(vals, func(x, y *V) int {
		kx, ky := key(x), key(y)
		for i := range kx {
			if kx[i] != ky[i] {
				return kx[i] - ky[i]
			}
		}
		return 0
	})

	// What no effect needs is dropped; what only an optional output needs
	// goes into that output's block.
	users := map[*V][]*V{}
	for _, v := range vals {
		v.dead, v.uses = true, 0
		for _, a := range v.args {
			users[a] = append(users[a], v)
		}
	}
	for i := len(vals) - 1; i >= 0; i-- {
		v := vals[i]
		if v.op.effect() {
			v.dead, v.blk = false, ""
			if k.optional(v.name) {
				v.blk = v.name
			}
		} else {
			blk := "-"
			for _, u := range users[v] {
				if u.dead {
					continue
				}
				v.dead = false
				v.uses++
				switch {
				case blk == "-":
					blk = u.blk
				case blk != u.blk:
					blk = ""
				}
			}
			v.blk = blk
		}
	}
	bd := &body{k: k, copies: n}
	blocks := append([]string{""}, k.Optional...)
	var code []*instr
	groups := map[[2]int]*instr{}
	for _, v := range vals {
		switch {
		case v.dead:
			continue
		case v.op == opCarry || v.op == opFalse:
			bd.carries = append(bd.carries, v)
			continue
		case v.inv:
			bd.pre = append(bd.pre, v)
			continue
		case v.op.group():
			key := [2]int{int(v.op), v.pos}
			if g := groups[key]; g != nil {
				if !v.op.effect() {
					g.res = append(g.res, v)
				}
				g.args = append(g.args, v.args...)
				continue
			}
		}
		if last := len(code) - 1; pairs && last >= 0 && pairable(code[last], v) {
			if v.op == opLoad {
				code[last].res = append(code[last].res, v)
			} else {
				code[last].args = append(code[last].args, v.args...)
			}
			continue
		}
		in := &instr{v: v, args: v.args, blk: v.blk}
		if !v.op.effect() {
			in.res = []*V{v}
		}
		if v.op.group() {
			groups[[2]int{int(v.op), v.pos}] = in
		}
		code = append(code, in)
	}
	for _, blk := range blocks {
		for _, in := range code {
			if in.blk == blk {
				bd.code = append(bd.code, in)
			}
		}
	}
	bd.check()
	return bd
}

// pairable reports whether v, a load or store, can join in, the one
// before it: the same operation on the same slice by the next copy.
func pairable(in *instr, v *V) bool {
	p := in.v
	return (v.op == opLoad || v.op == opStore) && p.op == v.op && p.name == v.name &&
		len(in.res)+len(in.args) == 1 && v.copy == p.copy+1 && v.blk == p.blk
}

// check panics if the body stores before it may stop, or reads a carry
// after it updates it.
func (bd *body) check() {
	stored := false
	updated := map[*V]bool{}
	for _, in := range bd.code {
		switch in.v.op {
		case opStore, opStoreCodes, opStorePairs, opUpdate:
			stored = true
		case opStopIf, opStopUnless, opFind:
			if stored {
				panic(fmt.Sprintf("%s: a group may stop after it has stored", bd.k.Name))
			}
		}
		for _, a := range in.args {
			if updated[a] {
				panic(fmt.Sprintf("%s: a carry read after its update", bd.k.Name))
			}
		}
		if in.v.op == opUpdate {
			updated[in.args[0]] = true
		}
	}
}
