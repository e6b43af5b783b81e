package workspace

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"hamta/align"
)

// Rules reads the user's pair rules (pins and forbids) from pairs.txt.
func (w *Workspace) Rules() ([]align.Rule, error) {
	b, err := w.readOptional(RulesFile)
	if err != nil || b == nil {
		return nil, err
	}
	rules, err := align.ReadRules(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", w.Path(RulesFile), err)
	}
	return rules, nil
}

// SetRules replaces the pair rules.
func (w *Workspace) SetRules(rules []align.Rule) error {
	if err := w.NeedWrite(); err != nil {
		return err
	}
	return WriteFileAtomic(w.Path(RulesFile), func(f *os.File) error {
		f.WriteString("# hamta pair rules: \"pin FA EN [translation|comparable]\" or \"forbid FA EN\", one a line\n")
		return align.WriteRules(f, rules)
	})
}

// pairCache is what alignments.json holds: the pairs found for one state
// of the corpus and rules, and every alignment computed on the way, keyed
// by the two documents' hashes so that unchanged pairs are not aligned
// again when the corpus changes.
type pairCache struct {
	Version    string                  `json:"version"`
	Key        string                  `json:"key"`
	Pairs      []storedPair            `json:"pairs"`
	Alignments map[string][]align.Bead `json:"alignments"`
}

type storedPair struct {
	align.DocPair
	Beads []align.Bead `json:"beads"`
}

// Pairs returns the corpus's document pairs with their alignments, from the
// workspace's cache when neither the corpus, the rules nor the aligner has
// changed, and computes (and, holding the lock, saves) them otherwise. The
// pairs a person corrected are realigned around their corrections; Stale
// then lists the corrections that no longer fit.
func (w *Workspace) Pairs(ctx context.Context, al *align.Aligner, progress func(done, total int)) ([]align.DocPair, error) {
	rules, err := w.Rules()
	if err != nil {
		return nil, err
	}
	key := w.fingerprint(rules)
	var c pairCache
	if b, err := w.readOptional(cacheFile); err == nil && b != nil {
		if json.Unmarshal(b, &c) != nil || c.Version != align.Version {
			c = pairCache{}
		}
	}
	if c.Key == key {
		pairs := make([]align.DocPair, len(c.Pairs))
		for i, sp := range c.Pairs {
			pairs[i] = sp.DocPair
			pairs[i].Beads = sp.Beads
		}
		return w.applyCorrections(ctx, al, pairs)
	}
	if c.Alignments == nil {
		c.Alignments = map[string][]align.Bead{}
	}
	memo := *al
	memo.Memo = c.Alignments
	pairs, err := memo.Pair(ctx, w.Corpus.Docs, rules, align.DefaultPairOptions(), progress)
	if err != nil {
		return nil, err
	}
	if w.Writable() {
		out := pairCache{Version: align.Version, Key: key, Alignments: map[string][]align.Bead{}}
		// Keep only alignments of documents still in the corpus.
		live := map[string]bool{}
		for _, d := range w.Corpus.Docs {
			live[d.Hash] = true
		}
		for k, v := range c.Alignments {
			if a, b, ok := align.SplitMemoKey(k); ok && live[a] && live[b] {
				out.Alignments[k] = v
			}
		}
		for _, p := range pairs {
			out.Pairs = append(out.Pairs, storedPair{DocPair: p, Beads: p.Beads})
		}
		err := WriteFileAtomic(w.Path(cacheFile), func(f *os.File) error {
			return json.NewEncoder(f).Encode(out)
		})
		if err != nil {
			return nil, err
		}
	}
	return w.applyCorrections(ctx, al, pairs)
}

// fingerprint identifies the state of the corpus and rules that pairs are
// computed from.
func (w *Workspace) fingerprint(rules []align.Rule) string {
	h := sha256.New()
	fmt.Fprintf(h, "aligner %s\n", align.Version)
	docs := append(w.Corpus.Docs[:0:0], w.Corpus.Docs...)
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	for _, d := range docs {
		fmt.Fprintf(h, "doc %q %s\n", d.ID, d.Hash)
	}
	for _, r := range rules {
		fmt.Fprintf(h, "rule %v %q %q %s\n", r.Forbid, r.FA, r.EN, r.Kind)
	}
	return hex.EncodeToString(h.Sum(nil))
}
