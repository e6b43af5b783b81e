package workspace

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"hamta/align"
	"hamta/corpus"
)

// CorrectionsFile holds the beads people decided, per pair.
const CorrectionsFile = "corrections.txt"

// The corrections file is plain text, one bead a line under the pair it
// belongs to:
//
//	pair 001.txt 000.txt
//	  confirmed fa:3f2a9c1b77e0 en:77ab01cd2e33   # وزیر امور خارجه… | According to…
//	  corrected fa:aa11bb22cc33,dd44ee55ff66 en:-
//
// Paragraphs are named by a hash of their folded text (with +2, +3… for
// repeats), not by their number, so that re-indexing, realignment and
// edits elsewhere in the files leave a correction in place. A correction
// whose paragraphs changed no longer fits: it is reported and kept in the
// file, never silently dropped.
const correctionsHeader = `# hamta corrections: beads a person confirmed or made, one a line under
# their pair. hamta keeps them across re-indexing and realignment and
# aligns only between them. Paragraphs are named by a hash of their text.
`

// correction is one bead line of the file.
type correction struct {
	confirmed bool
	fa, en    []string // paragraph keys
	line      string   // the line as written, kept if it no longer fits
	// bad is set for a line that could not be read: it is kept in the
	// file as it is, and skipped.
	bad bool
}

// pairCorrections are the corrections of one pair, in file order.
type pairCorrections struct {
	fa, en string
	// header is the pair line as written when it could not be read; fa
	// and en are then empty, and the pair's lines are kept as they are.
	header string
	beads  []correction
}

// correctionsFile is the corrections file as read.
type correctionsFile struct {
	lead  []string // lines before the first pair line that could not be read
	pairs []*pairCorrections
}

// ParagraphKeys names every paragraph of a document by a hash of its
// folded text; a text repeated gets +2, +3… on its later copies.
func ParagraphKeys(d *corpus.Document) []string {
	keys := make([]string, len(d.Paragraphs))
	seen := map[string]int{}
	for i, p := range d.Paragraphs {
		sum := sha256.Sum256([]byte(strings.Join(strings.Fields(corpus.Fold(p.Text)), " ")))
		k := hex.EncodeToString(sum[:6])
		seen[k]++
		if n := seen[k]; n > 1 {
			k += "+" + strconv.Itoa(n)
		}
		keys[i] = k
	}
	return keys
}

// readCorrections reads the corrections file. Lines that cannot be read
// are reported by Problems, kept, and skipped.
func (w *Workspace) readCorrections() (correctionsFile, error) {
	b, err := w.readOptional(CorrectionsFile)
	if err != nil {
		return correctionsFile{}, fmt.Errorf("read %s: %w", w.Path(CorrectionsFile), err)
	}
	cf, problems := parseCorrections(corpus.ShowName(w.Path(CorrectionsFile)), b)
	w.problems = append(w.problems, problems...)
	return cf, nil
}

// parseCorrections reads a corrections file named path, returning what it
// holds and a message for each line that could not be read.
func parseCorrections(path string, b []byte) (correctionsFile, []string) {
	var cf correctionsFile
	var problems []string
	eachLine(b, func(n int, raw string) {
		line := strings.TrimSpace(raw)
		bad := func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf("%s line %d: %s (kept in the file, and skipped)", path, n, fmt.Sprintf(format, args...)))
			if len(cf.pairs) == 0 {
				cf.lead = append(cf.lead, line)
				return
			}
			last := cf.pairs[len(cf.pairs)-1]
			last.beads = append(last.beads, correction{line: line, bad: true})
		}
		f, err := splitFields(line)
		if err != nil {
			bad("%v", err)
			return
		}
		if len(f) == 0 {
			return
		}
		switch f[0] {
		case "pair":
			if len(f) != 3 {
				problems = append(problems, fmt.Sprintf("%s line %d: want \"pair FA_DOC EN_DOC\" (kept in the file; its corrections are skipped)", path, n))
				cf.pairs = append(cf.pairs, &pairCorrections{header: line})
				return
			}
			cf.pairs = append(cf.pairs, &pairCorrections{fa: f[1], en: f[2]})
		case "confirmed", "corrected":
			if len(cf.pairs) == 0 {
				bad("a bead before any pair line")
				return
			}
			last := cf.pairs[len(cf.pairs)-1]
			if last.header != "" {
				last.beads = append(last.beads, correction{line: line, bad: true})
				return
			}
			if len(f) != 3 || !strings.HasPrefix(f[1], "fa:") || !strings.HasPrefix(f[2], "en:") {
				bad("want \"%s fa:KEYS en:KEYS\"", f[0])
				return
			}
			c := correction{confirmed: f[0] == "confirmed", fa: keyList(f[1][3:]), en: keyList(f[2][3:]), line: line}
			if len(c.fa) == 0 && len(c.en) == 0 {
				bad("a bead with no paragraphs")
				return
			}
			last.beads = append(last.beads, c)
		default:
			bad("unknown %q: want pair, confirmed or corrected", f[0])
		}
	})
	return cf, problems
}

