package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxFurniture is the longest paragraph, in runes, that can be a line of
// page furniture or metadata.
const maxFurniture = 120

// metaPatterns find metadata lines of news sites: a label, a colon and a
// value. They are matched against the folded line.
var metaPatterns = []struct {
	key string
	re  *regexp.Regexp
}{
	{"id", regexp.MustCompile(`^(?:news\s*(?:id|code|no\.?|number)|story\s*id|article\s*id|کد\s*خبر|شناسه\s*خبر|شماره\s*خبر)\s*[:：]\s*(\S.*)$`)},
	{"date", regexp.MustCompile(`^(?:publish(?:ed)?\s*(?:date|on|time)?|release\s*date|date|posted\s*on|updated|تاریخ\s*انتشار|تاریخ\s*خبر|تاریخ|زمان\s*انتشار|انتشار)\s*[:：]\s*(\S.*)$`)},
	{"source", regexp.MustCompile(`^(?:source|منبع)\s*[:：]\s*(\S.*)$`)},
}

// furniturePatterns match, in the folded and trimmed form of a short
// paragraph, the navigation, form and sharing labels that web pages and
// their print views leave in extracted text.
var furniturePatterns = []*regexp.Regexp{
	regexp.MustCompile(`^(?:top|latest|most\s+(?:read|viewed|popular|visited)|related|more|other|recent|popular|trending)(?:\s+\w+)?\s+(?:stories|news|articles|posts|headlines)$`),
	regexp.MustCompile(`^(?:top\s+)?stories$`),
	regexp.MustCompile(`^(?:first\s+name\s*(?:&|and)\s*last\s+name|full\s+name|name|e-?mail(?:\s+address)?|your\s+(?:comment|name|e-?mail|message)|comments?|leave\s+a\s+(?:comment|reply)|submit|send|captcha)$`),
	regexp.MustCompile(`^(?:share|print|print\s+this\s+(?:page|article|story)|send\s+to\s+(?:a\s+)?friends?|email\s+this|tweet|save|bookmark|font\s+size|read\s+more|see\s+also|advertisement|sponsored|subscribe|newsletter|follow\s+us(?:\s+on\s+\w+)?|tags?|keywords?|related\s+(?:topics|tags)|back\s+to\s+top|home|menu|search|login|log\s+in|sign\s+in|sign\s+up)$`),
	regexp.MustCompile(`^(?:copyright|©|all\s+rights\s+reserved).*$`),
	regexp.MustCompile(`^(?:page\s*)?\d+(?:\s*(?:of|/|از)\s*\d+)?$`),
	regexp.MustCompile(`^(?:صفحه)\s*\d+(?:\s*از\s*\d+)?$`),
	regexp.MustCompile(`^(?:اخبار|خبرهای|مطالب)\s+(?:مرتبط|مشابه|برگزیده|پربازدید|داغ|مهم|روز)$`),
	regexp.MustCompile(`^(?:پربازدیدترین|پربحث\s*ترین|آخرین|اخرین|تازه\s*ترین|مهمترین|مهم\s*ترین)(?:\s*ها|\s+(?:اخبار|خبرها|مطالب))?$`),
	regexp.MustCompile(`^(?:نام\s+و\s+نام\s*خانوادگی|نام|ایمیل|پست\s+الکترونیک|نظر\s+شما|نظرات|دیدگاه\s*ها|ارسال\s+نظر|ارسال|برچسب\s*ها|کلید\s*واژه\s*ها|اشتراک\s*گذاری|چاپ|ذخیره|ارسال\s+به\s+دوستان|بازگشت\s+به\s+بالا|خانه|جستجو|ورود|عضویت)$`),
	regexp.MustCompile(`^(?:تمامی\s+حقوق|کلیه\s+حقوق|حقوق\s+این\s+سایت).*$`),
}

// furnitureForm is the form of a short paragraph compared with the
// patterns: folded, with surrounding punctuation and extra space removed.
func furnitureForm(s string) string { return furnitureFormOf(Fold(s)) }

// furnitureFormOf is furnitureForm of a paragraph already folded.
func furnitureFormOf(f string) string {
	f = strings.TrimFunc(f, func(r rune) bool {
		return unicode.IsSpace(r) || (unicode.IsPunct(r) && r != '©') || unicode.IsSymbol(r) && r != '©'
	})
	return collapseSpaces(f)
}

// noText reports whether a short line holds no letter and no digit:
// a rule, a separator, stray marks of a scan. It is furniture: there is
// nothing in it to translate.
func noText(s string) bool { return noTextForm(furnitureForm(s), utf8.RuneCountInString(s)) }

// noTextForm is noText of a line of n runes whose furnitureForm is form.
func noTextForm(form string, n int) bool { return form == "" && n <= maxNoText }

// maxNoText is the longest line, in runes, taken for marks with no text.
const maxNoText = 20

