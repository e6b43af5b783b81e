package workspace

import (
	"context"
	"path/filepath"

	"hamta/align"
	"hamta/index"
)

// IndexDir is the index folder inside a workspace.
const IndexDir = "index"

// IndexPath returns the index folder of the workspace folder dir.
func IndexPath(dir string) string { return filepath.Join(dir, IndexDir) }

// SyncIndex brings the workspace's index up to date with the corpus and
// the given pairs and returns it open for writing and searching.
func (w *Workspace) SyncIndex(ctx context.Context, pairs []align.DocPair, progress func(done, total int)) (*index.Index, index.Stats, error) {
	if err := w.NeedWrite(); err != nil {
		return nil, index.Stats{}, err
	}
	return index.Sync(ctx, IndexPath(w.Dir), w.Corpus.Docs, pairs, progress)
}

// UpdateIndex brings an index this process holds up to date after the
// pairs changed (a correction).
func (w *Workspace) UpdateIndex(ctx context.Context, x *index.Index, pairs []align.DocPair) error {
	if err := w.NeedWrite(); err != nil {
		return err
	}
	_, err := x.Update(ctx, w.Corpus.Docs, pairs)
	return err
}
