package align

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"hamta/corpus"
)

// Row is one bead of a document pair as exported: the paragraphs' numbers
// and texts on both sides.
type Row struct {
	FADoc, ENDoc string
	// FAParas and ENParas are 0-based paragraph indices; empty for a side
	// with no counterpart.
	FAParas, ENParas []int
	Score            float64
	FAText, ENText   string
	Anchors          []Anchor
	Confirmed        bool
	// Moved is set on a link out of order (see Bead.Moved): rows follow
	// the Persian document, so its English paragraph numbers jump.
	Moved bool
	// Unit says what a row holds: UnitParagraph (the zero value) or
	// UnitSentence (SentenceRows).
	Unit Unit
	// In a row of sentences, FASents and ENSents are its sentences, and
	// BeadFA and BeadEN the paragraphs of the paragraph bead that holds
	// them.
	FASents, ENSents []Sentence
	BeadFA, BeadEN   []int
}

// Unit is what an exported row holds: a paragraph bead or a sentence
// bead.
type Unit string

// Units of export.
const (
	UnitParagraph Unit = ""
	UnitSentence  Unit = "sentence"
)

// SentenceRows turns the sentence beads of two documents (AlignSentences
// over beads) into export rows, one per sentence bead: FAParas and
// ENParas name the paragraphs its sentences are in, the texts are its
// sentences joined with a space. A row is confirmed when its paragraph
// bead is; options select rows as Rows does, by the sentence bead's
// score.
func SentenceRows(fa, en *corpus.Document, beads []Bead, sbs []SentenceBead, opt RowOptions) []Row {
	var out []Row
	for _, sb := range sbs {
		bd := beads[sb.Bead]
		if !sb.Linked() && !opt.Unaligned {
			continue
		}
		if sb.Linked() && sb.Score < opt.MinScore && !bd.Confirmed {
			continue
		}
		if opt.Confirmed && !bd.Confirmed {
			continue
		}
		out = append(out, Row{
			FADoc: fa.ID, ENDoc: en.ID,
			FAParas: orEmpty(Paras(sb.A)), ENParas: orEmpty(Paras(sb.B)), Score: sb.Score,
			FAText: sentenceText(fa, sb.A), ENText: sentenceText(en, sb.B),
			Anchors: sb.Anchors, Confirmed: bd.Confirmed, Moved: sb.Moved,
			Unit: UnitSentence, FASents: sb.A, ENSents: sb.B, BeadFA: bd.A, BeadEN: bd.B,
		})
	}
	return out
}

// RowOptions select the rows of a pair.
type RowOptions struct {
	// MinScore drops links scoring below it (rows with an empty side are
	// kept or dropped by Unaligned alone).
	MinScore float64
	// Unaligned keeps the paragraphs with no counterpart, as rows with an
	// empty side.
	Unaligned bool
	// Confirmed keeps only beads a person confirmed.
	Confirmed bool
}

// Rows turns the beads of two documents into export rows. Paragraphs of a
// bead are joined with a space.
func Rows(fa, en *corpus.Document, beads []Bead, opt RowOptions) []Row {
	var out []Row
	for _, b := range beads {
		if !b.Linked() && !opt.Unaligned {
			continue
		}
		if b.Linked() && b.Score < opt.MinScore && !b.Confirmed {
			continue
		}
		if opt.Confirmed && !b.Confirmed {
			continue
		}
		out = append(out, Row{
			FADoc: fa.ID, ENDoc: en.ID,
			FAParas: b.A, ENParas: b.B, Score: b.Score,
			FAText: joinParas(fa, b.A), ENText: joinParas(en, b.B),
			Anchors: b.Anchors, Confirmed: b.Confirmed, Moved: b.Moved,
		})
	}
	return out
}

func joinParas(d *corpus.Document, idx []int) string {
	parts := make([]string, len(idx))
	for i, x := range idx {
		parts[i] = d.Paragraphs[x].Text
	}
	return strings.Join(parts, " ")
}

