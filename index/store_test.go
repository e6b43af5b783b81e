package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"hamta/align"
	"hamta/corpus"
)

// syncSample builds the sample corpus's index in dir.
func syncSample(t *testing.T, dir string) (*Index, Stats) {
	t.Helper()
	c, pairs := sample()
	x, st, err := Sync(context.Background(), dir, c.Docs, pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return x, st
}

// mustFind checks that the index answers a query the sample corpus holds.
func mustFind(t *testing.T, x *Index) {
	t.Helper()
	if r := find(t, x, "Haniyeh", Options{}); len(r.Hits) == 0 {
		t.Error("Haniyeh: no hits")
	}
}

func currentGen(t *testing.T, dir string) string {
	t.Helper()
	fm, err := readFolderManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, fm.Current)
}

// changedDocs returns the sample documents with one changed.
func changedDocs(t *testing.T) []*corpus.Document {
	t.Helper()
	c, _ := sample()
	changed, err := corpus.Parse("002_714cc25dd3f7c4d2.txt", []byte("A new paragraph about Tabriz.\n\nAnother one."))
	if err != nil {
		t.Fatal(err)
	}
	var docs []*corpus.Document
	for _, d := range c.Docs {
		if d.ID == changed.ID {
			d = changed
		}
		docs = append(docs, d)
	}
	return docs
}

func TestRepairDamaged(t *testing.T) {
	damage := []struct {
		name string
		do   func(t *testing.T, gen string)
		// writerOnly damage is in a file only writers read.
		writerOnly bool
	}{
		{"truncated segment", func(t *testing.T, gen string) {
			zaps, _ := filepath.Glob(filepath.Join(gen, "store", "*.zap"))
			if len(zaps) == 0 {
				t.Fatal("no segment")
			}
			fi, _ := os.Stat(zaps[0])
			if err := os.Truncate(zaps[0], fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"segment with a flipped byte", func(t *testing.T, gen string) {
			zaps, _ := filepath.Glob(filepath.Join(gen, "store", "*.zap"))
			b, _ := os.ReadFile(zaps[0])
			b[len(b)/3] ^= 0xff
			os.WriteFile(zaps[0], b, 0o600)
		}, false},
		{"missing segment", func(t *testing.T, gen string) {
			zaps, _ := filepath.Glob(filepath.Join(gen, "store", "*.zap"))
			os.Remove(zaps[0])
		}, false},
		{"root.bolt garbage", func(t *testing.T, gen string) {
			p := filepath.Join(gen, "store", "root.bolt")
			b, _ := os.ReadFile(p)
			for i := 0; i < len(b); i += 7 {
				b[i] ^= 0x5a
			}
			os.WriteFile(p, b, 0o600)
		}, false},
		{"root.bolt truncated", func(t *testing.T, gen string) {
			os.Truncate(filepath.Join(gen, "store", "root.bolt"), 100)
		}, false},
		{"root.bolt empty", func(t *testing.T, gen string) {
			os.Truncate(filepath.Join(gen, "store", "root.bolt"), 0)
		}, false},
		{"index_meta.json damaged", func(t *testing.T, gen string) {
			os.WriteFile(filepath.Join(gen, "index_meta.json"), []byte(`{"storage":"scorch","index_type":`), 0o600)
		}, false},
		{"index_meta.json missing", func(t *testing.T, gen string) {
			os.Remove(filepath.Join(gen, "index_meta.json"))
		}, false},
		{"docs.json damaged", func(t *testing.T, gen string) {
			os.WriteFile(filepath.Join(gen, "docs.json"), []byte(`{"version":`), 0o600)
		}, true},
		{"generation missing", func(t *testing.T, gen string) {
			os.RemoveAll(gen)
		}, false},
		{"manifest damaged", func(t *testing.T, gen string) {
			os.WriteFile(filepath.Join(filepath.Dir(gen), manifestFile), []byte("{"), 0o600)
		}, false},
	}
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			x, _ := syncSample(t, dir)
			x.Close()
			d.do(t, currentGen(t, dir))

			// A reader learns that the index is damaged, on opening it or
			// at the latest from Check after a failed or odd search.
			x, err := Open(dir)
			if d.writerOnly {
				if err != nil {
					t.Fatalf("open: %v", err)
				}
				x.Close()
			} else if err == nil {
				_, serr := x.Search(context.Background(), "Haniyeh", Options{})
				err = x.Check()
				x.Close()
				t.Logf("opened; search error %v", serr)
			}
			if !d.writerOnly {
				if !errors.Is(err, ErrDamaged) {
					t.Fatalf("damage not found: %v", err)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error of more than one line: %q", err)
				}
				t.Logf("reader: %v", err)
			}

			// A writer rebuilds it, beside the damaged one.
			start := time.Now()
			x, st := syncSample(t, dir)
			defer x.Close()
			t.Logf("rebuilt in %v: %s", time.Since(start), st.Repaired)
			if st.Repaired == "" || !st.Rebuilt {
				t.Errorf("stats %+v", st)
			}
			mustFind(t, x)
			if err := x.Check(); err != nil {
				t.Error(err)
			}
			if gens := generations(dir); len(gens) != 1 {
				t.Errorf("generations left: %v", gens)
			}
		})
	}
}

