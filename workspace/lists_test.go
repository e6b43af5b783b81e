package workspace

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"hamta/align"
)

// fixtureCorpus copies the bundled corpus and the aligner's fixtures (but
// the Arabic one) into a temporary folder: some thirty documents on
// related topics.
func fixtureCorpus(t *testing.T) string {
	t.Helper()
	dir := sampleDir(t)
	if n := copyFiles(t, "../testdata/align/*.[fe][an].txt", dir); n < 10 {
		t.Fatalf("fixtures: %d files", n)
	}
	return dir
}

// pairsIn pairs the corpus in dir with the workspace in ws.
func pairsIn(t *testing.T, dir, ws string) []align.DocPair {
	t.Helper()
	ctx := context.Background()
	w, err := Open(ctx, Options{CorpusDir: dir, Dir: ws})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	pairs, err := w.Pairs(ctx, align.NewAligner(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return pairs
}

// TestEditSearchesAroundLists edits a corpus after a first pairing: the
// edit's pairing starts from the candidate lists kept (which it leaves as
// they are) and finds what pairing the edited corpus afresh finds. A
// damaged lists file costs a full search, not a wrong answer.
func TestEditSearchesAroundLists(t *testing.T) {
	dir := fixtureCorpus(t)
	ws := filepath.Join(t.TempDir(), "ws")
	first := pairsIn(t, dir, ws)
	lists, err := os.ReadFile(filepath.Join(ws, listsFile))
	if err != nil {
		t.Fatalf("no candidate lists kept: %v", err)
	}
	l, err := decodeLists(lists)
	if err != nil || len(l.Docs) < 20 || len(l.Best) != len(l.Docs) {
		t.Fatalf("lists read back: %v, %d documents", err, len(l.Docs))
	}

	// An edit: a paragraph added to one English document, another
	// document copied under a new name.
	path := filepath.Join(dir, "flood.en.txt")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, "\n\nThe ministry said on Tuesday that 41 villages were still cut off.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err = os.ReadFile(filepath.Join(dir, "health.fa.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "health-copy.fa.txt"), append(b, "\n\n۱۴۰۳\n"...), 0o644); err != nil {
		t.Fatal(err)
	}

	// Each case pairs the edited corpus in a copy of the workspace, its
	// lists file replaced. Without usable lists the search is full: every
	// case must give what that gives, to the last bead, and what pairing
	// afresh gives (but for the evaluations and alignments of unchanged
	// pairs, which are kept from the corpus they were made in).
	var full []align.DocPair
	fresh := pairsIn(t, dir, filepath.Join(t.TempDir(), "fresh"))
	for _, tc := range []struct {
		name  string
		lists []byte // the lists file before the edit's pairing
	}{
		{"lists damaged", lists[:len(lists)/2]},
		{"lists of another aligner", bytes.Replace(lists, []byte(align.Version), []byte("0"), 1)},
		{"lists kept", lists},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edited := filepath.Join(t.TempDir(), "ws")
			if err := os.CopyFS(edited, os.DirFS(ws)); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(edited, listsFile), tc.lists, 0o644); err != nil {
				t.Fatal(err)
			}
			got := pairsIn(t, dir, edited)
			if full == nil {
				full = got
			}
			if !reflect.DeepEqual(got, full) {
				t.Errorf("pairs differ from those of a full search")
			}
			if len(got) != len(fresh) {
				t.Fatalf("%d pairs after the edit, %d afresh", len(got), len(fresh))
			}
			for i := range got {
				g, w := got[i], fresh[i]
				if g.FA != w.FA || g.EN != w.EN || g.Kind != w.Kind || g.Similarity != w.Similarity {
					g.Beads, w.Beads = nil, nil
					t.Errorf("pair %d after the edit %+v, afresh %+v", i, g, w)
				}
			}
			after, err := os.ReadFile(filepath.Join(edited, listsFile))
			if err != nil {
				t.Fatal(err)
			}
			if kept := bytes.Equal(after, lists); kept != (tc.name == "lists kept") {
				t.Errorf("lists file left as it was: %v", kept)
			}
		})
	}
	if len(first) == 0 {
		t.Error("no pairs")
	}
}
