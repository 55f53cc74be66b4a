// Command evolve runs the evolvingcopter experiment: a population of tiny
// linear controllers evolved to fly a simulated quadcopter up and down.
//
//	evolve [flags]            run the experiment
//	evolve eval [flags] FILE  print the fitness of the creatures in FILE
//	evolve best -db FILE      export the best creature of a history
//	evolve show FILE -o OUT   fly a creature and draw the flights
//	evolve plot LOG -o OUT    draw a run log's fitness over generations
//
// Run "evolve help" for the commands, "evolve help eval" (or "evolve eval
// -h") for a command's flags and "evolve -h" for the experiment's.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/evocopter/evocopter/cmd/evolve/internal/earlysignal"
)

// Exit statuses (the README's "Limits and errors" lists them). A signal
// that ends a command before it has anything to save exits 128 plus the
// signal's number, as a program killed by it would.
const (
	exitOK       = 0
	exitFailure  = 1 // something went wrong while working (a write, a full disk); results were saved where possible
	exitUsage    = 2 // bad flags or bad input; nothing was written
	exitInternal = 3 // a bug in evolve (a panic): please report it
)

// usageError marks an error caused by what the user gave us: exit 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// signals delivers SIGINT and SIGTERM to the process: caught from the
// program's first milliseconds (see earlysignal). nil when tests call run
// in-process.
var signals <-chan os.Signal

func main() {
	signals = earlysignal.C
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "evolve: internal error (a bug in evolve; please report it with this message): %v\n%s", r, debug.Stack())
			code = exitInternal
		}
	}()
	out := &checkedWriter{w: stdout}
	cmd, rest := "", args
	if len(args) > 0 {
		switch {
		case slices.Contains(subcommands, args[0]):
			cmd, rest = args[0], args[1:]
		case args[0] == "help":
			if code := help(args[1:], out, stderr); code != exitOK || out.err == nil {
				return code
			}
			fmt.Fprintf(stderr, "evolve: writing to standard output: %v\n", out.err)
			return exitFailure
		}
	}
	if cmd != "" && cmd != "islands" && cmd != "island" && signals != nil {
		// Only the experiment and the islands have something to save on a
		// signal; every other command ends at once, as it would without a
		// handler.
		go func() {
			s := <-signals
			os.Exit(earlysignal.Status(s))
		}()
	}
	var err error
	switch cmd {
	case "eval":
		err = evalCommand(rest, out)
	case "cpu":
		err = cpuCommand(rest, out)
	case "bench":
		err = benchCommand(rest, out, stderr)
	case "best":
		err = bestCommand(rest, out)
	case "show":
		err = showCommand(rest, out)
	case "plot":
		err = plotCommand(rest, out, stderr)
	case "islands":
		err = islandsCommand(rest, out, stderr, signals)
	case "island":
		err = islandCommand(rest, out, stderr, signals)
	case "tasks":
		err = tasksCommand(rest, out)
	case "fly":
		err = flyCommand(rest, out)
	case "strategies":
		err = strategiesCommand(rest, out)
	default:
		err = experimentCommand(rest, out, stderr, signals)
	}
	if (err == nil || errors.Is(err, flag.ErrHelp)) && out.err != nil {
		err = fmt.Errorf("writing to standard output: %v", out.err)
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	}
	fmt.Fprintf(stderr, "evolve: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

// subcommands are the first arguments that name a command; anything else
// runs the experiment.
var subcommands = []string{"eval", "cpu", "bench", "best", "show", "plot", "islands", "island", "tasks", "fly", "strategies"}

// help prints the general usage, or with a command's name that command's
// usage ("evolve help eval" is "evolve eval -h").
func help(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		fmt.Fprint(stdout, topUsage)
		return exitOK
	case len(args) > 1:
		fmt.Fprintf(stderr, "evolve: help takes one command, got %d: %q\n", len(args), args)
		return exitUsage
	case args[0] == "run" || args[0] == "experiment":
		return run([]string{"-h"}, stdout, stderr)
	case !slices.Contains(subcommands, args[0]):
		fmt.Fprintf(stderr, "evolve: help: unknown command %q (commands: %s; \"evolve help run\" for the experiment's flags)\n", args[0], strings.Join(subcommands, " "))
		return exitUsage
	}
	return run([]string{args[0], "-h"}, stdout, stderr)
}

const topUsage = `evolve: evolve quadcopter controllers (the PyPy article's experiment, in Go)

usage:
  evolve [flags]             run the experiment (evolve -h for the flags)
  evolve eval [flags] FILE   fitness of each creature in a JSON file
  evolve cpu                 CPU features, kernel tiers, the tier in use
  evolve bench [-json]       time every tier on one steady generation (-task hover3d; -border: the cost of a call)
  evolve best -db FILE       the best creature a history (-db) recorded, as JSON
  evolve show FILE -o OUT    fly a creature and draw it (OUT.png or OUT.svg; -env START,SETPOINT,SECONDS)
  evolve plot LOG -o OUT     draw fitness over generations from a run log (-log)
  evolve islands -k K        K islands exchanging their best (evolve help islands)
  evolve island -nats URL    one island of a run on many machines (evolve help island)
  evolve tasks [-json]       what creatures can be evolved for (evolve -task NAME)
  evolve fly FILE [-json]    fly a 3-D creature through scenarios, report on each
  evolve strategies [-json]  the evolution strategies (-strategy) and their options
  evolve help [COMMAND]      this text, or a command's usage and flags ("evolve help run": the experiment's)

The experiment prints one line per generation: the best (min), average and
worst (max) fitness of the population, where fitness is the distance to the
setpoint summed over five flights: smaller is better. The same flags give
the same lines on every machine (the seed is fixed: -seed 1).
`

// checkedWriter remembers the first write error, so that output lost to a
// full disk or a closed pipe fails the command (exit 1) even where the
// writer's error is not checked (fmt.Fprintf of a table).
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err != nil {
		c.err = err
	}
	return n, err
}

// parseFlags parses args with fs, allowing flags after positional
// arguments ("eval FILE -json"), and returns the positional arguments.
// Errors are one line; -h prints the usage to out.
func parseFlags(fs *flag.FlagSet, args []string, out io.Writer) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				fs.Usage()
				return nil, err
			}
			return nil, usagef("%v (see -h)", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
