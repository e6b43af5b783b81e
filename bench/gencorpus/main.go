// Command gencorpus writes a generated corpus for benchmarks: copies of
// the alignment fixtures and the sample with numbers of their own.
//
//	go run ./bench/gencorpus -paragraphs 100000 -o /tmp/hamta-100k
package main

import (
	"flag"
	"fmt"
	"os"

	"hamta/bench"
)

func main() {
	n := flag.Int("paragraphs", 100000, "about this many `paragraphs`")
	out := flag.String("o", "", "write the corpus into this `folder` (must not exist)")
	root := flag.String("root", ".", "the repository's top `folder`")
	seed := flag.Uint64("seed", 1, "random `seed`")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gencorpus: want -o FOLDER")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "gencorpus: %s exists\n", *out)
		os.Exit(1)
	}
	g, err := bench.NewGenerator(*root, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	st, err := g.Write(*out, *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	fmt.Printf("%d files, %d pairs, %d paragraphs, %.1f MB in %s\n", st.Files, st.Pairs, st.Paragraphs, float64(st.Bytes)/(1<<20), *out)
}
