package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/evocopter/evocopter/bench/border"
	"github.com/evocopter/evocopter/kernel"
)

// The break-even table assumes the kernels' calling convention: one
// pointer (to the struct of arrays) per call.
const borderKernelArgs = "pointer"

// borderCall is one form of bench/border and what one call of it cost.
type borderCall struct {
	border.Form
	NsPerCall float64 `json:"ns_per_call,omitempty"`
}

// borderWork is one tier's work per creature-step and, per border, how many
// creatures one call must carry for the call to cost less than
// border.Share of the work.
type borderWork struct {
	border.Work
	BreakEven map[string]int `json:"break_even_creatures"`
}

type borderReport struct {
	CPU       string       `json:"cpu"`
	GOOS      string       `json:"goos"`
	GOARCH    string       `json:"goarch"`
	GoVersion string       `json:"go_version"`
	Share     float64      `json:"share"`
	Calls     []borderCall `json:"calls"`
	Work      []borderWork `json:"work"`
}

// borderBench prints what crossing each border costs (`evolve bench
// -border`): ns per call of an empty Go, assembly and C function with each
// argument list, then, for every kernel tier, the creatures one Step or
// Fly call must carry before a call's cost is under 5% of its work.
func borderBench(stdout, stderr io.Writer, minTime time.Duration, asJSON bool) error {
	rep := borderReport{CPU: cpuModel(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, GoVersion: runtime.Version(), Share: border.Share}
	kernelCall := map[string]float64{} // via -> ns per call with the kernels' arguments
	forms := border.Forms()
	for i, f := range forms {
		c := borderCall{Form: f}
		if f.Skip == "" {
			fmt.Fprintf(stderr, "bench: [%d/%d] call %s ...\n", i+1, len(forms), f.Name())
			c.NsPerCall = f.NsPerCall(minTime)
			if f.Args == borderKernelArgs {
				kernelCall[f.Via] = c.NsPerCall
			}
		}
		rep.Calls = append(rep.Calls, c)
	}
	tiers := kernel.Available()
	for i, t := range tiers {
		fmt.Fprintf(stderr, "bench: [%d/%d] work of tier %s ...\n", i+1, len(tiers), t)
		for _, w := range []border.Work{border.MeasureStep(t, minTime), border.MeasureFly(t, minTime)} {
			bw := borderWork{Work: w, BreakEven: map[string]int{}}
			for via, ns := range kernelCall {
				bw.BreakEven[via] = w.BreakEven(ns)
			}
			rep.Work = append(rep.Work, bw)
		}
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printBorder(stdout, rep, minTime)
	return nil
}

var borderVias = []string{"go", "asm", "cgo"}

func printBorder(w io.Writer, rep borderReport, minTime time.Duration) {
	fmt.Fprintf(w, "crossing the border: ns per call of an empty function, one call per loop iteration\n")
	fmt.Fprintf(w, "cpu: %s; %s/%s, %s; the fastest 1 ms batch within %v per form\n", rep.CPU, rep.GOOS, rep.GOARCH, rep.GoVersion, minTime)
	fmt.Fprintf(w, "%-10s %9s %9s %9s\n", "args", "go", "asm", "cgo")
	ns := map[string]string{}
	skips := map[string]string{}
	var order []string
	for _, c := range rep.Calls {
		if c.Skip != "" {
			ns[c.Name()] = "-"
			skips[c.Via] = c.Skip
			continue
		}
		ns[c.Name()] = fmt.Sprintf("%.2f", c.NsPerCall)
		if c.Via == "go" {
			order = append(order, c.Args)
		}
	}
	for _, args := range order {
		fmt.Fprintf(w, "%-10s %9s %9s %9s\n", args, ns["go/"+args], ns["asm/"+args], ns["cgo/"+args])
	}
	for _, via := range borderVias {
		if skips[via] != "" {
			fmt.Fprintf(w, "%s: skipped, %s\n", via, skips[via])
		}
	}
	fmt.Fprintf(w, "\nbreak-even batch: creatures one kernel call (one %s argument) must carry for the call to cost under %g%% of the work\n", borderKernelArgs, 100*rep.Share)
	fmt.Fprintf(w, "%-8s %-6s %11s %17s %9s %9s %9s\n", "tier", "kernel", "steps/call", "ns/creature-step", "go", "asm", "cgo")
	for _, bw := range rep.Work {
		fmt.Fprintf(w, "%-8s %-6s %11d %17.3f", bw.Tier, bw.Kernel, bw.StepsPerCall, bw.NsPerCreatureStep)
		for _, via := range borderVias {
			if n, ok := bw.BreakEven[via]; ok {
				fmt.Fprintf(w, " %9d", n)
			} else {
				fmt.Fprintf(w, " %9s", "-")
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "(step: kernel.Step on %d creatures, one step each per call; fly: one steady generation through sim.Batch,\n", border.StepCreatures)
	fmt.Fprintf(w, " each Fly call flying every creature through one environment, the shortest %d steps)\n", border.ShortestFlight())
}

// cpuModel is the processor's name as the kernel reports it (Linux), or
// "unknown".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown"
}
