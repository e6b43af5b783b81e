package workspace

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
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
}

// pairCorrections are the corrections of one pair, in file order.
type pairCorrections struct {
	fa, en string
	beads  []correction
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

// readCorrections reads the corrections file.
func (w *Workspace) readCorrections() ([]*pairCorrections, error) {
	b, err := w.readOptional(CorrectionsFile)
	if err != nil || b == nil {
		return nil, err
	}
	return parseCorrections(b)
}

func parseCorrections(b []byte) ([]*pairCorrections, error) {
	var out []*pairCorrections
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	for n := 1; sc.Scan(); n++ {
		raw := sc.Text()
		line := raw
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		f, err := align.SplitFields(line)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", CorrectionsFile, n, err)
		}
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "pair":
			if len(f) != 3 {
				return nil, fmt.Errorf("%s line %d: want \"pair FA_DOC EN_DOC\"", CorrectionsFile, n)
			}
			out = append(out, &pairCorrections{fa: f[1], en: f[2]})
		case "confirmed", "corrected":
			if len(out) == 0 {
				return nil, fmt.Errorf("%s line %d: a bead before any pair line", CorrectionsFile, n)
			}
			if len(f) != 3 || !strings.HasPrefix(f[1], "fa:") || !strings.HasPrefix(f[2], "en:") {
				return nil, fmt.Errorf("%s line %d: want \"%s fa:KEYS en:KEYS\"", CorrectionsFile, n, f[0])
			}
			c := correction{confirmed: f[0] == "confirmed", fa: keyList(f[1][3:]), en: keyList(f[2][3:]), line: strings.TrimSpace(raw)}
			if len(c.fa) == 0 && len(c.en) == 0 {
				return nil, fmt.Errorf("%s line %d: a bead with no paragraphs", CorrectionsFile, n)
			}
			last := out[len(out)-1]
			last.beads = append(last.beads, c)
		default:
			return nil, fmt.Errorf("%s line %d: unknown %q: want pair, confirmed or corrected", CorrectionsFile, n, f[0])
		}
	}
	return out, sc.Err()
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
		a, okA := find(c.fa, ia)
		b, okB := find(c.en, ib)
		if !okA || !okB {
			unfit = append(unfit, c)
			stale = append(stale, fmt.Sprintf("%s ↔ %s: a correction no longer fits (its paragraphs changed): %s", pc.fa, pc.en, c.line))
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
			stale = append(stale, fmt.Sprintf("%s ↔ %s: a correction shares a paragraph with another: %s", pc.fa, pc.en, lines[i].line))
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
	cs, err := w.readCorrections()
	if err != nil {
		return nil, err
	}
	w.stale = nil
	byPair := map[[2]string]*pairCorrections{}
	for _, pc := range cs {
		byPair[[2]string{pc.fa, pc.en}] = pc
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
			return nil, fmt.Errorf("realign %s with %s around corrections: %w", p.FA, p.EN, err)
		}
		p.Beads = beads
	}
	for _, pc := range cs {
		if byPair[[2]string{pc.fa, pc.en}] != nil {
			w.stale = append(w.stale, fmt.Sprintf("%s ↔ %s: corrections for a pair that is no longer paired (pin it in %s)", pc.fa, pc.en, RulesFile))
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
	cs, err := w.readCorrections()
	if err != nil {
		return err
	}
	var pc *pairCorrections
	for _, x := range cs {
		if x.fa == p.FA && x.en == p.EN {
			pc = x
		}
	}
	if pc == nil {
		pc = &pairCorrections{fa: p.FA, en: p.EN}
		cs = append(cs, pc)
	}
	// What no longer fits stays in the file for the person to see.
	_, unfit, _ := resolve(pc, fa, en)
	ka, kb := ParagraphKeys(fa), ParagraphKeys(en)
	pc.beads = unfit
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
	return WriteFileAtomic(w.Path(CorrectionsFile), func(f *os.File) error {
		bw := bufio.NewWriter(f)
		bw.WriteString(correctionsHeader)
		for _, x := range cs {
			if len(x.beads) == 0 {
				continue
			}
			fmt.Fprintf(bw, "\npair %s %s\n", align.QuoteField(x.fa), align.QuoteField(x.en))
			for _, c := range x.beads {
				fmt.Fprintf(bw, "  %s\n", c.line)
			}
		}
		return bw.Flush()
	})
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
	return fmt.Sprintf("%s fa:%s en:%s   # %s | %s", kind, list(c.fa), list(c.en), faText, enText)
}

// preview is the start of a bead side's text, for people reading the file.
func preview(d *corpus.Document, idx []int) string {
	if len(idx) == 0 {
		return "-"
	}
	t := strings.Join(strings.Fields(d.Paragraphs[idx[0]].Text), " ")
	t = strings.ReplaceAll(t, "#", "")
	if utf8.RuneCountInString(t) > 40 {
		t = string([]rune(t)[:40]) + "…"
	}
	return t
}
