// Package rtl prepares text for a terminal that draws each cell as it is
// given: it removes what must not reach the terminal (Sanitize), resolves
// the Unicode Bidirectional Algorithm (UAX #9: Paragraph, Line, Reorder)
// and joins Arabic-script letters into their presentation forms (Shape).
//
// Its tables are generated from the Unicode Character Database (see
// UnicodeVersion and internal/gen); the tests check the algorithm against
// the Unicode conformance files BidiTest.txt and BidiCharacterTest.txt.
package rtl

// Direction is a paragraph's base direction.
type Direction int8

// Base directions.
const (
	// Auto takes the direction of the first strong letter (rules P2, P3),
	// left to right when there is none.
	Auto Direction = iota
	// LTR is left to right (level 0).
	LTR
	// RTL is right to left (level 1).
	RTL
)

// Level is an embedding level: even levels run left to right, odd ones
// right to left.
type Level uint8

// maxDepth is the deepest embedding level (BD2).
const maxDepth = 125

// bracket kinds of a character, as the algorithm sees it.
const (
	notBracket uint8 = iota
	openBracket
	closeBracket
)

// Paragraph resolves the embedding levels of one paragraph. Its buffers
// are reused from one call to the next; it is not safe for concurrent use.
type Paragraph struct {
	initial  []Class // classes as looked up
	types    []Class // classes as resolved
	levels   []Level
	embed    []Level // levels after the explicit rules, before I1 and I2
	kind     []uint8 // bracket kind
	pairOf   []rune  // for an opening bracket, its closing pair; for a closing one, itself
	matchPDI []int   // isolate initiator → index of its PDI, or len when none
	matchIni []int   // PDI → index of its initiator, or -1
	runOf    []int   // character → its level run
	para     Level

	// scratch
	seqIdx   []int
	seqTypes []Class
	runs     [][2]int
	stack    []stackEntry
	pairs    [][2]int
	opens    []openEntry
}

type stackEntry struct {
	level    Level
	override Class // ON for none, L or R
	isolate  bool
}

type openEntry struct {
	pair rune
	pos  int
}

// Resolve runs rules P2 to I2 on text, one paragraph, with base direction
// dir. It returns the level of every rune (characters removed by rule X9,
// class BN or an explicit embedding, get the level of the one before) and
// the paragraph's level. The slice is valid until the next call.
func (p *Paragraph) Resolve(text []rune, dir Direction) ([]Level, Level) {
	n := len(text)
	p.initial = grow(p.initial, n)
	p.kind = grow(p.kind, n)
	p.pairOf = grow(p.pairOf, n)
	for i, r := range text {
		p.initial[i] = ClassOf(r)
		p.kind[i] = notBracket
		if pair, open, ok := pairedBracket(r); ok {
			if open {
				p.kind[i], p.pairOf[i] = openBracket, canonicalBracket(pair)
			} else {
				p.kind[i], p.pairOf[i] = closeBracket, canonicalBracket(r)
			}
		}
	}
	p.resolve(dir)
	return p.levels, p.para
}

// ResolveClasses is Resolve for text given as bidi classes, with no
// paired brackets, as BidiTest.txt gives it.
func (p *Paragraph) ResolveClasses(classes []Class, dir Direction) ([]Level, Level) {
	n := len(classes)
	p.initial = append(p.initial[:0], classes...)
	p.kind = grow(p.kind, n)
	clear(p.kind)
	p.pairOf = grow(p.pairOf, n)
	p.resolve(dir)
	return p.levels, p.para
}

// Classes are the classes of the text last resolved, as looked up.
func (p *Paragraph) Classes() []Class { return p.initial }

// canonicalBracket maps the angle brackets U+2329 and U+232A to their
// canonical equivalents U+3008 and U+3009 (BD16).
func canonicalBracket(r rune) rune {
	switch r {
	case 0x2329:
		return 0x3008
	case 0x232A:
		return 0x3009
	}
	return r
}

func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

// Removed reports whether rule X9 removes a class from the algorithm:
// explicit embeddings and overrides, their pop, and boundary neutrals.
func Removed(c Class) bool {
	switch c {
	case RLE, LRE, RLO, LRO, PDF, BN:
		return true
	}
	return false
}

func isIsolate(c Class) bool { return c == LRI || c == RLI || c == FSI }

