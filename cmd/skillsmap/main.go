// Command skillsmap harvests digital-skills practices from partner sites and
// publishes them as linked open data: `skillsmap demo` runs everything on
// one machine with bundled partner sites; `skillsmap serve` runs a
// deployment configured by skillsmap.yaml.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCommand().ExecuteContext(ctx); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(os.Stderr, "skillsmap:", err)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "skillsmap:", err)
		os.Exit(1)
	}
}

// usageError marks errors in how the command was called (exit status 2).
type usageError struct{ error }
