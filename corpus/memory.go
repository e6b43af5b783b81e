package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// A translation memory (TMX, XLIFF, or TSV with a column per language) is
// already aligned: it becomes a Persian and an English document, one
// paragraph per unit side, whose alignment is declared rather than found.
// A memory that names the documents its units came from (hamta's own
// exports do) becomes one such pair per pair of documents.

// Premade is an alignment that came with the files: the units of a
// translation memory, as paragraphs of the Persian and English documents
// read from it. Both documents point to the same Premade.
type Premade struct {
	// FA and EN are the IDs of the Persian and English documents.
	FA, EN string
	// Units are the aligned units in order.
	Units []Unit
}

// Unit is one unit of a premade alignment: paragraphs of the Persian and
// the English document that translate each other (one side may be empty:
// a unit in one language only).
type Unit struct {
	FA, EN []int
	// Score is the confidence the memory gives, or 1.
	Score float64
	// Confirmed is set when the memory says a person checked the unit.
	Confirmed bool
}

// Counterpart returns the ID of the document paired with id.
func (p *Premade) Counterpart(id string) string {
	if id == p.FA {
		return p.EN
	}
	return p.FA
}

// memUnit is one unit as read from a memory file.
type memUnit struct {
	fa, en    string
	score     float64
	confirmed bool
	line      int
}

// memGroup is the units of one pair of documents. Names are the documents'
// names when the memory gives them.
type memGroup struct {
	faName, enName string
	units          []memUnit
}

// ErrNoPairs says a translation memory holds no Persian–English units.
var ErrNoPairs = errors.New("no Persian–English units")

// parseMemory reads a translation memory into pairs of documents.
func parseMemory(id string, raw []byte, f Format) ([]*Document, error) {
	text, enc, err := decodeMarkup(raw, f != FormatTSV)
	if err != nil {
		return nil, err
	}
	var groups []memGroup
	var warnings []string
	switch f {
	case FormatTMX:
		groups, warnings, err = readTMX(text)
	case FormatXLIFF:
		groups, warnings, err = readXLIFF(text)
	default:
		groups, warnings, err = readMemoryTSV(text)
	}
	if err != nil {
		return nil, err
	}
	docs, skipped := memoryDocs(id, raw, f, enc, groups)
	warnings = append(warnings, skipped...)
	if len(docs) == 0 {
		if len(warnings) > 0 {
			return nil, fmt.Errorf("%w (%s)", ErrNoPairs, strings.Join(warnings, "; "))
		}
		return nil, ErrNoPairs
	}
	for _, d := range docs {
		d.Warnings = append(d.Warnings, warnings...)
	}
	return docs, nil
}

// xmlEncodingDecl finds the encoding an XML declaration names.
var xmlEncodingDecl = regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// decodeMarkup decodes a memory file: for XML, an encoding its declaration
// names (other than UTF-8 and UTF-16, which the byte-order mark or the
// bytes tell) is used; otherwise as for text.
func decodeMarkup(raw []byte, isXML bool) (string, string, error) {
	if isXML && !bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) {
		if m := xmlEncodingDecl.FindSubmatch(bytes.TrimPrefix(raw[:min(len(raw), 512)], []byte{0xEF, 0xBB, 0xBF})); m != nil {
			label := strings.ToLower(string(m[1]))
			if !strings.HasPrefix(label, "utf-8") && !strings.HasPrefix(label, "utf8") && !strings.HasPrefix(label, "utf-16") {
				if e, name := charset.Lookup(label); e != nil {
					return decodeDeclared(raw, e, name)
				}
			}
		}
	}
	d, err := Decode(raw)
	if err != nil {
		return "", "", err
	}
	return d.Text, d.Encoding, nil
}

// memoryDocs makes a Persian and an English document of each group.
func memoryDocs(file string, raw []byte, f Format, enc string, groups []memGroup) (out []*Document, warnings []string) {
	used := map[string]bool{}
	name := func(n, fallback string) string {
		if n == "" {
			n = fallback
		}
		id := file + "/" + n
		for k := 2; used[id]; k++ {
			id = file + "/" + n + "~" + strconv.Itoa(k)
		}
		used[id] = true
		return id
	}
	for _, g := range groups {
		units := g.units[:0:0]
		for _, u := range g.units {
			u.fa, u.en = unitText(u.fa), unitText(u.en)
			if u.fa != "" || u.en != "" {
				units = append(units, u)
			}
		}
		faN, enN := 0, 0
		for _, u := range units {
			if u.fa != "" {
				faN++
			}
			if u.en != "" {
				enN++
			}
		}
		if faN == 0 || enN == 0 {
			if len(units) > 0 {
				warnings = append(warnings, fmt.Sprintf("%d units in one language only skipped", len(units)))
			}
			continue
		}
		fa := memoryDoc(name(g.faName, "fa"), file, raw, f, enc, LangFA)
		en := memoryDoc(name(g.enName, "en"), file, raw, f, enc, LangEN)
		pm := &Premade{FA: fa.ID, EN: en.ID}
		for _, u := range units {
			unit := Unit{FA: []int{}, EN: []int{}, Score: u.score, Confirmed: u.confirmed}
			if u.fa != "" {
				unit.FA = append(unit.FA, addUnitParagraph(fa, u.fa, u.line))
			}
			if u.en != "" {
				unit.EN = append(unit.EN, addUnitParagraph(en, u.en, u.line))
			}
			pm.Units = append(pm.Units, unit)
		}
		for _, d := range []*Document{fa, en} {
			d.Premade = pm
			if len(d.Paragraphs) > 0 {
				d.Title = firstSentence(d.Paragraphs[0].Text)
			}
			out = append(out, d)
		}
	}
	return out, warnings
}

// memoryDoc starts one side of a memory's pair.
func memoryDoc(id, file string, raw []byte, f Format, enc string, lang Lang) *Document {
	h := sha256.New()
	h.Write(raw)
	h.Write([]byte{0})
	h.Write([]byte(id))
	return &Document{
		ID: id, Lang: lang, Langs: []Lang{lang}, Format: f, Encoding: enc,
		Hash: hex.EncodeToString(h.Sum(nil)), Size: int64(len(raw)),
		Meta: map[string]string{"memory": file},
	}
}

func addUnitParagraph(d *Document, text string, line int) int {
	i := len(d.Paragraphs)
	d.Paragraphs = append(d.Paragraphs, Paragraph{Index: i, Text: text, Lang: d.Lang, Kind: Body, Line: line})
	return i
}

// unitText is a unit side's text as one paragraph: line breaks and tabs
// become spaces, and the ends are trimmed.
func unitText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', '\t', '\v', '\f':
			return ' '
		}
		return r
	}, s)
	return strings.TrimFunc(s, isSpace)
}

// memoryLang reads a language tag of a memory ("fa", "fa-IR", "EN_us",
// "per", "Persian").
func memoryLang(tag string) Lang {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i > 0 {
		tag = tag[:i]
	}
	l, _ := ParseLang(tag)
	return l
}

// decodeDeclared decodes raw from the encoding e (named name) that the
// file declares: a NUL byte makes it binary, bytes e cannot decode make it
// undecodable.
func decodeDeclared(raw []byte, e encoding.Encoding, name string) (string, string, error) {
	if bytes.IndexByte(raw, 0) >= 0 {
		return "", "", ErrBinary
	}
	out, err := e.NewDecoder().Bytes(raw)
	if err != nil {
		return "", "", ErrUndecodable
	}
	return string(out), name, nil
}
