package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// text is the assembly of one kernel as it is written.
type text struct{ strings.Builder }

func (t *text) emit(format string, args ...any) { fmt.Fprintf(t, "\t"+format+"\n", args...) }

func (t *text) label(l string) { fmt.Fprintf(t, "%s:\n", l) }

// lines writes instructions and labels (which end in a colon).
func (t *text) lines(ls []string) {
	for _, l := range ls {
		if name, ok := strings.CutSuffix(l, ":"); ok {
			t.label(name)
		} else {
			t.emit("%s", l)
		}
	}
}

// start is what the start of a kernel settles, on either architecture.
type start struct {
	gp   map[string]string // the general register of each argument, by name
	ops  map[op]bool       // the operations of its loops
	res  []param           // its results: the count, and a flag or none
	flag string            // the flag's name
}

// begin writes the kernel's comment and assigns general registers from
// pool to the slices and pointers its loops take (and their lengths where
// they are optional), then to the names extra asks for where the loops
// have one of the operations given with each, and to its flag.
func begin(t *text, k *Kernel, probe *body, pool []string, extra map[string][]op) start {
	s := start{gp: map[string]string{}, ops: map[op]bool{}, res: k.results()}
	take := func(name string) {
		if len(pool) == 0 {
			panic(k.Name + ": out of general registers")
		}
		s.gp[name], pool = pool[0], pool[1:]
	}
	used := map[string]bool{k.N: true, k.One.Ptr: k.One.Ptr != ""}
	for _, v := range append(append(slices.Clone(probe.pre), probe.carries...), instrValues(probe.code)...) {
		s.ops[v.op] = true
		used[v.name] = used[v.name] || v.name != ""
		used[v.aux] = used[v.aux] || v.op == opLookup
	}
	for _, p := range k.params {
		if !p.result && used[p.name] && p.typ != "float64" {
			take(p.name)
			if strings.HasPrefix(p.typ, "[]") && k.optional(p.name) {
				take(p.name + "_len")
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(extra)) {
		if slices.ContainsFunc(extra[name], func(o op) bool { return s.ops[o] }) {
			take(name)
		}
	}
	if len(s.res) > 1 {
		s.flag = s.res[1].name
		take("flag")
	}
	fmt.Fprintf(t, "// func %s%s\n", k.Name, k.Sig)
	for _, line := range strings.Split(k.Doc, "\n") {
		fmt.Fprintf(t, "// %s\n", line)
	}
	return s
}

// args writes the loads of the kernel's arguments into their registers
// with the move mov, and of its length into n.
func (s start) args(t *text, k *Kernel, mov, n string) {
	for _, p := range k.params {
		r, ok := s.gp[p.name]
		switch {
		case !ok:
		case strings.HasPrefix(p.typ, "[]"):
			t.emit("%s %s_base+%d(FP), %s", mov, p.name, p.off, r)
			if r, ok := s.gp[p.name+"_len"]; ok {
				t.emit("%s %s_len+%d(FP), %s", mov, p.name, p.off+8, r)
			}
		default:
			t.emit("%s %s+%d(FP), %s", mov, p.name, p.off, r)
		}
	}
	t.emit("%s %s_len+%d(FP), %s", mov, k.N, k.arg(k.N).off+8, n)
}

// instrValues returns the values of a body's instructions.
func instrValues(code []*instr) []*V {
	var vs []*V
	for _, in := range code {
		vs = append(append(vs, in.v), in.args...)
	}
	return vs
}
