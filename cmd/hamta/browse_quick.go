package main

import (
	"context"
	"errors"

	"hamta/align"
	"hamta/corpus"
	"hamta/ui"
	"hamta/workspace"
)

// stillReading is why what needs the whole corpus waits while the
// browser shows the library as last saved.
const stillReading = "the corpus is still being read"

// preview is what the browser shows at once of a corpus opened before
// whose index is current: the library its workspace keeps, read without
// the corpus. It is nil when there is no such library (a first run, an
// index missing or damaged, another version's workspace): then the
// browser shows its loading screen until the corpus is read, as it
// always did. It says nothing on the terminal.
func preview(c corpusFlags) *ui.Preview {
	opts := c.options("the hamta browser", workspace.Shared)
	lib, err := workspace.Quick(opts)
	if err != nil || !lib.IndexCurrent(opts) {
		return nil
	}
	return previewOf(lib, opts)
}

// previewOf turns a library into the browser's preview: documents without
// their paragraphs, pairs without their beads, and the index opened for
// search without the corpus.
func previewOf(lib *workspace.Library, opts workspace.Options) *ui.Preview {
	d := &ui.Data{
		Name:        lib.Name,
		Docs:        make([]*corpus.Document, len(lib.Docs)),
		Pairs:       lib.Pairs, // the library is the browser's own
		ExportUnits: exportUnits(),
		Notes:       []string{stillReading},
	}
	counts := make(map[string]int, len(lib.Docs))
	for i, ld := range lib.Docs {
		d.Docs[i] = &corpus.Document{ID: ld.ID, Lang: ld.Lang, Langs: ld.Langs, Title: ld.Title, Meta: ld.Meta,
			Encoding: ld.Encoding, Format: ld.Format, Hash: ld.Hash, Size: ld.Size, Warnings: ld.Warnings}
		counts[ld.ID] = ld.Aligned
	}
	for _, p := range lib.Problems {
		d.Problems = append(d.Problems, corpus.Problem{Path: p.Path, Err: errors.New(p.Err)})
	}
	// Search reads the index alone, which a writer replaces beside it,
	// never under it.
	if x, err := workspace.OpenIndex(opts); err == nil {
		d.Search = x.Search
		d.Close = x.Close
	}
	return &ui.Preview{
		Data:   d,
		Counts: counts,
		OpenPair: func(_ context.Context, p align.DocPair) (*corpus.Document, *corpus.Document, []align.Bead, error) {
			return lib.OpenPair(opts, p)
		},
		OpenDoc: func(_ context.Context, id string) (*corpus.Document, error) {
			return lib.OpenDoc(opts, id)
		},
		Check: func(ctx context.Context) (string, error) {
			ch, err := lib.Verify(ctx, opts)
			if err != nil || ch.None() {
				return "", err
			}
			return ch.String(), nil
		},
	}
}
