package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"
	"slices"
	"strings"
)

// Kernel is one vector kernel: its Go declaration, what it computes, and
// how its loop runs.
type Kernel struct {
	Name string // the Go function, as sigmoidVector
	File string // the family: its code goes to File_amd64.s and File_arm64.s
	Sig  string // the Go parameters and results, as "(y, dy, x []float64) int"
	Doc  string // what it computes, for the declaration and the assembly

	// N is the slice whose length is the kernel's, "x" if empty.
	N string
	// Optional lists the output slices that may be empty and the pointers
	// that may be nil: a group writes them, and computes what only they
	// need, only where they are given.
	Optional []string
	// Group is how many elements an iteration takes at least: the body runs
	// in as many copies as that takes, side by side (one if zero).
	Group int
	// Lanes, where the kernel carries sums over the groups, is how many:
	// element i goes to lane i mod Lanes, and an iteration takes Lanes
	// elements.
	Lanes int
	// Wide kernels run eight at a time with AVX-512 before they go on
	// with AVX2; with Tail they end on a masked group of one to seven.
	Wide, Tail bool
	// Stream lists the outputs written around the caches where the bool
	// argument stream is set and they are aligned (amd64 only); Prefetch
	// is an input the streaming loops ask for 1 KiB ahead.
	Stream   []string
	Prefetch string
	// One names a pointer argument and fields of it: where they are all 1,
	// a second loop runs the body with B.One set, without the products by
	// them.
	One  fields
	Body func(b *B)
	// Grad, where it is set, names the output that holds the derivative
	// (or, for a kernel that stores codes, the codes): the kernel is then
	// also generated in the forms of the slice functions, for float32 slices
	// (its name with 32), and as its gradient form (its name with Grad, and
	// Grad32), which stores dx = g·f'(x) of x and g and nothing else, the
	// product taken before the one rounding.
	Grad string

	form   form // of a kernel made by forms
	params []param
	ops    []op // what the description does, as parse records it
}

// form is how a kernel made from another's description differs from it.
type form uint8

const (
	float32Form form = 1 << iota // its float slices hold float32
	gradForm                     // it computes dx = g·f'(x)
)

// forms returns the kernel and the forms that Grad asks for.
func (k *Kernel) forms() []*Kernel {
	ks := []*Kernel{k}
	if k.Grad == "" {
		return ks
	}
	for _, f := range []form{float32Form, gradForm, gradForm | float32Form} {
		ks = append(ks, k.withForm(f))
	}
	return ks
}

// withForm returns the kernel in the form f.
func (k *Kernel) withForm(f form) *Kernel {
	v := *k
	v.form, v.params, v.ops = f, nil, nil
	if f&gradForm != 0 {
		// dx and g, the inputs, and the arguments but the outputs' and
		// stream; a kernel that stores codes takes their table d.
		k.parse()
		probe := &B{k: k, memo: map[string]*V{}}
		k.Body(probe)
		stored, loaded := map[string]bool{}, map[string]bool{}
		for _, p := range probe.vals {
			if p.op == opStore || p.op == opStoreCodes {
				stored[p.name] = true
			}
			if p.op == opLoad {
				loaded[p.name] = true
			}
		}
		ins, rest := []string{"dx", "g"}, []string{}
		for _, p := range k.params {
			switch {
			case p.result || stored[p.name] || p.name == "stream":
			case loaded[p.name]:
				ins = append(ins, p.name)
			default:
				rest = append(rest, p.name+" "+p.typ)
			}
		}
		if stored[k.Grad] && strings.HasPrefix(k.arg(k.Grad).typ, "[]byte") {
			rest = append(rest, "d *[3]float64")
		}
		v.Sig = "(" + strings.Join(ins, ", ") + " []float64"
		for _, r := range rest {
			v.Sig += ", " + r
		}
		v.Sig += ") int"
		v.Name += "Grad"
		v.N, v.Optional, v.Stream, v.Prefetch = "dx", nil, nil, ""
	}
	v.Doc = k.Doc
	if f&gradForm != 0 {
		d := k.Grad
		if strings.HasPrefix(k.arg(k.Grad).typ, "[]byte") {
			d = "d[code], code what " + k.Name + " stores in " + k.Grad + ","
		} else {
			d += " as " + k.Name + " sets it,"
		}
		v.Doc = wrap("Sets dx = g·" + d + " which it does not store; returns how many it did.")
	}
	if f&float32Form != 0 {
		v.Sig = strings.ReplaceAll(v.Sig, "[]float64", "[]float32")
		v.Name += "32"
		v.Doc = wrap(strings.ReplaceAll(v.Doc, "\n", " ") + " Its slices hold float32: it computes in float64 and rounds each result once.")
	}
	return &v
}

