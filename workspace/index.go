package workspace

import (
	"context"
	"fmt"
	"path/filepath"

	"hamta/align"
	"hamta/corpus"
	"hamta/index"
)

// IndexDir is the index folder inside a workspace.
const IndexDir = "index"

// IndexPath returns the index folder of the workspace folder dir.
func IndexPath(dir string) string { return filepath.Join(dir, IndexDir) }

// SyncIndex brings the workspace's index up to date with the corpus and
// the given pairs and returns it open for searching; a damaged index is
// rebuilt (Stats.Repaired says why).
func (w *Workspace) SyncIndex(ctx context.Context, pairs []align.DocPair, progress func(done, total int)) (*index.Index, index.Stats, error) {
	if err := w.NeedWrite(); err != nil {
		return nil, index.Stats{}, err
	}
	return index.Sync(ctx, IndexPath(w.Dir), w.Corpus.Docs, pairs, progress)
}

// UpdateIndex brings an index this process opened up to date after the
// pairs changed (a correction); searches see the change once it is
// complete.
func (w *Workspace) UpdateIndex(ctx context.Context, x *index.Index, pairs []align.DocPair) error {
	if err := w.NeedWrite(); err != nil {
		return err
	}
	_, err := x.Update(ctx, w.Corpus.Docs, pairs)
	return err
}

// OpenIndex opens the index of a corpus's workspace for searching, without
// reading the corpus: the quick way for a search. It checks the workspace
// folder as Open does, but creates nothing; index.ErrNotFound says there
// is no index yet. The lexicon learned from the corpus, when one was
// saved, comes with it.
func OpenIndex(opts Options) (*index.Index, error) {
	dir, err := existingWorkspace(opts, func(dir string) error {
		return fmt.Errorf("open index in %s: %w", corpus.ShowName(dir), index.ErrNotFound)
	})
	if err != nil {
		return nil, err
	}
	x, err := index.Open(IndexPath(dir))
	if err != nil {
		return nil, err
	}
	// The learned lexicon as last saved: rebuilt by the next writer if
	// damaged, so a search does without it meanwhile.
	if l, err := OpenLexicon(dir); err == nil && l != nil {
		x.SetLearned(l)
	}
	return x, nil
}
