// Package lexicon learns a Persian–English lexicon from aligned text and
// answers from it: which words and short phrases translate each other,
// how often and how surely (Learn, Translations, Entries); which words of
// an aligned counterpart render a given word (Spot); how well two
// segments' words match, as evidence for an aligner (Score, Prob). Words
// are matched in the form search uses: folded and stemmed (Tokens). A
// lexicon is saved to a compact file that loads in milliseconds (Save,
// Load).
package lexicon