// wrap breaks text into lines of at most 72 characters.
func wrap(text string) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > 72 {
			lines, line = append(lines, line), ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

// elem returns the size of an element of the slice name: 4 for []float32.
func (k *Kernel) elem(name string) int {
	if k.arg(name).typ == "[]float32" {
		return 4
	}
	return 8
}

// fields are float64 fields of a pointer argument, by index.
type fields struct {
	Ptr    string
	Fields []int
}

// param is an argument or result of a kernel, and where it is in the
// frame.
type param struct {
	name, typ string
	off, size int
	result    bool
}

// parse reads the kernel's signature.
func (k *Kernel) parse() {
	k.params = nil
	expr, err := parser.ParseExpr("func" + k.Sig)
	if err != nil {
		panic(fmt.Sprintf("%s: %v", k.Name, err))
	}
	ft := expr.(*ast.FuncType)
	off := 0
	add := func(fields *ast.FieldList, result bool) {
		if fields == nil {
			return
		}
		if result {
			off = (off + 7) &^ 7
		}
		for _, f := range fields.List {
			typ := types.ExprString(f.Type)
			size, align := 8, 8
			switch {
			case strings.HasPrefix(typ, "[]"):
				size = 24
			case typ == "bool":
				size, align = 1, 1
			}
			names := f.Names
			if len(names) == 0 {
				names = []*ast.Ident{{Name: "ret"}}
			}
			for _, n := range names {
				off = (off + align - 1) &^ (align - 1)
				k.params = append(k.params, param{n.Name, typ, off, size, result})
				off += size
			}
		}
	}
	add(ft.Params, false)
	add(ft.Results, true)
	if k.N == "" {
		k.N = "x"
	}
	k.need(k.N, "[]")
}

// record notes the operations of the description, as the builder b made
// them.
func (k *Kernel) record(b *B) {
	for _, v := range b.vals {
		if !slices.Contains(k.ops, v.op) {
			k.ops = append(k.ops, v.op)
		}
	}
}

// frameArgs returns the size of the kernel's arguments and results.
func (k *Kernel) frameArgs() int {
	p := k.params[len(k.params)-1]
	return p.off + p.size
}

// arg returns the parameter name.
func (k *Kernel) arg(name string) param {
	for _, p := range k.params {
		if p.name == name {
			return p
		}
	}
	panic(fmt.Sprintf("%s: no parameter %s", k.Name, name))
}

// need panics unless the kernel has a parameter name whose type starts
// with typ.
func (k *Kernel) need(name, typ string) {
	if p := k.arg(name); !strings.HasPrefix(p.typ, typ) {
		panic(fmt.Sprintf("%s: %s is a %s, not %s", k.Name, name, p.typ, typ))
	}
}

// results returns the kernel's results: the count, and a flag or none.
func (k *Kernel) results() []param {
	var r []param
	for _, p := range k.params {
		if p.result {
			r = append(r, p)
		}
	}
	return r
}

// optional reports whether name may be empty or nil.
func (k *Kernel) optional(name string) bool { return slices.Contains(k.Optional, name) }

// copies returns how many copies of the body an iteration runs with
// vectors of width lanes.
func (k *Kernel) copies(width int) int {
	g := max(k.Group, k.Lanes, 1)
	if g%width != 0 && g > width {
		panic(fmt.Sprintf("%s: %d elements are no whole number of vectors of %d", k.Name, g, width))
	}
	return max(g/width, 1)
}

// uses reports whether the kernel's description has the operation o.
func (k *Kernel) uses(o op) bool { return slices.Contains(k.ops, o) }
