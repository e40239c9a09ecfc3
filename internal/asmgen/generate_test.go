package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesAreCurrent generates the kernels afresh and checks that
// the package's files are what the descriptions make.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	files, err := generate("../..")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("../..", name))
		if err != nil {
			t.Errorf("%s: %v; run go generate in the package's directory", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what internal/asmgen generates: run go generate in the package's directory", name)
		}
	}
}
