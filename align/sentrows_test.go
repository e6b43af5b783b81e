package align

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
)

// TestSentenceRows checks the export of sentence beads: one row a
// sentence bead with the columns of paragraph rows, read back by
// ReadTSV; TMX units of segtype sentence naming their paragraph bead;
// JSON Lines with sentence numbers.
func TestSentenceRows(t *testing.T) {
	c := sentenceCases(t)[0]
	al := NewAligner()
	sbs, err := al.AlignSentences(context.Background(), c.fa, c.en, c.paras, Translation, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := SentenceRows(c.fa, c.en, c.paras, sbs, RowOptions{Unaligned: true})
	if len(rows) != len(sbs) {
		t.Fatalf("%d rows for %d sentence beads", len(rows), len(sbs))
	}
	links := SentenceRows(c.fa, c.en, c.paras, sbs, RowOptions{})
	for _, r := range links {
		if len(r.FAParas) == 0 || len(r.ENParas) == 0 {
			t.Errorf("a row with an empty side without Unaligned: %+v", r)
		}
	}
	var tsv bytes.Buffer
	if err := WriteTSV(&tsv, rows); err != nil {
		t.Fatal(err)
	}
	back, err := ReadTSV(&tsv)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range back {
		if r.FAText != rows[i].FAText || r.ENText != rows[i].ENText || FormatParas(r.FAParas) != FormatParas(rows[i].FAParas) {
			t.Fatalf("row %d read back as %+v", i, r)
		}
		for _, s := range rows[i].FASents {
			if !strings.Contains(r.FAText, s.Text(c.fa)) {
				t.Fatalf("row %d: sentence %q not in its text", i, s.Text(c.fa))
			}
		}
	}

	var tmx bytes.Buffer
	if err := WriteTMX(&tmx, links, "hamta", Version); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Header struct {
			Segtype string `xml:"segtype,attr"`
		} `xml:"header"`
		TUs []struct {
			Props []struct {
				Type  string `xml:"type,attr"`
				Value string `xml:",chardata"`
			} `xml:"prop"`
			TUVs []struct {
				Seg string `xml:"seg"`
			} `xml:"tuv"`
		} `xml:"body>tu"`
	}
	if err := xml.Unmarshal(tmx.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Header.Segtype != "sentence" || len(doc.TUs) != len(links) {
		t.Fatalf("TMX: segtype %q, %d units for %d links", doc.Header.Segtype, len(doc.TUs), len(links))
	}
	for i, tu := range doc.TUs {
		props := map[string]string{}
		for _, p := range tu.Props {
			props[p.Type] = p.Value
		}
		want := FormatParas(links[i].BeadFA) + ":" + FormatParas(links[i].BeadEN)
		if props["x-bead"] != want || props["x-fa-sentences"] == "" || len(tu.TUVs) != 2 || tu.TUVs[0].Seg != links[i].FAText {
			t.Fatalf("TMX unit %d: props %v, want x-bead %q; %d tuvs", i, props, want, len(tu.TUVs))
		}
	}

	var jl bytes.Buffer
	if err := WriteJSONL(&jl, links[:1]); err != nil {
		t.Fatal(err)
	}
	var got struct {
		FAParas []int `json:"fa_paras"`
		FASents []struct {
			Para, Sentence int
		} `json:"fa_sentences"`
		Bead *struct {
			FAParas []int `json:"fa_paras"`
		} `json:"bead"`
	}
	if err := json.Unmarshal(jl.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	r := links[0]
	if len(got.FASents) != len(r.FASents) || got.FASents[0].Para != r.FASents[0].Para+1 || got.FASents[0].Sentence != r.FASents[0].Index+1 || got.Bead == nil || got.Bead.FAParas[0] != r.BeadFA[0]+1 {
		t.Errorf("JSON line %s for row %+v", jl.String(), r)
	}

	// Rows of paragraphs keep their JSON as it was: no sentence fields.
	jl.Reset()
	if err := WriteJSONL(&jl, Rows(c.fa, c.en, c.paras, RowOptions{})[:1]); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(jl.String(), "sentences") || strings.Contains(jl.String(), `"bead"`) {
		t.Errorf("a paragraph row has sentence fields: %s", jl.String())
	}
}

// TestCheckSentenceBeads: the sentence beads AlignSentences makes fit the
// paragraph beads they were aligned in, for every fixture; sentence beads
// with a sentence missing, doubled, out of place or out of its text, or
// aligned before a correction changed the paragraph beads, do not.
func TestCheckSentenceBeads(t *testing.T) {
	cases := sentenceCases(t)
	for _, c := range cases {
		sbs, err := NewAligner().AlignSentences(context.Background(), c.fa, c.en, c.paras, Translation, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckSentenceBeads(c.fa, c.en, c.paras, sbs); err != nil {
			t.Errorf("%s: aligned in the same beads: %v", c.name, err)
		}
	}
	if err := CheckSentenceBeads(cases[0].fa, cases[0].en, nil, nil); err != nil {
		t.Errorf("no beads, no sentence beads: %v", err)
	}

	c := cases[0]
	sbs, err := NewAligner().AlignSentences(context.Background(), c.fa, c.en, c.paras, Translation, nil)
	if err != nil {
		t.Fatal(err)
	}
	// first is a sentence bead of a linked bead with a Persian sentence,
	// other one of a later bead; pair two sentence beads of one bead.
	first, other, pair := -1, -1, -1
	for i, sb := range sbs {
		switch {
		case first < 0 && c.paras[sb.Bead].Linked() && len(sb.A) > 0 && len(sb.B) > 0:
			first = i
		case first >= 0 && other < 0 && sb.Bead != sbs[first].Bead && len(sb.A) > 0 && len(sb.B) > 0:
			other = i
		}
		if pair < 0 && i > 0 && sbs[i-1].Bead == sb.Bead && len(sb.A) > 0 && len(sbs[i-1].A) > 0 {
			pair = i - 1
		}
	}
	if first < 0 || other < 0 || pair < 0 {
		t.Fatalf("%s: no sentence beads to spoil (%d, %d, %d)", c.name, first, other, pair)
	}
	linked := sbs[first].Bead
	last := first // the last sentence bead of linked
	for last+1 < len(sbs) && sbs[last+1].Bead == linked {
		last++
	}
	clone := func() []SentenceBead {
		out := make([]SentenceBead, len(sbs))
		for i, sb := range sbs {
			sb.A, sb.B = slices.Clone(sb.A), slices.Clone(sb.B)
			out[i] = sb
		}
		return out
	}
	tests := []struct {
		name  string
		beads []Bead
		edit  func(s []SentenceBead) []SentenceBead
		want  string // in the error
	}{
		{"bead out of range", c.paras, func(s []SentenceBead) []SentenceBead { s[0].Bead = len(c.paras); return s }, "names paragraph bead"},
		{"negative bead", c.paras, func(s []SentenceBead) []SentenceBead { s[0].Bead = -1; return s }, "names paragraph bead"},
		{"Persian paragraph of another bead", c.paras, func(s []SentenceBead) []SentenceBead {
			s[first].A[0] = s[other].A[0]
			return s
		}, "not in paragraph bead"},
		{"English paragraph of another bead", c.paras, func(s []SentenceBead) []SentenceBead {
			s[first].B[0] = s[other].B[0]
			return s
		}, "not in paragraph bead"},
		{"no such paragraph", c.paras, func(s []SentenceBead) []SentenceBead {
			s[first].A[0].Para = len(c.fa.Paragraphs) + 3
			return s
		}, "not in paragraph bead"},
		{"span past the text", c.paras, func(s []SentenceBead) []SentenceBead {
			s[first].A[0].End = len(c.fa.Paragraphs[s[first].A[0].Para].Text) + 1
			return s
		}, "bytes long"},
		{"span backwards", c.paras, func(s []SentenceBead) []SentenceBead {
			s[first].A[0].Start = s[first].A[0].End + 1
			return s
		}, "bytes long"},
		{"span not a sentence", c.paras, func(s []SentenceBead) []SentenceBead {
			s[first].A[0].End--
			return s
		}, "has no sentence at"},
		{"last sentence bead of a bead left out", c.paras, func(s []SentenceBead) []SentenceBead {
			return slices.Delete(s, last, last+1)
		}, "in no sentence bead"},
		{"sentence bead in the middle left out", c.paras, func(s []SentenceBead) []SentenceBead {
			return slices.Delete(s, pair, pair+1)
		}, "has no sentence at"},
		{"sentence bead twice", c.paras, func(s []SentenceBead) []SentenceBead {
			return slices.Insert(s, other, s[other])
		}, "has no sentence at"},
		{"sentences out of order", c.paras, func(s []SentenceBead) []SentenceBead {
			s[pair], s[pair+1] = s[pair+1], s[pair]
			return s
		}, "has no sentence at"},
		{"none for beads with sentences", c.paras, func([]SentenceBead) []SentenceBead { return nil }, "in no sentence bead"},
		{"beads unlinked since", unlinked(c.paras, linked), func(s []SentenceBead) []SentenceBead { return s }, "not in paragraph bead"},
		{"beads merged since", merged(c.paras, linked), func(s []SentenceBead) []SentenceBead { return s }, ""},
		{"bead naming no paragraph there is", append(slices.Clone(c.paras), Bead{A: []int{len(c.fa.Paragraphs)}}), func(s []SentenceBead) []SentenceBead { return s }, "names paragraph"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckSentenceBeads(c.fa, c.en, tt.beads, tt.edit(clone()))
			switch {
			case err == nil:
				t.Error("fits")
			case !strings.Contains(err.Error(), tt.want):
				t.Errorf("error %q, want it to say %q", err, tt.want)
			}
		})
	}
}

// unlinked returns beads with bead i split into its two sides, as the
// browser's d does.
func unlinked(beads []Bead, i int) []Bead {
	out := append([]Bead(nil), beads[:i]...)
	out = append(out, Bead{A: beads[i].A, B: []int{}}, Bead{A: []int{}, B: beads[i].B})
	return append(out, beads[i+1:]...)
}

// merged returns beads with bead i and the next made one, as the
// browser's m does.
func merged(beads []Bead, i int) []Bead {
	out := append([]Bead(nil), beads[:i]...)
	m := Bead{A: append(slices.Clone(beads[i].A), beads[i+1].A...), B: append(slices.Clone(beads[i].B), beads[i+1].B...)}
	out = append(out, m)
	return append(out, beads[i+2:]...)
}
