package align

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"hamta/corpus"
	"hamta/internal/par"
	"hamta/lexicon"
)

// Sentence is one sentence of a paragraph: which paragraph, which of its
// sentences, and where it stands in the paragraph's text.
type Sentence struct {
	// Para is the paragraph's index in its document.
	Para int `json:"para"`
	// Index is the sentence's 0-based number in its paragraph.
	Index int `json:"index"`
	// Start and End are the sentence's byte offsets in the paragraph's
	// text: Text[Start:End].
	Start int `json:"start"`
	End   int `json:"end"`
}

// Text returns the sentence's text in d.
func (s Sentence) Text(d *corpus.Document) string {
	return d.Paragraphs[s.Para].Text[s.Start:s.End]
}

// Runes returns the sentence's offsets in runes (code points) of its
// paragraph's text, as hamta's screens and JSON count them.
func (s Sentence) Runes(d *corpus.Document) (start, end int) {
	t := d.Paragraphs[s.Para].Text
	start = utf8.RuneCountInString(t[:s.Start])
	return start, start + utf8.RuneCountInString(t[s.Start:s.End])
}

// SentenceBead is one unit of a sentence alignment: consecutive sentences
// of side A matched with consecutive sentences of side B, all inside one
// bead of the paragraph alignment. Either side may be empty: a sentence
// with no counterpart.
type SentenceBead struct {
	// Bead is the index, in the paragraph beads the sentences were
	// aligned in, of the bead that holds them.
	Bead int `json:"bead"`
	// A and B are the sentences of each side, in text order.
	A []Sentence `json:"a"`
	B []Sentence `json:"b"`
	// Score is the estimated probability that the bead is right: for a
	// link, that its paragraph bead is right and, if it is, that the
	// sentences are counterparts; for a sentence alone, that no sentence
	// of its paragraph bead is its counterpart (a paragraph alone's
	// sentences have the paragraph's score).
	Score float64 `json:"score"`
	// Anchors are the shared anchors that support a link.
	Anchors []Anchor `json:"anchors,omitempty"`
	// Moved is set when the paragraph bead is a link out of order.
	Moved bool `json:"moved,omitempty"`
}

// Linked reports whether the bead has sentences on both sides.
func (b SentenceBead) Linked() bool { return len(b.A) > 0 && len(b.B) > 0 }

// Type names the bead's shape, such as "1-1", "2-1" or "0-1".
func (b SentenceBead) Type() string { return fmt.Sprintf("%d-%d", len(b.A), len(b.B)) }

// Paras returns the paragraph indices of a side's sentences, each once.
func Paras(ss []Sentence) []int {
	var out []int
	for _, s := range ss {
		if len(out) == 0 || out[len(out)-1] != s.Para {
			out = append(out, s.Para)
		}
	}
	return out
}

// Sentences returns the sentences of paragraph para of d as the sentence
// aligner takes them: corpus.SplitSentences of its text in its language
// (the document's when the paragraph's is unknown), or, in a
// sentence-per-line document (d.Lines), the whole paragraph as one
// sentence. A blank paragraph has none.
func Sentences(d *corpus.Document, para int) []Sentence {
	p := d.Paragraphs[para]
	if d.Lines {
		start, end := trimSpan(p.Text)
		if start >= end {
			return nil
		}
		return []Sentence{{Para: para, Start: start, End: end}}
	}
	lang := p.Lang
	if lang == corpus.LangUnknown {
		lang = d.Lang
	}
	spans := corpus.SplitSentences(p.Text, lang)
	out := make([]Sentence, len(spans))
	for i, sp := range spans {
		out[i] = Sentence{Para: para, Index: i, Start: sp.Start, End: sp.End}
	}
	return out
}

