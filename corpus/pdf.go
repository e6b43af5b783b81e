package corpus

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"os/exec"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PDF text comes from poppler's pdftotext, an optional tool: without it a
// PDF is skipped with ErrNoPDFTool. See the README for how it compares with
// PDFium.

// Errors for PDF files.
var (
	ErrNoPDFTool = errors.New("cannot read PDF: pdftotext not found; install poppler-utils (Debian, Ubuntu: apt-get install poppler-utils; macOS: brew install poppler)")
	ErrEncrypted = errors.New("encrypted PDF: it needs a password; save a copy without one")
	ErrNotPDF    = errors.New("not a PDF (no %PDF- header)")
)

// pdfTimeout bounds how long pdftotext may take over one file.
const pdfTimeout = 2 * time.Minute

// pdfTextExpansion is how many times the size limit for a file the text
// extracted from a PDF may reach.
const pdfTextExpansion = 4

// EncPDF is the Encoding of documents read from PDF.
const EncPDF = "pdf text (pdftotext)"

// ParsePDF builds a document from a PDF's text layer, as pdftotext lays it
// out (paragraphs apart where the page leaves space between them; columns
// read one after the other). Running headers and footers (lines repeated at
// the top or bottom of most pages, page numbers) are taken out, so that a
// paragraph broken by a page end is joined again; paragraphs are rebuilt
// and Persian in visual order or presentation forms repaired as for text.
func ParsePDF(id string, raw []byte, opts Options) (*Document, error) {
	if !bytes.HasPrefix(bytes.TrimLeft(raw[:min(len(raw), 1024)], " \t\r\n\x00\xef\xbb\xbf"), []byte("%PDF-")) {
		return nil, ErrNotPDF
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		return nil, ErrNoPDFTool
	}
	limit := pdfTextExpansion * opts.maxSize()
	text, err := runPDFToText(tool, raw, limit, "-layout")
	if err != nil {
		return nil, err
	}
	text = rtlRuns(text)
	if columns(text) {
		// Side-by-side columns: let pdftotext find the reading order.
		if text, err = runPDFToText(tool, raw, limit, ""); err != nil {
			return nil, err
		}
	} else if boxes, err := runPDFToText(tool, raw, limit, "-bbox-layout"); err == nil {
		text = paragraphGaps(text, boxes)
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = stripBidiControls(text)
	text = joinPages(strings.Split(text, "\f"))
	if strings.TrimFunc(text, isSpace) == "" {
		return nil, errNoText("no text layer (a scanned PDF?): nothing to read")
	}
	doc := newDoc(id, raw, FormatPDF)
	doc.Encoding = EncPDF
	if pdfEncrypted(raw) {
		doc.Warnings = append(doc.Warnings, "encrypted PDF opened without a password")
	}
	text = repairPersian(doc, text)
	return finish(doc, pdfParagraphs(text))
}

// pdfParagraphs rebuilds the paragraphs of a PDF's text. Blank lines (the
// space the page leaves between paragraphs) separate them; inside a block,
// a line that ends a sentence short of the text's width ends one too.
// Lines are joined with a space; a word hyphenated across two lines is
// made whole again, and a hyphen before a capital kept without a space
// ("Yar-" "Ahmadi"). A paragraph of a few short lines that does not end
// like a sentence is a heading.
func pdfParagraphs(text string) []RawParagraph {
	var lines []line
	for i, l := range strings.Split(text, "\n") {
		t := strings.TrimFunc(l, isSpace)
		lines = append(lines, line{text: t, n: utf8.RuneCountInString(t), no: i + 1})
	}
	var lens []int
	for _, l := range lines {
		if l.n > 0 {
			lens = append(lens, l.n)
		}
	}
	if len(lens) == 0 {
		return nil
	}
	sort.Sort(sort.Reverse(sort.IntSlice(lens)))
	fill := int(fillRatio * float64(lens[len(lens)/10]))
	var out []RawParagraph
	var cur []line
	flush := func() {
		if len(cur) == 0 {
			return
		}
		var b strings.Builder
		short := true
		for i, l := range cur {
			if l.n >= fill {
				short = false
			}
			if i > 0 {
				prev := cur[i-1].text
				hyphen := strings.HasSuffix(prev, "-") && len(prev) > 1 && hasLetter(prev[len(prev)-2:len(prev)-1])
				switch {
				case hyphen && startsLower(l.text):
					s := b.String()
					b.Reset()
					b.WriteString(strings.TrimSuffix(s, "-"))
				case hyphen && hasLetter(firstRune(l.text)):
				default:
					b.WriteByte(' ')
				}
			}
			b.WriteString(l.text)
		}
		t := b.String()
		out = append(out, RawParagraph{Text: t, Line: cur[0].no, Heading: short && len(cur) <= 3 && isHeadingLine(t)})
		cur = cur[:0]
	}
	for i, l := range lines {
		if l.n == 0 {
			flush()
			continue
		}
		cur = append(cur, l)
		if l.n < fill && endsSentence(l.text) && i+1 < len(lines) && lines[i+1].n > 0 {
			flush()
		}
	}
	flush()
	return out
}

// runPDFToText runs pdftotext, with mode ("-layout", "-bbox-layout" or
// none) on a PDF given on its standard input.
func runPDFToText(tool string, raw []byte, limit int64, mode string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), pdfTimeout)
	defer cancel()
	args := []string{"-enc", "UTF-8", "-eol", "unix"}
	if mode != "" {
		args = append(args, mode)
	}
	cmd := exec.CommandContext(ctx, tool, append(args, "-", "-")...)
	cmd.Stdin = bytes.NewReader(raw)
	out := &cappedBuffer{limit: limit}
	var stderr cappedBuffer
	stderr.limit = 4096
	cmd.Stdout, cmd.Stderr = out, &stderr
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	switch {
	case out.over:
		return "", fmt.Errorf("%w: its text runs past %d bytes", ErrTooLarge, limit)
	case ctx.Err() != nil:
		return "", fmt.Errorf("pdftotext took longer than %v", pdfTimeout)
	case err != nil:
		msg := strings.TrimSpace(stderr.String())
		if pdfEncrypted(raw) || strings.Contains(msg, "password") {
			return "", ErrEncrypted
		}
		if msg == "" {
			msg = err.Error()
		}
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		return "", fmt.Errorf("damaged PDF: pdftotext: %s", msg)
	}
	return out.String(), nil
}

