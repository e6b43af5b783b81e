package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"hamta/align"
)

// litPrefix is how the lit style starts a run of runes.
func litPrefix(p *pagerScreen) string {
	pre, _, _ := strings.Cut(p.c.st.lit.Render("x"), "x")
	return pre
}

// TestSentenceView drives the sentence level: v turns the view to
// sentence beads, ) and ( step through them, v turns back with the
// sentence the cursor was on lit on both sides, ) lights the next one,
// and an export from the sentence view writes its sentence beads.
func TestSentenceView(t *testing.T) {
	d, rec := testData(t)
	dir := t.TempDir()
	d.ExportDir = dir
	// The export writes what hamta export --unit sentence writes from
	// the request: the sentence beads given, checked against the beads.
	d.Export = func(_ context.Context, r ExportRequest) (string, int, error) {
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, r)
		rec.mu.Unlock()
		fa, en := d.doc(r.Pair.FA), d.doc(r.Pair.EN)
		if err := align.CheckSentenceBeads(fa, en, r.Pair.Beads, r.Sentences); err != nil {
			return "", 0, err
		}
		rows := align.SentenceRows(fa, en, r.Pair.Beads, r.Sentences, align.RowOptions{})
		f, err := os.Create(r.Path)
		if err != nil {
			return "", 0, err
		}
		defer f.Close()
		return r.Path, len(rows), align.WriteTSV(f, rows)
	}
	m, _ := newModel(t, d, 120, 40, BidiApp)
	drv := drive(m)
	drv.press("enter", "j", "j")
	p := pagerOf(t, m)
	bead := p.rows[p.cursor].bead

	drv.press("v")
	sv := &p.sv
	if !sv.on || !p.rows[p.cursor].sentence || p.rows[p.cursor].bead != bead {
		t.Fatalf("v: on %v, cursor row %+v, want a sentence of bead %d", sv.on, p.rows[p.cursor], bead)
	}
	first := sv.place[p.rows[p.cursor].sent]
	if want := fmt.Sprintf("sentence %d/%d · bead %d/", first+1, len(sv.order), bead+1); !strings.Contains(frameText(m), want) {
		t.Errorf("v: status without %q:\n%s", want, frameText(m))
	}
	for _, r := range p.rows {
		if r.bead >= 0 && !r.sentence && len(sv.byBead[r.bead]) > 0 {
			t.Fatalf("v: a paragraph row of bead %d, which has sentence beads", r.bead)
		}
	}
	// ) and ( step through the sentence beads in order.
	at := func(what string, place int) {
		t.Helper()
		r := p.rows[p.cursor]
		if !r.sentence || sv.place[r.sent] != place {
			t.Fatalf("%s: cursor on %+v, want sentence %d", what, r, place+1)
		}
		if want := fmt.Sprintf("sentence %d/%d", place+1, len(sv.order)); !strings.Contains(frameText(m), want) {
			t.Errorf("%s: status without %q", what, want)
		}
	}
	drv.press(")")
	at(")", first+1)
	drv.press("(")
	at("(", first)
	// On to the first linked sentence bead after this one.
	place := first + 1
	for ; place < len(sv.order) && !sv.sents[sv.order[place]].Linked(); place++ {
	}
	if place == len(sv.order) {
		t.Fatal("no linked sentence bead after the first")
	}
	for range place - first {
		drv.press(")")
	}
	at(") to a link", place)
	si := sv.order[place]
	sb := sv.sents[si]

	// v turns back: the paragraph bead's row, its sentence lit on both
	// sides.
	drv.press("v")
	if sv.on || p.rows[p.cursor].sentence || p.rows[p.cursor].bead != sb.Bead || sv.lit != si {
		t.Fatalf("v back: on %v, cursor row %+v, lit %d; want bead %d, lit %d", sv.on, p.rows[p.cursor], sv.lit, sb.Bead, si)
	}
	for _, r := range p.rows {
		if r.sentence {
			t.Fatal("v back: a sentence row in the paragraph view")
		}
	}
	litBoth := func(what string, si int) {
		t.Helper()
		sb := sv.sents[si]
		r := p.rows[p.cursor]
		for side, ss := range [2][]align.Sentence{sb.A, sb.B} {
			lit := p.litSpans(r, side, ss[0].Para)
			a, b := ss[0].Runes(p.doc(side))
			if len(lit) == 0 || lit[0].start != a || lit[0].end < b {
				t.Errorf("%s: side %d lit %v, want from rune %d to %d", what, side, lit, a, b)
			}
		}
		p.layout()
		rr := p.rendered[p.cursor]
		pre := litPrefix(p)
		if !strings.Contains(strings.Join(rr.left, "\n"), pre) || !strings.Contains(strings.Join(rr.right, "\n"), pre) {
			t.Errorf("%s: the lit sentence is not drawn lit in both panes", what)
		}
		if want := fmt.Sprintf("sentence %d/%d", sv.place[si]+1, len(sv.order)); !strings.Contains(frameText(m), want) {
			t.Errorf("%s: status without %q", what, want)
		}
	}
	litBoth("v back", si)
	// ) lights the next sentence bead, ( the one before again.
	drv.press(")")
	if sv.lit != sv.order[place+1] {
		t.Errorf("): lit %d, want %d", sv.lit, sv.order[place+1])
	}
	drv.press("(")
	if sv.lit != si {
		t.Errorf("(: lit %d, want %d", sv.lit, si)
	}
	litBoth("(", si)
	// Moving off the bead puts the light out.
	drv.press("k")
	if sv.lit != -1 && sv.sents[sv.lit].Bead != p.rows[p.cursor].bead {
		t.Errorf("k: lit %d in another bead", sv.lit)
	}
	drv.press("j")

	// Export from the sentence view: unit sentence, its sentence beads.
	drv.press("v", "e")
	e, ok := m.active().(*exportPrompt)
	if !ok {
		t.Fatalf("e: %T", m.active())
	}
	if e.unit != unitSentence || !strings.HasSuffix(e.path.Value(), "-sentences.tsv") {
		t.Fatalf("e from the sentence view: unit %d, path %q", e.unit, e.path.Value())
	}
	drv.press("enter")
	if len(rec.reqs) != 1 {
		t.Fatalf("%d export requests:\n%s", len(rec.reqs), frameText(m))
	}
	r := rec.reqs[0]
	if r.Unit != "sentence" || !reflect.DeepEqual(r.Sentences, sv.sents) {
		t.Fatalf("request by %s with %d sentence beads, want %d", r.Unit, len(r.Sentences), len(sv.sents))
	}
	f, err := os.Open(r.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := align.ReadTSV(f)
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	for _, s := range sv.sents {
		if s.Linked() {
			links++
		}
	}
	if len(rows) != links {
		t.Errorf("%d rows written, want one for each of %d linked sentence beads", len(rows), links)
	}
	fa, en := p.doc(0), p.doc(1)
	found := false
	for _, row := range rows {
		found = found || (strings.Contains(row.FAText, sb.A[0].Text(fa)) && strings.Contains(row.ENText, sb.B[0].Text(en)))
	}
	if !found {
		t.Errorf("the lit sentence bead is in no row of %s", filepath.Base(r.Path))
	}
	if !strings.Contains(frameText(m), "exported") {
		t.Errorf("no confirmation:\n%s", frameText(m))
	}
}

