package workspace

import (
	"context"
	"reflect"
	"testing"

	"hamta/align"
)

// anchorCounts counts the links of pairs' beads and the anchors they hold.
func anchorCounts(pairs []align.DocPair) (links, anchors int) {
	for _, p := range pairs {
		for _, b := range p.Beads {
			if b.Linked() {
				links++
				anchors += len(b.Anchors)
			}
		}
	}
	return links, anchors
}

// TestAnchorsOnDisk checks that a session's pairs hold their beads
// without anchors when the workspace keeps them, and that Anchored gives
// back the saved alignment exactly, after pairing and from the pairs
// file; a session that cannot save keeps them in memory.
func TestAnchorsOnDisk(t *testing.T) {
	ctx := context.Background()
	dir := sampleDir(t)
	for _, run := range []string{"paired", "from the pairs file"} {
		s, err := Load(ctx, Options{CorpusDir: dir}, nil)
		if err != nil {
			t.Fatal(err)
		}
		links, anchors := anchorCounts(s.Pairs)
		if links == 0 || anchors != 0 {
			t.Errorf("%s: %d links holding %d anchors in memory, want none", run, links, anchors)
		}
		total := 0
		for _, p := range s.Pairs {
			got, err := s.Anchored(p)
			if err != nil {
				t.Fatal(err)
			}
			fa, en := s.Corpus.Doc(p.FA), s.Corpus.Doc(p.EN)
			want, ok, err := s.PairBeads(fa.Hash, en.Hash, p.Kind)
			if err != nil || !ok {
				t.Fatalf("%s: saved alignment of %s: %v %v", run, p.FA, ok, err)
			}
			if !reflect.DeepEqual(got.Beads, want) {
				t.Errorf("%s: %s ↔ %s read back differs from the saved alignment", run, p.FA, p.EN)
			}
			if _, n := anchorCounts([]align.DocPair{p}); n != 0 {
				t.Errorf("%s: Anchored changed the session's pair", run)
			}
			_, n := anchorCounts([]align.DocPair{got})
			total += n
		}
		if total == 0 {
			t.Errorf("%s: no anchors read back", run)
		}
		s.Close()
	}

	// Another process holds a new corpus's workspace: nothing is saved,
	// so the anchors stay with the beads.
	dir = sampleDir(t)
	holder, err := Open(ctx, Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	s, err := Load(ctx, Options{CorpusDir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Writable() {
		t.Fatal("second opener holds the workspace")
	}
	if links, anchors := anchorCounts(s.Pairs); links == 0 || anchors == 0 {
		t.Errorf("unsaved pairs: %d links holding %d anchors, want some", links, anchors)
	}
}
