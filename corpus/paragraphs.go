package corpus

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Layout thresholds for paragraph rebuilding.
const (
	// fillRatio: a line at least this share of the wrap width fills it.
	fillRatio = 0.85
	// minWrap and maxWrap bound the widths hard-wrapped text is wrapped at.
	minWrap = 30
	maxWrap = 300
	// maxHeading is the longest single line that can be a heading in text
	// that is not hard-wrapped.
	maxHeading = 150
)

// RawParagraph is a paragraph as rebuilt from the lines of a text, before
// languages and furniture are known.
type RawParagraph struct {
	Text    string
	Line    int  // 1-based first line
	Heading bool // a short line standing alone without closing punctuation
}

// Layout describes how a text is wrapped.
type Layout struct {
	// Wrapped is true when the text is hard-wrapped: many lines fill a
	// common width and break mid-sentence.
	Wrapped bool
	// Width is the estimated wrap width in characters (runes).
	Width int
}

type line struct {
	text string
	n    int // rune count
	no   int // 1-based line number
}

// RebuildParagraphs splits text into its real paragraphs. Blank lines
// separate blocks; in hard-wrapped text (as extracted from PDF) a line that
// fills the wrap width continues into the next line, and a block that ends
// without closing punctuation on a full line continues into the next block,
// even across blank lines, unless it is a heading that nearly fills the
// width (see standsAlone). A short line standing alone is a heading. Lines
// joined into one paragraph are separated by a single space. The rules
// look at the shape of the text and, for a line on its own, at whether
// its last word can end a sentence.
func RebuildParagraphs(text string) ([]RawParagraph, Layout) {
	text = strings.ToValidUTF8(text, "\uFFFD")
	var lines []line // nil text marks a blank line
	for i, l := range strings.Split(text, "\n") {
		t := strings.TrimFunc(l, isSpace)
		lines = append(lines, line{text: t, n: utf8.RuneCountInString(t), no: i + 1})
	}
	lay := detectLayout(lines)
	fill := int(fillRatio * float64(lay.Width))

	var lone map[string]int // lines that stand alone, by text
	if lay.Wrapped {
		lone = loneLines(lines)
	}
	var out []RawParagraph
	var cur []line
	title := true // a title's place: the first block, after metadata and furniture lines only
	flush := func(alone bool) {
		if len(cur) == 0 {
			return
		}
		parts := make([]string, len(cur))
		for i, l := range cur {
			parts[i] = l.text
		}
		p := RawParagraph{Text: strings.Join(parts, " "), Line: cur[0].no}
		if len(cur) == 1 {
			limit := maxHeading
			if lay.Wrapped {
				limit = fill - 1
			}
			p.Heading = alone || cur[0].n <= limit && isHeadingLine(cur[0].text)
		}
		out = append(out, p)
		cur = cur[:0]
		if title {
			_, _, meta := metaLine(p.Text)
			title = meta || matchesAny(furniturePatterns, furnitureForm(p.Text))
		}
	}
	blank := false
	for i, l := range lines {
		if l.n == 0 {
			blank = true
			continue
		}
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			switch {
			case blank && len(cur) == 1 && (title || lone[prev.text] > 1) && standsAlone(prev, lines[i:], lay, fill):
				flush(true)
			case !continues(prev, l, blank, lay, fill):
				flush(false)
			}
		}
		cur = append(cur, l)
		blank = false
	}
	flush(false)
	return out, lay
}

// standsAlone reports whether a line that forms a block of its own in
// hard-wrapped text where a title stands (the text's first block after
// metadata and furniture lines only, or a line that stands alone more
// than once, as a title printed twice does), fills the wrap width and
// does not end a sentence is a title rather than the first part of a
// paragraph that a blank line broke; next holds the lines from the next
// block on. Its length says nothing (a title can be as long as the wrap
// width, and the lines of a paragraph set in a proportional font fall
// short of it by a word or more), and Persian has no capitals to say
// whether the next block starts a sentence. What says the paragraph runs
// on: a last word that cannot end a sentence (a preposition, a
// conjunction, the object marker را), an English next block that starts
// in lower case, or a next block that is one short line (not a metadata
// line nor the same line again): the rest of a broken sentence or title.
// Away from a title's place long headings are rare, and a blank line
// after a paragraph's first line (a page that ends after it) is not, so
// there such a line runs on.
func standsAlone(prev line, next []line, lay Layout, fill int) bool {
	if !lay.Wrapped || prev.n < fill || endsSentence(prev.text) || !isHeadingLine(prev.text) {
		return false
	}
	if cannotEnd(prev.text) || startsLower(next[0].text) {
		return false
	}
	if tail := next[0]; tail.n < fill && (len(next) == 1 || next[1].n == 0) && tail.text != prev.text {
		_, _, meta := metaLine(tail.text)
		return meta
	}
	return true
}

