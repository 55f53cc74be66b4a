package main

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
	_ "modernc.org/sqlite"
)

// mustRun runs the command and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("evolve %s: exit %d, stderr %q", strings.Join(args, " "), code, errs)
	}
	return secs.ReplaceAllString(out, "")
}

// TestResumeEqualsStraightRun: a run stopped at a checkpoint and resumed
// prints the lines of the run that never stopped.
func TestResumeEqualsStraightRun(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	straight := mustRun(t, "-n", "30", "-seed", "7", "-generations", "14", "-dir", dir)
	first := mustRun(t, "-n", "30", "-seed", "7", "-generations", "5", "-dir", dir, "-checkpoint", ck, "-checkpoint-every", "3")
	second := mustRun(t, "-resume", ck, "-generations", "9", "-dir", dir)
	third := mustRun(t, "-resume", ck, "-generations", "14", "-dir", dir, "-kernel", "generic")
	if got := first + second + third; got != straight || strings.Count(got, "\n") != 14 {
		t.Fatalf("resumed run differs:\n%s\nstraight:\n%s", got, straight)
	}
	// A checkpoint already at the last generation runs nothing.
	if out := mustRun(t, "-resume", ck, "-generations", "14", "-dir", dir); out != "" {
		t.Fatalf("resume at the end printed %q", out)
	}
}

// TestCheckpointCutOrEditedIsRejected: every prefix of a checkpoint and
// every edited digit gets one line and exit 2, naming the file.
func TestCheckpointCutOrEditedIsRejected(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	mustRun(t, "-n", "4", "-generations", "2", "-dir", dir, "-checkpoint", ck)
	data, err := os.ReadFile(ck)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.ckpt")
	try := func(what string, content []byte) {
		t.Helper()
		if err := os.WriteFile(bad, content, 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errs := runCmd(t, "-resume", bad, "-generations", "3", "-dir", dir)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, bad) {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q", what, code, out, errs)
		}
	}
	for n := range len(data) {
		try(fmt.Sprintf("cut to %d of %d bytes", n, len(data)), data[:n])
	}
	for i, b := range data {
		if b >= '0' && b <= '9' {
			e := bytes.Clone(data)
			e[i] = '0' + (b-'0'+1)%10
			try(fmt.Sprintf("digit %d edited", i), e)
		}
	}
}

// TestHistory: the database holds the P creatures of generation 1 and
// every child, with the generations they were born and killed in.
func TestHistory(t *testing.T) {
	const p, gens, seed = 20, 6, 4
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "-n", strconv.Itoa(p), "-generations", strconv.Itoa(gens), "-seed", strconv.Itoa(seed), "-dir", dir, "-db", db)

	// What the rows must say, from the same run in process.
	type row struct {
		parent, born int64
		killed       sql.NullInt64
		fitness      float64
		coeffs       sim.Coeffs
	}
	want := map[int64]row{}
	u, _ := evolve.New(p, seed)
	for {
		u.Evaluate(sim.ScalarEvaluator)
		for _, c := range u.Pop {
			if _, ok := want[c.ID]; !ok {
				want[c.ID] = row{parent: c.Parent, born: int64(c.Born), fitness: c.Fitness, coeffs: c.VerticalCoeffs()}
			}
		}
		if u.Generation == gens {
			break
		}
		g := u.Generation
		for _, d := range u.Advance() {
			r := want[d.ID]
			r.killed = sql.NullInt64{Int64: int64(g), Valid: true}
			want[d.ID] = r
		}
	}
	if n := p + (gens-1)*p/2; len(want) != n {
		t.Fatalf("in-process run has %d creatures, want %d", len(want), n)
	}
	if got := historyRows(t, db); len(got) != len(want) {
		t.Fatalf("history holds %d creatures, want %d", len(got), len(want))
	} else {
		for id, w := range want {
			g := got[id]
			same := g.parent.Int64 == w.parent && g.parent.Valid == (w.parent != 0) && g.born == w.born &&
				g.killed == w.killed && math.Float64bits(g.fitness) == math.Float64bits(w.fitness) && g.coeffs == w.coeffs
			if !same {
				t.Fatalf("creature %d: history %+v, want %+v", id, g, w)
			}
		}
	}

	// A new run may not reuse a history.
	if code, _, errs := runCmd(t, "-n", "4", "-generations", "1", "-dir", dir, "-db", db); code != 2 {
		t.Fatalf("second run into %s: exit %d, %q", db, code, errs)
	}
}

type historyRow struct {
	parent  sql.NullInt64
	born    int64
	killed  sql.NullInt64
	fitness float64
	coeffs  sim.Coeffs
}

