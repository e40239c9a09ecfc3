package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// constTable is the constants of one assembly file, file-local symbols
// the kernels read: on amd64 each four times, a whole vector for the
// memory operands of AVX2 (AVX-512 broadcasts the first), on arm64 once.
type constTable struct {
	sym    string
	copies int
	bits   []uint64
	names  map[uint64][]string
}

func newConstTable(sym string, copies int) *constTable {
	return &constTable{sym: sym, copies: copies, names: map[uint64][]string{}}
}

// ref returns the address of the constant with the given bits.
func (t *constTable) ref(bits uint64) string {
	return fmt.Sprintf("%s<>+%d(SB)", t.sym, t.offset(bits))
}

// offset returns where the constant is, adding it if it is new.
func (t *constTable) offset(bits uint64) int {
	i := slices.Index(t.bits, bits)
	if i < 0 {
		i = len(t.bits)
		t.bits = append(t.bits, bits)
	}
	return 8 * t.copies * i
}

// name records what the constant with the given bits is called.
func (t *constTable) name(bits uint64, name string) {
	if name != "" && !slices.Contains(t.names[bits], name) {
		t.names[bits] = append(t.names[bits], name)
	}
}

// data returns the DATA and GLOBL lines of the table.
func (t *constTable) data() string {
	if len(t.bits) == 0 {
		return ""
	}
	var b strings.Builder
	for i, bits := range t.bits {
		for c := range t.copies {
			fmt.Fprintf(&b, "DATA %s<>+%d(SB)/8, $%#016x", t.sym, 8*(t.copies*i+c), bits)
			if c == 0 {
				fmt.Fprintf(&b, " // %s", describe(bits, t.names[bits]))
			}
			b.WriteByte('\n')
		}
	}
	fmt.Fprintf(&b, "GLOBL %s<>(SB), RODATA|NOPTR, $%d\n", t.sym, 8*t.copies*len(t.bits))
	return b.String()
}

// describe returns a comment for a constant: its names, or its value.
func describe(bits uint64, names []string) string {
	f := math.Float64frombits(bits)
	v := fmt.Sprint(f)
	if math.IsNaN(f) || f != 0 && math.Abs(f) < 1e-300 {
		return strings.Join(names, ", ")
	}
	for _, n := range names {
		if n != v {
			return strings.Join(names, ", ") + " = " + v
		}
	}
	return v
}
