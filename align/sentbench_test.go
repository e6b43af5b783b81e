package align

import (
	"context"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"hamta/lexicon"
)

// peakHeap samples the heap's objects while f runs and returns their
// peak in bytes.
func peakHeap(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return peak
}

// benchmarkSentences aligns the sentences inside the paragraph beads of
// the 45,000-paragraph pair of real text (about 150,000 sentences a
// side), without a lexicon or with one learned from a first pass,
// reporting the sentences, the CPU time (which on a machine shared with
// other work says more than the elapsed time) and the peak heap (the pair
// and its paragraph beads, made before, included).
func benchmarkSentences(b *testing.B, withLexicon bool) {
	ctx := context.Background()
	fa, en, _ := realisticPair(b, 45000)
	al := NewAligner()
	beads, kind, err := al.AlignAs(ctx, fa, en, "")
	if err != nil {
		b.Fatal(err)
	}
	var lex *lexicon.Lexicon
	if withLexicon {
		first, err := al.AlignSentences(ctx, fa, en, beads, kind, nil)
		if err != nil {
			b.Fatal(err)
		}
		if lex, err = lexicon.Learn(ctx, SentencePairs(fa, en, first, MinLearnScore), lexicon.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var sbs []SentenceBead
	var peak uint64
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		peak = max(peak, peakHeap(func() {
			if sbs, err = al.AlignSentences(ctx, fa, en, beads, kind, lex); err != nil {
				b.Fatal(err)
			}
		}))
	}
	b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	_, na := sentenceNumbers(fa)
	_, nb := sentenceNumbers(en)
	b.ReportMetric(float64(na), "fa-sentences")
	b.ReportMetric(float64(nb), "en-sentences")
	b.ReportMetric(float64(len(sbs)), "sentence-beads")
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak-heap")
}

// BenchmarkAlignSentences45k and BenchmarkAlignSentences45kLexicon align
// the sentences of the 45,000-paragraph pair; the target is 8 s and
// 600 MB.
func BenchmarkAlignSentences45k(b *testing.B)        { benchmarkSentences(b, false) }
func BenchmarkAlignSentences45kLexicon(b *testing.B) { benchmarkSentences(b, true) }