func (p *Paragraph) resolve(dir Direction) {
	n := len(p.initial)
	p.types = append(p.types[:0], p.initial...)
	p.levels = grow(p.levels, n)
	p.matchIsolates()
	switch dir {
	case LTR:
		p.para = 0
	case RTL:
		p.para = 1
	default:
		p.para = p.firstStrong(0, n, 0)
	}
	p.explicit()
	p.embed = append(p.embed[:0], p.levels...)
	p.levelRuns()
	p.sequences()
	// Removed characters take the level of the one before them.
	for i := range n {
		if Removed(p.initial[i]) {
			if i == 0 {
				p.levels[i] = p.para
			} else {
				p.levels[i] = p.levels[i-1]
			}
		}
	}
}

// matchIsolates pairs isolate initiators with their PDIs (BD9).
func (p *Paragraph) matchIsolates() {
	n := len(p.initial)
	p.matchPDI = grow(p.matchPDI, n)
	p.matchIni = grow(p.matchIni, n)
	open := p.runOf[:0] // borrowed as a stack
	for i, c := range p.initial {
		p.matchPDI[i], p.matchIni[i] = n, -1
		switch {
		case isIsolate(c):
			open = append(open, i)
		case c == PDI && len(open) > 0:
			j := open[len(open)-1]
			open = open[:len(open)-1]
			p.matchPDI[j], p.matchIni[i] = i, j
		}
	}
	p.runOf = open[:0]
}

// firstStrong is the level of the first strong letter in [from, to),
// skipping isolates (P2, P3), or def when there is none.
func (p *Paragraph) firstStrong(from, to int, def Level) Level {
	for i := from; i < to; i++ {
		switch c := p.initial[i]; c {
		case L:
			return 0
		case R, AL:
			return 1
		case LRI, RLI, FSI:
			i = p.matchPDI[i]
		}
	}
	return def
}

// explicit applies rules X1 to X8.
func (p *Paragraph) explicit() {
	st := append(p.stack[:0], stackEntry{level: p.para, override: ON})
	overflowIsolates, overflowEmbeddings, validIsolates := 0, 0, 0
	for i, c := range p.initial {
		top := st[len(st)-1]
		switch c {
		case RLE, LRE, RLO, LRO:
			p.levels[i] = top.level
			next := nextLevel(top.level, c == RLE || c == RLO)
			if next <= maxDepth && overflowIsolates == 0 && overflowEmbeddings == 0 {
				ov := ON
				if c == RLO {
					ov = R
				} else if c == LRO {
					ov = L
				}
				st = append(st, stackEntry{level: next, override: ov})
			} else if overflowIsolates == 0 {
				overflowEmbeddings++
			}
		case RLI, LRI, FSI:
			p.levels[i] = top.level
			if top.override != ON {
				p.types[i] = top.override
			}
			rtl := c == RLI
			if c == FSI {
				rtl = p.firstStrong(i+1, p.matchPDI[i], 0) == 1
			}
			next := nextLevel(top.level, rtl)
			if next <= maxDepth && overflowIsolates == 0 && overflowEmbeddings == 0 {
				validIsolates++
				st = append(st, stackEntry{level: next, override: ON, isolate: true})
			} else {
				overflowIsolates++
			}
		case PDI:
			switch {
			case overflowIsolates > 0:
				overflowIsolates--
			case validIsolates == 0:
			default:
				overflowEmbeddings = 0
				for !st[len(st)-1].isolate {
					st = st[:len(st)-1]
				}
				st = st[:len(st)-1]
				validIsolates--
			}
			top = st[len(st)-1]
			p.levels[i] = top.level
			if top.override != ON {
				p.types[i] = top.override
			}
		case PDF:
			p.levels[i] = top.level
			switch {
			case overflowIsolates > 0:
			case overflowEmbeddings > 0:
				overflowEmbeddings--
			case !top.isolate && len(st) >= 2:
				st = st[:len(st)-1]
			}
		case B:
			p.levels[i] = p.para
		case BN:
			p.levels[i] = top.level
		default:
			p.levels[i] = top.level
			if top.override != ON {
				p.types[i] = top.override
			}
		}
	}
	p.stack = st[:0]
}

// nextLevel is the least odd (rtl) or even level above l.
func nextLevel(l Level, rtl bool) Level {
	if rtl {
		return (l + 1) | 1
	}
	return (l + 2) &^ 1
}

