package index

import (
	"bytes"

	"fmt"

	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"hamta/align"
	"hamta/corpus"
)

// minViaSkeleton is the shortest transliteration skeleton used to find
// names across scripts in a search; shorter ones match too many words.
const minViaSkeleton = 3

// vocabFile, in a generation's folder, lists the transliteration
// skeleton of every term the generation indexed, so that a name typed in
// one script finds the other's spelling without a search reading the
// whole term dictionary: one line per term, "LANG\tSKELETON\tTERM",
// sorted. It is written with the generation; a generation without one
// (made by an earlier hamta) has its dictionary read on first use.
const vocabFile = "vocab.txt"

// vocabulary maps transliteration skeletons to the indexed terms of each
// language that have them, so a name typed in one script finds the other.
type vocabulary struct {
	// data is vocab.txt; lines the start of each of its lines.
	data  []byte
	lines []int32
}

// vocabulary opens, on first use, the skeletons of the index's terms.
func (x *Index) vocabulary() *vocabulary {
	x.vocabOnce.Do(func() {
		gen := filepath.Join(x.dir, x.fm.Current)
		if v, err := readVocab(gen); err == nil {
			x.vocab = v
			return
		}
		x.vocab = newVocab(scanVocab(x.bi))
	})
	return x.vocab
}

// vocabEntry is one line of vocab.txt.
type vocabEntry struct{ lang, skel, term string }

func (e vocabEntry) line() string { return e.lang + "\t" + e.skel + "\t" + e.term }

// scanVocab reads every exact term of an index's text fields and finds
// its skeleton.
func scanVocab(bi bleve.Index) []string {
	var out []string
	for _, lf := range []struct {
		lang  corpus.Lang
		field string
	}{{corpus.LangEN, fieldEN}, {corpus.LangFA, fieldFA}} {
		dict, err := bi.FieldDict(lf.field)
		if err != nil {
			continue
		}
		for {
			e, err := dict.Next()
			if err != nil || e == nil {
				break
			}
			if l, ok := vocabLine(lf.lang, e.Term); ok {
				out = append(out, l)
			}
		}
		dict.Close()
	}
	return out
}

// vocabLine is the line of vocab.txt for a term, if it has one.
func vocabLine(lang corpus.Lang, term string) (string, bool) {
	if isStemTerm(term) || strings.ContainsAny(term, "\t\n") {
		return "", false
	}
	sk := align.Skeleton(term, lang)
	if len(sk) < minViaSkeleton {
		return "", false
	}
	return vocabEntry{string(lang), sk, term}.line(), true
}

// newVocab makes a vocabulary of lines, sorting them.
func newVocab(lines []string) *vocabulary {
	slices.Sort(lines)
	lines = slices.Compact(lines)
	v := &vocabulary{lines: make([]int32, 0, len(lines))}
	var b bytes.Buffer
	for _, l := range lines {
		v.lines = append(v.lines, int32(b.Len()))
		b.WriteString(l)
		b.WriteByte('\n')
	}
	v.data = b.Bytes()
	return v
}

// readVocab reads a generation's vocab.txt.
func readVocab(gen string) (*vocabulary, error) {
	b, err := os.ReadFile(filepath.Join(gen, vocabFile))
	if err != nil {
		return nil, err
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		return nil, fmt.Errorf("%s: cut short", vocabFile)
	}
	v := &vocabulary{data: b, lines: make([]int32, 0, bytes.Count(b, []byte{'\n'}))}
	for i := 0; i < len(b); {
		v.lines = append(v.lines, int32(i))
		j := bytes.IndexByte(b[i:], '\n')
		i += j + 1
	}
	return v, nil
}

// line returns the k-th line, without its newline.
func (v *vocabulary) line(k int) []byte {
	end := len(v.data)
	if k+1 < len(v.lines) {
		end = int(v.lines[k+1])
	}
	return v.data[v.lines[k] : end-1]
}

// lookup returns the indexed terms of language to that transliterate like
// word, written in language from.
func (v *vocabulary) lookup(word string, from, to corpus.Lang) []string {
	sk := align.Skeleton(word, from)
	if len(sk) < minViaSkeleton {
		return nil
	}
	prefix := []byte(string(to) + "\t" + sk + "\t")
	k := sort.Search(len(v.lines), func(k int) bool { return bytes.Compare(v.line(k), prefix) >= 0 })
	var out []string
	for ; k < len(v.lines) && bytes.HasPrefix(v.line(k), prefix); k++ {
		out = append(out, string(v.line(k)[len(prefix):]))
	}
	return out
}

// writeVocab writes a generation's vocab.txt: from its term dictionary,
// or, when the generation was made from one that had one, from that one's
// lines and the terms of the paragraphs indexed since (terms of the
// paragraphs removed stay until the next full build; they find nothing).
func writeVocab(gen string, bi bleve.Index, from string, added []paragraphDoc) error {
	var lines []string
	old, err := os.ReadFile(filepath.Join(from, vocabFile))
	if from == "" || err != nil {
		lines = scanVocab(bi)
	} else {
		lines = strings.Split(strings.TrimSuffix(string(old), "\n"), "\n")
		for _, pd := range added {
			for _, lf := range []struct {
				lang         corpus.Lang
				field, text  string
				analyzerName string
			}{{corpus.LangEN, fieldEN, pd.TextEN, analyzerEN}, {corpus.LangFA, fieldFA, pd.TextFA, analyzerFA}} {
				if lf.text == "" {
					continue
				}
				a := bi.Mapping().AnalyzerNamed(lf.analyzerName)
				if a == nil {
					continue
				}
				for _, t := range a.Analyze([]byte(lf.text)) {
					if l, ok := vocabLine(lf.lang, string(t.Term)); ok {
						lines = append(lines, l)
					}
				}
			}
		}
	}
	v := newVocab(lines)
	path := filepath.Join(gen, vocabFile)
	if err := writeFileAtomic(path, v.data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
