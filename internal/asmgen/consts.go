package main

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
)

// constants evaluates the constant expressions of a package's Go code:
// its package-level constants, and the elements of its array variables
// whose elements are constants, by their names. The kernels take every
// coefficient and threshold from there, so that each is written once.
type constants struct {
	fset   *token.FileSet
	pkg    *types.Package
	pos    token.Pos           // in the declarations' file, whose imports expressions see
	arrays map[string][]string // an array variable's elements, as Go expressions
}

// readConstants reads the non-test Go files of the directory dir. It
// type-checks their constant declarations, and the array variables made
// of constants, alone: the rest of the package need not be built.
func readConstants(dir string) (*constants, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	c := &constants{fset: token.NewFileSet(), arrays: map[string][]string{}}
	var decls []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(c.fset, name, src, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			text := func(n ast.Node) string {
				return string(src[c.fset.Position(n.Pos()).Offset:c.fset.Position(n.End()).Offset])
			}
			switch g.Tok {
			case token.CONST:
				decls = append(decls, text(g))
			case token.VAR:
				for _, s := range g.Specs {
					vs := s.(*ast.ValueSpec)
					if len(vs.Names) != 1 || len(vs.Values) != 1 {
						continue
					}
					lit, ok := vs.Values[0].(*ast.CompositeLit)
					if !ok {
						continue
					}
					if _, isArray := lit.Type.(*ast.ArrayType); !isArray {
						continue
					}
					var elems []string
					for _, e := range lit.Elts {
						elems = append(elems, text(e))
					}
					c.arrays[vs.Names[0].Name] = elems
				}
			}
		}
	}
	// Declarations that need more than constants (a typed iota, say) fail
	// to check and are left out: the kernels take none of them.
	src := "package p\nimport \"math\"\nvar _ = math.Pi\n" + strings.Join(decls, "\n")
	f, err := parser.ParseFile(c.fset, "constants.go", src, 0)
	if err != nil {
		return nil, err
	}
	conf := types.Config{Importer: importer.ForCompiler(c.fset, "source", nil), Error: func(error) {}}
	c.pkg, _ = conf.Check("p", c.fset, []*ast.File{f}, nil)
	c.pos = f.Name.End()
	return c, nil
}

// value returns the float64 nearest the constant expression expr.
func (c *constants) value(expr string) float64 {
	tv, err := types.Eval(c.fset, c.pkg, c.pos, expr)
	if err != nil || tv.Value == nil {
		panic(fmt.Sprintf("constant %q: %v", expr, err))
	}
	f, _ := constant.Float64Val(constant.ToFloat(tv.Value))
	return f
}

// elem returns element i of the array variable name.
func (c *constants) elem(name string, i int) float64 {
	elems, ok := c.arrays[name]
	if !ok || i >= len(elems) {
		panic(fmt.Sprintf("no constant element %s[%d]", name, i))
	}
	return c.value(elems[i])
}
