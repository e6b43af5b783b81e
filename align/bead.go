// Package align pairs documents and aligns their paragraphs.
//
// The core aligner (AlignSegments) knows nothing of any language: it sees
// two sequences of segments, each with a length in characters and a set of
// anchor features, and finds the most probable sequence of beads under a
// length model (Gale & Church 1993, with the ratio and variance estimated
// from the pair itself) and an anchor model (a shared rare anchor is strong
// evidence, a missing one weak evidence against). A translation and
// independent reports of one event have models of their own (Model); the
// kind is given or judged from the text. Each segment pays for its own
// fate, alone or linked, and the probabilities are re-estimated from the
// pair. After the in-order alignment, an out-of-order pass links segments
// whose counterparts lie elsewhere (Bead.Moved). A bead's score is the
// estimated probability that it is right. Long inputs are aligned in
// linear time and memory by aligning a coarsened version first and
// refining in a window around its path.
//
// Persian–English knowledge is a layer on top (Anchors): numbers after digit
// folding, countries and regions from CLDR, a gazetteer and a news lexicon,
// and transliteration skeletons that match people's names no list holds.
package align

import (
	"fmt"
	"strings"
)

// Bead is one unit of an alignment: consecutive segments of side A matched
// with consecutive segments of side B. Either side may be empty: a segment
// with no counterpart. In a document pair side A is Persian, side B
// English, and indices are paragraph indices of the documents.
type Bead struct {
	A []int `json:"a"`
	B []int `json:"b"`
	// Score is the estimated probability that the bead is right: for a
	// link, its calibrated probability (fitted on gold alignments) times
	// the probability that the two documents report the same event; for a
	// segment left alone, that no segment near it is its counterpart.
	Score float64 `json:"score"`
	// Anchors are the shared anchors that support a link.
	Anchors []Anchor `json:"anchors,omitempty"`
	// Moved is set on a link out of order: its B paragraphs lie elsewhere
	// in B's order than the beads around it (a moved block, or material
	// an independent report gives in another order). Beads follow side A;
	// only moved beads break B's order.
	Moved bool `json:"moved,omitempty"`
	// Confirmed is set when a person checked the bead; Corrected when a
	// person made it by an edit. Realignment keeps both as they are.
	Confirmed bool `json:"confirmed,omitempty"`
	Corrected bool `json:"corrected,omitempty"`
}

// Fixed reports whether a person decided the bead.
func (b Bead) Fixed() bool { return b.Confirmed || b.Corrected }

// Linked reports whether the bead has segments on both sides.
func (b Bead) Linked() bool { return len(b.A) > 0 && len(b.B) > 0 }

// Type names the bead's shape, such as "1-1", "2-1" or "0-1".
func (b Bead) Type() string { return fmt.Sprintf("%d-%d", len(b.A), len(b.B)) }

// String writes the bead in the gold-file form "[1, 2]:[3]".
func (b Bead) String() string { return formatIndices(b.A) + ":" + formatIndices(b.B) }

func formatIndices(idx []int) string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i, x := range idx {
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprint(&sb, x)
	}
	sb.WriteByte(']')
	return sb.String()
}

// AnchorKind says what kind of evidence an anchor is.
type AnchorKind uint8

// Anchor kinds, from the strongest evidence to the weakest.
const (
	AnchorNumber  AnchorKind = iota // a number, after digit folding
	AnchorEntity                    // a country, place, organisation or title from the gazetteer
	AnchorName                      // a name matched by transliteration
	AnchorWord                      // a word from the bilingual news lexicon
	AnchorCognate                   // words sharing their first letters (same-script pairs)
	AnchorPunct                     // a question or exclamation mark
	numAnchorKinds
)

var anchorKindNames = [...]string{"number", "entity", "name", "word", "cognate", "punct"}

// String names the kind.
func (k AnchorKind) String() string {
	if int(k) < len(anchorKindNames) {
		return anchorKindNames[k]
	}
	return "anchor"
}

// MarshalText writes the kind's name.
func (k AnchorKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name.
func (k *AnchorKind) UnmarshalText(b []byte) error {
	for i, n := range anchorKindNames {
		if n == string(b) {
			*k = AnchorKind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown anchor kind %q", b)
}

// Feature is an anchor found in one segment's text. Features of the two
// sides with the same Key match.
type Feature struct {
	Key  string     // what matches: "#120", "@US", "~hnh"
	Kind AnchorKind // the evidence it gives
	Text string     // the words it was found in, for display
}

// Anchor is a feature shared by both sides of a bead.
type Anchor struct {
	Kind AnchorKind `json:"kind"`
	Key  string     `json:"key"`
	A    string     `json:"a"` // as written on side A
	B    string     `json:"b"` // as written on side B
}

// String shows the anchor as "A = B".
func (a Anchor) String() string {
	if a.A == a.B {
		return a.A
	}
	return a.A + " = " + a.B
}

// Segment is one unit on one side of an alignment: a paragraph, or a
// sentence, described by its length and its anchors.
type Segment struct {
	Len   int       // length in characters
	Feats []Feature // anchors found in the text, in any order
	// RunsOn is set when the segment runs on into the next, as a line
	// ending with a colon does ("the minister said:" before a quote): a
	// link may take both for the price of one.
	RunsOn bool
	// Words are the sorted term indices of the segment's words in a
	// learned lexicon (lexicon.Lexicon.IDs), of side A's language on
	// side A and of side B's on side B; Options.Words weighs them.
	Words []int32
}

// SlotB returns where the B paragraphs of beads[i], a link out of order,
// stand in B's order: the index of the first bead in order (not Moved)
// whose B paragraphs come after them, or len(beads) when none does. A view
// that follows side A shows a moved link at its A place; it can mark the
// link's B place there, and jump between the two.
func SlotB(beads []Bead, i int) int {
	if i < 0 || i >= len(beads) || len(beads[i].B) == 0 {
		return len(beads)
	}
	first := beads[i].B[0]
	for x, b := range beads {
		if !b.Moved && len(b.B) > 0 && b.B[0] > first {
			return x
		}
	}
	return len(beads)
}
