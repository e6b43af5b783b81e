package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNotTerminals checks that what is not a terminal gets no progress
// bar, /dev/null (a character device) among them: a bar is redrawn
// often, and each redraw is a write.
func TestNotTerminals(t *testing.T) {
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer devNull.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for _, tc := range []struct {
		name string
		f    *os.File
	}{{"null device", devNull}, {"file", file}, {"pipe", w}} {
		if isTerminal(tc.f) {
			t.Errorf("%s taken for a terminal", tc.name)
		}
		if progressLine(&env{stderr: tc.f}, "stage") != nil {
			t.Errorf("%s given a progress bar", tc.name)
		}
	}
}
