package workspace

import (
	"fmt"
	"slices"
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
	a.mu.Lock()
	stored, ok, err := readBeads(a.p, align.MemoKey(fa, en, p.Kind), decodeBeads)
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
			byParas[b.String()] = b.Anchors
		}
	}
	p.Beads = slices.Clone(p.Beads)
	for i, b := range p.Beads {
		if lostAnchors(b) {
			p.Beads[i].Anchors = byParas[b.String()]
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
	return slices.ContainsFunc(beads, lostAnchors)
}

// lostAnchors reports whether a bead is a link pairing may have left
// without its anchors: one a person made has none of its own.
func lostAnchors(b align.Bead) bool {
	return b.Anchors == nil && !b.Corrected && b.Linked()
}
