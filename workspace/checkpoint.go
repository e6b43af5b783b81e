package workspace

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"hamta/align"
)

// journalFile holds the alignments of a pairing run not yet finished, one
// a line, appended as they are done: a run cut short (Ctrl-C, a crash)
// resumes from them instead of aligning everything again. A finished run
// moves them into alignments.json and removes the journal.
const journalFile = "alignments.journal"

// checkpointEvery is how often alignments done are appended to the journal
// during a run; an interrupted run appends all of them before it stops.
const checkpointEvery = 5 * time.Second

type journalHeader struct {
	Aligner string `json:"aligner"` // align.Version the alignments were made by
}

type journalEntry struct {
	Key   string       `json:"key"`
	Beads []align.Bead `json:"beads"`
}

// readJournal adds the journal's alignments to memo and returns how many
// it held. A journal of another aligner version is ignored, and a last
// line cut short by a crash is dropped.
func (w *Workspace) readJournal(memo map[string][]align.Bead) int {
	f, err := os.Open(w.Path(journalFile))
	if err != nil {
		return 0
	}
	defer f.Close()
	r := bufio.NewReader(f)
	line, err := r.ReadBytes('\n')
	var h journalHeader
	if err != nil || json.Unmarshal(line, &h) != nil || h.Aligner != align.Version {
		return 0
	}
	n := 0
	for {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return n // io.EOF, or a line the crash cut short
		}
		var e journalEntry
		if json.Unmarshal(line, &e) != nil || e.Key == "" {
			return n
		}
		if _, ok := memo[e.Key]; !ok {
			n++
		}
		memo[e.Key] = e.Beads
	}
}

// checkpointer appends to the journal the alignments of a memo that are
// not saved yet.
type checkpointer struct {
	w     *Workspace
	memo  map[string][]align.Bead
	saved map[string]bool
	last  time.Time
	f     *os.File
	err   error
}

func newCheckpointer(w *Workspace, memo map[string][]align.Bead) *checkpointer {
	c := &checkpointer{w: w, memo: memo, saved: map[string]bool{}, last: time.Now()}
	for k := range memo {
		c.saved[k] = true
	}
	return c
}

// maybe saves now and then; it is called after each alignment, from the
// goroutine that fills the memo.
func (c *checkpointer) maybe() {
	if time.Since(c.last) >= checkpointEvery {
		c.save()
	}
}

// save appends every alignment not yet saved and flushes the journal to
// disk. A failure is remembered and stops further saving: the run goes on,
// it only cannot resume.
func (c *checkpointer) save() {
	c.last = time.Now()
	if c.err != nil {
		return
	}
	if c.f == nil {
		c.f, c.err = c.open()
		if c.err != nil {
			return
		}
	}
	bw := bufio.NewWriter(c.f)
	enc := json.NewEncoder(bw)
	for k, v := range c.memo {
		if c.saved[k] {
			continue
		}
		if c.err = enc.Encode(journalEntry{Key: k, Beads: v}); c.err != nil {
			return
		}
		c.saved[k] = true
	}
	if c.err = bw.Flush(); c.err == nil {
		c.err = c.f.Sync()
	}
}

// open opens the journal for appending, starting it with its header when
// it is new or of another aligner.
func (c *checkpointer) open() (*os.File, error) {
	path := c.w.Path(journalFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	var h journalHeader
	line, rerr := bufio.NewReader(f).ReadBytes('\n')
	if rerr != nil || json.Unmarshal(line, &h) != nil || h.Aligner != align.Version {
		if err := f.Truncate(0); err != nil {
			f.Close()
			return nil, err
		}
		b, _ := json.Marshal(journalHeader{Aligner: align.Version})
		if _, err := f.WriteAt(append(b, '\n'), 0); err != nil {
			f.Close()
			return nil, err
		}
	}
	if err := trimTornLine(f); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// trimTornLine cuts a last line that a crash left without its newline,
// so that what is appended starts a line of its own.
func trimTornLine(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	end := fi.Size()
	buf := make([]byte, 64<<10)
	for pos := end; pos > 0; {
		n := int64(len(buf))
		if n > pos {
			n = pos
		}
		pos -= n
		if _, err := f.ReadAt(buf[:n], pos); err != nil {
			return err
		}
		for i := n - 1; i >= 0; i-- {
			if buf[i] == '\n' {
				if pos+i+1 == end {
					return nil
				}
				return f.Truncate(pos + i + 1)
			}
		}
	}
	return f.Truncate(0)
}

// close closes the journal; with done, the run finished and the journal is
// removed.
func (c *checkpointer) close(done bool) {
	if c.f != nil {
		c.f.Close()
	}
	if done {
		if err := os.Remove(c.w.Path(journalFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			c.err = err
		}
	}
}
