package lexicon

import (
	"context"
	"hash/fnv"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hamta/corpus"
)

// generatedPairs makes aligned pairs of about n paragraphs in all from
// the gold beads of the fixtures and the sample. As index's generated
// corpus does, each copy has its copy number appended to every
// paragraph; besides, about one content word in eight is replaced by a
// form of its own for that copy, so that the vocabulary grows with the
// corpus, with a long tail of rare words, as a real archive's does.
func generatedPairs(tb testing.TB, n int) []Pair {
	gold := loadGold(tb)
	type bead struct {
		fa, en string
		paras  int
	}
	var beads []bead
	for _, g := range gold {
		for _, b := range g.Beads {
			if len(b.FA) > 0 && len(b.EN) > 0 {
				beads = append(beads, bead{beadText(g.FA, b.FA), beadText(g.EN, b.EN), len(b.FA) + len(b.EN)})
			}
		}
	}
	var out []Pair
	total := 0
	for copyNo := 0; total < n; copyNo++ {
		for _, b := range beads {
			out = append(out, Pair{
				FA:     vary(b.fa, corpus.LangFA, copyNo),
				EN:     vary(b.en, corpus.LangEN, copyNo),
				Weight: 0.9,
			})
			total += b.paras
		}
	}
	return out
}

// vary replaces about one content word in eight of text by a form of its
// own for copy copyNo, and appends the copy number.
func vary(text string, lang corpus.Lang, copyNo int) string {
	var sb strings.Builder
	last := 0
	for _, t := range Tokens(text, lang) {
		if !t.Content() {
			continue
		}
		h := fnv.New32a()
		h.Write([]byte(t.Surface))
		h.Write([]byte{byte(copyNo), byte(copyNo >> 8)})
		if h.Sum32()%8 != 0 {
			continue
		}
		sb.WriteString(text[last:t.ByteEnd])
		sb.WriteString(copyTag(lang, copyNo))
		last = t.ByteEnd
	}
	sb.WriteString(text[last:])
	sb.WriteString(" ")
	sb.WriteString(strconv.Itoa(copyNo))
	return sb.String()
}

// copyTag spells a copy number in letters of the language.
func copyTag(lang corpus.Lang, n int) string {
	letters := []rune("abcdefghijklmnopqrstuvwxyz")
	if lang == corpus.LangFA {
		letters = []rune("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")
	}
	var out []rune
	for {
		out = append(out, letters[n%len(letters)])
		n /= len(letters)
		if n == 0 {
			return string(out)
		}
	}
}

// peakHeap samples the heap while f runs and returns its peak in bytes.
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

// BenchmarkLearn100k learns a lexicon from aligned pairs of 100,000
// paragraphs in all (about 45,000 beads), reporting the peak heap and
// the CPU time used, which on a machine shared with other work says more
// than the elapsed time: on two idle cores the elapsed time is about
// half the CPU time.
func BenchmarkLearn100k(b *testing.B) {
	pairs := generatedPairs(b, 100000)
	runtime.GC()
	var lex *Lexicon
	var peak uint64
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		peak = max(peak, peakHeap(func() {
			var err error
			lex, err = Learn(context.Background(), pairs, Options{})
			if err != nil {
				b.Fatal(err)
			}
		}))
	}
	b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(pairs)), "pairs")
	b.ReportMetric(float64(lex.Len()), "entries")
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak-heap")
}

// BenchmarkLoadLookup measures what hamta terms WORD does on a 100,000
// paragraph corpus: load the saved lexicon and look a word up in each
// language.
func BenchmarkLoadLookup(b *testing.B) {
	lex, err := Learn(context.Background(), generatedPairs(b, 100000), Options{})
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "lexicon")
	if err := lex.Save(path); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		l, err := Load(path)
		if err != nil {
			b.Fatal(err)
		}
		if len(l.Translations("زمین‌لرزه‌ها", corpus.LangFA)) == 0 || len(l.Translations("inflation", corpus.LangEN)) == 0 {
			b.Fatal("no translation")
		}
	}
	b.ReportMetric(float64(lex.Len()), "entries")
}

// BenchmarkEntries measures listing the whole lexicon of a 100,000
// paragraph corpus as a glossary, after loading it.
func BenchmarkEntries(b *testing.B) {
	lex, err := Learn(context.Background(), generatedPairs(b, 100000), Options{})
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "lexicon")
	if err := lex.Save(path); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		l, err := Load(path)
		if err != nil {
			b.Fatal(err)
		}
		if len(l.Entries()) == 0 {
			b.Fatal("empty")
		}
	}
}

// spotCase is one keyword occurrence to spot.
type spotCase struct {
	fa, en string
	key    Span
}

// BenchmarkSpot measures spotting one keyword occurrence in a paragraph
// bead of the fixtures.
func BenchmarkSpot(b *testing.B) {
	gold := loadGold(b)
	lex, err := Learn(context.Background(), goldPairs(gold), Options{})
	if err != nil {
		b.Fatal(err)
	}
	var cases []spotCase
	for _, p := range goldPairs(gold) {
		for _, t := range Tokens(p.FA, corpus.LangFA) {
			if t.Content() {
				cases = append(cases, spotCase{p.FA, p.EN, Span{t.Start, t.End}})
			}
		}
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		c := cases[i%len(cases)]
		lex.Spot(c.fa, corpus.LangFA, c.key, c.en)
		i++
	}
}

// BenchmarkScore measures the lexical score of two sentences, and
// BenchmarkMatch the sums behind it, as the aligner takes them.
func BenchmarkScore(b *testing.B) { benchmarkScore(b, false) }
func BenchmarkMatch(b *testing.B) { benchmarkScore(b, true) }

func benchmarkScore(b *testing.B, match bool) {
	gold := loadGold(b)
	pairs := goldPairs(gold)
	lex, err := Learn(context.Background(), pairs, Options{})
	if err != nil {
		b.Fatal(err)
	}
	type ids struct{ fa, en []int32 }
	var sents []ids
	for _, p := range pairs {
		fs := corpus.SplitSentences(p.FA, corpus.LangFA)
		es := corpus.SplitSentences(p.EN, corpus.LangEN)
		for i := 0; i < min(len(fs), len(es)); i++ {
			sents = append(sents, ids{
				lex.IDs(Tokens(fs[i].Text(p.FA), corpus.LangFA), corpus.LangFA),
				lex.IDs(Tokens(es[i].Text(p.EN), corpus.LangEN), corpus.LangEN),
			})
		}
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		s := sents[i%len(sents)]
		if match {
			lex.Match([][]int32{s.fa}, [][]int32{s.en})
		} else {
			lex.Score(s.fa, s.en)
		}
		i++
	}
}