func keyList(s string) []string {
	if s == "-" || s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// resolve turns a pair's corrections into fixed beads of the documents as
// they are now, in order of their first paragraph (they may cross: a link
// out of order stays one); the corrections that no longer fit, or share a
// paragraph with an earlier one, are returned with a message each.
func resolve(pc *pairCorrections, fa, en *corpus.Document) (fixed []align.Bead, unfit []correction, stale []string) {
	index := func(d *corpus.Document) map[string]int {
		m := map[string]int{}
		for i, k := range ParagraphKeys(d) {
			if d.Paragraphs[i].Aligned() {
				m[k] = i
			}
		}
		return m
	}
	ia, ib := index(fa), index(en)
	var lines []correction // the correction of each fixed bead
	find := func(keys []string, m map[string]int) ([]int, bool) {
		out := []int{}
		for _, k := range keys {
			i, ok := m[k]
			if !ok || (len(out) > 0 && i != out[len(out)-1]+1) {
				return nil, false
			}
			out = append(out, i)
		}
		return out, true
	}
	for _, c := range pc.beads {
		if c.bad {
			continue
		}
		a, okA := find(c.fa, ia)
		b, okB := find(c.en, ib)
		if !okA || !okB {
			unfit = append(unfit, c)
			stale = append(stale, fmt.Sprintf("%s ↔ %s: a correction no longer fits (its paragraphs changed): %s", corpus.ShowName(pc.fa), corpus.ShowName(pc.en), c.line))
			continue
		}
		fixed = append(fixed, align.Bead{A: a, B: b, Confirmed: c.confirmed, Corrected: !c.confirmed})
		lines = append(lines, c)
	}
	order := make([]int, len(fixed))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return beadStart(fixed[order[i]]) < beadStart(fixed[order[j]]) })
	// Beads may cross (a link out of order is kept as such); a paragraph
	// in two of them is reported.
	var ok []align.Bead
	usedA, usedB := map[int]bool{}, map[int]bool{}
	for _, i := range order {
		f := fixed[i]
		if slices.ContainsFunc(f.A, func(x int) bool { return usedA[x] }) || slices.ContainsFunc(f.B, func(x int) bool { return usedB[x] }) {
			unfit = append(unfit, lines[i])
			stale = append(stale, fmt.Sprintf("%s ↔ %s: a correction shares a paragraph with another: %s", corpus.ShowName(pc.fa), corpus.ShowName(pc.en), lines[i].line))
			continue
		}
		for _, x := range f.A {
			usedA[x] = true
		}
		for _, x := range f.B {
			usedB[x] = true
		}
		ok = append(ok, f)
	}
	return ok, unfit, stale
}

// beadStart orders beads: by their first Persian paragraph, else English.
func beadStart(b align.Bead) int {
	if len(b.A) > 0 {
		return b.A[0] * 2
	}
	return b.B[0]*2 + 1
}

// applyCorrections realigns every pair that has corrections around them,
// and records the corrections that no longer fit.
func (w *Workspace) applyCorrections(ctx context.Context, al *align.Aligner, pairs []align.DocPair) ([]align.DocPair, error) {
	cf, err := w.readCorrections()
	if err != nil {
		return nil, err
	}
	w.stale = nil
	byPair := map[[2]string]*pairCorrections{}
	for _, pc := range cf.pairs {
		if pc.header == "" {
			byPair[[2]string{pc.fa, pc.en}] = pc
		}
	}
	for i := range pairs {
		p := &pairs[i]
		pc := byPair[[2]string{p.FA, p.EN}]
		if pc == nil {
			continue
		}
		delete(byPair, [2]string{p.FA, p.EN})
		fa, en := w.Corpus.Doc(p.FA), w.Corpus.Doc(p.EN)
		fixed, _, stale := resolve(pc, fa, en)
		w.stale = append(w.stale, stale...)
		if len(fixed) == 0 {
			continue
		}
		if al.Rarity == nil {
			// Realign with the corpus's rarity of anchors, as pairing did.
			ra := *al
			ra.Rarity = al.NewRarity(w.Corpus.Docs)
			al = &ra
		}
		beads, err := al.AlignFixedAs(ctx, fa, en, p.Kind, fixed)
		if err != nil {
			return nil, fmt.Errorf("realign %s with %s around corrections: %w", corpus.ShowName(p.FA), corpus.ShowName(p.EN), err)
		}
		p.Beads = beads
	}
	for _, pc := range cf.pairs {
		if pc.header == "" && byPair[[2]string{pc.fa, pc.en}] != nil {
			w.stale = append(w.stale, fmt.Sprintf("%s ↔ %s: corrections for a pair that is no longer paired (pin it in %s)", corpus.ShowName(pc.fa), corpus.ShowName(pc.en), RulesFile))
		}
	}
	return pairs, nil
}

