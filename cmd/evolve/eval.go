package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/evocopter/evocopter/sim"
)

// evalCommand prints each creature's fitness per environment and total:
// "index f0 f1 f2 f3 f4 total", every number %.17g (docs/semantics.md §4), or JSON.
func evalCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON instead of text lines")
	ef := addEvalFlags(fs)
	tf := addTaskFlags(fs)
	seed := fs.Uint64("seed", 1, "a 3-D task: fly the training scenarios of this seed (unless -scenarios)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: evolve eval [flags] FILE\n\nFILE holds one creature or an array of creatures:\n  {\"matrix\": [[k0,k1,k2],[q0,q1,q2]], \"constant\": [c0,c1]}\n"+
			"prints \"index f0 f1 f2 f3 f4 total\"; a 3-D creature ({\"task\": \"hover3d\", ...}) prints \"index total\",\n"+
			"its fitness over the training scenarios of -seed (or -scenarios FILE)\n\nflags:")
		fs.PrintDefaults()
	}
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("eval needs exactly one FILE, got %d (see eval -h)", len(pos))
	}
	creatures, err := sim.ReadCreatureFile(pos[0])
	if err != nil {
		return usageError{err}
	}
	if t, err := creaturesTask(creatures, tf, fs); err != nil {
		return err
	} else if t != sim.Vertical {
		return evalTask(stdout, t, creatures, ef, tf, *seed, *asJSON)
	}
	if tf.scenarios != "" {
		return usagef("-scenarios: vertical creatures fly the five environments")
	}
	ev, err := ef.evaluator()
	if err != nil {
		return err
	}
	coeffs := make([]sim.Coeffs, len(creatures))
	for i, c := range creatures {
		coeffs[i] = c.Coeffs
	}
	fit := make([]sim.Fitness, len(coeffs))
	ev.Evaluate(coeffs, fit)
	if *asJSON {
		return writeEvalJSON(stdout, creatures, fit)
	}
	var b strings.Builder
	for i, f := range fit {
		b.WriteString(strconv.Itoa(i))
		for _, x := range append(f[:], f.Total()) {
			b.Write(appendG([]byte{' '}, x))
		}
		b.WriteByte('\n')
	}
	_, err = io.WriteString(stdout, b.String())
	return err
}

// evalResult is one creature in eval -json output.
type evalResult struct {
	Index   int         `json:"index"`
	Name    string      `json:"name,omitempty"`
	ID      int64       `json:"id,omitempty"`
	Fitness sim.Fitness `json:"fitness"`
	Total   float64     `json:"total"`
}

func writeEvalJSON(w io.Writer, creatures []sim.CreatureFile, fit []sim.Fitness) error {
	out := make([]evalResult, len(fit))
	for i, f := range fit {
		out[i] = evalResult{Index: i, Name: creatures[i].Name, ID: creatures[i].ID, Fitness: f, Total: f.Total()}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// appendG appends x as %.17g, the format of the reference fitness file.
func appendG(b []byte, x float64) []byte {
	return strconv.AppendFloat(b, x, 'g', 17, 64)
}
