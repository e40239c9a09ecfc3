package activation

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"
)

// TestREADMESnippetsCompile builds every Go snippet of README.md and of
// docs/*.md, each a program of its own, as a user who pastes one into a
// main.go would: with go build, against this module, through an overlay,
// so nothing is written into the source tree.
func TestREADMESnippetsCompile(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the snippets with")
	}
	var snippets []string
	for _, doc := range documents(t) {
		text, err := os.ReadFile(doc)
		require.NoError(t, err)
		snippets = append(snippets, goSnippets(string(text))...)
	}
	require.NotEmpty(t, snippets, "README.md has no Go snippet")

	root, err := os.Getwd()
	require.NoError(t, err)
	dir := t.TempDir()
	overlay := map[string]string{}
	var pkgs []string
	for i, code := range snippets {
		require.True(t, strings.HasPrefix(code, "package main\n"), "snippet %d is not a whole program:\n%s", i, code)
		file := filepath.Join(dir, fmt.Sprintf("snippet%d.go", i))
		require.NoError(t, os.WriteFile(file, []byte(code), 0o644))
		pkg := fmt.Sprintf("readme-snippet-%d", i)
		overlay[filepath.Join(root, pkg, "main.go")] = file
		pkgs = append(pkgs, "./"+pkg)
	}
	spec, err := json.Marshal(map[string]any{"Replace": overlay})
	require.NoError(t, err)
	specFile := filepath.Join(dir, "overlay.json")
	require.NoError(t, os.WriteFile(specFile, spec, 0o644))

	cmd := exec.Command(goTool, append([]string{"build", "-overlay", specFile}, pkgs...)...)
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "snippets of %v do not build (numbered from 0):\n%s", documents(t), out)
}

// goSnippets returns the bodies of the ```go blocks of a Markdown text.
func goSnippets(markdown string) []string {
	var snippets []string
	for _, block := range strings.Split(markdown, "```go\n")[1:] {
		code, _, ok := strings.Cut(block, "```")
		if ok {
			snippets = append(snippets, code)
		}
	}
	return snippets
}

// documents returns README.md and the pages of docs/, in that order.
func documents(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join("docs", "*.md"))
	require.NoError(t, err)
	require.NotEmpty(t, pages, "no docs/*.md")
	return append([]string{"README.md"}, pages...)
}

// TestDocLinksResolve checks that every relative link of README.md and
// docs/*.md names a file or folder of the repository, and that a link to
// a heading of a page names one that the page has.
func TestDocLinksResolve(t *testing.T) {
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, doc := range documents(t) {
		text, err := os.ReadFile(doc)
		require.NoError(t, err)
		for _, m := range link.FindAllStringSubmatch(withoutCode(string(text)), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			path := doc
			if file != "" {
				path = filepath.Join(filepath.Dir(doc), file)
				if _, err := os.Stat(path); err != nil {
					t.Errorf("%s: link %q: %v", doc, target, err)
					continue
				}
			}
			if anchor != "" {
				page, err := os.ReadFile(path)
				require.NoError(t, err)
				if !slices.Contains(anchors(string(page)), anchor) {
					t.Errorf("%s: link %q: %s has no heading #%s", doc, target, path, anchor)
				}
			}
		}
	}
}

// withoutCode returns a Markdown text without its fenced code blocks.
func withoutCode(markdown string) string {
	var b strings.Builder
	for i, part := range strings.Split(markdown, "```") {
		if i%2 == 0 {
			b.WriteString(part)
		}
	}
	return b.String()
}

// anchors returns the anchors of a Markdown page's headings, as GitHub
// makes them: lower case, spaces as hyphens, punctuation dropped.
func anchors(markdown string) []string {
	var out []string
	for _, line := range strings.Split(withoutCode(markdown), "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		out = append(out, strings.Map(func(r rune) rune {
			switch {
			case r == ' ':
				return '-'
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				return r
			}
			return -1
		}, title))
	}
	return out
}
