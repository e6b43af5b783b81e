package align

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
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