// cappedBuffer keeps what is written up to limit bytes and then refuses
// more, which stops the program writing.
type cappedBuffer struct {
	bytes.Buffer
	limit int64
	over  bool
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if int64(c.Len()+len(p)) > c.limit {
		c.over = true
		return 0, ErrTooLarge
	}
	return c.Buffer.Write(p)
}

// pdfEncrypted reports whether a PDF has an encryption dictionary.
func pdfEncrypted(raw []byte) bool { return bytes.Contains(raw, []byte("/Encrypt")) }

// stripBidiControls removes the directional embedding, override, isolate
// and mark characters pdftotext puts around right-to-left runs.
func stripBidiControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F {
			return -1
		}
		return r
	}, s)
}

// rtlRuns puts in reading order the rows of pdftotext -layout text that
// hold a right-to-left line found in pieces. -layout prints each piece of
// a line in an embedding of its own (RLE … PDF) and the pieces from left
// to right as they stand on the page, which for a right-to-left line is
// backwards: pdftotext finds a line in pieces where a vowel mark set
// above its letter (tanwin in فعلاً, مؤكداً) stands apart. A row made only
// of right-to-left embeddings a few spaces apart (columns stand further
// apart) is read from its right end.
func rtlRuns(text string) string {
	lines := strings.Split(text, "\n")
	changed := false
	for i, l := range lines {
		if strings.Count(l, "\u202B") < 2 {
			continue
		}
		if runs := rtlPieces(l); len(runs) > 1 {
			slices.Reverse(runs)
			lead := l[:len(l)-len(strings.TrimLeft(l, " "))]
			lines[i] = lead + strings.Join(runs, " ")
			changed = true
		}
	}
	if !changed {
		return text
	}
	return strings.Join(lines, "\n")
}

// rtlPieces splits a row of -layout text into its right-to-left
// embeddings, when it is made of nothing else than such embeddings a few
// spaces apart; otherwise it returns nil.
func rtlPieces(l string) []string {
	var runs []string
	depth, start, gap := 0, -1, 0
	for i, r := range strings.TrimRight(l, " ") {
		switch {
		case depth == 0 && r == ' ':
			if start < 0 && len(runs) == 0 {
				continue // leading space
			}
			if gap++; gap >= 6 {
				return nil
			}
		case depth == 0 && r != '\u202B':
			return nil
		case r >= '\u202A' && r <= '\u202E' && r != '\u202C':
			if depth == 0 {
				start, gap = i, 0
			}
			depth++
		case r == '\u202C':
			if depth--; depth == 0 {
				runs = append(runs, l[start:i+utf8.RuneLen(r)])
				start = -1
			}
		}
	}
	if depth != 0 {
		return nil
	}
	return runs
}

