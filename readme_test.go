package activation

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestREADMESnippetsCompile builds every Go snippet of README.md, each a
// program of its own, as a user who pastes one into a main.go would: with
// go build, against this module, through an overlay, so nothing is written
// into the source tree.
func TestREADMESnippetsCompile(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the snippets with")
	}
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	snippets := goSnippets(string(readme))
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
	require.NoError(t, err, "README snippets do not build (numbered from 0):\n%s", out)
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
