package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"hamta/align"
)

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
// changed, and computes (and, holding the lock, saves) them otherwise.
// Alignments are saved as they are done, so a run cut short resumes where
// it stopped (Resumed says how many it found). The pairs a person
// corrected are realigned around their corrections; Stale then lists the
// corrections that no longer fit, and Problems the lines of the rules and
// corrections files that were skipped.
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
	w.resumed = w.readJournal(c.Alignments)
	memo := *al
	memo.Memo = c.Alignments
	var cp *checkpointer
	if w.Writable() {
		cp = newCheckpointer(w, memo.Memo)
	}
	pairs, err := memo.Pair(ctx, w.Corpus.Docs, rules, align.DefaultPairOptions(), func(done, total int) {
		if cp != nil {
			cp.maybe()
		}
		if progress != nil {
			progress(done, total)
		}
	})
	if err != nil {
		if cp != nil {
			cp.save()
			cp.close(false)
		}
		return nil, err
	}
	if w.Writable() {
		out := pairCache{Version: align.Version, Key: key, Alignments: map[string][]align.Bead{}}
		// Keep only alignments of documents still in the corpus.
		live := map[string]bool{}
		for _, d := range w.Corpus.Docs {
			live[d.Hash] = true
		}
		for k, v := range memo.Memo {
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
			cp.save()
			cp.close(false)
			return nil, err
		}
		cp.close(true)
	}
	return w.applyCorrections(ctx, al, pairs)
}

// Resumed returns how many alignments the last call of Pairs found saved
// by an earlier run that was cut short.
func (w *Workspace) Resumed() int { return w.resumed }

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
