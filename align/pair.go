package align

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"hamta/corpus"
)

// PairKind says how two paired documents relate.
type PairKind string

// Pair kinds.
const (
	// Translation: the English translates the Persian (perhaps freely, or
	// from another agency's version): most paragraphs have a counterpart.
	Translation PairKind = "translation"
	// Comparable: independent reports of the same event: some paragraphs
	// report the same facts, many have no counterpart.
	Comparable PairKind = "comparable"
)

// DocPair is a Persian document paired with an English one, and the
// alignment of their paragraphs.
type DocPair struct {
	FA    string   `json:"fa_doc"` // document IDs
	EN    string   `json:"en_doc"`
	Kind  PairKind `json:"kind"`
	Score float64  `json:"score"` // confidence in [0,1]
	// Pinned is true when the user fixed the pair in the pairs file.
	Pinned bool `json:"pinned,omitempty"`
	// Coverage is the share of each side's text in confident links.
	CoverageFA float64 `json:"coverage_fa"`
	CoverageEN float64 `json:"coverage_en"`
	// ShareFA and ShareEN are the shares of each side's anchors, weighted
	// by rarity in the corpus, matched across the pair's links.
	ShareFA float64 `json:"anchors_fa"`
	ShareEN float64 `json:"anchors_en"`
	// Similarity is the documents' anchor similarity in the corpus.
	Similarity float64 `json:"similarity"`
	// Beads follow the Persian document; a link marked Moved has its
	// English paragraphs elsewhere in the English order (see SlotB).
	Beads []Bead `json:"-"`
}

// Rule is a user's decision about one pair of documents, from the pairs
// file: pin the pair (with a kind, or the one hamta finds) or forbid it.
type Rule struct {
	Forbid bool
	FA, EN string
	Kind   PairKind // for pins; empty lets hamta decide
}

// ReadRules reads a pairs file: one rule a line, "pin FA EN [kind]" or
// "forbid FA EN", document IDs quoted with double quotes when they hold
// spaces; '#' starts a comment.
func ReadRules(r io.Reader) ([]Rule, error) {
	var out []Rule
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f, err := SplitFields(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		var rule Rule
		switch {
		case len(f) >= 3 && f[0] == "forbid" && len(f) == 3:
			rule = Rule{Forbid: true, FA: f[1], EN: f[2]}
		case len(f) >= 3 && f[0] == "pin" && len(f) <= 4:
			rule = Rule{FA: f[1], EN: f[2]}
			if len(f) == 4 {
				rule.Kind = PairKind(f[3])
				if rule.Kind != Translation && rule.Kind != Comparable {
					return nil, fmt.Errorf("line %d: kind %q: want translation or comparable", n, f[3])
				}
			}
		default:
			return nil, fmt.Errorf("line %d: want \"pin FA EN [kind]\" or \"forbid FA EN\"", n)
		}
		out = append(out, rule)
	}
	return out, sc.Err()
}

