package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// formatsCorpus makes a corpus folder of one translation memory, a web
// page and a Word document, and a broken Word document.
func formatsCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{
		"../../testdata/formats/memory/economy.tmx",
		"../../testdata/formats/html/earthquake.en.html",
		"../../testdata/formats/docx/earthquake.fa.docx",
	} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "broken.docx"), []byte("not a zip"), 0o644)
	return dir
}

// TestFormatsCommands: ls shows each file's format; a translation memory
// is paired as it declares, searched with its counterpart and exported;
// a broken file is named on stderr and the rest load.
func TestFormatsCommands(t *testing.T) {
	dir := formatsCorpus(t)
	code, out, errs := runHamta(t, "ls", dir)
	if code != exitOK || !strings.Contains(errs, "broken.docx: skipped: not a Word document") {
		t.Fatalf("ls: exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{"FORMAT", "earthquake.en.html  html", "earthquake.fa.docx  docx", "economy.tmx/fa      tmx"} {
		if !strings.Contains(out, want) {
			t.Errorf("ls lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = runHamta(t, "ls", "--format", "json", dir)
	formats := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var e struct{ ID, Format string }
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatal(err)
		}
		formats[e.ID] = e.Format
	}
	if formats["earthquake.en.html"] != "html" || formats["earthquake.fa.docx"] != "docx" || formats["economy.tmx/en"] != "tmx" {
		t.Errorf("ls json formats: %v", formats)
	}

	code, out, errs = runHamta(t, "pairs", "--format", "json", dir)
	if code != exitOK {
		t.Fatalf("pairs: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, `"fa_doc":"economy.tmx/fa","en_doc":"economy.tmx/en","kind":"translation","score":1`) ||
		!strings.Contains(out, `"fa_doc":"earthquake.fa.docx","en_doc":"earthquake.en.html","kind":"translation"`) {
		t.Errorf("pairs:\n%s", out)
	}

	code, out, errs = runHamta(t, "search", "--corpus", dir, "--format", "json", "--lang", "fa", "نقطه")
	if code != exitOK || !strings.Contains(out, `"doc":"economy.tmx/fa"`) || !strings.Contains(out, "Point-to-point inflation stood at 32.4 percent.") {
		t.Errorf("search: exit %d %s\n%s", code, errs, out)
	}

	code, out, errs = runHamta(t, "export", "--corpus", dir, "--pair", "economy.tmx/fa:economy.tmx/en", "--unaligned")
	if code != exitOK {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 || !strings.Contains(lines[3], "تورم ماهانه ۲٫۶ درصد بود.\tMonth-on-month inflation was 2.6 percent.") {
		t.Errorf("export:\n%s", out)
	}
}