// levelRuns splits the characters that X9 keeps into runs of one level
// (BD7); runs hold [start, end) into seqIdx-style index lists kept in
// p.seqIdx.
func (p *Paragraph) levelRuns() {
	n := len(p.initial)
	p.runOf = grow(p.runOf, n)
	idx := p.seqIdx[:0]
	runs := p.runs[:0]
	for i := range n {
		if Removed(p.initial[i]) {
			p.runOf[i] = -1
			continue
		}
		if len(idx) == 0 || p.levels[i] != p.levels[idx[len(idx)-1]] {
			runs = append(runs, [2]int{len(idx), len(idx)})
		}
		idx = append(idx, i)
		runs[len(runs)-1][1] = len(idx)
		p.runOf[i] = len(runs) - 1
	}
	p.seqIdx, p.runs = idx, runs
}

// sequences builds each isolating run sequence (BD13) and resolves it.
func (p *Paragraph) sequences() {
	all := p.seqIdx
	var seq []int
	for _, run := range p.runs {
		first := all[run[0]]
		if p.initial[first] == PDI && p.matchIni[first] >= 0 {
			continue // joined to the sequence of its initiator
		}
		seq = append(seq[:0], all[run[0]:run[1]]...)
		for {
			last := seq[len(seq)-1]
			if !isIsolate(p.initial[last]) || p.matchPDI[last] >= len(p.initial) {
				break
			}
			r := p.runOf[p.matchPDI[last]]
			if r < 0 {
				break
			}
			seq = append(seq, all[p.runs[r][0]:p.runs[r][1]]...)
		}
		p.resolveSequence(seq)
	}
}

func dirOf(l Level) Class {
	if l%2 == 1 {
		return R
	}
	return L
}

// resolveSequence applies rules W1 to I2 to one isolating run sequence.
func (p *Paragraph) resolveSequence(seq []int) {
	n := len(p.initial)
	level := p.embed[seq[0]]
	prev := seq[0] - 1
	for prev >= 0 && Removed(p.initial[prev]) {
		prev--
	}
	prevLevel := p.para
	if prev >= 0 {
		prevLevel = p.embed[prev]
	}
	sos := dirOf(max(prevLevel, level))
	last := seq[len(seq)-1]
	succLevel := p.para
	if !isIsolate(p.types[last]) {
		next := last + 1
		for next < n && Removed(p.initial[next]) {
			next++
		}
		if next < n {
			succLevel = p.embed[next]
		}
	}
	eos := dirOf(max(succLevel, level))

	t := grow(p.seqTypes, len(seq))
	for k, i := range seq {
		t[k] = p.types[i]
	}

	// W1: non-spacing marks take the type before them.
	before := sos
	for k, c := range t {
		switch {
		case c == NSM:
			t[k] = before
		case isIsolate(c) || c == PDI:
			before = ON
		default:
			before = c
		}
	}
	// W2, W3: European numbers after an Arabic letter are Arabic numbers;
	// Arabic letters are R.
	strong := sos
	for k, c := range t {
		switch c {
		case L, R, AL:
			strong = c
		case EN:
			if strong == AL {
				t[k] = AN
			}
		}
	}
	for k, c := range t {
		if c == AL {
			t[k] = R
		}
	}
	// W4: one separator between two numbers of a kind.
	for k := 1; k+1 < len(t); k++ {
		switch {
		case t[k] == ES && t[k-1] == EN && t[k+1] == EN:
			t[k] = EN
		case t[k] == CS && t[k-1] == EN && t[k+1] == EN:
			t[k] = EN
		case t[k] == CS && t[k-1] == AN && t[k+1] == AN:
			t[k] = AN
		}
	}
	// W5: terminators next to European numbers.
	for k := 0; k < len(t); {
		if t[k] != ET {
			k++
			continue
		}
		e := k
		for e < len(t) && t[e] == ET {
			e++
		}
		if (k > 0 && t[k-1] == EN) || (e < len(t) && t[e] == EN) {
			for j := k; j < e; j++ {
				t[j] = EN
			}
		}
		k = e
	}
	// W6: remaining separators and terminators are neutral.
	for k, c := range t {
		if c == ES || c == ET || c == CS {
			t[k] = ON
		}
	}
	// W7: European numbers after a left-to-right letter are L.
	strong = sos
	for k, c := range t {
		switch c {
		case L, R:
			strong = c
		case EN:
			if strong == L {
				t[k] = L
			}
		}
	}

	embed := dirOf(level)
	p.brackets(seq, t, sos, embed)

	// N1, N2: runs of neutrals take the direction around them when both
	// sides agree, the embedding direction otherwise.
	for k := 0; k < len(t); {
		if !isNeutral(t[k]) {
			k++
			continue
		}
		e := k
		for e < len(t) && isNeutral(t[e]) {
			e++
		}
		lead, trail := sos, eos
		if k > 0 {
			lead = strongOf(t[k-1])
		}
		if e < len(t) {
			trail = strongOf(t[e])
		}
		d := embed
		if lead == trail {
			d = lead
		}
		for j := k; j < e; j++ {
			t[j] = d
		}
		k = e
	}

	// I1, I2.
	for k, i := range seq {
		c := t[k]
		p.types[i] = c
		if level%2 == 0 {
			switch c {
			case R:
				p.levels[i] = level + 1
			case AN, EN:
				p.levels[i] = level + 2
			}
		} else if c == L || c == EN || c == AN {
			p.levels[i] = level + 1
		}
	}
	p.seqTypes = t[:0]
}