// NumberedBeads turns sentence beads into beads of sentence numbers, in
// the gold-file form that ReadBeads and Scorer take: each sentence's
// 0-based number counted through its document, or, in a sentence-per-line
// document, its line's (so that a blank line keeps its number).
func NumberedBeads(fa, en *corpus.Document, sbs []SentenceBead) []Bead {
	na, nb := sentenceNumbering(fa), sentenceNumbering(en)
	out := make([]Bead, len(sbs))
	for i, sb := range sbs {
		out[i] = Bead{A: make([]int, len(sb.A)), B: make([]int, len(sb.B)), Score: sb.Score, Anchors: sb.Anchors, Moved: sb.Moved}
		for k, s := range sb.A {
			out[i].A[k] = na(s)
		}
		for k, s := range sb.B {
			out[i].B[k] = nb(s)
		}
	}
	return out
}

// sentenceNumbering returns the numbering of d's sentences NumberedBeads
// uses.
func sentenceNumbering(d *corpus.Document) func(Sentence) int {
	if d.Lines {
		return func(s Sentence) int { return s.Para }
	}
	first := make([]int, len(d.Paragraphs))
	total := 0
	for p := range d.Paragraphs {
		first[p] = total
		total += len(Sentences(d, p))
	}
	return func(s Sentence) int { return first[s.Para] + s.Index }
}

// trimSpan returns the span of text without its leading and trailing
// spaces.
func trimSpan(text string) (start, end int) {
	t := strings.TrimLeftFunc(text, unicode.IsSpace)
	start = len(text) - len(t)
	return start, start + len(strings.TrimRightFunc(t, unicode.IsSpace))
}

// blockLimit is the most lattice cells a paragraph bead's sentences are
// searched in full; a larger bead (a book's worth of sentences in one
// paragraph) is aligned on its own first, coarse to fine, and searched
// around that path.
const blockLimit = 1 << 16

// AlignSentences aligns the sentences inside each bead of two documents'
// paragraph alignment (beads, as AlignAs or AlignFixedAs returned them,
// corrections included), as a pair of the given kind. Sentence beads
// never cross a paragraph bead: the sentences of a paragraph alone are
// alone, and those of a link are aligned with each other only, by the
// same core as paragraphs (length, anchors, and the words of a learned
// lexicon when lex is not nil), with one model for the whole pair whose
// probabilities are re-estimated over every bead at once. Beads out of
// order and beads a person fixed are aligned inside like any other. The
// sentence beads come in the order of the paragraph beads, each bead's in
// text order. Two sentence-per-line documents (Document.Lines) are
// aligned by their paragraph beads already: each bead of lines is a bead
// of sentences.
func (al *Aligner) AlignSentences(ctx context.Context, a, b *corpus.Document, beads []Bead, kind PairKind, lex *lexicon.Lexicon) ([]SentenceBead, error) {
	if a.Lines && b.Lines {
		return lineSentences(a, b, beads), nil
	}
	set := al.newSentenceSet(a, b)
	if lex != nil {
		set.addWords(lex)
	}
	return al.alignSentenceSet(ctx, set, beads, kind, lex)
}

// lineSentences gives each bead of two sentence-per-line documents as a
// bead of sentences.
func lineSentences(a, b *corpus.Document, beads []Bead) []SentenceBead {
	out := make([]SentenceBead, 0, len(beads))
	for bi, bd := range beads {
		sb := SentenceBead{Bead: bi, Score: bd.Score, Anchors: bd.Anchors, Moved: bd.Moved}
		for _, p := range bd.A {
			sb.A = append(sb.A, Sentences(a, p)...)
		}
		for _, p := range bd.B {
			sb.B = append(sb.B, Sentences(b, p)...)
		}
		out = append(out, sb)
	}
	return sortSentenceBeads(out, beads)
}

// sentenceSet holds the sentences of the aligned paragraphs of two
// documents with their segments, made once for several alignments of
// them.
type sentenceSet struct {
	a, b *corpus.Document
	// sents[side][p] are the sentences of paragraph p; first[side][p]
	// the index in segs[side] of its first one.
	sents [2][][]Sentence
	first [2][]int
	segs  [2][]Segment
}

