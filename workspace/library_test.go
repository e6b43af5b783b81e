package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hamta/align"
)

// TestQuickLibrary opens a corpus once, then reads its library without
// reading the corpus, and checks that Verify and UpToDate see each kind
// of change: a file edited, added or removed, and a new pair rule.
func TestQuickLibrary(t *testing.T) {
	ctx := context.Background()
	dir := sampleDir(t)
	opts := Options{CorpusDir: dir}
	if _, err := Quick(opts); !errors.Is(err, ErrNoLibrary) {
		t.Fatalf("Quick before any opening = %v", err)
	}
	s, err := Load(ctx, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	l, err := Quick(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Docs) != len(s.Corpus.Docs) || len(l.Pairs) != len(s.Pairs) || l.Docs[0].Paragraphs == 0 || l.Docs[0].Title == "" {
		t.Fatalf("library: %d docs, %d pairs, first %+v", len(l.Docs), len(l.Pairs), l.Docs[0])
	}
	if len(l.Pairs) > 0 && l.Pairs[0].Beads != nil {
		t.Errorf("library pairs carry beads")
	}
	if ch, err := l.Verify(ctx, opts); err != nil || !ch.None() {
		t.Fatalf("Verify after opening: %v %v", ch, err)
	}
	if _, _, ok, err := UpToDate(ctx, opts); !ok || err != nil {
		t.Fatalf("UpToDate after opening = %v %v", ok, err)
	}
	// A pair opens from the library with the beads Load found.
	fa, en, beads, err := l.OpenPair(opts, l.Pairs[0])
	if err != nil || fa.ID != s.Pairs[0].FA || en.ID != s.Pairs[0].EN || fmt.Sprint(beads) != fmt.Sprint(s.Pairs[0].Beads) {
		t.Fatalf("OpenPair = %v %v %d beads (want %d), %v", fa, en, len(beads), len(s.Pairs[0].Beads), err)
	}

	first := filepath.Join(dir, l.Docs[0].ID)
	later := time.Now().Add(time.Minute)
	// A document edited since: the pair needs Load.
	b, _ := os.ReadFile(filepath.Join(dir, l.Pairs[0].EN))
	os.WriteFile(filepath.Join(dir, l.Pairs[0].EN), append(b, "\nMore.\n"...), 0o644)
	if _, _, _, err := l.OpenPair(opts, l.Pairs[0]); !errors.Is(err, ErrNeedLoad) {
		t.Errorf("OpenPair of an edited document = %v", err)
	}
	os.WriteFile(filepath.Join(dir, l.Pairs[0].EN), b, 0o644)
	for _, change := range []struct {
		name string
		do   func()
		want func(Changes) bool
	}{
		{"edit", func() { os.Chtimes(first, later, later) }, func(c Changes) bool { return len(c.Changed) == 1 }},
		{"add", func() { os.WriteFile(filepath.Join(dir, "new.txt"), []byte("A new report.\n"), 0o644) }, func(c Changes) bool { return len(c.Added) == 1 }},
		{"remove", func() { os.Remove(filepath.Join(dir, l.Docs[1].ID)) }, func(c Changes) bool { return len(c.Removed) == 1 }},
		{"rule", func() {
			w, err := Open(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			w.SetRules([]align.Rule{{Forbid: true, FA: "a", EN: "b"}})
		}, func(c Changes) bool { return len(c.Added) == 1 }},
	} {
		change.do()
		ch, err := l.Verify(ctx, opts)
		if err != nil || !change.want(ch) {
			t.Errorf("%s: Verify = %+v %v", change.name, ch, err)
		}
		if _, _, ok, err := UpToDate(ctx, opts); ok || err != nil {
			t.Errorf("%s: UpToDate = %v %v", change.name, ok, err)
		}
		// Opening again brings the library up to date.
		s, err := Load(ctx, opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		if l, err = Quick(opts); err != nil {
			t.Fatal(err)
		}
		if _, _, ok, err := UpToDate(ctx, opts); !ok || err != nil {
			t.Errorf("%s: UpToDate after opening again = %v %v", change.name, ok, err)
		}
	}
}

// TestUpToDateDamagedIndex cuts a segment of the index short: hamta index
// must not take the workspace as current, so that its full check finds
// and repairs the damage.
func TestUpToDateDamagedIndex(t *testing.T) {
	ctx := context.Background()
	opts := Options{CorpusDir: sampleDir(t)}
	s, err := Load(ctx, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, _, ok, _ := UpToDate(ctx, opts); !ok {
		t.Fatal("not up to date after opening")
	}
	segs, _ := filepath.Glob(filepath.Join(s.Dir, IndexDir, "gen-*", "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment")
	}
	fi, _ := os.Stat(segs[0])
	os.Truncate(segs[0], fi.Size()/2)
	if _, _, ok, _ := UpToDate(ctx, opts); ok {
		t.Error("up to date with a segment cut short")
	}
}
