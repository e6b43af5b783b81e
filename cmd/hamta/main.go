// Command hamta is a terminal corpus browser for Persian–English parallel
// and comparable text. Run "hamta --help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"hamta/corpus"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() {
	if p := os.Getenv("HAMTA_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	// Bleve's storage engine logs through the standard logger; what it
	// has to say reaches the user as errors, one line each, instead.
	log.SetOutput(io.Discard)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	pprof.StopCPUProfile()
	os.Exit(code)
}

// env is what a command reads and writes.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// warnf prints a warning line on stderr.
func (e *env) warnf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "hamta: warning: "+format+"\n", args...)
}

// command is one subcommand.
type command struct {
	name    string
	args    string // synopsis of the arguments after the flags
	summary string // one line for the command list
	about   string // paragraph for "hamta CMD --help"
	// setup registers the command's flags and returns what runs it with
	// their values; see withOptions.
	setup func(fs *flag.FlagSet) runner
}

// runner runs a command once its flags are parsed, with the arguments
// left.
type runner func(ctx context.Context, e *env, args []string) error

// withOptions makes a command's setup from its options type O: flags
// registers O's flags, run runs the command with them. The options are
// made here, once, with their type: no command asserts it.
func withOptions[O any](flags func(o *O, fs *flag.FlagSet), run func(ctx context.Context, e *env, o *O, args []string) error) func(*flag.FlagSet) runner {
	return func(fs *flag.FlagSet) runner {
		o := new(O)
		flags(o, fs)
		return func(ctx context.Context, e *env, args []string) error { return run(ctx, e, o, args) }
	}
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

func commands() []*command {
	return []*command{
		lsCommand(),
		pairsCommand(),
		indexCommand(),
		searchCommand(),
		exportCommand(),
		alignCommand(),
		evalCommand(),
		termsCommand(),
		concordCommand(),
	}
}

const rootUsage = `hamta — a terminal browser for Persian–English parallel and comparable text.

Usage:
  hamta [flags] [DIR]               open the browser on the corpus in DIR (the bundled sample corpus when none is given)
  hamta COMMAND [flags] [args]

Commands:
%s
Flags of the browser (every command that reads a corpus takes all but --bidi):
%s
Run "hamta COMMAND --help" for a command's flags.
`

// run executes one command line and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	printRoot := func(w io.Writer) { fmt.Fprint(w, rootHelp(cmds)) }

	cmd := browseCommand()
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			if len(args) > 1 {
				for _, c := range cmds {
					if c.name == args[1] {
						return runCommand(ctx, e, c, []string{"--help"})
					}
				}
				fmt.Fprintf(stderr, "hamta: unknown command %s\n", corpus.ShowName(args[1]))
				printRoot(stderr)
				return exitUsage
			}
			printRoot(stdout)
			return exitOK
		}
		found := false
		for _, c := range cmds {
			if c.name == args[0] {
				cmd, args, found = c, args[1:], true
				break
			}
		}
		if !found && unknownCommand(args[0]) {
			fmt.Fprintf(stderr, "hamta: unknown command %s\n", corpus.ShowName(args[0]))
			printRoot(stderr)
			return exitUsage
		}
	}
	if cmd.name == "" {
		cmd.about = strings.TrimSpace(rootHelp(cmds))
	}
	return runCommand(ctx, e, cmd, args)
}

