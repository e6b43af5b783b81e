package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path"
	"strings"
)

// Format is a kind of file hamta reads.
type Format string

// The formats hamta reads, chosen by file extension.
const (
	FormatText  Format = "text"  // .txt, .text, or no extension
	FormatHTML  Format = "html"  // .html, .htm, .xhtml
	FormatDOCX  Format = "docx"  // Word 2007+ documents
	FormatPDF   Format = "pdf"   // through poppler's pdftotext
	FormatTMX   Format = "tmx"   // translation memory, TMX 1.4
	FormatXLIFF Format = "xliff" // XLIFF 1.2 and 2.x, .xlf or .xliff
	FormatTSV   Format = "tsv"   // two columns headed by their languages, or hamta's export
)

// FormatOf returns the format of a file by its name, or "" for a file
// hamta does not read (including hidden files).
func FormatOf(name string) Format {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if strings.HasPrefix(base, ".") {
		return ""
	}
	switch strings.ToLower(path.Ext(base)) {
	case ".txt", ".text", "":
		return FormatText
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".docx":
		return FormatDOCX
	case ".pdf":
		return FormatPDF
	case ".tmx":
		return FormatTMX
	case ".xlf", ".xliff":
		return FormatXLIFF
	case ".tsv":
		return FormatTSV
	}
	return ""
}

// IsMemory reports whether documents of the format come in aligned pairs
// (translation memories) rather than one per file.
func (f Format) IsMemory() bool {
	return f == FormatTMX || f == FormatXLIFF || f == FormatTSV
}

// ErrMemoryFile says that a translation memory was given where one
// document was wanted.
var ErrMemoryFile = errors.New("a translation memory holds aligned pairs, not one document: put it in a corpus folder")

// ParseFile builds the documents of one file from its bytes, reading it by
// the format its name says: one document for text, HTML, DOCX and PDF,
// two per aligned pair for a translation memory. A PDF is read with
// pdftotext, which must be installed.
func ParseFile(id string, raw []byte, opts Options) ([]*Document, error) {
	f := FormatOf(id)
	if f.IsMemory() {
		return parseMemory(id, raw, f)
	}
	d, err := parseOne(id, raw, f, opts)
	if err != nil {
		return nil, err
	}
	return []*Document{d}, nil
}

// parseOne reads a file that holds one document.
func parseOne(id string, raw []byte, f Format, opts Options) (*Document, error) {
	switch f {
	case FormatHTML:
		return ParseHTML(id, raw)
	case FormatDOCX:
		return ParseDOCX(id, raw, opts)
	case FormatPDF:
		return ParsePDF(id, raw, opts)
	case FormatTMX, FormatXLIFF, FormatTSV:
		return nil, ErrMemoryFile
	}
	return Parse(id, raw)
}

// parseAny reads one file outside any corpus by its format; the
// document's ID is the name as given.
func parseAny(opts Options) func(id string, raw []byte) (*Document, error) {
	return func(id string, raw []byte) (*Document, error) {
		return parseOne(id, raw, FormatOf(id), opts)
	}
}

// newDoc starts a document read from raw.
func newDoc(id string, raw []byte, f Format) *Document {
	sum := sha256.Sum256(raw)
	return &Document{ID: id, Format: f, Hash: hex.EncodeToString(sum[:]), Size: int64(len(raw))}
}

// parseText builds a document's paragraphs from its text, as Parse does for
// a plain-text file: Persian in visual order or presentation forms is
// repaired, paragraphs rebuilt, furniture, languages and title found.
func parseText(doc *Document, text string) (*Document, error) {
	text = repairPersian(doc, text)
	raws, _ := RebuildParagraphs(text)
	return finish(doc, raws)
}

// parseBlocks builds a document whose paragraphs are already known (HTML
// blocks, Word paragraphs): each block is one paragraph, a heading when
// heading says so. Persian in visual order or presentation forms is
// repaired; furniture, languages and title are found as for text.
func parseBlocks(doc *Document, blocks []RawParagraph) (*Document, error) {
	lines := make([]string, len(blocks))
	for i, b := range blocks {
		lines[i] = b.Text
	}
	fixed := strings.Split(repairPersian(doc, strings.Join(lines, "\n")), "\n")
	if len(fixed) == len(blocks) {
		for i := range blocks {
			blocks[i].Text = fixed[i]
		}
	}
	return finish(doc, blocks)
}

// mergeMeta adds metadata found in a file's markup (meta tags, document
// properties) to what the text gave, the markup winning.
func mergeMeta(doc *Document, meta map[string]string) {
	if doc.Meta == nil {
		doc.Meta = map[string]string{}
	}
	for k, v := range meta {
		if v = strings.TrimSpace(v); v != "" {
			doc.Meta[k] = v
		}
	}
	if t := strings.Join(strings.Fields(meta["title"]), " "); t != "" {
		doc.Title = t
	}
}