// TSVHeader is the header row of hamta's TSV.
var tsvHeader = []string{"fa_doc", "en_doc", "fa_paras", "en_paras", "score", "fa_text", "en_text"}

// WriteTSV writes rows as TSV: a header row, then one row per bead; 1-based
// paragraph numbers, a range as "3-4"; inside a field tab, newline,
// carriage return and backslash are written \t \n \r \\.
func WriteTSV(w io.Writer, rows []Row) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(strings.Join(tsvHeader, "\t") + "\n")
	for _, r := range rows {
		fields := []string{
			escapeTSV(r.FADoc), escapeTSV(r.ENDoc),
			FormatParas(r.FAParas), FormatParas(r.ENParas),
			strconv.FormatFloat(r.Score, 'f', 3, 64),
			escapeTSV(r.FAText), escapeTSV(r.ENText),
		}
		bw.WriteString(strings.Join(fields, "\t") + "\n")
	}
	return bw.Flush()
}

// ReadTSV reads rows written by WriteTSV.
func ReadTSV(r io.Reader) ([]Row, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64<<20)
	var out []Row
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		f := strings.Split(line, "\t")
		if n == 1 {
			if strings.Join(f, "\t") != strings.Join(tsvHeader, "\t") {
				return nil, fmt.Errorf("line 1: not a hamta TSV header")
			}
			continue
		}
		if line == "" {
			continue
		}
		if len(f) != len(tsvHeader) {
			return nil, fmt.Errorf("line %d: %d fields, want %d", n, len(f), len(tsvHeader))
		}
		var row Row
		var err error
		for i, field := range []*string{&row.FADoc, &row.ENDoc} {
			if *field, err = corpus.UnescapeTSV(f[i]); err != nil {
				return nil, fmt.Errorf("line %d: %s: %w", n, tsvHeader[i], err)
			}
		}
		if row.FAParas, err = ParseParas(f[2]); err != nil {
			return nil, fmt.Errorf("line %d: fa_paras: %w", n, err)
		}
		if row.ENParas, err = ParseParas(f[3]); err != nil {
			return nil, fmt.Errorf("line %d: en_paras: %w", n, err)
		}
		if row.Score, err = strconv.ParseFloat(f[4], 64); err != nil || row.Score < 0 || row.Score > 1 {
			return nil, fmt.Errorf("line %d: score %q not in [0,1]", n, f[4])
		}
		if row.FAText, err = corpus.UnescapeTSV(f[5]); err != nil {
			return nil, fmt.Errorf("line %d: fa_text: %w", n, err)
		}
		if row.ENText, err = corpus.UnescapeTSV(f[6]); err != nil {
			return nil, fmt.Errorf("line %d: en_text: %w", n, err)
		}
		out = append(out, row)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

var tsvEscaper = strings.NewReplacer("\\", `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func escapeTSV(s string) string { return tsvEscaper.Replace(s) }

// FormatParas writes 0-based paragraph indices as 1-based numbers: "3",
// a consecutive range "3-4", empty for none.
func FormatParas(idx []int) string {
	switch len(idx) {
	case 0:
		return ""
	case 1:
		return strconv.Itoa(idx[0] + 1)
	}
	consecutive := true
	for i := 1; i < len(idx); i++ {
		if idx[i] != idx[i-1]+1 {
			consecutive = false
		}
	}
	if consecutive {
		return strconv.Itoa(idx[0]+1) + "-" + strconv.Itoa(idx[len(idx)-1]+1)
	}
	parts := make([]string, len(idx))
	for i, x := range idx {
		parts[i] = strconv.Itoa(x + 1)
	}
	return strings.Join(parts, ",")
}

// ParseParas reads paragraph numbers written by FormatParas and returns
// 0-based indices.
func ParseParas(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return []int{}, nil
	}
	var out []int
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil || a < 1 {
			return nil, fmt.Errorf("bad paragraph number %q", part)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a || b-a > 1000 {
				return nil, fmt.Errorf("bad paragraph range %q", part)
			}
		}
		for x := a; x <= b; x++ {
			out = append(out, x-1)
		}
	}
	return out, nil
}