// WriteRules writes rules in the pairs-file form.
func WriteRules(w io.Writer, rules []Rule) error {
	bw := bufio.NewWriter(w)
	for _, r := range rules {
		verb := "pin"
		if r.Forbid {
			verb = "forbid"
		}
		fmt.Fprintf(bw, "%s %s %s", verb, QuoteField(r.FA), QuoteField(r.EN))
		if !r.Forbid && r.Kind != "" {
			fmt.Fprintf(bw, " %s", r.Kind)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// QuoteField quotes a field for SplitFields when it needs it.
func QuoteField(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\"#") {
		return strconv.Quote(s)
	}
	return s
}

// SplitFields splits a line of hamta's plain-text files (pair rules,
// corrections) into fields on white space, a field in double quotes (Go
// syntax) holding spaces.
func SplitFields(line string) ([]string, error) {
	var out []string
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimSpace(line) {
		if line[0] == '"' {
			end := 1
			for end < len(line) && (line[end] != '"' || line[end-1] == '\\') {
				end++
			}
			if end >= len(line) {
				return nil, fmt.Errorf("unclosed quote")
			}
			s, err := strconv.Unquote(line[:end+1])
			if err != nil {
				return nil, fmt.Errorf("bad quoted field %s", line[:end+1])
			}
			out = append(out, s)
			line = line[end+1:]
			continue
		}
		end := strings.IndexAny(line, " \t")
		if end < 0 {
			end = len(line)
		}
		out = append(out, line[:end])
		line = line[end:]
	}
	return out, nil
}

// PairOptions tune document pairing.
type PairOptions struct {
	// Candidates is how many of the most similar documents of the other
	// language are aligned for each document.
	Candidates int
	// MinSimilarity is the least document similarity worth aligning.
	MinSimilarity float64
	// Translation is the least share of each side's text that a
	// translation has in confident links when aligned as independent
	// reports (which link only where the evidence is).
	Translation float64
	// Comparable is the least anchor share (the mean of ShareFA and
	// ShareEN) of a pair, which also needs MinLinks confident links.
	Comparable float64
	MinLinks   int
	// LinkScore is the least bead score that counts as a confident link.
	LinkScore float64
}

// DefaultPairOptions returns the tuned defaults.
func DefaultPairOptions() PairOptions {
	return PairOptions{Candidates: 3, MinSimilarity: 0.05, Translation: TranslationCoverage,
		Comparable: 0.2, MinLinks: 3, LinkScore: 0.5}
}

// Pair finds, among the Persian and English documents of a corpus, the
// translations and independent reports of the same event, and aligns each
// pair's paragraphs. Rules pin or forbid pairs. Documents with no
// counterpart are in no pair. progress, when not nil, is told how many
// candidate pairs have been aligned out of how many.
func (al *Aligner) Pair(ctx context.Context, docs []*corpus.Document, rules []Rule, opt PairOptions, progress func(done, total int)) ([]DocPair, error) {
	// Pairs a translation memory declares are taken as they are.
	premade, docs := premadePairs(docs, rules, opt)
	var fa, en []*corpus.Document
	byID := map[string]*corpus.Document{}
	for _, d := range docs {
		byID[d.ID] = d
		switch d.Lang {
		case corpus.LangFA:
			fa = append(fa, d)
		case corpus.LangEN:
			en = append(en, d)
		}
	}
	forbidden := map[[2]string]bool{}
	pinned := map[[2]string]Rule{}
	for _, r := range rules {
		key := [2]string{r.FA, r.EN}
		if r.Forbid {
			forbidden[key] = true
		} else {
			pinned[key] = r
		}
	}

	// Candidates: the most similar documents of the other language, by the
	// anchors they share.
	faBags := make([]map[string]bool, len(fa))
	enBags := make([]map[string]bool, len(en))
	for i, d := range fa {
		faBags[i] = al.anchorBag(d, corpus.LangEN)
	}
	for j, d := range en {
		enBags[j] = al.anchorBag(d, corpus.LangFA)
	}
	sim, idf := al.bagSimilarities(faBags, enBags)
	// Alignments weigh anchors by their rarity in this corpus unless the
	// aligner was given another measure.
	pal := *al
	if pal.Rarity == nil {
		pal.Rarity = &Rarity{docs: map[corpus.Lang]int{}, df: map[corpus.Lang]map[string]int{}}
		for _, b := range faBags {
			pal.Rarity.add(corpus.LangFA, b)
		}
		for _, b := range enBags {
			pal.Rarity.add(corpus.LangEN, b)
		}
	}
	cands := map[[2]string]float64{}
	pick := func(rows [][]float64, swap bool) {
		for i, row := range rows {
			order := make([]int, len(row))
			for j := range order {
				order[j] = j
			}
			sort.SliceStable(order, func(x, y int) bool { return row[order[x]] > row[order[y]] })
			for _, j := range order[:min(opt.Candidates, len(order))] {
				if row[j] < opt.MinSimilarity {
					break
				}
				a, b := i, j
				if swap {
					a, b = j, i
				}
				cands[[2]string{fa[a].ID, en[b].ID}] = row[j]
			}
		}
	}
	pick(sim, false)
	pick(transpose(sim, len(en)), true)
	for key := range pinned {
		if byID[key[0]] == nil || byID[key[1]] == nil {
			continue // a rule for files no longer in the corpus
		}
		cands[key] = math.Max(cands[key], 0)
	}
	keys := make([][2]string, 0, len(cands))
	for k := range cands {
		_, pin := pinned[k]
		// Documents published months apart report different events,
		// whatever they share.
		if !forbidden[k] && (pin || !datesApart(byID[k[0]], byID[k[1]])) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})

	var out []DocPair
	for n, key := range keys {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		a, b := byID[key[0]], byID[key[1]]
		// The kind is judged on the alignment of independent reports,
		// which links paragraphs only where the evidence is: a
		// translation has most of both sides in such links, a report of
		// the same event some, a report of another event few or none.
		beads, err := pal.memoAlign(ctx, a, b, Comparable)
		if err != nil {
			return nil, err
		}
		p := DocPair{FA: a.ID, EN: b.ID, Similarity: cands[key]}
		p.ShareFA = al.anchorShare(a, b, beads, true, idf)
		p.ShareEN = al.anchorShare(b, a, beads, false, idf)
		p.CoverageFA, p.CoverageEN = coverage(a, beads, opt.LinkScore, true), coverage(b, beads, opt.LinkScore, false)
		links := 0
		for _, bd := range beads {
			if bd.Linked() && bd.Score >= opt.LinkScore {
				links++
			}
		}
		share := (p.ShareFA + p.ShareEN) / 2
		covered := math.Min(p.CoverageFA, p.CoverageEN)
		switch {
		case covered >= opt.Translation && share >= opt.Comparable:
			p.Kind = Translation
			p.Score = math.Min(1, 0.8+0.2*(covered-opt.Translation)/(1-opt.Translation))
		case share >= opt.Comparable && links >= opt.MinLinks:
			p.Kind = Comparable
			p.Score = math.Min(1, 0.5+0.5*(share-opt.Comparable)/(1-opt.Comparable))
		}
		if r, ok := pinned[key]; ok {
			p.Pinned = true
			if r.Kind != "" {
				p.Kind = r.Kind
			} else if p.Kind == "" {
				p.Kind = Comparable
			}
			p.Score = math.Max(p.Score, 1)
		}
		if p.Kind == Translation {
			if beads, err = pal.memoAlign(ctx, a, b, Translation); err != nil {
				return nil, err
			}
			p.CoverageFA, p.CoverageEN = coverage(a, beads, opt.LinkScore, true), coverage(b, beads, opt.LinkScore, false)
		}
		p.Beads = beads
		if p.Kind != "" {
			out = append(out, p)
		}
		if progress != nil {
			progress(n+1, len(keys))
		}
	}
	return mergePairs(premade, out), nil
}

// memoAlign aligns two documents as a pair of a kind, through the memo.
func (al *Aligner) memoAlign(ctx context.Context, a, b *corpus.Document, kind PairKind) ([]Bead, error) {
	key := MemoKey(a, b, kind)
	if beads, ok := al.Memo[key]; ok {
		return beads, nil
	}
	beads, _, err := al.AlignAs(ctx, a, b, kind)
	if err != nil {
		return nil, fmt.Errorf("align %s with %s: %w", a.ID, b.ID, err)
	}
	if al.Memo != nil {
		al.Memo[key] = beads
	}
	return beads, nil
}

// coverage is the share of a document's aligned text (in characters) that
// lies in links scoring at least minScore.
func coverage(d *corpus.Document, beads []Bead, minScore float64, sideA bool) float64 {
	var total, covered float64
	for _, p := range d.Paragraphs {
		if p.Aligned() {
			total += float64(utf8.RuneCountInString(p.Text))
		}
	}
	for _, b := range beads {
		if !b.Linked() || b.Score < minScore {
			continue
		}
		idx := b.B
		if sideA {
			idx = b.A
		}
		for _, i := range idx {
			covered += float64(utf8.RuneCountInString(d.Paragraphs[i].Text))
		}
	}
	if total == 0 {
		return 0
	}
	return covered / total
}

func transpose(m [][]float64, cols int) [][]float64 {
	out := make([][]float64, cols)
	for j := range out {
		out[j] = make([]float64, len(m))
		for i := range m {
			out[j][i] = m[i][j]
		}
	}
	return out
}

// similarities scores every Persian document against every English one by
// the anchors they share, each weighted by its rarity in the corpus: a
// cosine of anchor sets with inverse document frequency weights.
func (al *Aligner) similarities(fa, en []*corpus.Document) ([][]float64, func(string) float64) {
	faBags := make([]map[string]bool, len(fa))
	enBags := make([]map[string]bool, len(en))
	for i, d := range fa {
		faBags[i] = al.anchorBag(d, corpus.LangEN)
	}
	for j, d := range en {
		enBags[j] = al.anchorBag(d, corpus.LangFA)
	}
	return al.bagSimilarities(faBags, enBags)
}

// bagSimilarities is similarities from the documents' anchor sets.
func (al *Aligner) bagSimilarities(faBags, enBags []map[string]bool) ([][]float64, func(string) float64) {
	df := map[string]int{}
	onFA, onEN := map[string]bool{}, map[string]bool{}
	for _, b := range faBags {
		for k := range b {
			df[k]++
			onFA[k] = true
		}
	}
	for _, b := range enBags {
		for k := range b {
			df[k]++
			onEN[k] = true
		}
	}
	total := float64(len(faBags) + len(enBags))
	// Anchors found in only one language can never match: they weigh
	// nothing.
	idf := func(k string) float64 {
		if !onFA[k] || !onEN[k] {
			return 0
		}
		return math.Log(1 + total/float64(df[k]))
	}
	norm := func(b map[string]bool) float64 {
		s := 0.0
		for k := range b {
			s += idf(k) * idf(k)
		}
		return math.Sqrt(s)
	}
	faNorm := make([]float64, len(faBags))
	for i := range faBags {
		faNorm[i] = norm(faBags[i])
	}
	enNorm := make([]float64, len(enBags))
	for j := range enBags {
		enNorm[j] = norm(enBags[j])
	}
	// An inverted index over the English bags keeps this proportional to
	// the shared anchors rather than to every pair.
	postings := map[string][]int{}
	for j, b := range enBags {
		for k := range b {
			postings[k] = append(postings[k], j)
		}
	}
	out := make([][]float64, len(faBags))
	for i, b := range faBags {
		out[i] = make([]float64, len(enBags))
		for k := range b {
			w := idf(k) * idf(k)
			for _, j := range postings[k] {
				out[i][j] += w
			}
		}
		for j := range out[i] {
			if d := faNorm[i] * enNorm[j]; d > 0 {
				out[i][j] /= d
			}
		}
	}
	return out, idf
}

// anchorShare measures how well a pair's links match a document's anchors
// (each weighted by its rarity in the corpus): the share matched by the
// paragraph facing them, corrected for chance like Cohen's kappa, against
// pairing each paragraph with a random paragraph of the other document. A
// translation matches most of its anchors, and far more than chance; a
// report of another event on the same topic shares anchors (names, places)
// but not paragraph by paragraph.
func (al *Aligner) anchorShare(d, o *corpus.Document, beads []Bead, sideA bool, idf func(string) float64) float64 {
	matched := map[int]map[string]bool{} // paragraph → anchors matched in its bead
	for _, b := range beads {
		if !b.Linked() {
			continue
		}
		idx := b.B
		if sideA {
			idx = b.A
		}
		keys := map[string]bool{}
		for _, a := range b.Anchors {
			keys[a.Key] = true
		}
		for _, i := range idx {
			matched[i] = keys
		}
	}
	// In how many paragraphs of the other document each anchor appears.
	df := map[string]float64{}
	paras := 0.0
	for _, p := range o.Paragraphs {
		if !p.Aligned() {
			continue
		}
		paras++
		for k := range featureKeys(al.Anchorer.Features(p.Text, p.Lang, d.Lang)) {
			df[k]++
		}
	}
	var total, hit, chance float64
	for _, p := range d.Paragraphs {
		if !p.Aligned() {
			continue
		}
		for k := range featureKeys(al.Anchorer.Features(p.Text, p.Lang, o.Lang)) {
			w := idf(k)
			if w == 0 {
				continue
			}
			total += w
			if matched[p.Index][k] {
				hit += w
			}
			if paras > 0 {
				chance += w * df[k] / paras
			}
		}
	}
	if total == 0 || chance >= total {
		return 0
	}
	return math.Max(0, (hit-chance)/(total-chance))
}

func featureKeys(fs []Feature) map[string]bool {
	out := map[string]bool{}
	for _, f := range fs {
		if f.Kind != AnchorPunct {
			out[f.Key] = true
		}
	}
	return out
}
