package workspace

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"hamta/align"
	"hamta/corpus"
	"hamta/index"
	"hamta/lexicon"
)

// Progress is told how far a stage of opening a corpus has got: done of
// total, total 0 when not known.
type Progress func(stage string, done, total int)

// Stages of Load, as Progress names them.
const (
	StageRead  = "reading the corpus"
	StagePair  = "aligning candidate pairs"
	StageIndex = "indexing paragraphs"
	StageLearn = "learning the lexicon"
)

// Session is a corpus opened with its workspace as far as this process
// may: the document pairs with their alignments and corrections, and the
// search index.
type Session struct {
	*Workspace
	// Pairs are the document pairs, with their beads.
	Pairs []align.DocPair
	// Index is the search index, or nil when none can be opened; IndexErr
	// then says why.
	Index    *index.Index
	IndexErr error
	// IndexStats describe what Load did to the index.
	IndexStats index.Stats
	// Lexicon is the bilingual lexicon learned from the pairs' confident
	// beads (see LearnedLexicon).
	Lexicon *lexicon.Lexicon
	// Notes are what the user should be told about the opening, one line
	// each: an index repaired, a run resumed, why nothing can be saved.
	Notes []string

	aligner  *align.Aligner
	mu       sync.Mutex // one correction at a time
	lexStale bool       // a correction changed the beads Lexicon was learned from

	anchorsOnce sync.Once
	anchors     *Anchors
	anchorsErr  error

	sentMu sync.Mutex
	// sents holds the sentence beads of pairs already asked for, by
	// pairKey; a correction to a pair drops its entry.
	sents map[string][]align.SentenceBead
	// sentGen counts corrections, so that sentence beads aligned while a
	// correction was made are not kept.
	sentGen uint64
}

// pairKey names a pair of documents.
func pairKey(fa, en string) string { return fa + "\x00" + en }

// Load opens a corpus the way hamta does everywhere: when this process can
// hold the workspace, it pairs and aligns the documents (resuming a run
// cut short), saves what it computed, and builds, updates, resumes or
// repairs the index; when another process holds the workspace, or it is
// read-only, it computes the pairs without saving them and opens the
// index as it is, for reading. With Exclusive access it fails at once,
// before reading the corpus, when it cannot hold the workspace.
func Load(ctx context.Context, opts Options, progress Progress) (*Session, error) {
	stage := func(name string) func(done, total int) {
		if progress == nil {
			return nil
		}
		return func(done, total int) { progress(name, done, total) }
	}
	if progress != nil {
		progress(StageRead, 0, 0)
	}
	w, err := open(opts)
	if err != nil {
		return nil, err
	}
	// The files' stamps before they are read, for the library.
	stamps, err := stampFiles(ctx, opts)
	if err != nil {
		w.Close()
		return nil, err
	}
	if err := w.load(ctx, opts, stamps); err != nil {
		w.Close()
		return nil, err
	}
	s := &Session{Workspace: w, aligner: align.NewAligner()}
	if s.Pairs, err = w.Pairs(ctx, s.aligner, stage(StagePair)); err != nil {
		w.Close()
		return nil, err
	}
	if n := w.Resumed(); n > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("took up an interrupted run: %d alignments it had saved were kept", n))
	}
	if progress != nil {
		progress(StageLearn, 0, 0)
	}
	if s.Lexicon, err = w.Lexicon(ctx, s.Pairs); err != nil {
		w.Close()
		return nil, err
	}
	if w.Writable() {
		var x *index.Index
		x, s.IndexStats, err = w.SyncIndex(ctx, s.Pairs, stage(StageIndex))
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			w.Close()
			return nil, err
		}
		s.Index, s.IndexErr = x, err
		if r := s.IndexStats.Repaired; r != "" {
			s.Notes = append(s.Notes, fmt.Sprintf("the search index was damaged (%s); it was rebuilt in %s", r, corpus.ShowName(IndexPath(w.Dir))))
		} else if s.IndexStats.Resumed && s.IndexStats.Indexed > 0 {
			s.Notes = append(s.Notes, "took up an interrupted index build")
		}
	} else {
		switch s.Index, err = index.Open(IndexPath(w.Dir)); {
		case errors.Is(err, index.ErrNotFound):
			s.IndexErr = fmt.Errorf("no index in %s, and none can be built now: %w", corpus.ShowName(IndexPath(w.Dir)), joinErr{err, w.NeedWrite()})
		case errors.Is(err, index.ErrDamaged):
			s.IndexErr = fmt.Errorf("the index in %s is damaged (%s), and it cannot be rebuilt now: %w", corpus.ShowName(IndexPath(w.Dir)), index.DamageReason(err), joinErr{err, w.NeedWrite()})
		case err != nil:
			s.IndexErr = err
		}
		s.Notes = append(s.Notes, "nothing is saved: "+w.NeedWrite().Error())
	}
	if s.Index != nil {
		s.Index.SetLearned(s.Lexicon)
	}
	if w.Writable() && s.Index != nil {
		// What a browser shows at once next time (Quick). Failing to save
		// it only makes the next opening slower.
		s.saveLibrary(stamps)
	}
	return s, nil
}

