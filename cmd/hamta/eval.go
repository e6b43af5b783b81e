package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"hamta/align"
	"hamta/corpus"
)

type evalOptions struct {
	bench  string
	set    string
	format string
	learn  bool
}

func evalCommand() *command {
	return &command{
		name:    "eval",
		args:    "GOLD TEST [GOLD TEST...] | --bench DIR",
		summary: "score alignments against gold: strict and lax precision, recall, F1",
		about: `Score test alignments against gold alignments, as Vecalign's score.py does:
beads written one a line as [a indices]:[b indices] (0-based); precision over
test beads, recall over gold links; counts summed over all pairs of files.

With --bench DIR, align every NAME.xx / NAME.yy pair of sentence-per-line
files that has a gold file NAME.xxyy (the layout of the Text+Berg test set)
and score the result. With --learn, align them in two passes as a corpus:
a lexicon is learned from the first pass's confident links of every pair
in the folder (the gold unread, whatever --set names), and each pair is
aligned again near its first pass with the lexicon's words as evidence.`,
		setup: withOptions(func(o *evalOptions, fs *flag.FlagSet) {
			fs.StringVar(&o.bench, "bench", "", "align and score the test set in `folder`")
			fs.StringVar(&o.set, "set", "test", "with --bench, only documents whose name starts with `prefix`")
			fs.BoolVar(&o.learn, "learn", false, "with --bench, a second pass with a lexicon learned from the whole folder")
			enumVar(fs, &o.format, "format", "text", "output `format`", "text", "json")
		}, runEval),
	}
}

func runEval(ctx context.Context, e *env, o *evalOptions, args []string) error {
	var sc align.Scorer
	switch {
	case o.bench != "":
		if len(args) > 0 {
			return usagef("--bench takes no file arguments")
		}
		n, err := evalBench(ctx, &sc, o.bench, o.set, o.learn)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("%s: no NAME.xxyy gold files with NAME.xx and NAME.yy beside them", o.bench)
		}
	case o.learn:
		return usagef("--learn goes with --bench")
	case len(args) == 0 || len(args)%2 != 0:
		return usagef("want pairs of files GOLD TEST; got %d arguments", len(args))
	default:
		for i := 0; i < len(args); i += 2 {
			gold, err := readBeadsFile(args[i])
			if err != nil {
				return err
			}
			test, err := readBeadsFile(args[i+1])
			if err != nil {
				return err
			}
			sc.Add(gold, test)
		}
	}
	r := sc.Result()
	if o.format == "json" {
		return jsonOut(e.stdout).Encode(map[string]any{
			"precision_strict": r.PrecisionStrict, "recall_strict": r.RecallStrict, "f1_strict": r.F1Strict,
			"precision_lax": r.PrecisionLax, "recall_lax": r.RecallLax, "f1_lax": r.F1Lax,
			"test_beads": r.TestBeads, "gold_links": r.GoldLinks,
		})
	}
	fmt.Fprint(e.stdout, r.String())
	fmt.Fprintf(e.stdout, "(%d test beads, %d gold links)\n", r.TestBeads, r.GoldLinks)
	return nil
}

func readBeadsFile(path string) ([]align.Bead, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	beads, err := align.ReadBeads(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return beads, nil
}

// evalBench aligns and scores every document of a test-set folder whose
// name starts with prefix and returns how many it found; with learn, in
// two passes over every document of the folder (align.AlignCorpus).
func evalBench(ctx context.Context, sc *align.Scorer, dir, prefix string, learn bool) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var names []string
	for _, en := range entries {
		names = append(names, en.Name())
	}
	sort.Strings(names)
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	var a, b []*corpus.Document
	var golds [][]align.Bead
	var scored []bool
	for _, n := range names {
		ext := strings.TrimPrefix(filepath.Ext(n), ".")
		base := strings.TrimSuffix(n, filepath.Ext(n))
		inSet := strings.HasPrefix(base, prefix)
		if len(ext) != 4 || !inSet && !learn {
			continue
		}
		fa, fb := base+"."+ext[:2], base+"."+ext[2:]
		if !have[fa] || !have[fb] {
			continue
		}
		da, err := corpus.ReadFileLines(filepath.Join(dir, fa), corpus.Options{})
		if err != nil {
			return 0, err
		}
		db, err := corpus.ReadFileLines(filepath.Join(dir, fb), corpus.Options{})
		if err != nil {
			return 0, err
		}
		var gold []align.Bead
		if inSet {
			if gold, err = readBeadsFile(filepath.Join(dir, n)); err != nil {
				return 0, err
			}
		}
		a, b = append(a, da), append(b, db)
		golds, scored = append(golds, gold), append(scored, inSet)
	}
	al := align.NewAligner()
	var beads [][]align.Bead
	if learn {
		passes, err := al.AlignCorpus(ctx, a, b)
		if err != nil {
			return 0, err
		}
		beads = passes.Second
	} else {
		for i := range a {
			bs, err := al.AlignDocs(ctx, a[i], b[i])
			if err != nil {
				return 0, fmt.Errorf("align %s: %w", a[i].ID, err)
			}
			beads = append(beads, bs)
		}
	}
	count := 0
	for i := range a {
		if scored[i] {
			sc.Add(golds[i], beads[i])
			count++
		}
	}
	return count, nil
}
