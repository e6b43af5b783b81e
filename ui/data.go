package ui

import (
	"context"

	"hamta/align"
	"hamta/corpus"
	"hamta/index"
)

// Data is what the browser shows: the corpus, its pairs with their
// alignments, and what it can do with them. The command line fills it
// from a workspace; tests fill it directly.
type Data struct {
	// Name is how the corpus is shown ("bundled sample corpus", a path).
	Name string
	// Docs are the documents, in order.
	Docs []*corpus.Document
	// Pairs are the document pairs with their beads.
	Pairs []align.DocPair
	// Problems are files that could not be read.
	Problems []corpus.Problem
	// Search runs a query; nil when search is unavailable (see Note).
	Search func(ctx context.Context, q string, opt index.Options) (index.Result, error)
	// Export writes a pair's aligned beads as TSV and returns the file.
	Export func(p align.DocPair) (string, error)
	// SaveCorrections records the beads a person confirmed or made in a
	// pair; nil when they cannot be saved (see Note).
	SaveCorrections func(p align.DocPair) error
	// Note says why something is unavailable, for the status bar.
	Note string
	// Close releases what the data holds (the index, the workspace).
	Close func() error
}

// doc returns the document with the given ID, or nil.
func (d *Data) doc(id string) *corpus.Document {
	for _, x := range d.Docs {
		if x.ID == id {
			return x
		}
	}
	return nil
}

// Loader produces the browser's data, reporting progress as it goes
// (stage names a step; done of total, total 0 when unknown).
type Loader func(ctx context.Context, progress func(stage string, done, total int)) (*Data, error)
