package ui

import (
	"context"

	"hamta/align"
	"hamta/concord"
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
	// Search runs a query; nil when search is unavailable (see Notes).
	Search func(ctx context.Context, q string, opt index.Options) (index.Result, error)
	// Concord lists the occurrences of a word as concordance lines, each
	// with its counterpart and spotted translation; nil when it is
	// unavailable (see Notes).
	Concord func(ctx context.Context, word string, opt concord.Options) ([]concord.Line, error)
	// Export writes a pair's beads as a request asks, with the checks and
	// refusals of hamta export, and returns the file's absolute path and
	// the number of beads written; nil when exporting is unavailable.
	Export func(ctx context.Context, r ExportRequest) (path string, beads int, err error)
	// ExportDir is the folder the export prompt offers (the workspace's
	// exports folder); never the current directory.
	ExportDir string
	// ExportUnits are the units Export takes ("paragraph" when empty).
	ExportUnits []string
	// Sentences aligns the sentences inside a pair's paragraph beads, as
	// the pair stands after its last saved correction; it may take
	// seconds on a long pair, and is called off the event loop. nil when
	// the sentence view is unavailable.
	Sentences func(ctx context.Context, p align.DocPair) ([]align.SentenceBead, error)
	// Anchors returns a pair with the anchors of its beads, when Pairs
	// hold them without (a large corpus keeps them on disk); nil when
	// Pairs hold them.
	Anchors func(p align.DocPair) (align.DocPair, error)
	// SaveCorrections records the beads a person confirmed or made in a
	// pair; nil when they cannot be saved (see Notes).
	SaveCorrections func(p align.DocPair) error
	// Notes are what the user should know from the start, one message a
	// line: why search or saving is unavailable, an index repaired.
	Notes []string
	// Close releases what the data holds (the index, the workspace).
	Close func() error
}

// ExportRequest is what the export prompt asks Data.Export to write.
type ExportRequest struct {
	// Pair is the pair, with the beads as the browser shows them.
	Pair align.DocPair
	// Format is one of ExportFormats(): tsv, tmx or jsonl.
	Format string
	// Unit is what a row holds: paragraph or sentence.
	Unit string
	// Sentences are, for unit sentence, the pair's sentence beads as the
	// browser shows them (aligned in Pair's beads); nil when it has none,
	// and Export aligns them.
	Sentences []align.SentenceBead
	// Path is the absolute path of the file to write.
	Path string
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
