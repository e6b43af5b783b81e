package workspace

import (
	"context"
	"reflect"
	"testing"

	"hamta/align"
	"hamta/corpus"
)

// fixtureBeads aligns a fixture pair: beads with anchors, as the pack
// holds them.
func fixtureBeads(tb testing.TB) []align.Bead {
	tb.Helper()
	fa, err := corpus.ReadFile("../testdata/align/diplomacy.fa.txt", corpus.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	en, err := corpus.ReadFile("../testdata/align/diplomacy.en.txt", corpus.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	beads, err := align.NewAligner().AlignDocs(context.Background(), fa, en)
	if err != nil {
		tb.Fatal(err)
	}
	return beads
}

func TestBeadsRoundTrip(t *testing.T) {
	beads := fixtureBeads(t)
	anchors := 0
	for _, b := range beads {
		anchors += len(b.Anchors)
	}
	if anchors == 0 {
		t.Fatal("no anchors to write")
	}
	rec := encodeBeads(beads)
	got, err := decodeBeads(rec)
	if err != nil || !reflect.DeepEqual(got, beads) {
		t.Errorf("read back %v (%v)", got, err)
	}
	// Without anchors: the same beads, their anchors passed over.
	links, err := decodeLinks(rec)
	if err != nil || !reflect.DeepEqual(links, align.WithoutAnchors(beads)) {
		t.Errorf("links read back %v (%v)", links, err)
	}
	// A record cut short is an error either way, wherever it is cut.
	for n := range len(rec) {
		if _, err := decodeLinks(rec[:n]); err == nil {
			t.Fatalf("links of a record cut at %d of %d: no error", n, len(rec))
		}
	}
}

// BenchmarkDecodeBeads reads one pair's alignment, as loading every
// pair of a workspace does.
func BenchmarkDecodeBeads(b *testing.B) {
	rec := encodeBeads(fixtureBeads(b))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeBeads(rec); err != nil {
			b.Fatal(err)
		}
	}
}
