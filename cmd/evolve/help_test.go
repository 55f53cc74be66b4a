package main

import (
	"strings"
	"testing"
)

// TestHelp: "evolve help COMMAND" prints what "evolve COMMAND -h" prints,
// on stdout with exit 0; "evolve help run" the experiment's flags; a
// command that does not exist is one line and exit 2.
func TestHelp(t *testing.T) {
	code, out, errs := runCmd(t, "help")
	if code != 0 || errs != "" || !strings.Contains(out, "evolve help [COMMAND]") || !strings.Contains(out, "smaller is better") {
		t.Fatalf("help: exit %d, stderr %q, stdout %q", code, errs, out)
	}
	for _, cmd := range subcommands {
		code, out, errs := runCmd(t, "help", cmd)
		_, want, _ := runCmd(t, cmd, "-h")
		if code != 0 || errs != "" || out != want || !strings.HasPrefix(out, "usage: evolve "+cmd) {
			t.Errorf("help %s: exit %d, stderr %q, stdout %q; want %q", cmd, code, errs, out, want)
		}
	}
	code, out, errs = runCmd(t, "help", "run")
	if code != 0 || errs != "" || !strings.Contains(out, "-generations") {
		t.Errorf("help run: exit %d, stderr %q, stdout %q", code, errs, out)
	}
	expectUsageErrors(t, map[string][]string{
		"unknown command": {"help", "nosuch"},
		"two commands":    {"help", "eval", "show"},
	})
}
