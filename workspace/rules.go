package workspace

import (
	"fmt"
	"io"
	"os"

	"hamta/align"
	"hamta/corpus"
)

const rulesHeader = "# hamta pair rules, one a line: \"pin FA_DOC EN_DOC [translation|comparable]\" or \"forbid FA_DOC EN_DOC\"\n" +
	"# (a document name holding spaces, quotes or '#' in double quotes, as hamta writes it)\n"

// Rules reads the user's pair rules (pins and forbids) from pairs.txt. A
// line that cannot be read, and a rule naming a document the corpus does
// not hold or the sides of a pair the wrong way round, is skipped and
// reported by Problems; a pin whose two documents are simply given in the
// wrong order is read the right way round and reported. The file itself
// is left as it is.
func (w *Workspace) Rules() ([]align.Rule, error) {
	rules, problems, err := w.readRules()
	w.problems = append(w.problems[:0:0], problems...)
	return rules, err
}

// readRules reads pairs.txt and checks it against the corpus.
func (w *Workspace) readRules() ([]align.Rule, []string, error) {
	b, err := w.readOptional(RulesFile)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", w.Path(RulesFile), err)
	}
	check := w.checkRule
	if w.Corpus == nil {
		check = nil
	}
	rules, problems := parseRules(corpus.ShowName(w.Path(RulesFile)), b, check)
	return rules, problems, nil
}

// parseRules reads a rules file named path, returning its rules and a
// message for each line skipped or changed. check, when not nil, checks
// each rule (see checkRule).
func parseRules(path string, b []byte, check func(align.Rule) (align.Rule, string, bool)) ([]align.Rule, []string) {
	var rules []align.Rule
	var problems []string
	note := func(n int, msg string) {
		problems = append(problems, fmt.Sprintf("%s line %d: %s", path, n, msg))
	}
	bad := func(n int, format string, args ...any) {
		note(n, fmt.Sprintf(format, args...)+" (the line is skipped)")
	}
	eachLine(b, func(n int, line string) {
		f, err := splitFields(line)
		if err != nil {
			bad(n, "%v", err)
			return
		}
		if len(f) == 0 {
			return
		}
		var r align.Rule
		switch {
		case f[0] == "forbid" && len(f) == 3:
			r = align.Rule{Forbid: true, FA: f[1], EN: f[2]}
		case f[0] == "pin" && (len(f) == 3 || len(f) == 4):
			r = align.Rule{FA: f[1], EN: f[2]}
			if len(f) == 4 {
				r.Kind = align.PairKind(f[3])
				if r.Kind != align.Translation && r.Kind != align.Comparable {
					bad(n, "kind %q: want translation or comparable", f[3])
					return
				}
			}
		default:
			bad(n, "want \"pin FA_DOC EN_DOC [translation|comparable]\" or \"forbid FA_DOC EN_DOC\"")
			return
		}
		if check != nil {
			turned, msg, ok := check(r)
			if !ok {
				bad(n, "%s", msg)
				return
			}
			if msg != "" {
				note(n, msg)
			}
			r = turned
		}
		rules = append(rules, r)
	})
	return rules, problems
}

// checkRule checks a rule against the corpus: both documents must be in
// it, the first Persian and the second English. A rule given the other
// way round is turned, with a message; one that cannot be used is not ok.
func (w *Workspace) checkRule(r align.Rule) (_ align.Rule, msg string, ok bool) {
	verb := "pin"
	if r.Forbid {
		verb = "forbid"
	}
	for _, id := range []string{r.FA, r.EN} {
		if w.Corpus.Doc(id) == nil {
			return r, fmt.Sprintf("%s names %s, which is not a document of the corpus", verb, corpus.ShowName(id)), false
		}
	}
	fa, en := w.Corpus.Doc(r.FA).Lang, w.Corpus.Doc(r.EN).Lang
	switch {
	case fa == corpus.LangFA && en == corpus.LangEN:
		return r, "", true
	case fa == corpus.LangEN && en == corpus.LangFA:
		r.FA, r.EN = r.EN, r.FA
		return r, fmt.Sprintf("%s names the English document first; read as %s %s %s", verb, verb, quoteField(r.FA), quoteField(r.EN)), true
	}
	return r, fmt.Sprintf("%s %s %s: want a Persian document and an English one, but they are %s and %s",
		verb, corpus.ShowName(r.FA), corpus.ShowName(r.EN), langName(fa), langName(en)), false
}

func langName(l corpus.Lang) string {
	switch l {
	case corpus.LangFA:
		return "Persian"
	case corpus.LangEN:
		return "English"
	}
	return "of no known language"
}

// Problems lists the lines of pairs.txt and corrections.txt that were
// skipped, and why, as found by the last call of Pairs.
func (w *Workspace) Problems() []string { return w.problems }

// SetRules replaces the pair rules.
func (w *Workspace) SetRules(rules []align.Rule) error {
	if err := w.NeedWrite(); err != nil {
		return err
	}
	return WriteFileAtomic(w.Path(RulesFile), func(f *os.File) error { return writeRules(f, rules) })
}

// writeRules writes a rules file.
func writeRules(w io.Writer, rules []align.Rule) error {
	if _, err := io.WriteString(w, rulesHeader); err != nil {
		return err
	}
	for _, r := range rules {
		verb := "pin"
		if r.Forbid {
			verb = "forbid"
		}
		line := verb + " " + quoteField(r.FA) + " " + quoteField(r.EN)
		if !r.Forbid && r.Kind != "" {
			line += " " + string(r.Kind)
		}
		if _, err := io.WriteString(w, line+"\n"); err != nil {
			return err
		}
	}
	return nil
}