// LearnedLexicon returns the lexicon learned from the pairs' confident
// beads, learning it again first when a correction changed them.
func (s *Session) LearnedLexicon(ctx context.Context) (*lexicon.Lexicon, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.lexStale && s.Lexicon != nil {
		return s.Lexicon, nil
	}
	l, err := s.Workspace.Lexicon(ctx, s.Pairs)
	if err != nil {
		return nil, err
	}
	s.Lexicon, s.lexStale = l, false
	if s.Index != nil {
		s.Index.SetLearned(l)
	}
	return l, nil
}

// SentenceBeads returns the sentence beads of one of the session's pairs:
// its sentences aligned inside its paragraph beads (corrections included),
// with the words of the session's lexicon as evidence besides lengths and
// anchors (align.AlignSentences). They are computed on first use and kept
// until a correction to the pair; a correction elsewhere leaves them,
// and the lexicon stays the one the session has until LearnedLexicon
// learns it again. Safe for concurrent use.
func (s *Session) SentenceBeads(ctx context.Context, p align.DocPair) ([]align.SentenceBead, error) {
	key := pairKey(p.FA, p.EN)
	s.sentMu.Lock()
	if sbs, ok := s.sents[key]; ok {
		s.sentMu.Unlock()
		return sbs, nil
	}
	gen := s.sentGen
	s.sentMu.Unlock()
	s.mu.Lock()
	// The pair as the session has it now: a correction may have changed
	// its beads since the caller took p.
	for _, q := range s.Pairs {
		if q.FA == p.FA && q.EN == p.EN {
			p = q
			break
		}
	}
	lex := s.Lexicon
	s.mu.Unlock()
	// Sentence-per-line documents' sentence beads are their paragraph
	// beads, anchors and all.
	p, err := s.Anchored(p)
	if err != nil {
		return nil, err
	}
	fa, en := s.Corpus.Doc(p.FA), s.Corpus.Doc(p.EN)
	if fa == nil || en == nil {
		return nil, fmt.Errorf("no pair %s : %s in the corpus", corpus.ShowName(p.FA), corpus.ShowName(p.EN))
	}
	sbs, err := s.aligner.AlignSentences(ctx, fa, en, p.Beads, p.Kind, lex)
	if err != nil {
		return nil, fmt.Errorf("align the sentences of %s and %s: %w", corpus.ShowName(p.FA), corpus.ShowName(p.EN), err)
	}
	s.sentMu.Lock()
	if s.sentGen == gen {
		if s.sents == nil {
			s.sents = map[string][]align.SentenceBead{}
		}
		s.sents[key] = sbs
	}
	s.sentMu.Unlock()
	return sbs, nil
}

// Anchored returns p with the anchors of its beads, which the session's
// pairs hold without (see Anchors.Fill).
func (s *Session) Anchored(p align.DocPair) (align.DocPair, error) {
	if err := s.PrepareAnchors(); err != nil {
		return p, err
	}
	if s.anchors == nil {
		return p, errors.New("read anchors: the session is closed")
	}
	return s.anchors.Fill(p)
}

// PrepareAnchors opens what Anchored reads, once per session: the index
// of the alignments pack, a tenth of a second or two at a million
// paragraphs, which a browser would rather spend before its first pair
// is opened.
func (s *Session) PrepareAnchors() error {
	s.anchorsOnce.Do(func() { s.anchors, s.anchorsErr = s.OpenAnchors() })
	return s.anchorsErr
}

// joinErr is an error that says why (shown) but also wraps the error it
// explains (matched by errors.Is).
type joinErr struct{ cause, why error }

func (j joinErr) Error() string   { return j.why.Error() }
func (j joinErr) Unwrap() []error { return []error{j.cause, j.why} }

// Warnings are the problems, stale corrections and notes of the opening,
// one line each, for a command to print.
func (s *Session) Warnings() []string {
	out := append(slices.Clone(s.Problems()), s.Stale()...)
	return append(out, s.Notes...)
}

// Correct records the beads a person confirmed or made in a pair and
// brings the index's counterparts up to date; searches see the change
// once it is complete.
func (s *Session) Correct(ctx context.Context, p align.DocPair) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.SaveCorrections(p); err != nil {
		return err
	}
	for i := range s.Pairs {
		if s.Pairs[i].FA == p.FA && s.Pairs[i].EN == p.EN {
			s.Pairs[i].Beads = slices.Clone(p.Beads)
		}
	}
	s.lexStale = true
	s.sentMu.Lock()
	delete(s.sents, pairKey(p.FA, p.EN))
	s.sentGen++
	s.sentMu.Unlock()
	if s.Index == nil {
		return nil
	}
	if err := s.UpdateIndex(ctx, s.Index, s.Pairs); err != nil {
		return fmt.Errorf("saved, but search still shows the old counterparts: %w", err)
	}
	return nil
}

// Close closes the index and releases the workspace.
func (s *Session) Close() error {
	if s.Index != nil {
		s.Index.Close()
	}
	s.anchorsOnce.Do(func() {}) // none opened from now on
	if s.anchors != nil {
		s.anchors.Close()
	}
	return s.Workspace.Close()
}
