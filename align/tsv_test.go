package align

import (
	"bytes"
	"strings"
	"testing"
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