// unknownCommand reports whether the first argument, which names no
// command, is taken for a mistyped one rather than a corpus folder: a
// single word that names no folder here.
func unknownCommand(arg string) bool {
	if arg == "" || strings.HasPrefix(arg, "-") || strings.ContainsAny(arg, `/\`) || strings.HasPrefix(arg, ".") || strings.HasPrefix(arg, "~") {
		return false
	}
	_, err := os.Stat(arg)
	return err != nil
}

// rootHelp is "hamta --help": the commands, then every flag of the
// browser.
func rootHelp(cmds []*command) string {
	var list strings.Builder
	for _, c := range cmds {
		fmt.Fprintf(&list, "  %-8s %s\n", c.name, c.summary)
	}
	fs := flag.NewFlagSet("hamta", flag.ContinueOnError)
	browseCommand().setup(fs)
	var flags strings.Builder
	printFlags(&flags, fs)
	return fmt.Sprintf(rootUsage, list.String(), flags.String())
}

// runCommand parses a command's flags and runs it, mapping errors to exit
// statuses: usage mistakes 2, failures 1, each as one line on stderr.
func runCommand(ctx context.Context, e *env, c *command, args []string) int {
	name := "hamta"
	if c.name != "" {
		name += " " + c.name
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runIt := c.setup(fs)
	fs.Usage = func() {} // errors are reported below, in one line
	help := func() {
		w := e.stdout
		if c.about != "" {
			fmt.Fprintf(w, "%s\n\n", c.about)
		}
		if c.name != "" {
			fmt.Fprintf(w, "Usage:\n  %s [flags] %s\n\n", name, c.args)
			fmt.Fprintf(w, "Flags:\n")
			printFlags(w, fs)
		}
	}
	rest, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		help()
		return exitOK
	}
	if err == nil {
		err = runIt(ctx, e, rest)
	}
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue) || isFlagError(err):
		fmt.Fprintf(e.stderr, "%s: %v (see %s --help)\n", name, oneLine(err), name)
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(e.stderr, "%s: interrupted\n", name)
		return exitFail
	default:
		fmt.Fprintf(e.stderr, "%s: %v\n", name, oneLine(err))
		return exitFail
	}
}

// printFlags lists a command's flags, GNU style ("--name value", "-o
// value" for one letter).
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		left := "  --" + f.Name
		if len(f.Name) == 1 {
			left = "  -" + f.Name
		}
		if arg != "" {
			left += " " + arg
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "%-26s %s%s\n", left, usage, def)
	})
}

// flagError marks errors from flag parsing.
type flagError struct{ err error }

// Error names flags as the help does: --name, or -o for one letter (the
// flag package writes -name).
func (f flagError) Error() string { return gnuFlagNames(f.err.Error()) }

// gnuFlagNames rewrites the flag package's "-name" as "--name" in its
// messages ("flag provided but not defined: -bogus", "invalid value "x"
// for flag -format: …").
func gnuFlagNames(msg string) string {
	for _, marker := range []string{"not defined: -", "for flag -", "flag needs an argument: -"} {
		i := strings.Index(msg, marker)
		if i < 0 {
			continue
		}
		at := i + len(marker)
		end := at
		for end < len(msg) && msg[end] != ':' && msg[end] != ' ' {
			end++
		}
		if end-at > 1 {
			msg = msg[:at] + "-" + msg[at:]
		}
	}
	return msg
}
func (f flagError) Unwrap() error { return f.err }

func isFlagError(err error) bool {
	var fe flagError
	return errors.As(err, &fe)
}

// parseInterspersed parses flags that may come before, between or after
// positional arguments ("hamta search gaza --limit 5"). A "--" ends the
// flags, and a word with one leading dash that names no flag is an
// argument, not a mistake: "hamta search rights -freedom" searches for
// rights without freedom. (An unknown "--word" is still an error.)
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			return append(rest, args[1:]...), nil
		}
		if len(a) < 2 || a[0] != '-' || isArgWord(fs, a) {
			rest = append(rest, a)
			args = args[1:]
			continue
		}
		// One flag, with its value when it takes one and it is not
		// written name=value.
		n := 1
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if f := fs.Lookup(name); f != nil && !hasValue && !isBoolFlag(f) && len(args) > 1 {
			n = 2
		}
		if err := fs.Parse(args[:n]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, flagError{err}
		}
		args = args[n:]
	}
	return rest, nil
}

// isArgWord reports whether an argument starting with a dash is a word
// rather than a flag: one dash, and no flag of that name ("-h" and
// "-help" ask for help).
func isArgWord(fs *flag.FlagSet, a string) bool {
	if strings.HasPrefix(a, "--") {
		return false
	}
	name, _, _ := strings.Cut(a[1:], "=")
	return fs.Lookup(name) == nil && name != "h" && name != "help"
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// tableTitleRunes is the most of a title a table shows.
const tableTitleRunes = 100

// tableTitle shortens a title for a table, at a word, marking the cut
// with "…"; JSON output carries the whole title.
func tableTitle(s string) string {
	rs := []rune(s)
	if len(rs) <= tableTitleRunes {
		return s
	}
	cut := string(rs[:tableTitleRunes-1])
	if i := strings.LastIndex(cut, " "); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// oneLine keeps an error message on one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
