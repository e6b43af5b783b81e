package corpus

import (
	"fmt"
	"strconv"
	"strings"
)

// hamtaTSVHeader is the header of hamta's own export.
var hamtaTSVHeader = []string{"fa_doc", "en_doc", "fa_paras", "en_paras", "score", "fa_text", "en_text"}

// readMemoryTSV reads a TSV translation memory: hamta's export (its units
// grouped by the documents they name, scores kept), or any TSV whose
// header names a Persian and an English column ("fa", "en-US", "Persian",
// …) and optionally a "score" column. Fields of hamta's export are
// unescaped (\t \n \r \\); others are taken as written, less CSV-style
// double quotes around a whole field.
func readMemoryTSV(text string) ([]memGroup, []string, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	header := strings.Split(strings.TrimSuffix(lines[0], "\r"), "\t")
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\uFEFF"))
	}
	if strings.Join(header, "\t") == strings.Join(hamtaTSVHeader, "\t") {
		return readHamtaTSV(lines)
	}
	faCol, enCol, scoreCol := -1, -1, -1
	for i, h := range header {
		switch {
		case strings.EqualFold(h, "score"):
			scoreCol = i
		case memoryLang(h) == LangFA && faCol < 0:
			faCol = i
		case memoryLang(h) == LangEN && enCol < 0:
			enCol = i
		}
	}
	if faCol < 0 || enCol < 0 {
		return nil, nil, fmt.Errorf("not a translation memory: the header names no Persian and English columns (want a header such as \"fa<TAB>en\", or hamta's export)")
	}
	var gb groupBuilder
	bad := 0
	for n, l := range lines[1:] {
		l = strings.TrimSuffix(l, "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) <= max(faCol, enCol) {
			bad++
			continue
		}
		u := memUnit{fa: unquoteField(f[faCol]), en: unquoteField(f[enCol]), score: 1, line: n + 2}
		if scoreCol >= 0 && scoreCol < len(f) {
			if s, err := strconv.ParseFloat(strings.TrimSpace(f[scoreCol]), 64); err == nil && s >= 0 && s <= 1 {
				u.score = s
			}
		}
		gb.add(groupKey{}, u)
	}
	var warnings []string
	if bad > 0 {
		warnings = append(warnings, fmt.Sprintf("%d lines with too few fields skipped", bad))
	}
	return gb.groups(), warnings, nil
}

// readHamtaTSV reads the rows of hamta's export, one group per pair of
// documents.
func readHamtaTSV(lines []string) ([]memGroup, []string, error) {
	var gb groupBuilder
	for n, l := range lines[1:] {
		no := n + 2
		l = strings.TrimSuffix(l, "\r")
		if l == "" {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != len(hamtaTSVHeader) {
			return nil, nil, fmt.Errorf("line %d: %d fields, want %d", no, len(f), len(hamtaTSVHeader))
		}
		var vals [7]string
		for _, i := range []int{0, 1, 5, 6} {
			v, err := UnescapeTSV(f[i])
			if err != nil {
				return nil, nil, fmt.Errorf("line %d: %s: %w", no, hamtaTSVHeader[i], err)
			}
			vals[i] = v
		}
		score, err := strconv.ParseFloat(f[4], 64)
		if err != nil || score < 0 || score > 1 {
			return nil, nil, fmt.Errorf("line %d: score %q not in [0,1]", no, f[4])
		}
		// A side with no paragraphs has no text, whatever the field says.
		if strings.TrimSpace(f[2]) == "" {
			vals[5] = ""
		}
		if strings.TrimSpace(f[3]) == "" {
			vals[6] = ""
		}
		gb.add(groupKey{fa: vals[0], en: vals[1]}, memUnit{fa: vals[5], en: vals[6], score: score, line: no})
	}
	return gb.groups(), nil, nil
}

// UnescapeTSV undoes the escapes of hamta's TSV export: \t \n \r \\.
func UnescapeTSV(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 >= len(s) {
			return "", fmt.Errorf("lone backslash at the end")
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case '\\':
			b.WriteByte('\\')
		default:
			return "", fmt.Errorf("unknown escape \\%c", s[i])
		}
	}
	return b.String(), nil
}

// unquoteField removes CSV-style double quotes around a whole field.
func unquoteField(s string) string {
	t := strings.TrimSpace(s)
	if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
		return strings.ReplaceAll(t[1:len(t)-1], `""`, `"`)
	}
	return s
}