// classify sets each paragraph's kind (heading[i] says whether paragraph i
// was rebuilt as a heading) and returns the metadata found in the text.
func classify(paras []Paragraph, heading []bool) (meta map[string]string) {
	meta = map[string]string{}
	seen := map[string]int{} // repeat key → first paragraph
	for i := range paras {
		p := &paras[i]
		p.Kind = Body
		if heading[i] {
			p.Kind = Heading
		}
		n := utf8.RuneCountInString(p.Text)
		// A short paragraph is folded once for every test below.
		short := n <= 2*maxFurniture
		folded := ""
		if short {
			folded = Fold(p.Text)
		}
		if n <= maxFurniture {
			form := furnitureFormOf(folded)
			if key, val, ok := metaLineOf(p.Text, folded); ok {
				if _, dup := meta[key]; !dup {
					meta[key] = val
				}
				p.Kind = Furniture
				continue
			}
			if noTextForm(form, n) || matchesAny(furniturePatterns, form) {
				p.Kind = Furniture
				continue
			}
		}
		// A paragraph repeated word for word is furniture only where
		// furniture repeats: a title or heading printed again near the
		// top, or a short navigation line. Any other repeat (a refrain, a
		// quote given twice, a document of repeated blocks) is text.
		key := collapseSpaces(p.Text) // repeatKey
		if short {
			key = collapseSpaces(folded)
		}
		if first, ok := seen[key]; ok {
			if repeatIsFurniture(p.Text, first, i, paras[first].Kind == Heading) {
				p.Kind = Furniture
			}
			continue
		}
		seen[key] = i
	}
	return meta
}

// repeatKey is the form in which repeated paragraphs are compared: short
// ones folded, long ones as written, space normalised.
func repeatKey(s string) string {
	if utf8.RuneCountInString(s) <= 2*maxFurniture {
		s = Fold(s)
	}
	return collapseSpaces(s)
}

// Where repeats are furniture: a title (a heading, or a line that does
// not end a sentence) repeated within titleReach paragraphs of its first
// place, which is among the first titlePlaces; or a navigation line of at
// most navRunes runes and navWords words that does not end a sentence.
const (
	titlePlaces = 5
	titleReach  = 3
	navRunes    = 40
	navWords    = 5
)

// repeatIsFurniture reports whether text, paragraph at of its document and
// a repeat of paragraph first (a heading when heading is set), is page
// furniture.
func repeatIsFurniture(text string, first, at int, heading bool) bool {
	t := strings.TrimSpace(text)
	last, _ := utf8.DecodeLastRuneInString(t)
	endsSentence := strings.ContainsRune(".!?؟:؛»\"”)", last)
	n := utf8.RuneCountInString(t)
	if first < titlePlaces && at-first <= titleReach && n <= 2*maxFurniture && (heading || !endsSentence) {
		return true
	}
	return n <= navRunes && len(strings.Fields(t)) <= navWords && !endsSentence
}

// DroppedRepeats returns the indices of the paragraphs dropped as
// furniture because they repeat an earlier one (a title printed twice, a
// navigation line), for a warning: a repeat that is text is kept.
func (d *Document) DroppedRepeats() []int {
	var out []int
	seen := map[string]bool{}
	for _, p := range d.Paragraphs {
		key := repeatKey(p.Text)
		if p.Kind == Furniture && seen[key] && utf8.RuneCountInString(p.Text) > 0 {
			if _, _, meta := metaLine(p.Text); !meta && !matchesAny(furniturePatterns, furnitureForm(p.Text)) {
				out = append(out, p.Index)
			}
		}
		seen[key] = true
	}
	return out
}

// metaLine recognises a "label: value" metadata line and returns its key
// and the value as written.
func metaLine(s string) (key, val string, ok bool) { return metaLineOf(s, Fold(s)) }

// metaLineOf is metaLine of a paragraph s and its folded form.
func metaLineOf(s, folded string) (key, val string, ok bool) {
	f := collapseSpaces(folded)
	for _, m := range metaPatterns {
		if m.re.MatchString(f) {
			// Take the value from the display text, after the first colon.
			i := strings.IndexAny(s, ":：")
			if i < 0 {
				return "", "", false
			}
			_, size := utf8.DecodeRuneInString(s[i:])
			return m.key, strings.TrimSpace(s[i+size:]), true
		}
	}
	return "", "", false
}

func matchesAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// chooseTitle returns the first heading among the first few paragraphs
// that are not furniture, or else the first paragraph's first sentence.
func chooseTitle(paras []Paragraph) string {
	var first *Paragraph
	seen := 0
	for i := range paras {
		p := &paras[i]
		if p.Kind == Furniture {
			continue
		}
		if first == nil {
			first = p
		}
		if p.Kind == Heading {
			return strings.TrimRight(p.Text, " :؛;")
		}
		if seen++; seen >= 3 {
			break
		}
	}
	if first == nil {
		return ""
	}
	return firstSentence(first.Text)
}

// firstSentence returns s up to and including its first sentence end.
func firstSentence(s string) string {
	for i, r := range s {
		switch r {
		case '.', '!', '?', '؟':
			end := i + utf8.RuneLen(r)
			// A full stop inside a number or abbreviation is not an end.
			if end < len(s) {
				next, _ := utf8.DecodeRuneInString(s[end:])
				if !unicode.IsSpace(next) {
					continue
				}
			}
			return s[:end]
		}
	}
	return s
}

// collapseSpaces is strings.Join(strings.Fields(s), " "): s without
// leading and trailing space, each run of space made one ASCII space. A
// string already so, as most paragraphs are, is returned as it is,
// without building the list of its words.
func collapseSpaces(s string) string {
	if spaceCollapsed(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// spaceCollapsed reports whether s has no leading or trailing space, no
// space but single ASCII spaces between words, as unicode.IsSpace tells
// space. Only the lead bytes of space runes beyond ASCII are decoded.
func spaceCollapsed(s string) bool {
	if s == "" {
		return true
	}
	prevSpace := true // a space at the start is leading
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			return false
		case c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3:
			// U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
			// U+202F, U+205F and U+3000 begin so.
			r, _ := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return false
			}
		}
		prevSpace = false
	}
	return !prevSpace
}