// columnGap is a run of spaces inside a line of -layout output that only
// side-by-side columns leave.
var columnGap = regexp.MustCompile(`\S {6,}\S`)

// columns reports whether a page laid out by pdftotext -layout has text in
// columns side by side: many lines with wide gaps inside them.
func columns(text string) bool {
	lines, gaps := 0, 0
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		lines++
		if columnGap.MatchString(stripBidiControls(l)) {
			gaps++
		}
	}
	return lines > 0 && gaps*4 >= lines
}

// pageNumber matches a line that is only a page number: "12", "- 12 -",
// "Page 3 of 10", "صفحه ۳ از ۱۰", "3/10".
var pageNumber = regexp.MustCompile(`^[-–—\s]*(?:(?:page|p\.|صفحه)\s*)?\d+(?:\s*(?:of|/|از|من)\s*\d+)?[-–—\s]*$`)

// joinPages takes running headers and footers and page numbers off each
// page and joins the pages: with a blank line where a page ends a
// sentence, straight on where it breaks one.
func joinPages(pages []string) string {
	if n := len(pages); n > 1 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	split := make([][]string, len(pages))
	for i, p := range pages {
		split[i] = strings.Split(strings.TrimRight(p, "\n"), "\n")
	}
	// A line among the first or last few of a page, with its digits
	// masked, that recurs on most pages is a running header or footer.
	const edge = 3
	count := map[string]int{}
	for _, lines := range split {
		seen := map[string]bool{}
		for _, i := range edgeLines(lines, edge) {
			k := furnitureKey(lines[i])
			if k != "" && !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	running := func(k string) bool {
		return len(split) >= 3 && count[k] >= 2 && count[k]*2 >= len(split) ||
			len(split) == 2 && count[k] == 2
	}
	var b strings.Builder
	for pi, lines := range split {
		drop := map[int]bool{}
		for _, i := range edgeLines(lines, edge) {
			l := strings.TrimSpace(lines[i])
			if running(furnitureKey(l)) || pageNumber.MatchString(Fold(l)) {
				drop[i] = true
			}
		}
		var kept []string
		for i, l := range lines {
			if !drop[i] {
				kept = append(kept, l)
			}
		}
		for len(kept) > 0 && strings.TrimSpace(kept[0]) == "" {
			kept = kept[1:]
		}
		for len(kept) > 0 && strings.TrimSpace(kept[len(kept)-1]) == "" {
			kept = kept[:len(kept)-1]
		}
		if len(kept) == 0 {
			continue
		}
		if pi > 0 && b.Len() > 0 {
			prev := strings.TrimSpace(lastLine(b.String()))
			if endsSentence(prev) {
				b.WriteString("\n\n")
			} else {
				b.WriteString("\n")
			}
		}
		for i, l := range kept {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(l)
		}
	}
	return b.String()
}

// edgeLines returns, in order, the indices of the first and last n
// non-blank lines.
func edgeLines(lines []string, n int) []int {
	var head, tail []int
	for i := 0; i < len(lines) && len(head) < n; i++ {
		if strings.TrimSpace(lines[i]) != "" {
			head = append(head, i)
		}
	}
	for i := len(lines) - 1; i >= 0 && len(tail) < n; i-- {
		if strings.TrimSpace(lines[i]) != "" && (len(head) == 0 || i > head[len(head)-1]) {
			tail = append(tail, i)
		}
	}
	for i, j := 0, len(tail)-1; i < j; i, j = i+1, j-1 {
		tail[i], tail[j] = tail[j], tail[i]
	}
	return append(head, tail...)
}

// furnitureKey is the form of a line compared across pages: folded, digits
// masked, spaces collapsed; empty for lines too long to be a header.
func furnitureKey(l string) string {
	l = strings.TrimSpace(l)
	if l == "" || utf8.RuneCountInString(l) > maxFurniture {
		return ""
	}
	f := []rune(Fold(l))
	for i, r := range f {
		if r >= '0' && r <= '9' {
			f[i] = '#'
		}
	}
	return strings.Join(strings.Fields(string(f)), " ")
}

func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// paragraphGaps mends the text pdftotext -layout gives with the line
// boxes pdftotext -bbox-layout gives for the same pages. Where the space
// above a line is clearly more than between the lines of a paragraph it
// puts a blank line: -layout leaves one only for wide gaps, and paragraphs
// set a few points apart run together. Where -layout prints one line of
// the page as two rows (it does when glyphs of the line overlap, as a
// zero-width non-joiner drawn with a width does), it joins the rows again
// in reading order. Rows are matched to boxes by their letters; a page
// whose rows and boxes do not match is left as it is.
func paragraphGaps(text, boxes string) string {
	pages := pageLineBoxes(boxes)
	texts := strings.Split(text, "\f")
	if len(pages) == 0 {
		return text
	}
	// The usual step from one line to the next, in line heights.
	var steps []float64
	for _, lines := range pages {
		for i := 1; i < len(lines); i++ {
			if h := lines[i-1].h(); h > 0 {
				steps = append(steps, (lines[i].y0-lines[i-1].y0)/h)
			}
		}
	}
	usual := 0.0 // no gaps put in when too few lines tell the usual step
	if len(steps) >= 3 {
		sort.Float64s(steps)
		usual = steps[len(steps)/2]
	}
	for pi := range texts {
		if pi >= len(pages) {
			break
		}
		texts[pi] = mendPage(texts[pi], pages[pi], usual)
	}
	return strings.Join(texts, "\f")
}

// mendPage puts the paragraph gaps into one page of -layout text and
// joins the rows that are parts of one line, given the page's lines as
// boxes and the usual step between lines (0 for none).
func mendPage(page string, groups []lineGroup, usual float64) string {
	lines := strings.Split(page, "\n")
	var idx []int // the non-blank lines
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			idx = append(idx, i)
		}
	}
	spans := matchRows(lines, idx, groups)
	if spans == nil {
		if len(idx) != len(groups) {
			return page
		}
		spans = make([]rowSpan, len(groups))
		for k := range spans {
			spans[k] = rowSpan{k, k + 1}
		}
	}
	joined := map[int]string{} // first row of a line printed as several → the line
	drop := map[int]bool{}     // the other rows of such a line
	gapBefore := map[int]bool{}
	prev := -1 // the last line that has rows
	for k, s := range spans {
		if s.a == s.b {
			continue
		}
		first := idx[s.a]
		if s.b-s.a > 1 && idx[s.b-1]-first == s.b-s.a-1 {
			joined[first] = joinRows(lines, idx[s.a:s.b], groups[k])
			for _, i := range idx[s.a+1 : s.b] {
				drop[i] = true
			}
		}
		if usual > 0 && prev >= 0 {
			h := groups[prev].h()
			if h > 0 && (groups[k].y0-groups[prev].y0)/h > 1.3*usual && first == idx[spans[prev].b-1]+1 {
				gapBefore[first] = true
			}
		}
		prev = k
	}
	if len(joined) == 0 && len(gapBefore) == 0 {
		return page
	}
	var out []string
	for i, l := range lines {
		if drop[i] {
			continue
		}
		if gapBefore[i] {
			out = append(out, "")
		}
		if j, ok := joined[i]; ok {
			l = j
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// rowSpan is the rows idx[a:b] of a page of -layout text that hold one
// line of the page.
type rowSpan struct{ a, b int }

// matchRows finds, for each line of a page (top to bottom), the rows of
// the -layout text that print it: one row, several when -layout splits
// the line, none when a line without letters is printed inside another
// row. Rows and lines are matched by their letters and digits; nil when
// they do not match.
func matchRows(lines []string, idx []int, groups []lineGroup) []rowSpan {
	keys := make([]string, len(idx))
	for r, i := range idx {
		keys[r] = letterKey(lines[i])
	}
	spans := make([]rowSpan, len(groups))
	r := 0
	for k, g := range groups {
		if g.key == "" {
			if r < len(keys) && keys[r] == "" {
				spans[k] = rowSpan{r, r + 1}
				r++
			} else {
				spans[k] = rowSpan{r, r}
			}
			continue
		}
		a, n := r, 0
		var acc strings.Builder
		for r < len(keys) && n < len(g.key) {
			acc.WriteString(keys[r])
			n += len(keys[r])
			r++
		}
		if n != len(g.key) || sortedRunes(acc.String()) != g.key {
			return nil
		}
		spans[k] = rowSpan{a, r}
	}
	if r != len(keys) {
		return nil
	}
	return spans
}

// joinRows joins the rows that -layout printed for one line of a page, in
// reading order: each row stands where the box with its letters stands,
// and the rows of a right-to-left line are read from the right. Rows
// whose boxes overlap split a word (a glyph drawn over its neighbour is
// what made -layout split the line) and join without a space; a
// zero-width non-joiner that -layout set off as a word of its own joins
// again too. Rows that match no box alone keep their order with a space
// between them.
func joinRows(lines []string, rows []int, g lineGroup) string {
	type row struct {
		text string
		box  *lineBox
	}
	rs := make([]row, len(rows))
	var all strings.Builder
	used := make([]bool, len(g.parts))
	placed := true
	for j, i := range rows {
		rs[j].text = strings.TrimSpace(stripBidiControls(lines[i]))
		all.WriteString(rs[j].text)
		key := letterKey(lines[i])
		for p := range g.parts {
			if !used[p] && g.parts[p].key == key {
				used[p], rs[j].box = true, &g.parts[p]
				break
			}
		}
		placed = placed && rs[j].box != nil
	}
	rtl := rtlLine(stripBidiControls(all.String()))
	if placed {
		sort.SliceStable(rs, func(a, b int) bool {
			if rtl {
				return rs[a].box.x1 > rs[b].box.x1
			}
			return rs[a].box.x0 < rs[b].box.x0
		})
	}
	var b strings.Builder
	first := lines[rows[0]]
	b.WriteString(first[:len(first)-len(strings.TrimLeft(first, " "))])
	for j, r := range rs {
		text := r.text
		if j > 0 {
			if prev := rs[j-1]; placed && prev.box.x0 < r.box.x1 && r.box.x0 < prev.box.x1 {
				seam := strings.TrimRight(b.String(), " ")
				if strings.HasSuffix(seam, "\u200c") || strings.HasPrefix(text, "\u200c") {
					seam = strings.TrimRight(strings.TrimSuffix(seam, "\u200c"), " ") + "\u200c"
					text = strings.TrimLeft(strings.TrimPrefix(text, "\u200c"), " ")
				}
				b.Reset()
				b.WriteString(seam)
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(text)
	}
	return b.String()
}

// letterKey is the letters and digits of s, sorted: what a row of -layout
// text and a line box of -bbox-layout are matched by, whatever order each
// gives them in.
func letterKey(s string) string {
	return sortedRunes(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s))
}

func sortedRunes(s string) string {
	rs := []rune(s)
	slices.Sort(rs)
	return string(rs)
}

// lineBox is one line of a page as pdftotext -bbox-layout gives it: its
// box and the letterKey of its words.
type lineBox struct {
	x0, y0, x1, y1 float64
	key            string
}

// lineGroup is the line boxes at one height of a page: one line of text,
// which pdftotext may give as several boxes.
type lineGroup struct {
	y0, y1 float64
	parts  []lineBox
	key    string // the letterKey of all its boxes
}

func (l lineGroup) h() float64 { return l.y1 - l.y0 }

// pageLineBoxes reads the lines of each page from pdftotext -bbox-layout
// output, top to bottom, boxes at the same height (parts of one line of
// text) grouped.
func pageLineBoxes(doc string) [][]lineGroup {
	dec := xml.NewDecoder(strings.NewReader(doc))
	dec.Strict = false
	var pages [][]lineBox
	var cur *lineBox // the line being read
	var words strings.Builder
	inWord := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "page":
				pages = append(pages, nil)
				cur = nil
			case "line":
				cur = nil
				if len(pages) == 0 {
					continue
				}
				var v [4]float64
				ok := true
				for i, a := range []string{"xMin", "yMin", "xMax", "yMax"} {
					f, err := strconv.ParseFloat(xmlAttr(t, a), 64)
					v[i], ok = f, ok && err == nil
				}
				if ok && v[3] > v[1] {
					p := &pages[len(pages)-1]
					*p = append(*p, lineBox{x0: v[0], y0: v[1], x1: v[2], y1: v[3]})
					cur = &(*p)[len(*p)-1]
					words.Reset()
				}
			case "word":
				inWord = cur != nil
			}
		case xml.CharData:
			if inWord {
				words.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "word":
				inWord = false
			case "line":
				if cur != nil {
					cur.key = letterKey(words.String())
				}
				cur = nil
			}
		}
	}
	out := make([][]lineGroup, len(pages))
	for i, lines := range pages {
		sort.SliceStable(lines, func(a, b int) bool { return lines[a].y0 < lines[b].y0 })
		var groups []lineGroup
		for _, l := range lines {
			if n := len(groups); n > 0 && l.y0 < groups[n-1].y0+groups[n-1].h()/2 {
				g := &groups[n-1]
				g.y1 = math.Max(g.y1, l.y1)
				g.parts = append(g.parts, l)
				g.key = sortedRunes(g.key + l.key)
				continue
			}
			groups = append(groups, lineGroup{y0: l.y0, y1: l.y1, parts: []lineBox{l}, key: l.key})
		}
		out[i] = groups
	}
	return out
}

func firstRune(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}
