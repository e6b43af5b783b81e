package align

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WriteTMX writes rows as a TMX 1.4 document: one translation unit per
// bead, Persian as the source language, each with its score, documents and
// paragraph numbers as properties. A row with an empty side has a tuv for
// its one language only. Rows of sentences (SentenceRows) make a
// document of segtype "sentence" whose units also name their paragraph
// bead (x-bead, "3-4:3") and sentences (x-fa-sentences, "3.2 3.3",
// 1-based).
func WriteTMX(w io.Writer, rows []Row, tool, version string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n")
	segtype := "paragraph"
	if len(rows) > 0 && rows[0].Unit == UnitSentence {
		segtype = "sentence"
	}
	fmt.Fprintf(bw, "  <header creationtool=%s creationtoolversion=%s segtype=%s o-tmf=\"hamta\" adminlang=\"en\" srclang=\"fa\" datatype=\"plaintext\"/>\n",
		attr(tool), attr(version), attr(segtype))
	bw.WriteString("  <body>\n")
	for i, r := range rows {
		fmt.Fprintf(bw, "    <tu tuid=\"%d\">\n", i+1)
		prop := func(typ, val string) {
			fmt.Fprintf(bw, "      <prop type=%s>%s</prop>\n", attr(typ), text(val))
		}
		prop("x-score", strconv.FormatFloat(r.Score, 'f', 3, 64))
		prop("x-fa-doc", r.FADoc)
		prop("x-en-doc", r.ENDoc)
		if p := FormatParas(r.FAParas); p != "" {
			prop("x-fa-paras", p)
		}
		if p := FormatParas(r.ENParas); p != "" {
			prop("x-en-paras", p)
		}
		if r.Unit == UnitSentence {
			prop("x-bead", FormatParas(r.BeadFA)+":"+FormatParas(r.BeadEN))
			if len(r.FASents) > 0 {
				prop("x-fa-sentences", formatSentences(r.FASents))
			}
			if len(r.ENSents) > 0 {
				prop("x-en-sentences", formatSentences(r.ENSents))
			}
		}
		if r.Confirmed {
			prop("x-confirmed", "true")
		}
		if r.Moved {
			prop("x-moved", "true")
		}
		if len(r.FAParas) > 0 {
			fmt.Fprintf(bw, "      <tuv xml:lang=\"fa\"><seg>%s</seg></tuv>\n", text(r.FAText))
		}
		if len(r.ENParas) > 0 {
			fmt.Fprintf(bw, "      <tuv xml:lang=\"en\"><seg>%s</seg></tuv>\n", text(r.ENText))
		}
		bw.WriteString("    </tu>\n")
	}
	bw.WriteString("  </body>\n</tmx>\n")
	return bw.Flush()
}

// formatSentences writes sentences as 1-based "paragraph.sentence"
// numbers joined with a space: "3.2 3.3".
func formatSentences(ss []Sentence) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = strconv.Itoa(s.Para+1) + "." + strconv.Itoa(s.Index+1)
	}
	return strings.Join(parts, " ")
}

// text escapes s for XML character data, dropping characters XML 1.0 does
// not allow.
func text(s string) string {
	var sb strings.Builder
	xml.EscapeText(&sb, []byte(xmlChars(s)))
	return sb.String()
}

func attr(s string) string { return `"` + text(s) + `"` }

// xmlChars removes characters XML 1.0 forbids (most control characters,
// invalid UTF-8, U+FFFE and U+FFFF).
func xmlChars(s string) string {
	ok := func(r rune) bool {
		return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) ||
			(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
	}
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !ok(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var sb strings.Builder
	for _, r := range strings.ToValidUTF8(s, "") {
		if ok(r) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
