package workspace

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"hamta/align"
	"hamta/corpus"
)

// Anchors reads back the anchors of the beads that pairs hold without
// them: pairing leaves them in the alignments pack (see
// align.AlignmentStore), and a view of one pair or an export takes them
// from there. Safe for concurrent use.
type Anchors struct {
	w  *Workspace
	mu sync.Mutex
	p  *pack
}

// OpenAnchors opens the saved alignments to read anchors from; Close it.
func (w *Workspace) OpenAnchors() (*Anchors, error) {
	p, err := openPack(w.Path(alignmentsFile), "alignments", align.Version, false)
	if err != nil {
		return nil, err
	}
	return &Anchors{w: w, p: p}, nil
}

// Close closes the alignments.
func (a *Anchors) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.p.close()
}

// Fill returns p with the anchors of its beads: each link without anchors
// takes those of the link of the same paragraphs in the pair's saved
// alignment. Beads a person made (Corrected) have none and are left so,
// as is a pair whose documents or alignment are not found. p's beads are
// not changed; the returned pair has its own.
func (a *Anchors) Fill(p align.DocPair) (align.DocPair, error) {
	if !lacksAnchors(p.Beads) {
		return p, nil
	}
	fa, en := a.w.Corpus.Doc(p.FA), a.w.Corpus.Doc(p.EN)
	if fa == nil || en == nil {
		return p, nil
	}
	var stored []align.Bead
	a.mu.Lock()
	ok, err := a.p.read(align.MemoKey(fa, en, p.Kind), func(b []byte) (err error) {
		stored, err = decodeBeads(b)
		return err
	})
	a.mu.Unlock()
	if err != nil {
		return p, fmt.Errorf("read the anchors of %s ↔ %s: %w", corpus.ShowName(p.FA), corpus.ShowName(p.EN), err)
	}
	if !ok {
		return p, nil
	}
	byParas := make(map[string][]align.Anchor, len(stored))
	for _, b := range stored {
		if len(b.Anchors) > 0 {
			byParas[parasKey(b)] = b.Anchors
		}
	}
	p.Beads = slices.Clone(p.Beads)
	for i, b := range p.Beads {
		if b.Anchors == nil && !b.Corrected && b.Linked() {
			p.Beads[i].Anchors = byParas[parasKey(b)]
		}
	}
	return p, nil
}

// FillAll is Fill of each pair.
func (a *Anchors) FillAll(pairs []align.DocPair) ([]align.DocPair, error) {
	out := make([]align.DocPair, len(pairs))
	for i, p := range pairs {
		var err error
		if out[i], err = a.Fill(p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// lacksAnchors reports whether a link in beads may have lost its anchors.
func lacksAnchors(beads []align.Bead) bool {
	for _, b := range beads {
		if b.Anchors == nil && !b.Corrected && b.Linked() {
			return true
		}
	}
	return false
}

// parasKey names the paragraphs of a bead.
func parasKey(b align.Bead) string {
	var sb strings.Builder
	for _, i := range b.A {
		sb.WriteString(strconv.Itoa(i))
		sb.WriteByte(',')
	}
	sb.WriteByte('|')
	for _, i := range b.B {
		sb.WriteString(strconv.Itoa(i))
		sb.WriteByte(',')
	}
	return sb.String()
}
