package workspace

import (
	"bytes"
	"strings"
	"testing"

	"hamta/align"
)

// FuzzNamesRoundTrip writes a pin rule and a corrections file for a pair
// of documents with any names, and reads them back.
func FuzzNamesRoundTrip(f *testing.F) {
	for _, s := range [][2]string{
		{"001.txt", "000.txt"},
		{"fa dir/a#1.txt", `en "quoted".txt`},
		{"tab\there.txt", "new\nline.txt"},
		{"#", `\`},
		{`ends in a backslash\`, `"`},
		{"", " "},
		{"\xff\xfe", "\u202eevil"},
		{"a\r\n", "\\\"x\\\""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, fa, en string) {
		var buf bytes.Buffer
		if err := writeRules(&buf, []align.Rule{{FA: fa, EN: en, Kind: align.Comparable}, {Forbid: true, FA: en, EN: fa}}); err != nil {
			t.Fatal(err)
		}
		rules, problems := parseRules("pairs.txt", buf.Bytes(), nil)
		if len(problems) > 0 || len(rules) != 2 || rules[0].FA != fa || rules[0].EN != en || rules[0].Kind != align.Comparable ||
			!rules[1].Forbid || rules[1].FA != en || rules[1].EN != fa {
			t.Fatalf("rules of %q %q read back as %+v, problems %q\nfile:\n%s", fa, en, rules, problems, buf.String())
		}

		cf := correctionsFile{pairs: []*pairCorrections{{fa: fa, en: en, beads: []correction{
			{confirmed: true, fa: []string{"aa11"}, en: []string{"bb22"}, line: correctionLine(correction{confirmed: true, fa: []string{"aa11"}, en: []string{"bb22"}}, fa, en)},
		}}}}
		buf.Reset()
		if err := writeCorrections(&buf, cf); err != nil {
			t.Fatal(err)
		}
		back, problems := parseCorrections("corrections.txt", buf.Bytes())
		if len(problems) > 0 || len(back.pairs) != 1 || back.pairs[0].fa != fa || back.pairs[0].en != en ||
			len(back.pairs[0].beads) != 1 || back.pairs[0].beads[0].bad || back.pairs[0].beads[0].fa[0] != "aa11" {
			t.Fatalf("corrections of %q %q read back as %+v, problems %q\nfile:\n%s", fa, en, back, problems, buf.String())
		}
	})
}

func TestSplitFields(t *testing.T) {
	tests := []struct {
		line string
		want string // fields joined with |, or "error"
	}{
		{`pin a b`, "pin|a|b"},
		{"pin\ta  b   # comment \"unclosed", "pin|a|b"},
		{`pin "a b" c#d`, "pin|a b|c#d"},
		{`pin "a\"b" "c\\"`, `pin|a"b|c\`},
		{`pin "a`, "error"},
		{`pin "a"b`, "error"},
		{`pin "\q"`, "error"},
		{`# only a comment`, ""},
	}
	for _, tt := range tests {
		f, err := splitFields(tt.line)
		got := strings.Join(f, "|")
		if err != nil {
			got = "error"
		}
		if got != tt.want {
			t.Errorf("splitFields(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}
