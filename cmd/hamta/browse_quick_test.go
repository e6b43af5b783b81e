package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"hamta/corpus"
	"hamta/index"
	"hamta/workspace"
)

// TestBrowserPreview follows a real workspace: no library at first, the
// library shown at once once the corpus was read, a changed file told
// and its pair left to the full load, and no preview over a damaged
// index.
func TestBrowserPreview(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../testdata/corpus")); err != nil {
		t.Fatal(err)
	}
	c := corpusFlags{dir: dir, maxSize: corpus.DefaultMaxSize}
	ctx := context.Background()
	if pv := preview(c); pv != nil {
		t.Fatal("a preview of a corpus never read")
	}
	full, err := loader(c)(ctx, func(string, int, int) {})
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()

	pv := preview(c)
	if pv == nil {
		t.Fatal("no preview of a current workspace")
	}
	defer pv.Data.Close()
	if len(pv.Data.Docs) != len(full.Docs) || len(pv.Data.Pairs) != len(full.Pairs) || pv.Data.Name != full.Name {
		t.Fatalf("preview: %d documents, %d pairs (%q); full: %d, %d (%q)", len(pv.Data.Docs), len(pv.Data.Pairs), pv.Data.Name, len(full.Docs), len(full.Pairs), full.Name)
	}
	for i, d := range full.Docs {
		aligned := 0
		for _, p := range d.Paragraphs {
			if p.Aligned() {
				aligned++
			}
		}
		q := pv.Data.Docs[i]
		if q.ID != d.ID || q.Title != d.Title || q.Lang != d.Lang || len(q.Paragraphs) != 0 || pv.Counts[d.ID] != aligned {
			t.Errorf("document %d: preview %s %q %s %d¶, full %s %q %s %d¶", i, q.ID, q.Title, q.Lang, pv.Counts[q.ID], d.ID, d.Title, d.Lang, aligned)
		}
	}
	if pv.Data.Search == nil {
		t.Error("no search in the preview of an indexed corpus")
	} else if res, err := pv.Data.Search(ctx, "Iran", index.Options{Limit: 10}); err != nil || len(res.Hits) == 0 {
		t.Errorf("search in the preview: %d hits, %v", len(res.Hits), err)
	}
	if ch, err := pv.Check(ctx); ch != "" || err != nil {
		t.Errorf("check of a current corpus: %q, %v", ch, err)
	}
	// The full load's pairs hold their anchors on disk; read back, they
	// are the saved alignment the preview reads.
	if full.Anchors == nil {
		t.Fatal("no anchors reader in the full load")
	}
	pair, err := full.Anchors(full.Pairs[0])
	if err != nil {
		t.Fatal(err)
	}
	fa, en, beads, err := pv.OpenPair(ctx, pv.Data.Pairs[0])
	if err != nil || fa.ID != pair.FA || en.ID != pair.EN || !reflect.DeepEqual(beads, pair.Beads) {
		t.Fatalf("pair read alone: %v; %d beads, want %d", err, len(beads), len(pair.Beads))
	}

	// A file changes: the library is still shown at once, the check says
	// so, and that pair waits for the full load.
	path := filepath.Join(dir, filepath.FromSlash(pair.EN))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, "\n\nOne more paragraph at the end of the report.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Minute)
	os.Chtimes(path, later, later)
	pv2 := preview(c)
	if pv2 == nil {
		t.Fatal("no preview when a file changed: the check belongs in the background")
	}
	defer pv2.Data.Close()
	if ch, err := pv2.Check(ctx); ch != "1 changed" || err != nil {
		t.Errorf("check after a change: %q, %v", ch, err)
	}
	if _, _, _, err := pv2.OpenPair(ctx, pv2.Data.Pairs[0]); !errors.Is(err, workspace.ErrNeedLoad) {
		t.Errorf("the changed pair read alone: %v", err)
	}

	// A damaged index: no preview, the loading screen as before.
	var gen string
	filepath.WalkDir(workspace.IndexPath(filepath.Join(dir, workspace.DirName)), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".zap") && gen == "" {
			gen = p
		}
		return nil
	})
	if gen == "" {
		t.Fatal("no segment file in the index")
	}
	if err := os.Truncate(gen, 10); err != nil {
		t.Fatal(err)
	}
	if pv := preview(c); pv != nil {
		pv.Data.Close()
		t.Error("a preview over a damaged index")
	}
}
