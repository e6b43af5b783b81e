package rtl

//go:generate go run ./internal/gen -ucd /usr/share/unicode -o tables.go

import "sort"

// Class is a Unicode bidirectional character type (Bidi_Class).
type Class uint8

// The bidi classes, as UAX #9 names them.
const (
	L   Class = iota // left-to-right letter
	R                // right-to-left letter
	AL               // Arabic letter
	EN               // European number
	ES               // European separator
	ET               // European terminator
	AN               // Arabic number
	CS               // common separator
	NSM              // non-spacing mark
	BN               // boundary neutral
	B                // paragraph separator
	S                // segment separator
	WS               // white space
	ON               // other neutral
	LRE              // left-to-right embedding
	LRO              // left-to-right override
	RLE              // right-to-left embedding
	RLO              // right-to-left override
	PDF              // pop directional format
	LRI              // left-to-right isolate
	RLI              // right-to-left isolate
	FSI              // first strong isolate
	PDI              // pop directional isolate
)

var classNames = [...]string{"L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B", "S", "WS", "ON", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}

// String is the class's short name, as in the Unicode data files.
func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "?"
}

// ParseClass reads a class's short name ("AL", "NSM").
func ParseClass(s string) (Class, bool) {
	for i, n := range classNames {
		if n == s {
			return Class(i), true
		}
	}
	return 0, false
}

type classRange struct {
	lo, hi rune
	c      Class
}

// ClassOf is the bidi class of a rune.
func ClassOf(r rune) Class {
	if r >= 0 && r < 0x800 {
		return Class(classLow[r])
	}
	i := sort.Search(len(classRanges), func(i int) bool { return classRanges[i].hi >= r })
	if i < len(classRanges) && classRanges[i].lo <= r {
		return classRanges[i].c
	}
	return L
}

type bracket struct {
	r, pair rune
	open    bool
}

// pairedBracket returns a bracket's pair and whether it opens, or ok false
// for a rune that is no paired bracket.
func pairedBracket(r rune) (pair rune, open, ok bool) {
	if r < 0x28 {
		return 0, false, false
	}
	i := sort.Search(len(brackets), func(i int) bool { return brackets[i].r >= r })
	if i < len(brackets) && brackets[i].r == r {
		return brackets[i].pair, brackets[i].open, true
	}
	return 0, false, false
}

// Mirror is the mirror image of a rune as right-to-left text shows it
// (Bidi_Mirroring_Glyph), or the rune itself when it has none.
func Mirror(r rune) rune {
	if r < 0x28 {
		return r
	}
	i := sort.Search(len(mirrors), func(i int) bool { return mirrors[i][0] >= r })
	if i < len(mirrors) && mirrors[i][0] == r {
		return mirrors[i][1]
	}
	return r
}

// Joining is an Arabic joining type (ArabicShaping.txt).
type Joining uint8

// The joining types.
const (
	NonJoining   Joining = iota // U: joins neither side
	RightJoining                // R: joins the letter before it
	LeftJoining                 // L: joins the letter after it
	DualJoining                 // D: joins both sides
	JoinCausing                 // C: tatweel, ZWJ: makes its neighbours join
	Transparent                 // T: harakat and other marks: skipped
)

type joiningRange struct {
	lo, hi rune
	j      Joining
}

// JoiningOf is the joining type of a rune.
func JoiningOf(r rune) Joining {
	if r < 0x300 {
		return NonJoining
	}
	i := sort.Search(len(joiningRanges), func(i int) bool { return joiningRanges[i].hi >= r })
	if i < len(joiningRanges) && joiningRanges[i].lo <= r {
		return joiningRanges[i].j
	}
	return NonJoining
}

type letterForms struct {
	r     rune
	forms [4]rune // isolated, final, initial, medial
}

// Form is the shape of a joined letter.
type Form uint8

// The four forms of an Arabic letter.
const (
	Isolated Form = iota
	Final
	Initial
	Medial
)

// PresentationForm is the Arabic Presentation Forms-A or -B character for
// a letter in a form, or the letter itself where Unicode has none.
func PresentationForm(r rune, f Form) rune {
	i := sort.Search(len(presentationForms), func(i int) bool { return presentationForms[i].r >= r })
	if i < len(presentationForms) && presentationForms[i].r == r {
		if p := presentationForms[i].forms[f]; p != 0 {
			return p
		}
	}
	return r
}

// lamAlef is the lam-alef ligature for an alef, isolated or final, or 0
// when r is no alef that makes one.
func lamAlef(alef rune, final bool) rune {
	for _, la := range lamAlefForms {
		if la.r == alef {
			if final {
				return la.forms[1]
			}
			return la.forms[0]
		}
	}
	return 0
}