// TestReadersWhileWriting opens the index as the browser does and keeps it
// open while another writer updates it: the reader keeps searching what
// it opened, a new reader sees the update, and the old generation goes
// once nobody has it open.
func TestReadersWhileWriting(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	x, _ := syncSample(t, dir)
	x.Close()
	reader, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	reader2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer reader2.Close()
	old := currentGen(t, dir)

	_, pairs := sample()
	start := time.Now()
	w, st, err := Sync(context.Background(), dir, changedDocs(t), pairs, nil)
	if err != nil {
		t.Fatalf("update while readers have the index open: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("update took %v", d)
	}
	if st.Rebuilt || st.Indexed != 2 {
		t.Errorf("stats %+v", st)
	}
	if r := find(t, w, "Tabriz", Options{}); len(r.Hits) != 1 {
		t.Errorf("writer: Tabriz %d hits", len(r.Hits))
	}
	if r := find(t, reader, "Tabriz", Options{}); len(r.Hits) != 0 {
		t.Errorf("old reader sees a half-way state: %d hits", len(r.Hits))
	}
	mustFind(t, reader)
	fresh, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r := find(t, fresh, "Tabriz", Options{}); len(r.Hits) != 1 {
		t.Errorf("new reader: Tabriz %d hits", len(r.Hits))
	}
	fresh.Close()
	if _, err := os.Stat(old); err != nil {
		t.Errorf("generation in use removed: %v", err)
	}
	// Once the readers close, the next write removes their generation.
	reader.Close()
	reader2.Close()
	w.Close()
	w, _, err = Sync(context.Background(), dir, changedDocs(t), pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("unused generation kept: %v", err)
	}
}

// TestUpdateWhileSearching runs searches in one goroutine while another
// applies updates to the same open index, as the browser does.
func TestUpdateWhileSearching(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	x, _ := syncSample(t, dir)
	defer x.Close()
	c, pairs := sample()
	changed := changedDocs(t)
	done := make(chan error)
	go func() {
		for i := range 6 {
			docs := c.Docs
			if i%2 == 0 {
				docs = changed
			}
			if _, err := x.Update(context.Background(), docs, pairs); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			if gens := generations(dir); len(gens) != 1 {
				t.Errorf("generations left: %v", gens)
			}
			return
		default:
			mustFind(t, x)
		}
	}
}

func TestWriterInUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	x, _ := syncSample(t, dir)
	defer x.Close()
	lock, err := lockWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.unlock()
	c, pairs := sample()
	start := time.Now()
	if _, _, err := Sync(context.Background(), dir, c.Docs, pairs, nil); !errors.Is(err, ErrInUse) {
		t.Errorf("second writer = %v, want ErrInUse", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v to say so", d)
	}
	// Readers are not held up by the writer.
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := Open(filepath.Join(t.TempDir(), "none")); !errors.Is(err, ErrNotFound) {
		t.Errorf("open missing = %v", err)
	}
}

// TestCrashStates builds, for each step of a write, the folder a crash at
// that step leaves, and checks that readers see a whole index and the
// next writer finishes the job.
func TestCrashStates(t *testing.T) {
	_, pairs := sample()
	states := []struct {
		name string
		// crash makes the state from a folder holding one complete
		// generation of the sample corpus.
		crash func(t *testing.T, dir string)
		// tabriz is whether readers then see the changed corpus.
		tabriz bool
	}{
		{"new generation folder made, nothing in it", func(t *testing.T, dir string) {
			os.MkdirAll(filepath.Join(dir, "gen-000002"), 0o755)
		}, false},
		{"building recorded, generation half written", func(t *testing.T, dir string) {
			fm, _ := readFolderManifest(dir)
			fm.Building = "gen-000002"
			writeFolderManifest(dir, fm)
			os.MkdirAll(filepath.Join(dir, "gen-000002", "store"), 0o755)
			os.WriteFile(filepath.Join(dir, "gen-000002", "store", "000000000001.zap"), []byte("half a segm"), 0o600)
		}, false},
		{"generation complete, manifest not yet replaced", func(t *testing.T, dir string) {
			// A complete build of the changed corpus in another folder,
			// moved in as the next generation.
			other := filepath.Join(t.TempDir(), "index")
			y, _, err := Sync(context.Background(), other, changedDocs(t), pairs, nil)
			if err != nil {
				t.Fatal(err)
			}
			y.Close()
			fm, _ := readFolderManifest(dir)
			fm.Building = "gen-000002"
			writeFolderManifest(dir, fm)
			if err := os.Rename(currentGen(t, other), filepath.Join(dir, "gen-000002")); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"manifest written to its temporary file only", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, manifestFile+".tmp"), []byte(`{"format":2,"vers`), 0o600)
		}, false},
		{"manifest replaced, old generation not yet removed", func(t *testing.T, dir string) {
			other := filepath.Join(t.TempDir(), "index")
			y, _, err := Sync(context.Background(), other, changedDocs(t), pairs, nil)
			if err != nil {
				t.Fatal(err)
			}
			y.Close()
			if err := os.Rename(currentGen(t, other), filepath.Join(dir, "gen-000002")); err != nil {
				t.Fatal(err)
			}
			fm, _ := readFolderManifest(other)
			fm.Current = "gen-000002"
			writeFolderManifest(dir, fm)
		}, true},
		{"first index layout, cut between its two renames", func(t *testing.T, dir string) {
			// hamta's first layout swapped index → index.old, then
			// index.new-* → index; a crash between left no index folder.
			os.RemoveAll(dir)
			other := filepath.Join(t.TempDir(), "index")
			y, _ := syncSample(t, other)
			y.Close()
			os.Rename(currentGen(t, other), dir+".old")
			os.WriteFile(filepath.Join(dir+".old", "hamta-manifest.json"), []byte(`{"version":1}`), 0o600)
			os.MkdirAll(dir+".new-123/store", 0o755)
			os.WriteFile(filepath.Join(dir+".new-123", "index_meta.json"), []byte(`{}`), 0o600)
		}, false},
	}
	for _, s := range states {
		t.Run(s.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			x, _ := syncSample(t, dir)
			x.Close()
			s.crash(t, dir)

			// Readers see one whole index, old or new.
			if r, err := Open(dir); err == nil {
				mustFind(t, r)
				if got := len(find(t, r, "Tabriz", Options{}).Hits) == 1; got != s.tabriz {
					t.Errorf("reader sees the change: %v, want %v", got, s.tabriz)
				}
				r.Close()
			} else if !errors.Is(err, ErrNotFound) {
				t.Fatalf("reader: %v", err)
			}

			// The next writer finishes the job and clears what the crash
			// left.
			y, st, err := Sync(context.Background(), dir, changedDocs(t), pairs, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer y.Close()
			if st.Repaired != "" {
				t.Errorf("repaired %q: a crash needs no repair", st.Repaired)
			}
			if r := find(t, y, "Tabriz", Options{}); len(r.Hits) != 1 {
				t.Errorf("after sync: Tabriz %d hits", len(r.Hits))
			}
			if gens := generations(dir); len(gens) != 1 {
				t.Errorf("generations left: %v", gens)
			}
			left, _ := filepath.Glob(dir + ".*")
			tmp, _ := filepath.Glob(filepath.Join(dir, "*.tmp"))
			if len(left)+len(tmp) > 0 {
				t.Errorf("left behind: %v %v", left, tmp)
			}
		})
	}
}