func historyRows(t *testing.T, path string) map[int64]historyRow {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT id, parent, born, killed, fitness, k0, k1, k2, q0, q1, q2, c0, c1 FROM creatures`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]historyRow{}
	for rows.Next() {
		var id int64
		var r historyRow
		k := &r.coeffs
		if err := rows.Scan(&id, &r.parent, &r.born, &r.killed, &r.fitness, &k[0], &k[1], &k[2], &k[3], &k[4], &k[5], &k[6], &k[7]); err != nil {
			t.Fatal(err)
		}
		out[id] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHistoryResume: a run that went on past its checkpoint and is then
// resumed from it leaves the history of the run that never stopped.
func TestHistoryResume(t *testing.T) {
	dir := t.TempDir()
	straight, resumed := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	ck, old := filepath.Join(dir, "c.ckpt"), filepath.Join(dir, "old.ckpt")
	args := []string{"-n", "16", "-seed", "2", "-dir", dir}
	mustRun(t, append(args, "-generations", "7", "-db", straight)...)
	mustRun(t, append(args, "-generations", "3", "-db", resumed, "-checkpoint", ck)...)
	data, _ := os.ReadFile(ck)
	os.WriteFile(old, data, 0o644)
	mustRun(t, "-resume", ck, "-generations", "5", "-db", resumed, "-dir", dir) // "crashes" after 5
	mustRun(t, "-resume", old, "-generations", "7", "-db", resumed, "-dir", dir)
	a, b := historyRows(t, straight), historyRows(t, resumed)
	if len(a) != len(b) {
		t.Fatalf("%d rows, want %d", len(b), len(a))
	}
	for id, r := range a {
		if b[id] != r {
			t.Fatalf("creature %d: %+v, want %+v", id, b[id], r)
		}
	}
}

// TestHistoryResumeRefusesAnotherRun: -resume with another run's -db
// (same population size and ids, other creatures) exits 2 and deletes
// nothing, though the resumed generation is earlier than the history's.
func TestHistoryResumeRefusesAnotherRun(t *testing.T) {
	dir := t.TempDir()
	other, ck := filepath.Join(dir, "other.db"), filepath.Join(dir, "c.ckpt")
	mustRun(t, "-n", "16", "-seed", "3", "-generations", "6", "-dir", dir, "-db", other)
	mustRun(t, "-n", "16", "-seed", "4", "-generations", "2", "-dir", dir, "-checkpoint", ck)
	before := historyRows(t, other)
	code, _, errs := runCmd(t, "-resume", ck, "-generations", "4", "-dir", dir, "-db", other)
	if code != 2 || !strings.Contains(errs, "another run") {
		t.Fatalf("resume into another run's history: exit %d, %q", code, errs)
	}
	after := historyRows(t, other)
	if len(after) != len(before) {
		t.Fatalf("history has %d rows after the refused resume, %d before", len(after), len(before))
	}
	for id, r := range before {
		if after[id] != r {
			t.Fatalf("creature %d changed: %+v, was %+v", id, after[id], r)
		}
	}
	// The run's own (empty) history is accepted.
	mustRun(t, "-resume", ck, "-generations", "4", "-dir", dir, "-db", filepath.Join(dir, "own.db"))
}

// TestBestRoundTrip: the best creature of a history evaluates to the
// fitness the history recorded, the best of all rows.
func TestBestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "h.db"), filepath.Join(dir, "best.json")
	mustRun(t, "-n", "24", "-generations", "5", "-dir", dir, "-db", db)
	stdout := mustRun(t, "best", "-db", db)
	mustRun(t, "best", "-db", db, "-o", out)
	cs, err := sim.ReadCreatureFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(out); string(data) != stdout {
		t.Fatalf("-o wrote %q, stdout %q", data, stdout)
	}
	best := math.Inf(1)
	for _, r := range historyRows(t, db) {
		best = min(best, r.fitness)
	}
	fields := strings.Fields(mustRun(t, "eval", out))
	if cs[0].Fitness == nil || *cs[0].Fitness != best || fields[6] != formatG(best) {
		t.Fatalf("best fitness %v, eval %v, history min %v", cs[0].Fitness, fields, best)
	}
}

// TestShow: show writes a PNG and an SVG that decode, and a CSV whose
// distances give the fitness eval prints.
func TestShow(t *testing.T) {
	dir := t.TempDir()
	pngPath, svgPath, csvPath := filepath.Join(dir, "a.png"), filepath.Join(dir, "a.SVG"), filepath.Join(dir, "a.csv")
	mustRun(t, "show", referenceCreatures, "-i", "52", "-o", pngPath, "-csv", csvPath)
	mustRun(t, "show", "-i", "52", referenceCreatures, "-o", svgPath)
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil || img.Bounds().Dx() < 500 || img.Bounds().Dy() < 500 {
		t.Fatalf("PNG: %v %v", err, img)
	}
	svg, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG is not XML: %v", err)
		}
	}
	if !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("P-controller")) {
		t.Fatal("SVG lacks <svg or the creature's name")
	}

	// The CSV: 1201 steps whose distances sum, with the overshoot
	// penalty, to eval's fitness per environment, bit for bit.
	cf, _ := os.Open(csvPath)
	recs, err := csv.NewReader(cf).ReadAll()
	cf.Close()
	if err != nil || len(recs) != 1202 || strings.Join(recs[0], ",") != "env,step,t,altitude,setpoint,pwm,distance" {
		t.Fatalf("CSV: %v, %d records", err, len(recs))
	}
	var fit sim.Fitness
	prev := math.Inf(-1)
	for _, r := range recs[1:] {
		env, _ := strconv.Atoi(r[0])
		if r[1] == "0" {
			prev = math.Inf(-1)
		}
		d, _ := strconv.ParseFloat(r[6], 64)
		k := 1.0
		if d > prev {
			k = 3
		}
		prev = d
		fit[env] += d * k
	}
	fields := strings.Fields(evalLine(t, 52))
	for i := range fit {
		if formatG(fit[i]) != fields[i+1] {
			t.Fatalf("environment %d: CSV gives %v, eval %s", i, fit[i], fields[i+1])
		}
	}
}

// evalLine is eval's line for creature i of the reference file.
func evalLine(t *testing.T, i int) string {
	t.Helper()
	return strings.Split(mustRun(t, "eval", referenceCreatures), "\n")[i]
}

// TestRunLogAndPlot: -log writes one line per generation (appending on a
// resumed run) and plot draws it.
func TestRunLogAndPlot(t *testing.T) {
	dir := t.TempDir()
	log, ck, out := filepath.Join(dir, "run.log"), filepath.Join(dir, "c.ckpt"), filepath.Join(dir, "fit.png")
	mustRun(t, "-n", "12", "-generations", "4", "-dir", dir, "-log", log, "-checkpoint", ck)
	mustRun(t, "-resume", ck, "-generations", "6", "-dir", dir, "-log", log)
	lines, _, err := readRunLog(log)
	if err != nil || len(lines) != 6 {
		t.Fatalf("%d lines, %v", len(lines), err)
	}
	for i, l := range lines {
		wantEval := 6
		if i == 0 {
			wantEval = 12
		}
		if *l.Generation != i+1 || l.Evaluated != wantEval || !(*l.Min <= *l.Avg && *l.Avg <= *l.Max) {
			t.Fatalf("line %d: %+v", i, l)
		}
	}
	mustRun(t, "plot", log, "-o", out)
	f, _ := os.Open(out)
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Fatal(err)
	}
}

// TestToolsBadInput: one line, exit 2, and no file written or replaced.
func TestToolsBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string { return writeTestFile(t, dir, name, content) }
	keep := write("keep.png", "precious")
	text := write("text.txt", "hello\n")
	ck := filepath.Join(dir, "c.ckpt")
	mustRun(t, "-n", "4", "-generations", "1", "-dir", dir, "-checkpoint", ck)
	cases := map[string][]string{
		"show no output":      {"show", referenceCreatures},
		"show bad extension":  {"show", referenceCreatures, "-o", filepath.Join(dir, "x.jpg")},
		"show no file":        {"show", "-o", keep},
		"show missing file":   {"show", filepath.Join(dir, "nope.json"), "-o", keep},
		"show not a creature": {"show", text, "-o", keep},
		"show index":          {"show", referenceCreatures, "-i", "53", "-o", keep},
		"show to no folder":   {"show", referenceCreatures, "-o", filepath.Join(dir, "no", "x.png")},
		"plot no output":      {"plot", text},
		"plot not a log":      {"plot", text, "-o", keep},
		"plot empty log":      {"plot", write("empty.log", ""), "-o", keep},
		"plot missing log":    {"plot", filepath.Join(dir, "nope.log"), "-o", keep},
		"best no db":          {"best"},
		"best missing db":     {"best", "-db", filepath.Join(dir, "nope.db")},
		"best not a db":       {"best", "-db", text},
		"best empty db":       {"best", "-db", write("empty.db", "")},
		"resume missing":      {"-resume", filepath.Join(dir, "nope.ckpt")},
		"resume not one":      {"-resume", text},
		"resume with -n":      {"-resume", ck, "-n", "8"},
		"resume with -seed":   {"-resume", ck, "-seed", "8"},
		"checkpoint-every 0":  {"-checkpoint-every", "0"},
		"checkpoint nowhere":  {"-n", "4", "-generations", "1", "-dir", dir, "-checkpoint", filepath.Join(dir, "no", "c")},
		"best to nowhere":     {"best", "-db", text, "-o", filepath.Join(dir, "no", "b.json")},
		"db not a db":         {"-n", "4", "-generations", "1", "-dir", dir, "-db", text},
		"log in no folder":    {"-n", "4", "-generations", "1", "-dir", dir, "-log", filepath.Join(dir, "no", "x.log")},
	}
	expectUsageErrors(t, cases)
	if data, _ := os.ReadFile(keep); string(data) != "precious" {
		t.Fatalf("a failed command replaced %s", keep)
	}
	if data, _ := os.ReadFile(text); string(data) != "hello\n" {
		t.Fatalf("a failed command changed %s", text)
	}
}