// newSentenceSet splits the aligned paragraphs of two documents into
// sentences and finds their anchors, keeping on each side only those
// the other side has.
func (al *Aligner) newSentenceSet(a, b *corpus.Document) *sentenceSet {
	set := &sentenceSet{a: a, b: b}
	var all [2][]Sentence
	for side, d := range [2]*corpus.Document{a, b} {
		set.sents[side] = make([][]Sentence, len(d.Paragraphs))
		set.first[side] = make([]int, len(d.Paragraphs))
		for p := range d.Paragraphs {
			set.first[side][p] = len(all[side])
			if d.Paragraphs[p].Aligned() {
				set.sents[side][p] = Sentences(d, p)
				all[side] = append(all[side], set.sents[side][p]...)
			}
		}
	}
	set.segs[1] = al.sentenceSegments(b, a.Lang, all[1], nil)
	onB := keySet(set.segs[1])
	set.segs[0] = al.sentenceSegments(a, b.Lang, all[0], func(k string) bool { return onB[k] })
	filterFeatures(set.segs[1], keySet(set.segs[0]))
	return set
}

// addWords gives every sentence the term indices of its words in lex,
// on the lexicon's side of its document, on every core.
func (set *sentenceSet) addWords(lex *lexicon.Lexicon) {
	for side, d := range [2]*corpus.Document{set.a, set.b} {
		lexSide := corpus.LangFA
		if side == 1 {
			lexSide = corpus.LangEN
		}
		var texts []string
		for _, ss := range set.sents[side] {
			for _, s := range ss {
				texts = append(texts, s.Text(d))
			}
		}
		addWordsOf(set.segs[side], func(k int) string { return texts[k] }, lex, lexSide)
	}
}

