package main

import (
	"context"
	"flag"
)

type browseOptions struct {
	corpusFlags
}

// browseCommand is what "hamta" with no command runs. Until the browser
// lands it lists the corpus.
func browseCommand() *command {
	return &command{
		flags: func(fs *flag.FlagSet) any {
			o := &browseOptions{}
			o.corpusFlags.register(fs)
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*browseOptions)
			return runLs(ctx, e, &lsOptions{corpusFlags: o.corpusFlags, format: "text"}, args)
		},
	}
}
