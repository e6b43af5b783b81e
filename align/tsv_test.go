package align

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"hamta/corpus"
)

func TestTSVRoundTrip(t *testing.T) {
	rows := []Row{
		{FADoc: "fa/001.txt", ENDoc: "en/000.txt", FAParas: []int{2, 3}, ENParas: []int{0}, Score: 0.9876,
			FAText: "متن با\tتب و\nخط نو", ENText: `back\slash and \n literal and CR` + "\r"},
		{FADoc: "a", ENDoc: "b", FAParas: []int{4}, ENParas: []int{}, Score: 0.5, FAText: "تنها", ENText: ""},
		{FADoc: "a", ENDoc: "b", FAParas: []int{1, 3}, ENParas: []int{5}, Score: 1, FAText: "x", ENText: "y"},
	}
	var buf bytes.Buffer
	if err := WriteTSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if lines[0] != "fa_doc\ten_doc\tfa_paras\ten_paras\tscore\tfa_text\ten_text" || len(lines) != 4 {
		t.Fatalf("TSV:\n%s", buf.String())
	}
	if !strings.HasPrefix(lines[1], "fa/001.txt\ten/000.txt\t3-4\t1\t0.988\t") {
		t.Errorf("row 1 = %q", lines[1])
	}
	for _, l := range lines {
		if strings.Count(l, "\t") != 6 {
			t.Errorf("line with %d tabs: %q", strings.Count(l, "\t"), l)
		}
	}
	back, err := ReadTSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range back {
		w := rows[i]
		if r.FAText != w.FAText || r.ENText != w.ENText || r.FADoc != w.FADoc || FormatParas(r.FAParas) != FormatParas(w.FAParas) || FormatParas(r.ENParas) != FormatParas(w.ENParas) {
			t.Errorf("row %d: %+v, want %+v", i, r, w)
		}
	}
}

func TestParas(t *testing.T) {
	tests := []struct {
		in   []int
		want string
	}{{nil, ""}, {[]int{0}, "1"}, {[]int{2, 3}, "3-4"}, {[]int{2, 3, 4}, "3-5"}, {[]int{1, 3}, "2,4"}}
	for _, tt := range tests {
		got := FormatParas(tt.in)
		if got != tt.want {
			t.Errorf("FormatParas(%v) = %q, want %q", tt.in, got, tt.want)
		}
		back, err := ParseParas(got)
		if err != nil || FormatParas(back) != got {
			t.Errorf("ParseParas(%q) = %v, %v", got, back, err)
		}
	}
	for _, bad := range []string{"0", "x", "3-1", "1-99999"} {
		if _, err := ParseParas(bad); err == nil {
			t.Errorf("ParseParas(%q): no error", bad)
		}
	}
}

