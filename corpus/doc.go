// Package corpus holds hamta's document model and everything needed to read a
// folder of Persian and English articles into it: decoding legacy encodings,
// detecting language by script, rebuilding paragraphs broken by PDF
// extraction, marking page furniture, and Fold, the form of text used for
// matching.
package corpus

import "strings"

// Lang is the language of a document or paragraph, as detected from its
// script: Arabic-script letters are Persian, Latin letters are English.
type Lang string

// The languages hamta knows.
const (
	LangUnknown Lang = ""
	LangFA      Lang = "fa"
	LangEN      Lang = "en"
)

// String returns the language code, or "?" when it is unknown.
func (l Lang) String() string {
	if l == LangUnknown {
		return "?"
	}
	return string(l)
}

// ParseLang turns a code such as "fa" or "EN" into a Lang.
func ParseLang(s string) (Lang, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "fa", "per", "fas", "persian", "farsi":
		return LangFA, true
	case "en", "eng", "english":
		return LangEN, true
	}
	return LangUnknown, false
}

// Kind says what role a paragraph plays in its document.
type Kind int

// Paragraph kinds. Furniture (site navigation, form labels, repeated titles,
// metadata lines) is kept for display but takes no part in alignment or
// export.
const (
	Body Kind = iota
	Heading
	Furniture
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case Heading:
		return "heading"
	case Furniture:
		return "furniture"
	}
	return "body"
}

// Paragraph is one rebuilt paragraph of a document.
type Paragraph struct {
	// Index is the paragraph's 0-based position in Document.Paragraphs.
	Index int
	// Text is the display text: the file's text with broken lines joined
	// and surrounding space trimmed, otherwise unchanged.
	Text string
	// Lang is the language of the paragraph's letters.
	Lang Lang
	// Kind is body text, a heading or page furniture.
	Kind Kind
	// Line is the 1-based line of the file where the paragraph starts.
	Line int
}

// Aligned reports whether the paragraph takes part in alignment and
// export: it is not furniture, and not blank (a sentence-per-line file's
// empty line).
func (p Paragraph) Aligned() bool { return p.Kind != Furniture && strings.TrimSpace(p.Text) != "" }

// Document is one file of a corpus.
type Document struct {
	// ID is the file's path relative to the corpus root, slash-separated.
	ID string
	// Lang is the language of most of the document's letters.
	Lang Lang
	// Langs lists every language with a real share of the letters, the
	// main one first; a mixed document has more than one.
	Langs []Lang
	// Title is the document's heading, or its first sentence, whole:
	// a display shortens it to fit.
	Title string
	// Meta holds metadata found in the text, such as "id" and "date".
	Meta map[string]string
	// Encoding names the encoding the file was decoded from.
	Encoding string
	// Format is the kind of file the document was read from.
	Format Format
	// Hash is the hex SHA-256 of the file's bytes; for one of several
	// documents read from one file (a translation memory), of the bytes
	// and the document's ID.
	Hash string
	// Size is the file's size in bytes.
	Size int64
	// Paragraphs are the rebuilt paragraphs in file order.
	Paragraphs []Paragraph
	// Warnings are problems found while reading that did not stop it.
	Warnings []string
	// Premade, for a document read from a translation memory, is the
	// alignment the file declares between this document and its
	// counterpart; both documents share it. Nil for other documents.
	Premade *Premade
	// Lines is set when each line is a paragraph as written (ParseLines:
	// a sentence-per-line file), not rebuilt from the text.
	Lines bool
}

// AlignedParagraphs returns the paragraphs that take part in alignment
// (everything but furniture), in order.
func (d *Document) AlignedParagraphs() []Paragraph {
	out := make([]Paragraph, 0, len(d.Paragraphs))
	for _, p := range d.Paragraphs {
		if p.Aligned() {
			out = append(out, p)
		}
	}
	return out
}