// loneLines counts the lines that form a block of their own (blank lines
// or the text's ends around them), by their text.
func loneLines(lines []line) map[string]int {
	out := map[string]int{}
	for i, l := range lines {
		if l.n > 0 && (i == 0 || lines[i-1].n == 0) && (i+1 == len(lines) || lines[i+1].n == 0) {
			out[l.text]++
		}
	}
	return out
}

// nonFinal are words that cannot end a sentence, folded: prepositions,
// conjunctions, articles and the Persian object marker. A line ending in
// one runs on.
var nonFinal = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		و را از به در با که تا برای بر یا اما ولی اگر چون زیرا بلکه درباره
		توسط علیه میان بین جز طی ضمن بدون
		the a an of to from with and or but nor which whose into onto than
		at by for per via its their our your my whether`) {
		m[Fold(w)] = true
	}
	return m
}()

// cannotEnd reports whether the last word of s cannot end a sentence.
func cannotEnd(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	w := strings.TrimFunc(f[len(f)-1], func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
	return nonFinal[Fold(w)]
}

// continues reports whether next belongs to the paragraph ending with prev.
// afterBlank says whether blank lines stand between them.
func continues(prev, next line, afterBlank bool, lay Layout, fill int) bool {
	ends := endsSentence(prev.text)
	if lay.Wrapped && prev.n >= fill {
		// A full line: the wrap broke the paragraph. Across a blank line
		// only an unfinished sentence continues; a semicolon on a full
		// line separates clauses, not paragraphs.
		return !afterBlank || !ends || endsClause(prev.text)
	}
	if ends {
		return false
	}
	// A line broken by hand mid-sentence, in text that is not wrapped at a
	// fixed width: only a lower-case start says the sentence goes on.
	if !startsLower(next.text) {
		return false
	}
	return !afterBlank || prev.n >= 60
}

// detectLayout estimates the wrap width from the longest lines and decides
// whether the text is hard-wrapped.
func detectLayout(lines []line) Layout {
	var lens []int
	for _, l := range lines {
		if l.n > 0 {
			lens = append(lens, l.n)
		}
	}
	if len(lens) == 0 {
		return Layout{}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(lens)))
	w := lens[len(lens)/10]
	lay := Layout{Width: w}
	if w < minWrap || w > maxWrap {
		return lay
	}
	fill := int(fillRatio * float64(w))
	open := 0 // full lines that end mid-sentence
	for i, l := range lines {
		if l.n >= fill && l.n <= w+w/5 && !endsSentence(l.text) && i+1 < len(lines) {
			open++
		}
	}
	lay.Wrapped = open >= 2 && open*4 >= len(lens)
	return lay
}

// closers are characters that may follow a sentence's last punctuation.
const closers = "\"'»”’)]}›"

// endsSentence reports whether s ends with closing punctuation: . ! ? : ;
// or their Persian forms (؟ ؛), or an ellipsis, optionally followed by
// closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, closers)
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', ':', ';', '؟', '؛', '…', '۔', '。':
		return true
	}
	return false
}

// endsClause reports whether s ends with a semicolon, Latin or Persian.
func endsClause(s string) bool {
	s = strings.TrimRight(s, closers)
	return strings.HasSuffix(s, ";") || strings.HasSuffix(s, "؛")
}

// isHeadingLine reports whether a short line alone looks like a heading:
// it has letters and does not end like a sentence, though a Persian
// semicolon, which separates a kicker from its headline, may end it.
func isHeadingLine(s string) bool {
	if !hasLetter(s) {
		return false
	}
	t := strings.TrimRight(s, closers)
	if strings.HasSuffix(t, "؛") {
		return true
	}
	if endsSentence(s) {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return r != ',' && r != '،'
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