// collect runs a command and what it batches, and returns the messages
// they give, without delivering them.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, collect(c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}

// only returns the messages of type T.
func only[T any](msgs []tea.Msg) []T {
	var out []T
	for _, m := range msgs {
		if x, ok := m.(T); ok {
			out = append(out, x)
		}
	}
	return out
}

// TestSentencesWhileAligning: while the sentence beads are on their way
// the status says so; an answer aligned in beads a correction changed
// meanwhile is dropped and asked for again once the correction is saved;
// an error is shown and leaves the paragraph view.
func TestSentencesWhileAligning(t *testing.T) {
	d, _ := testData(t)
	d.SaveCorrections = func(align.DocPair) error { return nil }
	m, _ := newModel(t, d, 120, 40, BidiApp)
	drive(m).press("enter", "j", "j")
	p := pagerOf(t, m)

	_, cmd := m.Update(keyMsg("v"))
	if !strings.Contains(frameText(m), "aligning sentences…") || p.sv.on {
		t.Fatalf("v: no word of the sentences on their way, or turned already:\n%s", frameText(m))
	}
	asked := only[sentencesMsg](collect(cmd))
	// A correction while they are on their way: merge with the next bead.
	before := len(p.item.pair.Beads)
	_, cmd = m.Update(tea.KeyPressMsg{Code: 'm', Text: "m"})
	if len(p.item.pair.Beads) != before-1 {
		t.Fatalf("m: %d beads, want %d", len(p.item.pair.Beads), before-1)
	}
	saves := only[savedMsg](collect(cmd))
	if len(asked) != 1 || len(saves) != 1 {
		t.Fatalf("%d answers, %d saves", len(asked), len(saves))
	}
	// The answer for the beads before the merge comes first: dropped.
	m.Update(asked[0])
	if p.sv.on || p.sv.sents != nil || m.note.kind == noteErr || !strings.Contains(frameText(m), "aligning sentences…") {
		t.Fatalf("an answer for the beads before the merge was taken:\n%s", frameText(m))
	}
	// The merge is saved: asked again, and the view turns.
	_, cmd = m.Update(saves[0])
	again := only[sentencesMsg](collect(cmd))
	if len(again) != 1 {
		t.Fatalf("saved: %d requests, want 1", len(again))
	}
	drive(m).send(again[0])
	if !p.sv.on || !p.rows[p.cursor].sentence || strings.Contains(frameText(m), "aligning") {
		t.Fatalf("the answer for the beads as they are was not shown:\n%s", frameText(m))
	}
	if err := align.CheckSentenceBeads(p.fa, p.en, p.item.pair.Beads, p.sv.sents); err != nil {
		t.Errorf("the sentence beads shown do not fit: %v", err)
	}

	// An error is shown; the view stays as it was, and so does the next
	// pair opened.
	for _, fail := range []struct {
		name string
		f    func(context.Context, align.DocPair) ([]align.SentenceBead, error)
		want string
	}{
		{"error", func(context.Context, align.DocPair) ([]align.SentenceBead, error) {
			return nil, errors.New("align the sentences of a and b: out of patience")
		}, "out of patience"},
		{"misfit", func(context.Context, align.DocPair) ([]align.SentenceBead, error) {
			return []align.SentenceBead{{Bead: 0}}, nil
		}, "in no sentence bead"},
	} {
		d, _ := testData(t)
		d.Sentences = fail.f
		m, _ := newModel(t, d, 120, 40, BidiApp)
		drive(m).press("enter", "v")
		p := pagerOf(t, m)
		if p.sv.on || m.note.kind != noteErr || !strings.Contains(m.note.text, "sentences not aligned") || !strings.Contains(m.note.text, fail.want) {
			t.Errorf("%s: on %v, note %q", fail.name, p.sv.on, m.note.text)
		}
		if m.c.sentenceView {
			t.Errorf("%s: the next pair would open in the sentence view", fail.name)
		}
	}
}
