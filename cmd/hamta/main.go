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
	flags   func(fs *flag.FlagSet) any
	run     func(ctx context.Context, e *env, opts any, args []string) error
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
	}
}

const rootUsage = `hamta — a terminal browser for Persian–English parallel and comparable text.

Usage:
  hamta [--corpus DIR] [DIR]        open the browser (the bundled sample corpus when no folder is given)
  hamta COMMAND [flags] [args]

Commands:
%s
Run "hamta COMMAND --help" for a command's flags.
`

// run executes one command line and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	var list strings.Builder
	for _, c := range cmds {
		fmt.Fprintf(&list, "  %-8s %s\n", c.name, c.summary)
	}
	printRoot := func(w io.Writer) { fmt.Fprintf(w, rootUsage, list.String()) }

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
			}
			printRoot(stdout)
			return exitOK
		}
		for _, c := range cmds {
			if c.name == args[0] {
				cmd, args = c, args[1:]
				break
			}
		}
	}
	if cmd.name == "" {
		cmd.about = strings.TrimSpace(fmt.Sprintf(rootUsage, list.String()))
	}
	return runCommand(ctx, e, cmd, args)
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
	opts := c.flags(fs)
	fs.Usage = func() {} // errors are reported below, in one line
	help := func() {
		w := e.stdout
		if c.about != "" {
			fmt.Fprintf(w, "%s\n\n", c.about)
		}
		if c.name != "" {
			fmt.Fprintf(w, "Usage:\n  %s [flags] %s\n\n", name, c.args)
		}
		fmt.Fprintf(w, "Flags:\n")
		printFlags(w, fs)
	}
	rest, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		help()
		return exitOK
	}
	if err == nil {
		err = c.run(ctx, e, opts, rest)
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

func (f flagError) Error() string { return f.err.Error() }
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

// oneLine keeps an error message on one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
