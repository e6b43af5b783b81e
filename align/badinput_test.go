package align

import (
	"context"
	"strings"
	"testing"
	"time"

	"hamta/corpus"
)

func TestAlignEdgeCases(t *testing.T) {
	seg := func(lens ...int) []Segment {
		out := make([]Segment, len(lens))
		for i, l := range lens {
			out[i] = Segment{Len: l}
		}
		return out
	}
	long := make([]int, 500)
	for i := range long {
		long[i] = 50 + i%300
	}
	tests := []struct {
		name string
		a, b []Segment
	}{
		{"both empty", nil, nil},
		{"a empty", nil, seg(10, 20)},
		{"b empty", seg(10, 20), nil},
		{"zero lengths", seg(0, 0, 0), seg(0, 0)},
		{"one each", seg(100), seg(5000)},
		{"fifty times longer", seg(100, 200, 150, 90, 300, 120, 80, 60, 400, 250), seg(long...)},
		{"reverse fifty times", seg(long...), seg(100, 200, 150, 90, 300, 120, 80, 60, 400, 250)},
		{"huge segment", seg(10_000_000), seg(12_000_000, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			beads, err := AlignSegments(context.Background(), tt.a, tt.b, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			checkCovers(t, beads, len(tt.a), len(tt.b))
		})
	}
}

func TestAlignCancelled(t *testing.T) {
	a, b, _ := synthPair(20000, 3)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := AlignSegments(ctx, a, b, DefaultOptions()); err == nil {
		t.Fatal("cancelled alignment returned no error")
	}
}

func TestAlignDocsEnormousLine(t *testing.T) {
	word := "کلمه "
	fa, err := corpus.Parse("fa.txt", []byte(strings.Repeat(word, 200_000)))
	if err != nil {
		t.Fatal(err)
	}
	en, err := corpus.Parse("en.txt", []byte("A short English text.\n\nAnother paragraph."))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	beads, err := NewAligner().AlignDocs(ctx, fa, en)
	if err != nil {
		t.Fatal(err)
	}
	checkCovers(t, beads, len(fa.Paragraphs), len(en.Paragraphs))
}

// FuzzAlignSegments aligns random segment lengths and anchors, in each
// kind: every segment must land in exactly one bead, the beads in order on
// side A and, but for links marked moved, on side B, with a score in
// [0,1]. Anchor-rich segments (even bytes) bring in the out-of-order pass,
// a trailing colon (bytes ending in 7) segments that run on.
func FuzzAlignSegments(f *testing.F) {
	f.Add([]byte{10, 20, 30}, []byte{12, 25, 33, 5})
	f.Add([]byte{}, []byte{1})
	f.Add([]byte{255, 0, 255}, []byte{0})
	f.Add([]byte{2, 4, 6, 8, 10, 12}, []byte{8, 6, 4, 2, 12, 10})
	f.Fuzz(func(t *testing.T, la, lb []byte) {
		mk := func(ls []byte) []Segment {
			out := make([]Segment, len(ls))
			for i, l := range ls {
				out[i] = Segment{Len: int(l) * int(l), RunsOn: l%10 == 7}
				if l%3 == 0 {
					out[i].Feats = []Feature{{Key: "#" + string(rune('a'+l%7)), Kind: AnchorNumber}}
				}
				if l%2 == 0 {
					for k := range 6 {
						out[i].Feats = append(out[i].Feats, Feature{Key: "~" + string(rune('a'+int(l)/2%13)) + string(rune('a'+k)), Kind: AnchorName})
					}
				}
			}
			return out
		}
		a, b := mk(la), mk(lb)
		for _, kind := range []PairKind{"", Translation, Comparable} {
			opt := DefaultOptions()
			opt.Kind = kind
			opt.FullLimit = 64 // exercise the coarse-to-fine path on small inputs
			beads, err := AlignSegments(context.Background(), a, b, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkCovers(t, beads, len(a), len(b))
		}
	})
}