func isNeutral(c Class) bool {
	switch c {
	case B, S, WS, ON, LRI, RLI, FSI, PDI:
		return true
	}
	return false
}

// strongOf is the direction a resolved type counts as for N0 and N1:
// numbers count as R.
func strongOf(c Class) Class {
	if c == EN || c == AN {
		return R
	}
	return c
}

// brackets applies rule N0 to the paired brackets of a sequence (BD16).
func (p *Paragraph) brackets(seq []int, t []Class, sos, embed Class) {
	pairs := p.pairs[:0]
	opens := p.opens[:0]
	for k, i := range seq {
		if t[k] != ON {
			continue
		}
		switch p.kind[i] {
		case openBracket:
			if len(opens) == 63 {
				goto found
			}
			opens = append(opens, openEntry{pair: p.pairOf[i], pos: k})
		case closeBracket:
			for j := len(opens) - 1; j >= 0; j-- {
				if opens[j].pair == p.pairOf[i] {
					pairs = append(pairs, [2]int{opens[j].pos, k})
					opens = opens[:j]
					break
				}
			}
		}
	}
found:
	p.opens = opens[:0]
	if len(pairs) == 0 {
		p.pairs = pairs
		return
	}
	sortPairs(pairs)
	for _, pr := range pairs {
		o, c := pr[0], pr[1]
		var inside Class = ON
		for k := o + 1; k < c; k++ {
			s := strongOf(t[k])
			if s != L && s != R {
				continue
			}
			if s == embed {
				inside = embed
				break
			}
			inside = s
		}
		if inside == ON {
			continue
		}
		d := inside
		if inside != embed {
			ctx := sos
			for k := o - 1; k >= 0; k-- {
				if s := strongOf(t[k]); s == L || s == R {
					ctx = s
					break
				}
			}
			if ctx != inside {
				d = embed
			}
		}
		t[o], t[c] = d, d
		for _, at := range [2]int{o, c} {
			for k := at + 1; k < len(t) && p.initial[seq[k]] == NSM; k++ {
				t[k] = d
			}
		}
	}
	p.pairs = pairs[:0]
}

// sortPairs orders bracket pairs by their opening bracket (insertion
// sort: there are few).
func sortPairs(ps [][2]int) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j][0] < ps[j-1][0]; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// Line applies rule L1 to one line of a resolved paragraph: classes and
// levels are the line's part of the paragraph's, para its level. Segment
// and paragraph separators, and white space and isolate marks before them
// or at the end of the line, go back to the paragraph level. It writes the
// line's levels into dst and returns them.
func Line(classes []Class, levels []Level, para Level, dst []Level) []Level {
	dst = append(dst[:0], levels...)
	trailing := true
	for i := len(classes) - 1; i >= 0; i-- {
		switch c := classes[i]; {
		case c == S || c == B:
			dst[i] = para
			trailing = true
		case c == WS || isIsolate(c) || c == PDI || Removed(c):
			if trailing {
				dst[i] = para
			}
		default:
			trailing = false
		}
	}
	return dst
}

// Reorder applies rule L2: it returns the visual order of a line, the
// logical index of each character from left to right, in dst.
func Reorder(levels []Level, dst []int) []int {
	dst = grow(dst, len(levels))
	var hi, lowOdd Level = 0, 255
	for i, l := range levels {
		dst[i] = i
		hi = max(hi, l)
		if l%2 == 1 {
			lowOdd = min(lowOdd, l)
		}
	}
	for lvl := hi; lvl >= lowOdd && lvl > 0; lvl-- {
		for i := 0; i < len(levels); {
			if levels[dst[i]] < lvl {
				i++
				continue
			}
			j := i
			for j < len(levels) && levels[dst[j]] >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				dst[a], dst[b] = dst[b], dst[a]
			}
			i = j
		}
	}
	return dst
}
