package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// The island run the tests repeat: 3 islands of 40, 20 generations,
// migration every 4.
var islandRunFlags = []string{"-n", "40", "-generations", "20", "-migrate-every", "4", "-migrants", "3"}

// inProcessIslands runs `evolve islands -k 3` and returns its lines (no
// seconds) and the best creature's file name and content.
func inProcessIslands(t *testing.T, flags []string) (lines []string, bestName, best string) {
	t.Helper()
	dir := t.TempDir()
	out := mustRun(t, append([]string{"islands", "-k", "3", "-dir", dir}, flags...)...)
	name, content := onlyFile(t, dir)
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n"), name, content
}

// onlyFile returns the name and content of the one file in dir.
func onlyFile(t *testing.T, dir string) (string, string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil || len(es) != 1 {
		t.Fatalf("%s: %v, %d files; want one", dir, err, len(es))
	}
	data, err := os.ReadFile(filepath.Join(dir, es[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	return es[0].Name(), string(data)
}

// testServer is a NATS server with JetStream started by a test on its own
// port and store, as a user would start nats-server; it can be restarted.
type testServer struct {
	t     *testing.T
	store string
	port  int
	s     *embeddedServer
}

func startTestServer(t *testing.T) *testServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback port: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ts := &testServer{t: t, store: t.TempDir(), port: port}
	ts.start()
	t.Cleanup(func() { ts.s.Shutdown() })
	return ts
}

func (ts *testServer) start() {
	ts.t.Helper()
	s, err := startEmbeddedServer(ts.store, ts.port)
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.s = s
}

func (ts *testServer) restart() {
	ts.s.Shutdown()
	ts.start()
}

func (ts *testServer) url() string { return fmt.Sprintf("nats://127.0.0.1:%d", ts.port) }

// islandProc is one `evolve island` child process.
type islandProc struct {
	cmd   *exec.Cmd
	lines chan string // its stdout, seconds removed; closed at its end
	errb  *syncBuffer
	done  chan error
}

func startIsland(t *testing.T, ts *testServer, i int, flags []string, args ...string) *islandProc {
	t.Helper()
	all := append([]string{"island", "-nats", ts.url(), "-run", "test", "-island", strconv.Itoa(i), "-of", "3", "-wait", "2m"}, flags...)
	cmd, sc, errb := startChild(t, append(all, args...)...)
	p := &islandProc{cmd: cmd, lines: make(chan string, 100), errb: errb, done: make(chan error, 1)}
	go func() {
		for sc.Scan() {
			p.lines <- secs.ReplaceAllString(sc.Text(), "")
		}
		close(p.lines)
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	return p
}

// until reads lines until one of generation gen (and returns them all).
func (p *islandProc) until(t *testing.T, gen int) []string {
	t.Helper()
	var got []string
	for l := range p.lines {
		got = append(got, l)
		if lineGen(t, l) == gen {
			return got
		}
	}
	t.Fatalf("island ended before generation %d: %v; stderr %q", gen, <-p.done, p.errb.String())
	return nil
}

// wait reads every line and waits for the process to succeed.
func (p *islandProc) wait(t *testing.T) []string {
	t.Helper()
	var got []string
	for l := range p.lines {
		got = append(got, l)
	}
	if err := <-p.done; err != nil {
		t.Fatalf("island: %v; stderr %q", err, p.errb.String())
	}
	return got
}

var islandLineRE = regexp.MustCompile(`^\[(\d+)\] Generation +(\d+):`)

func lineGen(t *testing.T, l string) int {
	m := islandLineRE.FindStringSubmatch(l)
	if m == nil {
		t.Fatalf("not an island's generation line: %q", l)
	}
	n, _ := strconv.Atoi(m[2])
	return n
}

// merge orders the islands' lines as `evolve islands` prints them.
func merge(t *testing.T, perIsland ...[]string) []string {
	var all []string
	for _, ls := range perIsland {
		all = append(all, ls...)
	}
	slices.SortStableFunc(all, func(a, b string) int {
		if d := lineGen(t, a) - lineGen(t, b); d != 0 {
			return d
		}
		return strings.Compare(a[:4], b[:4]) // "[I] " with one digit
	})
	return all
}

func checkLines(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("the island processes printed\n%s\nevolve islands printed\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestIslandProcessesMatchInProcess: three `evolve island` processes
// against a separately started server print, line for line, what
// `evolve islands -k 3` prints, and island 0 saves the same best creature;
// for the vertical task and for hover3d (a few generations of tiny
// islands: its flights are long).
func TestIslandProcessesMatchInProcess(t *testing.T) {
	hover := []string{"-task", "hover3d", "-n", "8", "-generations", "4", "-migrate-every", "2", "-migrants", "2"}
	for _, flags := range [][]string{islandRunFlags, hover} {
		want, wantName, wantBest := inProcessIslands(t, flags)
		ts := startTestServer(t)
		dir := t.TempDir()
		var procs []*islandProc
		for i := 2; i >= 0; i-- { // any order
			procs = append(procs, startIsland(t, ts, i, flags, "-dir", dir))
		}
		var lines [][]string
		for _, p := range procs {
			lines = append(lines, p.wait(t))
		}
		checkLines(t, merge(t, lines...), want)
		best, err := os.ReadFile(filepath.Join(dir, wantName))
		if err != nil || string(best) != wantBest {
			t.Fatalf("%v: best across the islands: %v\n%s\nwant %s:\n%s", flags, err, best, wantName, wantBest)
		}
	}
}

// TestIslandKilledAndServerRestarted: island 1 stops at generation 12
// (as if its machine went away), island 2 runs into the wait for island
// 1's migrants of epoch 3 and is killed (SIGKILL) there, the server is
// restarted (file store), and islands 1 and 2 resume from their
// checkpoints (generations 12 and 7: island 2 takes island 1's epoch-2
// migrants from the stream again). Island 0 runs throughout. The lines
// are those of `evolve islands`.
func TestIslandKilledAndServerRestarted(t *testing.T) {
	want, _, _ := inProcessIslands(t, islandRunFlags)
	ts := startTestServer(t)
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	p0 := startIsland(t, ts, 0, islandRunFlags, "-dir", dir)
	p1 := startIsland(t, ts, 1, islandRunFlags, "-dir", dir, "-checkpoint", ck, "-checkpoint-every", "7", "-generations", "12")
	db := filepath.Join(dir, "run.db")
	p2 := startIsland(t, ts, 2, islandRunFlags, "-dir", dir, "-checkpoint", ck, "-checkpoint-every", "7", "-db", db)
	first1 := p1.wait(t)
	killed := p2.until(t, 12)
	p2.cmd.Process.Signal(syscall.SIGKILL)
	<-p2.done
	data, err := os.ReadFile(islandPath(ck, 2))
	if err != nil {
		t.Fatal(err)
	}
	if u, _, err := evolve.ResumeCheckpoint(data); err != nil || u.Generation != 7 {
		t.Fatalf("island 2's checkpoint: %v, want generation 7", err)
	}
	killed = killed[:7]
	ts.restart()
	p1 = startIsland(t, ts, 1, islandRunFlags, "-dir", dir, "-resume", ck)
	p2 = startIsland(t, ts, 2, islandRunFlags, "-dir", dir, "-resume", ck, "-db", db)
	got := merge(t, p0.wait(t), append(first1, p1.wait(t)...), append(killed, p2.wait(t)...))
	checkLines(t, got, want)
	// The resumed history holds island 2's best of the run.
	best := mustRun(t, "best", "-db", islandPath(db, 2))
	if !strings.Contains(best, `"fitness"`) {
		t.Fatalf("best -db: %s", best)
	}
}

// TestIslandServerUnreachable: no server, a short wait, one clear line.
func TestIslandServerUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback port: %v", err)
	}
	url := "nats://" + l.Addr().String()
	l.Close()
	code, out, errs := runCmd(t, "island", "-nats", url, "-run", "x", "-island", "0", "-of", "2", "-wait", "1s", "-dir", t.TempDir())
	if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "cannot reach the NATS server at "+url) {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 and one line", code, out, errs)
	}
}

func TestIslandBadInput(t *testing.T) {
	dir := t.TempDir()
	expectUsageErrors(t, map[string][]string{
		"no -of":          {"island", "-run", "x", "-island", "0", "-dir", dir},
		"index too big":   {"island", "-run", "x", "-island", "3", "-of", "3", "-dir", dir},
		"bad run name":    {"island", "-run", "a.b", "-island", "0", "-of", "3", "-dir", dir},
		"too many":        {"islands", "-n", "10", "-migrants", "6", "-dir", dir},
		"no k":            {"islands", "-k", "0", "-dir", dir},
		"migrate-every":   {"island", "-run", "x", "-of", "3", "-island", "1", "-migrate-every", "0", "-dir", dir},
		"continue no ckp": {"islands", "-continue", "-dir", dir},
		"cmaes":           {"islands", "-strategy", "cmaes", "-dir", dir},
		"unknown task":    {"islands", "-task", "fly", "-dir", dir},
	})
	t.Setenv("JOB_COMPLETION_INDEX", "x")
	expectUsageErrors(t, map[string][]string{"bad $JOB_COMPLETION_INDEX": {"island", "-run", "x", "-of", "3", "-dir", dir}})
}

// BenchmarkMigration: one migration of 5 creatures (publish + receive)
// through the embedded server, as an island does it every -migrate-every
// generations.
func BenchmarkMigration(b *testing.B) {
	srv, err := startEmbeddedServer(b.TempDir(), -1)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Shutdown()
	bus, err := connectBus(context.Background(), srv.URL(), "bench", time.Minute, func(s string) { b.Log(s) })
	if err != nil {
		b.Fatal(err)
	}
	defer bus.Close()
	u, err := evolve.New(500, 1)
	if err != nil {
		b.Fatal(err)
	}
	u.Evaluate(sim.ScalarEvaluator)
	ms := u.Emigrants(5)
	ctx := context.Background()
	b.ResetTimer()
	for e := 1; e <= b.N; e++ {
		data, err := evolve.MarshalMigrants("bench", 0, e, ms)
		if err != nil {
			b.Fatal(err)
		}
		if err := bus.publishOnce(ctx, migrantsSubject(bus, e, 0), data); err != nil {
			b.Fatal(err)
		}
		got, err := bus.receive(ctx, migrantsSubject(bus, e, 0), "island 0")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := evolve.UnmarshalMigrants(got, "bench", 0, e); err != nil {
			b.Fatal(err)
		}
	}
}

// TestIslandsInterruptAndResume: Ctrl-C stops every island of `evolve
// islands` after one generation, checkpointed; resumed (with a new
// temporary store), they print what a run that never stopped prints.
func TestIslandsInterruptAndResume(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	flags := []string{"islands", "-k", "3", "-n", "40", "-migrate-every", "4", "-migrants", "3", "-dir", dir, "-checkpoint", ck, "-checkpoint-every", "1000"}
	lines := interruptedLines(t, 3, flags...)
	if len(lines)%3 != 0 {
		t.Fatalf("the islands stopped after different generations:\n%s", strings.Join(lines, "\n"))
	}
	total := strconv.Itoa(len(lines)/3 + 9)
	straight := mustRun(t, append(flags[:len(flags)-4], "-generations", total)...)
	rest := mustRun(t, "islands", "-resume", ck, "-generations", total, "-dir", dir)
	if got := strings.Join(lines, "\n") + "\n" + rest; got != straight {
		t.Fatalf("interrupted + resumed:\n%s\nstraight:\n%s", got, straight)
	}
}

// TestIslandNeighbourMissing: an island whose neighbour never sends its
// migrants waits -wait, says which island it waited for, and still saves
// its checkpoint and best creature.
func TestIslandNeighbourMissing(t *testing.T) {
	ts := startTestServer(t)
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	code, out, errs := runCmd(t, "island", "-nats", ts.url(), "-run", "alone", "-island", "1", "-of", "2", "-n", "20",
		"-generations", "10", "-migrate-every", "2", "-wait", "1s", "-dir", dir, "-checkpoint", ck)
	if code != 1 || strings.Count(out, "\n") != 2 || !strings.Contains(errs, "is island 0 running?") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 after generation 2, waiting for island 0", code, out, errs)
	}
	data, err := os.ReadFile(islandPath(ck, 1))
	if err != nil {
		t.Fatal(err)
	}
	if u, _, err := evolve.ResumeCheckpoint(data); err != nil || u.Generation != 2 {
		t.Fatalf("checkpoint: %v; want generation 2", err)
	}
	if es, _ := filepath.Glob(filepath.Join(dir, "creature-*-island1-*.json")); len(es) != 1 {
		t.Fatalf("best creature files: %v", es)
	}
}

// TestIslandsGolden: island runs print the same lines and save the same
// best creature, to the bit, on every architecture, kernel and worker
// count (migration included). The golden files were written on amd64:
//
//	evolve islands -k 3 -n 40 -generations 20 -migrate-every 4 -migrants 3
//	evolve islands -task hover3d -k 3 -n 8 -generations 4 -migrate-every 2 -migrants 2
func TestIslandsGolden(t *testing.T) {
	runs := []struct {
		golden, best string
		flags        []string
	}{
		{"islands-k3-n40-20gen.txt", "islands-k3-n40-20gen-best.json", islandRunFlags},
		{"islands-k3-n40-20gen.txt", "islands-k3-n40-20gen-best.json", append([]string{"-kernel", "scalar", "-workers", "3"}, islandRunFlags...)},
		{"islands-hover3d-k3-n8-4gen.txt", "", []string{"-task", "hover3d", "-n", "8", "-generations", "4", "-migrate-every", "2", "-migrants", "2", "-workers", "2"}},
	}
	for _, r := range runs {
		want, err := os.ReadFile(filepath.Join("testdata", r.golden))
		if err != nil {
			t.Fatal(err)
		}
		lines, _, best := inProcessIslands(t, r.flags)
		if got := strings.Join(lines, "\n") + "\n"; got != string(want) {
			t.Fatalf("%v: lines differ from %s:\n%s", r.flags, r.golden, got)
		}
		if r.best == "" {
			continue
		}
		if wantBest, err := os.ReadFile(filepath.Join("testdata", r.best)); err != nil || best != string(wantBest) {
			t.Fatalf("%v: best creature differs from %s (%v):\n%s", r.flags, r.best, err, best)
		}
	}
}

// TestIslandsHistoryOfAnyTask: -db records each island's creatures for a
// 3-D task too, and `best -db` reads one back with its task.
func TestIslandsHistoryOfAnyTask(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, "islands", "-k", "2", "-task", "hover3d", "-n", "8", "-generations", "2",
		"-migrate-every", "1", "-migrants", "2", "-workers", "1", "-dir", dir, "-db", filepath.Join(dir, "h.db"))
	for i := range 2 {
		out := mustRun(t, "best", "-db", filepath.Join(dir, fmt.Sprintf("h.island%d.db", i)))
		cs, err := sim.ParseCreatures([]byte(out))
		if err != nil || len(cs) != 1 {
			t.Fatalf("island %d: best -db printed %q: %v", i, out, err)
		}
		if task := cs[0].TaskOf(); task != sim.Hover3D {
			t.Errorf("island %d: best creature's task is %s, want hover3d", i, task.Name)
		}
	}
}
