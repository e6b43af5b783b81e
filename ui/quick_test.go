package ui

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"hamta/align"
	"hamta/corpus"
)

// previewOf makes a preview of full data as a workspace's library holds
// it: documents without paragraphs, pairs without beads, counts kept
// apart, and pairs read one at a time from the full data.
func previewOf(full *Data, opened *atomic.Int32) *Preview {
	p := &Preview{Counts: map[string]int{}, Data: &Data{Name: full.Name, Search: full.Search, Notes: []string{"the corpus is still being read"}}}
	byID := map[string]*corpus.Document{}
	for _, d := range full.Docs {
		byID[d.ID] = d
		p.Counts[d.ID] = paraCount(d)
		p.Data.Docs = append(p.Data.Docs, &corpus.Document{ID: d.ID, Lang: d.Lang, Title: d.Title, Hash: d.Hash})
	}
	for _, pr := range full.Pairs {
		pr.Beads = nil
		p.Data.Pairs = append(p.Data.Pairs, pr)
	}
	p.OpenPair = func(_ context.Context, pr align.DocPair) (*corpus.Document, *corpus.Document, []align.Bead, error) {
		opened.Add(1)
		for _, x := range full.Pairs {
			if x.FA == pr.FA && x.EN == pr.EN {
				return byID[pr.FA], byID[pr.EN], x.Beads, nil
			}
		}
		return nil, nil, nil, errors.New("no such pair")
	}
	p.Check = func(context.Context) (string, error) { return "2 changed", nil }
	return p
}

// body is a frame less its last two lines (the message and status bar).
func body(frame string) string {
	lines := strings.Split(frame, "\n")
	return strings.Join(lines[:len(lines)-2], "\n")
}

// nextLoadMsg waits for the background load's next message.
func nextLoadMsg(t *testing.T, m *Model) tea.Msg {
	t.Helper()
	select {
	case msg := <-m.loadCh:
		return msg
	case <-time.After(20 * time.Second):
		t.Fatal("the background load sent nothing")
		return nil
	}
}

func TestPreviewFirstFrameAndSwap(t *testing.T) {
	full, _ := testData(t)
	var opened atomic.Int32
	release := make(chan struct{})
	loadDone := make(chan struct{})
	cfg := Config{Bidi: BidiApp, Getenv: func(string) string { return "" }, Preview: previewOf(full, &opened),
		Load: func(ctx context.Context, progress func(string, int, int)) (*Data, error) {
			defer close(loadDone)
			progress("aligning candidate pairs", 1, 4)
			<-release
			return full, nil
		}}
	m := New(cfg)
	m.c.searchDelay = 0
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})

	// The first frame, before Load has returned: the library from the
	// preview, with the same rows as from the full data.
	first := frameText(m)
	want, _ := newModel(t, full, 120, 40, BidiApp)
	if body(first) != body(frameText(want)) {
		t.Fatalf("the preview's library differs from the full one:\n%s\n---\n%s", first, frameText(want))
	}
	if !strings.Contains(first, checking) {
		t.Errorf("no word of the check:\n%s", first)
	}

	m.Init()
	m.Update(nextLoadMsg(t, m)) // the check
	if f := frameText(m); !strings.Contains(f, "changed since it was last read (2 changed): updating") {
		t.Errorf("the change is not told:\n%s", f)
	}
	m.Update(nextLoadMsg(t, m)) // progress
	if f := frameText(m); !strings.Contains(f, "aligning candidate pairs 1/4") {
		t.Errorf("no progress in the status bar:\n%s", f)
	}

	// A pair opens at once, read alone.
	press(m, "down", "enter")
	p := pagerOf(t, m)
	if opened.Load() != 1 || len(p.rows) == 0 || p.item.pair == nil || len(p.item.pair.Beads) == 0 {
		t.Fatalf("pair not read alone: %d reads, %d rows", opened.Load(), len(p.rows))
	}
	// Export and the sentence view wait for the corpus, and say why.
	for _, c := range []struct{ key, want string }{
		{"e", "export waits until the corpus is read"},
		{"v", "sentences are aligned once the corpus is read"},
	} {
		press(m, c.key)
		if f := strings.ReplaceAll(frameText(m), "\n", " "); !strings.Contains(f, c.want) {
			t.Errorf("%s before the corpus is read:\n%s", c.key, frameText(m))
		}
	}
	press(m, "esc")
	if _, ok := m.active().(*libraryScreen); !ok {
		t.Fatal("esc did not go back to the library")
	}

	// The load ends while a pair is open: the pair stays as it is.
	press(m, "enter")
	close(release)
	<-loadDone
	m.Update(nextLoadMsg(t, m))
	if m.c.data == full || m.state != statePair {
		t.Fatal("the data was swapped under the open pair")
	}
	press(m, "esc", "f", "type:txt", "down")
	l := libOf(t, m)
	keep := itemID(l.current())
	before := body(frameText(m))
	// Back in the library with nothing to do: the full data comes in on
	// the next message, keeping the place and the filter.
	press(m, "down", "up")
	if m.c.data != full || m.c.quick != nil {
		t.Fatal("the full data did not come in")
	}
	l = libOf(t, m)
	if got := itemID(l.current()); got != keep || l.filter.Value() != "txt" || !l.filtering {
		t.Errorf("after the swap: item %q (want %q), filter %q (typing %v)", got, keep, l.filter.Value(), l.filtering)
	}
	if after := body(frameText(m)); after != before {
		t.Errorf("the library moved at the swap:\n%s\n---\n%s", before, after)
	}
	press(m, "enter")
	if p := pagerOf(t, m); len(p.rows) == 0 || opened.Load() != 1 {
		t.Errorf("after the swap, an item opens from the full data (%d rows, %d reads)", len(p.rows), opened.Load())
	}
}

func TestPreviewLoadFails(t *testing.T) {
	full, _ := testData(t)
	var opened atomic.Int32
	pv := previewOf(full, &opened)
	pv.Check = nil
	m := New(Config{Bidi: BidiApp, Getenv: func(string) string { return "" }, Preview: pv,
		Load: func(context.Context, func(string, int, int)) (*Data, error) {
			return nil, errors.New("open corpus /x: permission denied")
		}})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Init()
	m.Update(nextLoadMsg(t, m))
	f := frameText(m)
	if !strings.Contains(f, "could not be read: open corpus /x: permission denied") || !strings.Contains(f, "documents") {
		t.Errorf("the failure is not shown over the library:\n%s", f)
	}
	press(m, "enter")
	if p := pagerOf(t, m); len(p.rows) == 0 {
		t.Error("the library as last saved cannot be browsed")
	}
	press(m, "c")
	if f := frameText(m); !strings.Contains(f, "could not be read") {
		t.Errorf("corrections do not say why they wait:\n%s", f)
	}
}