// Stale lists the corrections that no longer fit, as found by the last
// call of Pairs.
func (w *Workspace) Stale() []string { return w.stale }

// SaveCorrections records a pair's fixed beads (confirmed or corrected),
// replacing what the file held for the pair, but keeping its corrections
// that no longer fit. The file is replaced atomically.
func (w *Workspace) SaveCorrections(p align.DocPair) error {
	if err := w.NeedWrite(); err != nil {
		return err
	}
	fa, en := w.Corpus.Doc(p.FA), w.Corpus.Doc(p.EN)
	if fa == nil || en == nil {
		return fmt.Errorf("save corrections: %s or %s is not in the corpus", p.FA, p.EN)
	}
	problems := len(w.problems)
	cf, err := w.readCorrections()
	w.problems = w.problems[:problems] // reported when the pairs were read
	if err != nil {
		return err
	}
	var pc *pairCorrections
	for _, x := range cf.pairs {
		if x.header == "" && x.fa == p.FA && x.en == p.EN {
			pc = x
		}
	}
	if pc == nil {
		pc = &pairCorrections{fa: p.FA, en: p.EN}
		cf.pairs = append(cf.pairs, pc)
	}
	// Lines that could not be read, and corrections that no longer fit,
	// stay in the file for the person to see.
	var kept []correction
	for _, c := range pc.beads {
		if c.bad {
			kept = append(kept, c)
		}
	}
	_, unfit, _ := resolve(pc, fa, en)
	ka, kb := ParagraphKeys(fa), ParagraphKeys(en)
	pc.beads = append(kept, unfit...)
	for _, b := range p.Beads {
		if !b.Fixed() {
			continue
		}
		c := correction{confirmed: b.Confirmed}
		for _, i := range b.A {
			c.fa = append(c.fa, ka[i])
		}
		for _, j := range b.B {
			c.en = append(c.en, kb[j])
		}
		c.line = correctionLine(c, preview(fa, b.A), preview(en, b.B))
		pc.beads = append(pc.beads, c)
	}
	return WriteFileAtomic(w.Path(CorrectionsFile), func(f *os.File) error { return writeCorrections(f, cf) })
}

// writeCorrections writes a corrections file: the header, the lines that
// could not be read before any pair, then each pair with its beads.
func writeCorrections(w io.Writer, cf correctionsFile) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(correctionsHeader)
	for _, l := range cf.lead {
		fmt.Fprintf(bw, "%s\n", l)
	}
	for _, x := range cf.pairs {
		if len(x.beads) == 0 && x.header == "" {
			continue
		}
		if x.header != "" {
			fmt.Fprintf(bw, "\n%s\n", x.header)
		} else {
			fmt.Fprintf(bw, "\npair %s %s\n", quoteField(x.fa), quoteField(x.en))
		}
		for _, c := range x.beads {
			fmt.Fprintf(bw, "  %s\n", c.line)
		}
	}
	return bw.Flush()
}

func correctionLine(c correction, faText, enText string) string {
	kind := "corrected"
	if c.confirmed {
		kind = "confirmed"
	}
	list := func(keys []string) string {
		if len(keys) == 0 {
			return "-"
		}
		return strings.Join(keys, ",")
	}
	// The previews are a comment for people reading the file: they must
	// not end the line.
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, s)
	}
	return fmt.Sprintf("%s fa:%s en:%s   # %s | %s", kind, list(c.fa), list(c.en), clean(faText), clean(enText))
}

// preview is the start of a bead side's text, for people reading the file.
func preview(d *corpus.Document, idx []int) string {
	if len(idx) == 0 {
		return "-"
	}
	t := strings.Join(strings.Fields(d.Paragraphs[idx[0]].Text), " ")
	if utf8.RuneCountInString(t) > 40 {
		t = string([]rune(t)[:40]) + "…"
	}
	return t
}
