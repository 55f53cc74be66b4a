package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/sim"
)

func TestTableRows(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-task", "vertical", "-strategy", "ga", "-at", "50ms,100ms", "-json"}, &out); err != nil {
		t.Fatal(err)
	}
	// A slow machine (qemu, -race) may run one generation in the whole
	// 100 ms: the rows only never go back.
	rows := decodeRows(t, out.String())
	if len(rows) != 2 || rows[0].CPUSeconds < 0.05 || rows[1].CPUSeconds < 0.1 || rows[0].Generations < 1 ||
		rows[1].Generations < rows[0].Generations || rows[1].Best > rows[0].Best || rows[0].HeldOut != nil {
		t.Errorf("vertical ga rows: %+v", rows)
	}

	dir := t.TempDir()
	out.Reset()
	if err := run([]string{"-task", "hover3d", "-at", "50ms", "-further", "7", "-effort", "0", "-o", dir, "-json"}, &out); err != nil {
		t.Fatal(err)
	}
	rows = decodeRows(t, out.String())
	if len(rows) != 1 || rows[0].Strategy != "cmaes" || rows[0].HeldOut == nil || rows[0].HeldOut.Scenarios != 100 ||
		rows[0].Further == nil || rows[0].Further.Scenarios != 7 || rows[0].Weights == nil || rows[0].Weights.Effort != 0 ||
		rows[0].Weights.Level != sim.Hover3D.Weights.Level {
		t.Fatalf("hover3d cmaes row: %+v", rows)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "hover3d-cmaes-*-e0-*-50ms.json"))
	if len(files) != 1 {
		t.Fatalf("saved %v", files)
	}
	cs, err := sim.ReadCreatureFile(files[0])
	if err != nil || cs[0].TaskOf() != sim.Hover3D {
		t.Errorf("saved creature: %v %v", cs, err)
	}

	out.Reset()
	if err := run([]string{"-task", "hover3d", "-at", "50ms"}, &out); err != nil || !strings.Contains(out.String(), "held-out 100: crashed") {
		t.Errorf("text row %q, %v", out.String(), err)
	}
}

func decodeRows(t *testing.T, s string) []Row {
	t.Helper()
	var rows []Row
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		var r Row
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		rows = append(rows, r)
	}
	return rows
}

func TestBadOptions(t *testing.T) {
	for _, args := range [][]string{
		{"-task", "nope"},
		{"-strategy", "pso"},
		{"-at", "2m,1m"},
		{"-at", "-1s"},
		{"-at", "soon"},
		{"-workers", "0"},
		{"-further", "-1"},
		{"-task", "vertical", "-settle", "1"},
		{"-task", "hover3d", "-tilt", "1.5"},
		{"-task", "hover3d", "-precision", "NaN"},
		{"-task", "hover3d", "-heading", "-1"},
		{"-task", "hover3d", "-train", "0", "-train", "-3"},
		{"extra"},
	} {
		if err := run(args, new(bytes.Buffer)); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}