func TestReadTSVErrors(t *testing.T) {
	header := "fa_doc\ten_doc\tfa_paras\ten_paras\tscore\tfa_text\ten_text\n"
	for name, in := range map[string]string{
		"no header":   "a\tb\n",
		"few fields":  header + "a\tb\t1\n",
		"bad score":   header + "a\tb\t1\t1\t1.5\tx\ty\n",
		"bad escape":  header + "a\tb\t1\t1\t0.5\tx\\q\ty\n",
		"bad paras":   header + "a\tb\t0\t1\t0.5\tx\ty\n",
		"lone escape": header + "a\tb\t1\t1\t0.5\tx\\\ty\n",
	} {
		if _, err := ReadTSV(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func FuzzReadTSV(f *testing.F) {
	f.Add("fa_doc\ten_doc\tfa_paras\ten_paras\tscore\tfa_text\ten_text\na\tb\t1-2\t3\t0.500\tx\\ty\tz\\\\\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ReadTSV(strings.NewReader(s))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteTSV(&buf, rows); err != nil {
			t.Fatal(err)
		}
		again, err := ReadTSV(&buf)
		if err != nil || len(again) != len(rows) {
			t.Fatalf("round trip: %v", err)
		}
		for i := range rows {
			if again[i].FAText != rows[i].FAText || again[i].ENText != rows[i].ENText || again[i].FADoc != rows[i].FADoc {
				t.Fatalf("row %d changed", i)
			}
		}
	})
}

func TestTMXParsesBack(t *testing.T) {
	rows := []Row{
		{FADoc: "fa.txt", ENDoc: "en.txt", FAParas: []int{0}, ENParas: []int{0, 1}, Score: 0.9, FAText: "متن <فارسی> & «نقل»", ENText: "text \x01with a control char", Confirmed: true},
		{FADoc: "fa.txt", ENDoc: "en.txt", FAParas: []int{1}, ENParas: []int{}, Score: 0.4, FAText: "تنها"},
	}
	var buf bytes.Buffer
	if err := WriteTMX(&buf, rows, "hamta", "test"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name `xml:"tmx"`
		Version string   `xml:"version,attr"`
		Header  struct {
			SrcLang string `xml:"srclang,attr"`
		} `xml:"header"`
		TUs []struct {
			Props []struct {
				Type  string `xml:"type,attr"`
				Value string `xml:",chardata"`
			} `xml:"prop"`
			TUVs []struct {
				Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
				Seg  string `xml:"seg"`
			} `xml:"tuv"`
		} `xml:"body>tu"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("TMX does not parse: %v\n%s", err, buf.String())
	}
	if doc.Version != "1.4" || doc.Header.SrcLang != "fa" || len(doc.TUs) != 2 {
		t.Fatalf("tmx %+v", doc)
	}
	tu := doc.TUs[0]
	if len(tu.TUVs) != 2 || tu.TUVs[0].Lang != "fa" || tu.TUVs[1].Lang != "en" || tu.TUVs[0].Seg != rows[0].FAText || tu.TUVs[1].Seg != "text with a control char" {
		t.Errorf("tu 1 = %+v", tu)
	}
	if len(doc.TUs[1].TUVs) != 1 {
		t.Errorf("one-sided tu has %d tuvs", len(doc.TUs[1].TUVs))
	}
}

func TestJSONLDecodes(t *testing.T) {
	rows := []Row{{FADoc: "fa.txt", ENDoc: "en.txt", FAParas: []int{2, 3}, ENParas: []int{4}, Score: 0.87654, FAText: "الف", ENText: "a",
		Anchors: []Anchor{{Kind: AnchorNumber, Key: "#120", A: "۱۲۰", B: "120"}}, Confirmed: true}}
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, rows); err != nil {
		t.Fatal(err)
	}
	var got struct {
		FADoc            string `json:"fa_doc"`
		ENDoc            string `json:"en_doc"`
		FAParas, ENParas []int
		Score            float64
		Anchors          []struct{ Kind, FA, EN string }
		Confirmed        bool
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Score != 0.877 || !got.Confirmed || len(got.Anchors) != 1 || got.Anchors[0].Kind != "number" || got.Anchors[0].FA != "۱۲۰" {
		t.Errorf("decoded %+v from %s", got, buf.String())
	}
	var raw map[string]any
	json.Unmarshal(buf.Bytes(), &raw)
	if fmt.Sprint(raw["fa_paras"]) != "[3 4]" || fmt.Sprint(raw["en_paras"]) != "[5]" {
		t.Errorf("paragraph numbers not 1-based: %v %v", raw["fa_paras"], raw["en_paras"])
	}
}

// TestRowsOutOfOrder exports a pair with a link out of order: rows follow
// the Persian document, the English numbers jump, and JSON Lines and TMX
// say which link is moved.
func TestRowsOutOfOrder(t *testing.T) {
	fa := &corpus.Document{ID: "fa.txt", Paragraphs: []corpus.Paragraph{{Index: 0, Text: "الف"}, {Index: 1, Text: "ب"}, {Index: 2, Text: "پ"}}}
	en := &corpus.Document{ID: "en.txt", Paragraphs: []corpus.Paragraph{{Index: 0, Text: "a"}, {Index: 1, Text: "c"}, {Index: 2, Text: "b"}}}
	beads := []Bead{
		{A: []int{0}, B: []int{0}, Score: 0.9},
		{A: []int{1}, B: []int{2}, Score: 0.8, Moved: true},
		{A: []int{2}, B: []int{1}, Score: 0.9},
	}
	rows := Rows(fa, en, beads, RowOptions{})
	var tsv bytes.Buffer
	if err := WriteTSV(&tsv, rows); err != nil {
		t.Fatal(err)
	}
	back, err := ReadTSV(&tsv)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, r := range back {
		order = append(order, FormatParas(r.FAParas)+":"+FormatParas(r.ENParas))
	}
	if strings.Join(order, " ") != "1:1 2:3 3:2" {
		t.Errorf("TSV rows %v, want Persian order with the English out of order", order)
	}
	var jl bytes.Buffer
	if err := WriteJSONL(&jl, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(jl.String()), "\n")
	for i, l := range lines {
		var got struct {
			Moved   bool  `json:"moved"`
			ENParas []int `json:"en_paras"`
		}
		if err := json.Unmarshal([]byte(l), &got); err != nil {
			t.Fatal(err)
		}
		if got.Moved != beads[i].Moved || got.ENParas[0] != beads[i].B[0]+1 {
			t.Errorf("JSON line %d = %s", i, l)
		}
	}
	var tmx bytes.Buffer
	if err := WriteTMX(&tmx, rows, "hamta", "test"); err != nil {
		t.Fatal(err)
	}
	if strings.Count(tmx.String(), `<prop type="x-moved">true</prop>`) != 1 {
		t.Errorf("TMX does not mark the moved link once:\n%s", tmx.String())
	}
}