// TestInterruptedBuildResumes cuts a build short after its first batch and
// checks that the next one indexes only the rest, and that readers never
// see the half-built index.
func TestInterruptedBuildResumes(t *testing.T) {
	docs := generatedCorpus(t, 3*batchSize)
	dir := filepath.Join(t.TempDir(), "index")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	total := 0
	_, _, err := Sync(ctx, dir, docs, nil, func(done, all int) {
		total = all
		cancel()
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build = %v", err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrNotFound) {
		t.Errorf("half-built index opened: %v", err)
	}
	x, st, err := Sync(context.Background(), dir, docs, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if !st.Resumed || st.Indexed >= total || st.Indexed == 0 {
		t.Errorf("resumed build: %+v of %d paragraphs", st, total)
	}
	if st.Paragraphs != total {
		t.Errorf("%d paragraphs indexed in all, want %d", st.Paragraphs, total)
	}
	if err := x.Check(); err != nil {
		t.Error(err)
	}
	if r := find(t, x, "earthquake", Options{}); r.Total == 0 {
		t.Error("earthquake: no hits")
	}

	// An update cut short the same way leaves the complete index to
	// readers, and is finished by the next one.
	changed := append([]*corpus.Document(nil), docs...)
	for i := 0; i < len(changed); i += 3 {
		nd := *changed[i]
		nd.Hash += "-edited"
		changed[i] = &nd
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if _, err = x.Update(ctx, changed, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled update = %v", err)
	}
	x.Close()
	r, err := Open(dir)
	if err != nil {
		t.Fatalf("after an interrupted update: %v", err)
	}
	if r.Stats().Paragraphs != total {
		t.Errorf("reader sees %d paragraphs", r.Stats().Paragraphs)
	}
	r.Close()
	x, st, err = Sync(context.Background(), dir, changed, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if st.Indexed == 0 || st.Paragraphs != total {
		t.Errorf("update finished: %+v", st)
	}
	if gens := generations(dir); len(gens) != 1 {
		t.Errorf("generations left: %v", gens)
	}
}

// TestFinishedBuildIsPublished leaves a complete generation that a crash
// kept from being published: the next sync publishes it without indexing
// again.
func TestFinishedBuildIsPublished(t *testing.T) {
	c, pairs := sample()
	dir := filepath.Join(t.TempDir(), "index")
	x, _ := syncSample(t, dir)
	x.Close()
	// Move the generation aside as if it had just been built, with no
	// current one.
	fm, _ := readFolderManifest(dir)
	fm.Building, fm.Current = fm.Current, ""
	writeFolderManifest(dir, fm)
	x, st, err := Sync(context.Background(), dir, c.Docs, pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if st.Indexed != 0 || !st.Resumed {
		t.Errorf("stats %+v", st)
	}
	mustFind(t, x)
}

// TestOtherVersionRebuilt leaves an index made by another version of
// hamta: readers find none, and the next sync builds one.
func TestOtherVersionRebuilt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	x, _ := syncSample(t, dir)
	x.Close()
	b, _ := os.ReadFile(filepath.Join(dir, manifestFile))
	os.WriteFile(filepath.Join(dir, manifestFile), []byte(strings.Replace(string(b), fmt.Sprintf(`"version":%d`, version), `"version":0`, 1)), 0o600)
	if _, err := Open(dir); !errors.Is(err, ErrNotFound) {
		t.Fatalf("open = %v", err)
	}
	// Cut short: the manifest it leaves must not name the old index as
	// one of this version.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, pairs := sample()
	if _, _, err := Sync(ctx, dir, c.Docs, pairs, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled sync = %v", err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrNotFound) {
		t.Errorf("after a cut-short rebuild, open = %v", err)
	}
	x, st := syncSample(t, dir)
	defer x.Close()
	if !st.Rebuilt || st.Repaired != "" {
		t.Errorf("stats %+v", st)
	}
	mustFind(t, x)
	if gens := generations(dir); len(gens) != 1 {
		t.Errorf("generations left: %v", gens)
	}
}

// TestCompaction updates an index that has grown past compactRatio of a
// fresh build's size (made to look so by its manifest) and checks that the
// update merges it back, and that it still holds and finds everything.
func TestCompaction(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 3,000 paragraphs")
	}
	ctx := context.Background()
	docs := generatedCorpus(t, 3000)
	dir := filepath.Join(t.TempDir(), "index")
	x, fresh, err := Sync(ctx, dir, docs, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	// Many updates, each replacing a third of the documents.
	for round := range 3 {
		for i := range docs {
			if i%3 == round%3 {
				nd := *docs[i]
				nd.Hash = fmt.Sprintf("%s-%d", docs[i].Hash, round)
				docs[i] = &nd
			}
		}
		x, st, err := Sync(ctx, dir, docs, nil, nil)
		if err != nil || st.Rebuilt {
			t.Fatal(st, err)
		}
		x.Close()
	}
	fm, err := readFolderManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	// As if a fresh build were half the size it is.
	fm.FreshBytes = fresh.DiskBytes / 2
	if err := writeFolderManifest(dir, fm); err != nil {
		t.Fatal(err)
	}
	nd := *docs[0]
	nd.Hash += "-last"
	docs[0] = &nd
	x, st, err := Sync(ctx, dir, docs, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if !st.Compacted || st.DiskBytes > fresh.DiskBytes*11/10 || st.Paragraphs != fresh.Paragraphs {
		t.Errorf("after compaction: %+v; fresh build %d bytes, %d paragraphs", st, fresh.DiskBytes, fresh.Paragraphs)
	}
	if err := x.Check(); err != nil {
		t.Fatal(err)
	}
	if segs, _ := filepath.Glob(filepath.Join(dir, st.Generation, "store", "*.zap")); len(segs) != 1 {
		t.Errorf("%d segments after compaction", len(segs))
	}
	if r := find(t, x, "earthquake", Options{}); r.Total == 0 {
		t.Errorf("nothing found after compaction")
	}
	// Open again, as another process would.
	y, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	if n, err := y.bi.DocCount(); err != nil || int(n) != fresh.Paragraphs {
		t.Errorf("reopened: %d paragraphs, %v", n, err)
	}
}

// TestPlanSignatures holds plan to the signatures and counterparts an
// index already on disk was built with (the first way plan made them,
// written out below): a signature that changed would index every
// document again. The pairs overlap, so that which pair gives a
// paragraph its counterpart matters.
func TestPlanSignatures(t *testing.T) {
	docs := generatedCorpus(t, 600)
	pairs := generatedPairs(docs)
	// A comparable pair over each translation's documents, with beads of
	// several paragraphs and better scores, crossed with the next pair.
	for k := range pairs[:len(pairs)-1] {
		p, next := pairs[k], pairs[k+1]
		c := align.DocPair{FA: p.FA, EN: next.EN, Kind: align.Comparable, Score: 2}
		c.Beads = append(c.Beads, align.Bead{A: []int{0, 1}, B: []int{2}, Score: 0.97}, align.Bead{A: []int{3}, B: []int{}}, align.Bead{A: []int{5}, B: []int{0, 4, 7}, Score: 0.5})
		pairs = append(pairs, c)
	}
	got := plan(docs, pairs)

	// The first plan, with fmt and maps.
	sorted := append([]align.DocPair(nil), pairs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if (sorted[i].Kind == align.Translation) != (sorted[j].Kind == align.Translation) {
			return sorted[i].Kind == align.Translation
		}
		return sorted[i].Score > sorted[j].Score
	})
	type cp struct {
		pair       string
		paras, own []int
		score      float64
	}
	cps := map[string]map[int]cp{}
	set := func(doc string, para int, c cp) {
		if cps[doc] == nil {
			cps[doc] = map[int]cp{}
		}
		if _, done := cps[doc][para]; !done {
			cps[doc][para] = c
		}
	}
	for _, p := range sorted {
		for _, b := range p.Beads {
			if b.Linked() {
				for _, i := range b.A {
					set(p.FA, i, cp{p.EN, b.B, b.A, b.Score})
				}
				for _, j := range b.B {
					set(p.EN, j, cp{p.FA, b.A, b.B, b.Score})
				}
			}
		}
	}
	withCP := 0
	for _, d := range docs {
		h := sha256.New()
		fmt.Fprintf(h, "v%d %s %s\n", version, d.Hash, d.Lang)
		var paras []int
		for _, p := range d.Paragraphs {
			if !indexed(p) {
				continue
			}
			if c, ok := cps[d.ID][p.Index]; ok {
				fmt.Fprintf(h, "%d %s %s %s %.3f\n", p.Index, c.pair, align.FormatParas(c.paras), align.FormatParas(c.own), c.score)
				withCP++
			}
			paras = append(paras, p.Index)
		}
		pl := got[d.ID]
		if pl == nil {
			t.Fatalf("%s not planned", d.ID)
		}
		if sig := hex.EncodeToString(h.Sum(nil)); pl.entry.Sig != sig || !slices.Equal(pl.entry.Paras, paras) {
			t.Errorf("%s: signature %s, paragraphs %v; were %s, %v", d.ID, pl.entry.Sig, pl.entry.Paras, sig, paras)
		}
		for _, pd := range pl.paras() {
			c, ok := cps[d.ID][int(pd.Para)]
			if want := (paragraphDoc{Pair: c.pair, CParas: align.FormatParas(c.paras), BParas: align.FormatParas(c.own), CScore: c.score}); ok && (pd.Pair != want.Pair || pd.CParas != want.CParas || pd.BParas != want.BParas || pd.CScore != want.CScore) {
				t.Errorf("%s ¶%v: counterpart %s %s %s %v, was %s %s %s %v", d.ID, pd.Para, pd.Pair, pd.CParas, pd.BParas, pd.CScore, want.Pair, want.CParas, want.BParas, want.CScore)
			} else if !ok && pd.Pair != "" {
				t.Errorf("%s ¶%v: counterpart %s, had none", d.ID, pd.Para, pd.Pair)
			}
		}
	}
	if withCP < 100 {
		t.Fatalf("only %d paragraphs with a counterpart: the test shows little", withCP)
	}
}