// alignSentenceSet is AlignSentences over sentences already split.
func (al *Aligner) alignSentenceSet(ctx context.Context, set *sentenceSet, beads []Bead, kind PairKind, lex *lexicon.Lexicon) ([]SentenceBead, error) {
	a, b := set.a, set.b
	type block struct {
		bead   int
		sa, sb []Sentence
		ia, ib []int // segment indices
	}
	var out []SentenceBead
	var blocks []block
	var na, nb int // sentences in blocks
	for bi, bd := range beads {
		var bl block
		for _, p := range bd.A {
			if p < 0 || p >= len(a.Paragraphs) {
				return nil, fmt.Errorf("bead %s: no paragraph %d in %s", bd, p+1, a.ID)
			}
			for k, s := range set.sents[0][p] {
				bl.sa, bl.ia = append(bl.sa, s), append(bl.ia, set.first[0][p]+k)
			}
		}
		for _, p := range bd.B {
			if p < 0 || p >= len(b.Paragraphs) {
				return nil, fmt.Errorf("bead %s: no paragraph %d in %s", bd, p+1, b.ID)
			}
			for k, s := range set.sents[1][p] {
				bl.sb, bl.ib = append(bl.sb, s), append(bl.ib, set.first[1][p]+k)
			}
		}
		if len(bl.sa) == 0 || len(bl.sb) == 0 {
			for _, s := range bl.sa {
				out = append(out, SentenceBead{Bead: bi, A: []Sentence{s}, B: []Sentence{}, Score: bd.Score, Moved: bd.Moved})
			}
			for _, s := range bl.sb {
				out = append(out, SentenceBead{Bead: bi, A: []Sentence{}, B: []Sentence{s}, Score: bd.Score, Moved: bd.Moved})
			}
			continue
		}
		bl.bead = bi
		blocks = append(blocks, bl)
		na += len(bl.sa)
		nb += len(bl.sb)
	}
	if len(blocks) == 0 {
		return sortSentenceBeads(out, beads), nil
	}
	// The segments of every block, end to end, with the block of each.
	allA := make([]Sentence, 0, na)
	allB := make([]Sentence, 0, nb)
	segA := make([]Segment, 0, na)
	segB := make([]Segment, 0, nb)
	blkA := make([]int32, 0, na)
	blkB := make([]int32, 0, nb)
	sizes := make([][2]int, len(blocks))
	for k, bl := range blocks {
		allA = append(allA, bl.sa...)
		allB = append(allB, bl.sb...)
		for _, i := range bl.ia {
			segA = append(segA, set.segs[0][i])
			blkA = append(blkA, int32(k))
		}
		for _, i := range bl.ib {
			segB = append(segB, set.segs[1][i])
			blkB = append(blkB, int32(k))
		}
		sizes[k] = [2]int{len(bl.sa), len(bl.sb)}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opt := al.sentenceOptions(kind, lex)
	raw, p, err := alignBlocks(ctx, segA, segB, blkA, blkB, sizes, opt)
	if err != nil {
		return nil, err
	}
	for _, r := range raw {
		k := blkOf(r, blkA, blkB)
		bd := beads[blocks[k].bead]
		sb := SentenceBead{Bead: blocks[k].bead, A: slices.Clone(allA[r.a0:r.a1]), B: slices.Clone(allB[r.b0:r.b1]), Score: r.score, Moved: bd.Moved}
		if r.linked() {
			// A sentence link is right only if its paragraph link is.
			sb.Score *= bd.Score
			sb.Anchors = p.anchors(r)
		}
		out = append(out, sb)
	}
	return sortSentenceBeads(out, beads), nil
}

// blkOf is the block of a bead's segments.
func blkOf(r rawBead, blkA, blkB []int32) int {
	if r.a1 > r.a0 {
		return int(blkA[r.a0])
	}
	return int(blkB[r.b0])
}

// sortSentenceBeads puts sentence beads in the order of their paragraph
// beads, keeping the order within each, and makes empty sides empty
// slices.
func sortSentenceBeads(out []SentenceBead, beads []Bead) []SentenceBead {
	sort.SliceStable(out, func(i, j int) bool { return out[i].Bead < out[j].Bead })
	for i := range out {
		if out[i].A == nil {
			out[i].A = []Sentence{}
		}
		if out[i].B == nil {
			out[i].B = []Sentence{}
		}
	}
	return out
}

// sentenceOptions are the options of the sentence level for a kind of
// pair: its model without drift (a paragraph link already places its
// sentences), in order only, and no judgement of whether the documents
// are related (the paragraph links' scores hold it).
func (al *Aligner) sentenceOptions(kind PairKind, lex *lexicon.Lexicon) Options {
	opt := al.options(kind)
	if opt.Kind == "" {
		opt.Kind = Translation
	}
	opt.Comparable.Drift = 0
	opt.Translation.ShapeGrowth = 1
	opt.OutOfOrder = false
	opt.RelatedSlope = 0
	if lex != nil && lex.Len() > 0 {
		opt.Words = lex
	}
	return opt
}

// sentenceSegments makes the segments of sentences of d for alignment
// with a document in other: their lengths and anchors (those keep
// accepts, all when it is nil), on every core.
func (al *Aligner) sentenceSegments(d *corpus.Document, other corpus.Lang, ss []Sentence, keep func(string) bool) []Segment {
	segs := make([]Segment, len(ss))
	par.Strided(len(ss), 256, func(items iter.Seq[int]) {
		for k := range items {
			s := ss[k]
			p := d.Paragraphs[s.Para]
			text := p.Text[s.Start:s.End]
			lang := p.Lang
			if lang == corpus.LangUnknown {
				lang = d.Lang
			}
			segs[k] = Segment{
				Len:   utf8.RuneCountInString(text),
				Feats: al.Anchorer.FeaturesKeep(text, lang, other, keep),
				// The last sentence of a paragraph that runs on into
				// the next runs on with it.
				RunsOn: !d.Lines && s.End == len(p.Text) && runsOn(p.Text),
			}
		}
	})
	return segs
}

// alignBlocks aligns two sides cut into blocks (sizes[k] segments of each
// side in block k, end to end; blkA and blkB the block of each segment)
// with one model: links never cross blocks, the model's probabilities and
// length law are re-estimated over all of them. It returns the scored
// beads, in path order, and the problem.
func alignBlocks(ctx context.Context, a, b []Segment, blkA, blkB []int32, sizes [][2]int, opt Options) ([]rawBead, *problem, error) {
	p := newProblem(a, b, opt.Weight)
	p.a.blk, p.b.blk = blkA, blkB
	kind := opt.Kind
	win, err := blockWindow(ctx, p, sizes, opt, kind)
	if err != nil {
		return nil, nil, err
	}
	md := newModel(p.a, p.b, p.kinds, p.weights, opt.model(kind), opt)
	md.win = win
	raw, _, err := md.run(ctx, win)
	if err != nil {
		return nil, nil, err
	}
	raw = md.splitStraight(raw)
	md.score(raw)
	return raw, p, nil
}

// blockWindow is the window of a problem cut into blocks: each block's
// cells, whole when it has at most blockLimit of them, else a band around
// its own alignment.
func blockWindow(ctx context.Context, p *problem, sizes [][2]int, opt Options, kind PairKind) (*window, error) {
	n, m := p.a.len(), p.b.len()
	w := &window{n: n, m: m, lo: make([]int, n+1), hi: make([]int, n+1)}
	i0, j0 := 0, 0
	for k, sz := range sizes {
		kn, km := sz[0], sz[1]
		var lo, hi []int // the block's own rows 0..kn
		if (kn+1)*(km+1) > blockLimit {
			sa := subSide(p.a, i0, i0+kn)
			sb := subSide(p.b, j0, j0+km)
			o := opt
			o.Words = nil
			raw, _, _, err := solve(ctx, sa, sb, p.kinds, p.weights, o, kind, 0)
			if err != nil {
				return nil, err
			}
			bw := projectWindow(raw, 1, 1, kn, km, opt.Radius)
			lo, hi = bw.lo, bw.hi
		}
		for r := 0; r <= kn; r++ {
			l, h := 0, km
			if lo != nil {
				l, h = lo[r], hi[r]
			}
			i := i0 + r
			if r == 0 && k > 0 {
				// The row between two blocks: the end of the last one
				// and the start of this one.
				w.hi[i] = j0 + h
				continue
			}
			w.lo[i], w.hi[i] = j0+l, j0+h
		}
		i0 += kn
		j0 += km
	}
	w.index()
	return w, nil
}

// subSide is segments from..to of a side.
func subSide(s side, from, to int) side {
	out := side{lens: s.lens[from:to], feats: s.feats[from:to]}
	if s.words != nil {
		out.words = s.words[from:to]
	}
	if s.runs != nil {
		out.runs = s.runs[from:to]
	}
	return out
}

// SentencePairs lists the sentence links of a pair that score at least
// minScore as segments to learn a lexicon from (lexicon.Learn), each
// weighed by its score.
func SentencePairs(fa, en *corpus.Document, sbs []SentenceBead, minScore float64) []lexicon.Pair {
	var out []lexicon.Pair
	for _, sb := range sbs {
		if !sb.Linked() || sb.Score < minScore {
			continue
		}
		out = append(out, lexicon.Pair{FA: sentenceText(fa, sb.A), EN: sentenceText(en, sb.B), Weight: sb.Score})
	}
	return out
}

// sentenceText joins the texts of sentences with a space.
func sentenceText(d *corpus.Document, ss []Sentence) string {
	if len(ss) == 1 {
		return ss[0].Text(d)
	}
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.Text(d)
	}
	return strings.Join(parts, " ")
}

