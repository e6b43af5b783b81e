package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"
)

// enumFlag is a flag whose value is one of a few words: it refuses any
// other, naming the choices, and its help lists them.
type enumFlag struct {
	value   *string
	choices []string
}

func (f enumFlag) String() string {
	if f.value == nil {
		return ""
	}
	return *f.value
}

func (f enumFlag) Set(s string) error {
	if !slices.Contains(f.choices, s) {
		return fmt.Errorf("want %s", orList(f.choices))
	}
	*f.value = s
	return nil
}

// enumVar defines an enum flag with a default (which may be "", for
// none) and its choices. In usage, %s stands for the list of choices; a
// usage without it gets the list after a colon.
func enumVar(fs *flag.FlagSet, p *string, name, def, usage string, choices ...string) {
	*p = def
	list := orList(choices)
	if strings.Contains(usage, "%s") {
		usage = fmt.Sprintf(usage, list)
	} else {
		usage += ": " + list
	}
	fs.Var(enumFlag{value: p, choices: choices}, name, usage)
}

// orList writes words as "a, b or c".
func orList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
