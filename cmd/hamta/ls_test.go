package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLsWarnsOfDroppedRepeats names the repeated titles the sample's
// English reports lose as furniture.
func TestLsWarnsOfDroppedRepeats(t *testing.T) {
	code, out, errs := runHamta(t, "ls")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "004_") && !strings.Contains(line, "repeated paragraph dropped as furniture: ¶2") {
			t.Errorf("no warning for the repeated title of 004:\n%s", line)
		}
	}
	code, out, _ = runHamta(t, "ls", "--format", "json")
	if code != exitOK || !strings.Contains(out, `"repeated paragraph dropped as furniture: ¶4"`) {
		t.Errorf("json ls lacks the warning for 003:\n%s", out)
	}
}

// TestLsArabic labels an Arabic report ar, and lists it unpaired.
func TestLsArabic(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"baghdad.ar.txt", "baghdad.en.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "align", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := runHamta(t, "ls", dir)
	arabic := false
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 2 && f[0] == "baghdad.ar.txt" && f[2] == "ar" {
			arabic = true
		}
	}
	if code != exitOK || !arabic {
		t.Errorf("exit %d %s\n%s", code, errs, out)
	}
	code, out, errs = runHamta(t, "pairs", dir)
	if code != exitOK || !strings.Contains(out, "unpaired: baghdad.ar.txt baghdad.en.txt") {
		t.Errorf("pairs: exit %d %s\n%s", code, errs, out)
	}
}