// contentEvidence is the evidence, anchors and words without lengths,
// that segment i of A and segment j of B are counterparts.
func (md *model) contentEvidence(i, j int) float64 {
	ev := md.base.AnchorWeight * (md.gain(i, j) + md.preMissA[i+1] - md.preMissA[i] + md.preMissB[j+1] - md.preMissB[j])
	if md.words != nil {
		ev += md.words.llr(i, i+1, j, j+1)
	}
	return ev
}

// splitMargin is how much more evidence, anchors and words, the straight
// pairs of a 2-2 link must have than its crossed pairs for the link to be
// shown as two 1-1 links.
const splitMargin = 8.0

// splitStraight shows each 2-2 link whose straight pairs of segments hold
// each other's content (both have evidence for them, and together
// splitMargin more than the crossed pairs) as two 1-1 links. Sentences
// whose translator moved a clause across their boundary fit their
// lengths badly one by one and well together, so the length law prefers
// the 2-2 link; the sentence level gives the finer pairs.
func (md *model) splitStraight(beads []rawBead) []rawBead {
	var out []rawBead
	for _, b := range beads {
		if b.moved || b.a1-b.a0 != 2 || b.b1-b.b0 != 2 {
			out = append(out, b)
			continue
		}
		s1, s2 := md.contentEvidence(b.a0, b.b0), md.contentEvidence(b.a0+1, b.b0+1)
		x1, x2 := md.contentEvidence(b.a0, b.b0+1), md.contentEvidence(b.a0+1, b.b0)
		if s1 <= 0 || s2 <= 0 || s1+s2-x1-x2 < splitMargin {
			out = append(out, b)
			continue
		}
		out = append(out, rawBead{a0: b.a0, a1: b.a0 + 1, b0: b.b0, b1: b.b0 + 1},
			rawBead{a0: b.a0 + 1, a1: b.a1, b0: b.b0 + 1, b1: b.b1})
	}
	return out
}

