package workspace

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// hamta's own plain-text files (pair rules, corrections) are made of lines
// of fields separated by spaces or tabs. A field that holds a space, a tab,
// a double quote, a '#', a control character, a character that is not
// valid UTF-8, or nothing, is written in double quotes with Go's escapes
// ("fa dir/a\tb.txt"), so that any file name reads back as it was. A field
// beginning with '#' outside quotes starts a comment that runs to the end
// of the line.

// quoteField writes a field so that splitFields reads it back.
func quoteField(s string) string {
	if needsQuotes(s) {
		return strconv.Quote(s)
	}
	return s
}

func needsQuotes(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if r == ' ' || r == '"' || r == '#' || unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError || isBidiControl(r) {
			return true
		}
	}
	return false
}

// isBidiControl reports the characters that reorder the text after them
// when shown; in a name they are escaped so the line reads as written.
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

var (
	errUnclosedQuote = errors.New("a field's opening quote (\") has no closing one")
	errAfterQuote    = errors.New("a quoted field runs into the next one: leave a space after its closing quote")
)

// splitFields splits a line into fields, unquoting quoted ones and
// dropping a comment.
func splitFields(line string) ([]string, error) {
	var out []string
	for {
		line = strings.TrimLeft(line, " \t")
		if line == "" || line[0] == '#' {
			return out, nil
		}
		if line[0] != '"' {
			end := strings.IndexAny(line, " \t")
			if end < 0 {
				end = len(line)
			}
			out = append(out, line[:end])
			line = line[end:]
			continue
		}
		end := closingQuote(line)
		if end < 0 {
			return nil, errUnclosedQuote
		}
		s, err := strconv.Unquote(line[:end+1])
		if err != nil {
			return nil, errors.New("bad escape in the quoted field " + line[:end+1])
		}
		out = append(out, s)
		line = line[end+1:]
		if line != "" && line[0] != ' ' && line[0] != '\t' {
			return nil, errAfterQuote
		}
	}
}

// closingQuote finds the quote that closes the one at s[0], skipping
// escaped characters; -1 if there is none.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// eachLine calls line for every line of b, of any length, with its 1-based
// number and without its line ending; a last line without a newline
// counts.
func eachLine(b []byte, line func(n int, text string)) {
	s := string(b)
	for n := 1; s != ""; n++ {
		text, rest, found := strings.Cut(s, "\n")
		line(n, strings.TrimSuffix(text, "\r"))
		if !found {
			return
		}
		s = rest
	}
}
