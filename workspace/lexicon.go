package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"hamta/align"
	"hamta/corpus"
	"hamta/lexicon"
)

// Files of the learned lexicon: the lexicon, and the key of the beads it
// was learned from, written after it.
const (
	LexiconFile    = "lexicon.bin"
	lexiconKeyFile = "lexicon.key"
)

// MinLexiconScore is the least score of a bead the lexicon learns from,
// unless a person confirmed or made it: a bead's score is the chance its
// link is right.
const MinLexiconScore = 0.7

// lexiconVersion changes when what the lexicon is learned from changes.
const lexiconVersion = "1"

// LexiconPairs lists the segments the lexicon learns from: every linked
// bead a person confirmed or made, and every other linked bead scoring at
// least MinLexiconScore, its paragraphs' texts joined.
func LexiconPairs(docs func(id string) *corpus.Document, pairs []align.DocPair) []lexicon.Pair {
	var out []lexicon.Pair
	for _, p := range pairs {
		fa, en := docs(p.FA), docs(p.EN)
		if fa == nil || en == nil {
			continue
		}
		for _, b := range p.Beads {
			if !b.Linked() || (!b.Fixed() && b.Score < MinLexiconScore) {
				continue
			}
			w := b.Score
			if b.Fixed() {
				w = 1
			}
			out = append(out, lexicon.Pair{FA: joinParas(fa, b.A), EN: joinParas(en, b.B), Weight: w})
		}
	}
	return out
}

func joinParas(d *corpus.Document, idx []int) string {
	parts := make([]string, 0, len(idx))
	for _, i := range idx {
		if i >= 0 && i < len(d.Paragraphs) {
			parts = append(parts, d.Paragraphs[i].Text)
		}
	}
	return strings.Join(parts, " ")
}

// lexiconKey names the segments a lexicon is learned from.
func lexiconKey(segs []lexicon.Pair) string {
	h := sha256.New()
	fmt.Fprintf(h, "lexicon %s\n", lexiconVersion)
	for _, s := range segs {
		fmt.Fprintf(h, "%q %q %.3f\n", s.FA, s.EN, s.Weight)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Lexicon returns the bilingual lexicon learned from the pairs' confident
// beads: the saved one when it was learned from the same beads, else a
// new one, saved when this process holds the workspace.
func (w *Workspace) Lexicon(ctx context.Context, pairs []align.DocPair) (*lexicon.Lexicon, error) {
	segs := LexiconPairs(w.Corpus.Doc, pairs)
	key := lexiconKey(segs)
	if b, err := w.readOptional(lexiconKeyFile); err == nil && strings.TrimSpace(string(b)) == key {
		if l, err := lexicon.Load(w.Path(LexiconFile)); err == nil {
			return l, nil
		}
	}
	l, err := lexicon.Learn(ctx, segs, lexicon.Options{})
	if err != nil {
		return nil, fmt.Errorf("learn the lexicon: %w", err)
	}
	if !w.Writable() {
		return l, nil
	}
	if err := WriteFileAtomic(w.Path(LexiconFile), func(f *os.File) error {
		_, err := l.WriteTo(f)
		return err
	}); err != nil {
		return nil, err
	}
	if err := WriteFileAtomic(w.Path(lexiconKeyFile), func(f *os.File) error {
		_, err := f.WriteString(key + "\n")
		return err
	}); err != nil {
		return nil, err
	}
	return l, nil
}

// OpenLexicon reads the lexicon saved in a workspace folder, as it is,
// without reading the corpus: for a quick search or terms lookup. It
// returns nil and no error when none was saved yet.
func OpenLexicon(dir string) (*lexicon.Lexicon, error) {
	l, err := lexicon.Load(lexiconPath(dir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return l, err
}

func lexiconPath(dir string) string { return filepath.Join(dir, LexiconFile) }