// CheckSentenceBeads reports whether sentence beads fit the paragraph
// beads of two documents as AlignSentences makes them: each names a bead
// there is, and together they hold every sentence of each bead's
// paragraphs once, in text order, each on its own side and no other.
// Sentence beads aligned before a correction changed the paragraph beads
// do not fit; those of AlignSentences on the same beads always do.
func CheckSentenceBeads(a, b *corpus.Document, beads []Bead, sbs []SentenceBead) error {
	docs := [2]*corpus.Document{a, b}
	// want[side][bead] are the sentences of a bead's side, in text order;
	// next[side][bead] how many of them the sentence beads so far hold.
	var want [2][][]Sentence
	var next [2][]int
	for side, d := range docs {
		want[side], next[side] = make([][]Sentence, len(beads)), make([]int, len(beads))
		for bi, bd := range beads {
			for _, p := range bd.side(side) {
				if p < 0 || p >= len(d.Paragraphs) {
					return fmt.Errorf("paragraph bead %d (%s) names paragraph %d of %d", bi+1, bd, p+1, len(d.Paragraphs))
				}
				if d.Paragraphs[p].Aligned() || (a.Lines && b.Lines) {
					want[side][bi] = append(want[side][bi], Sentences(d, p)...)
				}
			}
		}
	}
	for i, sb := range sbs {
		if sb.Bead < 0 || sb.Bead >= len(beads) {
			return fmt.Errorf("sentence bead %d names paragraph bead %d of %d", i+1, sb.Bead+1, len(beads))
		}
		bd := beads[sb.Bead]
		for side, ss := range [2][]Sentence{sb.A, sb.B} {
			d, w := docs[side], want[side][sb.Bead]
			for _, s := range ss {
				k := next[side][sb.Bead]
				switch {
				case !slices.Contains(bd.side(side), s.Para) || s.Para >= len(d.Paragraphs):
					return fmt.Errorf("sentence bead %d holds a sentence of paragraph %d, which is not in paragraph bead %d (%s)", i+1, s.Para+1, sb.Bead+1, bd)
				case s.Start < 0 || s.Start > s.End || s.End > len(d.Paragraphs[s.Para].Text):
					return fmt.Errorf("sentence bead %d: a sentence at bytes %d-%d of paragraph %d, which is %d bytes long", i+1, s.Start, s.End, s.Para+1, len(d.Paragraphs[s.Para].Text))
				case k >= len(w) || w[k].Para != s.Para || w[k].Start != s.Start || w[k].End != s.End:
					return fmt.Errorf("sentence bead %d: paragraph %d has no sentence at bytes %d-%d after those before it in paragraph bead %d (%s)", i+1, s.Para+1, s.Start, s.End, sb.Bead+1, bd)
				}
				next[side][sb.Bead]++
			}
		}
	}
	for side := range docs {
		for bi, w := range want[side] {
			if n := next[side][bi]; n < len(w) {
				return fmt.Errorf("paragraph bead %d (%s): the sentence at bytes %d-%d of paragraph %d is in no sentence bead", bi+1, beads[bi], w[n].Start, w[n].End, w[n].Para+1)
			}
		}
	}
	return nil
}

// side returns the paragraphs of side 0 (A) or 1 (B).
func (b Bead) side(s int) []int {
	if s == 1 {
		return b.B
	}
	return b.A
}
