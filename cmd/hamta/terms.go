package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"hamta/corpus"
	"hamta/lexicon"
	"hamta/workspace"
)

type termsOptions struct {
	corpusFlags
	format string
}

func termsCommand() *command {
	return &command{
		name:    "terms",
		args:    "[DIR] [WORD]",
		summary: "the bilingual lexicon learned from the corpus; how a word is translated",
		about: `Show the bilingual lexicon learned from the corpus's confident and confirmed
beads. With no WORD, the whole lexicon, best first, as a glossary (TSV
columns fa, en, score, count). With a WORD (or a two-word phrase) in either
language, in any of its forms, its translations, best first, each with the
number of beads that link the two and a score in [0,1]. The lexicon saved in
the workspace is read as it is; when none is saved yet, the corpus is read,
aligned and indexed first. A single argument that names a folder is the
corpus: look a word up that names a folder here with --corpus.`,
		setup: withOptions(func(o *termsOptions, fs *flag.FlagSet) {
			o.corpusFlags.register(fs)
			enumVar(fs, &o.format, "format", "", "output `format`: %s (default tsv for the whole lexicon, text for a word)", "text", "json", "tsv")
		}, runTerms),
	}
}

func runTerms(ctx context.Context, e *env, o *termsOptions, args []string) error {
	var err error
	if len(args) == 1 && o.dir == "" && isDir(args[0]) {
		o.dir, args = args[0], nil
	} else if args, err = o.takeFolder(args, true); err != nil {
		return err
	}
	word := strings.TrimSpace(strings.Join(args, " "))
	lang := corpus.LangUnknown
	if word != "" {
		if lang = corpus.DetectLang(word); lang != corpus.LangFA && lang != corpus.LangEN {
			return usagef("no Persian or English word in %s", strconv.Quote(word))
		}
	}
	lex, err := openLexicon(ctx, e, o.corpusFlags)
	if err != nil {
		return err
	}
	format := o.format
	if word == "" {
		if format == "" {
			format = "tsv"
		}
		return writeGlossary(e.stdout, lex.Entries(), format)
	}
	if format == "" {
		format = "text"
	}
	return writeTranslations(e.stdout, word, lang, lex.Translations(word, lang), format, lex)
}

// openLexicon reads the lexicon saved in the corpus's workspace, without
// reading the corpus; when none is saved, or it is damaged, it opens the
// corpus the way search does, which learns and saves it.
func openLexicon(ctx context.Context, e *env, c corpusFlags) (*lexicon.Lexicon, error) {
	opts := c.options("hamta terms", workspace.Shared)
	dir, err := workspace.ResolveDir(opts)
	if err != nil {
		return nil, err
	}
	lex, err := workspace.OpenLexicon(dir)
	switch {
	case err == nil && lex != nil:
		return lex, nil
	case err == nil:
		fmt.Fprintf(e.stderr, "hamta: no lexicon yet; learning it in %s\n", corpus.ShowName(dir))
	case errors.Is(err, lexicon.ErrFormat):
		e.warnf("%v; learning it again", oneLine(err))
	default:
		return nil, err
	}
	s, err := workspace.Load(ctx, opts, progressFor(e))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	for _, w := range s.Warnings() {
		e.warnf("%s", w)
	}
	return s.LearnedLexicon(ctx)
}

// tsvField escapes a field as hamta's TSV does: tab, newline, carriage
// return and backslash as \t \n \r \\.
var tsvField = strings.NewReplacer("\\", `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`).Replace

// score writes a score with three decimals.
func score(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }

// jsonEntry is one entry of the glossary in JSON.
type jsonEntry struct {
	FA    string  `json:"fa"`
	EN    string  `json:"en"`
	Score float64 `json:"score"`
	Count int     `json:"count"`
}

// writeGlossary writes lexicon entries: TSV with a header row, JSON lines,
// or text for reading.
func writeGlossary(w io.Writer, entries []lexicon.Entry, format string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	switch format {
	case "json":
		enc := jsonOut(bw)
		for _, en := range entries {
			if err := enc.Encode(jsonEntry{FA: en.FA, EN: en.EN, Score: round3(en.Score), Count: en.Count}); err != nil {
				return err
			}
		}
	case "tsv":
		bw.WriteString("fa\ten\tscore\tcount\n")
		for _, en := range entries {
			fmt.Fprintf(bw, "%s\t%s\t%s\t%d\n", tsvField(en.FA), tsvField(en.EN), score(en.Score), en.Count)
		}
	default:
		if len(entries) == 0 {
			bw.WriteString("the lexicon is empty: no bead is confident or confirmed yet\n")
		}
		// Numbers first, so the columns stay straight whatever the
		// direction of the words.
		for _, en := range entries {
			fmt.Fprintf(bw, "%s %6d  %s  ↔  %s\n", score(en.Score), en.Count, en.FA, en.EN)
		}
		if len(entries) > 0 {
			fmt.Fprintf(bw, "%d entries (score, beads, Persian ↔ English)\n", len(entries))
		}
	}
	return bw.Flush()
}

// jsonTerm is "hamta terms --format json WORD".
type jsonTerm struct {
	Term         string            `json:"term"`
	Lang         corpus.Lang       `json:"lang"`
	Translations []jsonTranslation `json:"translations"`
}

type jsonTranslation struct {
	Text  string  `json:"text"`
	Count int     `json:"count"`
	Score float64 `json:"score"`
}

// writeTranslations writes a word's translations, best first.
func writeTranslations(w io.Writer, word string, lang corpus.Lang, entries []lexicon.Entry, format string, lex *lexicon.Lexicon) error {
	other := func(en lexicon.Entry) string {
		if lang == corpus.LangFA {
			return en.EN
		}
		return en.FA
	}
	switch format {
	case "json":
		j := jsonTerm{Term: word, Lang: lang, Translations: []jsonTranslation{}}
		for _, en := range entries {
			j.Translations = append(j.Translations, jsonTranslation{Text: other(en), Count: en.Count, Score: round3(en.Score)})
		}
		return jsonOut(w).Encode(j)
	case "tsv":
		return writeGlossary(w, entries, "tsv")
	}
	if len(entries) == 0 {
		fa, en := lex.Terms()
		_, err := fmt.Fprintf(w, "no translations of %s in the lexicon (%d entries, %d Persian and %d English terms)\n", word, lex.Len(), fa, en)
		return err
	}
	bw := bufio.NewWriter(w)
	for _, en := range entries {
		fmt.Fprintf(bw, "%s %6d  %s\n", score(en.Score), en.Count, other(en))
	}
	fmt.Fprintf(bw, "%d translations of %s (score, beads, translation)\n", len(entries), word)
	return bw.Flush()
}

// round3 keeps three decimals, as the lexicon file holds scores to about
// 1/65535 and more digits say nothing.
func round3(x float64) float64 {
	v, _ := strconv.ParseFloat(score(x), 64)
	return v
}
