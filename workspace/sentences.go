package workspace

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"hamta/align"
	"hamta/corpus"
	"hamta/lexicon"
)

// AlignSentences aligns the sentences inside the paragraph beads of every
// pair (align.AlignSentences), with the words of lex as evidence when it
// is not nil, on every core. It returns each pair's sentence beads, in
// the order of pairs; nil for a pair whose documents docs does not find.
func AlignSentences(ctx context.Context, al *align.Aligner, docs func(id string) *corpus.Document, pairs []align.DocPair, lex *lexicon.Lexicon) ([][]align.SentenceBead, error) {
	out := make([][]align.SentenceBead, len(pairs))
	var mu sync.Mutex
	var first error
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, len(pairs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p := pairs[i]
				fa, en := docs(p.FA), docs(p.EN)
				if fa == nil || en == nil {
					continue
				}
				sbs, err := al.AlignSentences(ctx, fa, en, p.Beads, p.Kind, lex)
				if err != nil {
					mu.Lock()
					if first == nil {
						first = fmt.Errorf("align the sentences of %s and %s: %w", corpus.ShowName(p.FA), corpus.ShowName(p.EN), err)
					}
					mu.Unlock()
					continue
				}
				out[i] = sbs
			}
		}()
	}
	for i := range pairs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if first != nil {
		return nil, first
	}
	return out, nil
}
