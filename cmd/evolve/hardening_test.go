package main

import (
	"bytes"
	"database/sql"
	"errors"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/evocopter/evocopter/cmd/evolve/internal/history"
	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// runWithin runs the command in process and fails the test if it takes
// more than a generous two minutes (a hang), returning what runCmd does.
func runWithin(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		c := run(args, &out, &errb)
		done <- result{c, out.String(), errb.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(2 * time.Minute):
		t.Fatalf("evolve %s: still running after 2 minutes", strings.Join(args, " "))
		return
	}
}

// readFile reads a file the test made, failing the test if it cannot.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// savedCreatures are the creature files a run saved in dir.
func savedCreatures(t *testing.T, dir string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "creature-*.json"))
	for _, f := range files {
		if _, err := sim.ReadCreatureFile(f); err != nil {
			t.Errorf("saved creature does not read back: %v", err)
		}
	}
	return files
}

// checkpointGeneration is the generation a checkpoint file holds.
func checkpointGeneration(t *testing.T, path string) int {
	t.Helper()
	u, _, err := evolve.ResumeCheckpoint(readFile(t, path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return u.Generation
}

// TestPlotOddLogs: plot draws any log a run can write, and any
// well-formed one: huge and tiny numbers, only nulls, zeros and
// negatives, one generation, generations beyond 2^53, within a bound
// (1e308 once looped forever; all nulls panicked).
func TestPlotOddLogs(t *testing.T) {
	line := func(gen, min, avg, max string) string {
		return `{"generation":` + gen + `,"min":` + min + `,"avg":` + avg + `,"max":` + max + `,"evaluated":5,"seconds":0}` + "\n"
	}
	cases := map[string]string{
		"1e308":              line("1", "1e308", "1e308", "1e308"),
		"max float":          line("1", "1.7976931348623157e308", "1.7976931348623157e308", "1.7976931348623157e308"),
		"all null":           line("1", "null", "null", "null") + line("2", "null", "null", "null"),
		"tiniest":            line("1", "5e-324", "5e-324", "5e-324"),
		"tiny to huge":       line("1", "5e-324", "1", "1e308") + line("2", "1e-300", "1e10", "1.7e308"),
		"zeros":              line("1", "0", "0", "0") + line("2", "0", "0", "0"),
		"zero and positive":  line("1", "0", "5", "10"),
		"negatives":          line("1", "-10", "-5", "-1"),
		"widest linear":      line("1", "-1.7976931348623157e308", "0", "1.7976931348623157e308"),
		"narrow, huge":       line("1", "-1e17", "-1e17", "-99999999999999984"),
		"one value":          line("7", "3", "3", "3"),
		"huge generations":   line("100000000000000000", "1", "2", "3") + line("100000000000000001", "1", "2", "3"),
		"largest generation": line("9223372036854775807", "1", "2", "3"),
		"some null":          line("1", "null", "4", "9") + line("2", "3", "null", "null"),
	}
	if strconv.IntSize == 32 {
		// Generations beyond an int are bad input there (exit 2): no
		// run of that build reaches them.
		delete(cases, "huge generations")
		delete(cases, "largest generation")
	}
	dir := t.TempDir()
	for name, log := range cases {
		path := writeTestFile(t, dir, "odd.log", log)
		out := filepath.Join(dir, "odd.png")
		code, _, errs := runWithin(t, "plot", path, "-o", out)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", name, code, errs)
			continue
		}
		f, err := os.Open(out)
		if err == nil {
			_, err = png.Decode(f)
			f.Close()
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestValidLookingInputDoesNotCrash: inputs that look valid get a
// result or one line with exit 2, never a crash (exit 3) or a hang.
func TestValidLookingInputDoesNotCrash(t *testing.T) {
	dir := t.TempDir()
	creature := func(name, k, c string) string {
		return writeTestFile(t, dir, name, `{"matrix": [[`+k+`],[`+k+`]], "constant": [`+c+`]}`)
	}
	huge := creature("huge.json", "1e308,1e308,1e308", "1e308,-1e308")
	tiny := creature("tiny.json", "5e-324,-5e-324,0", "-0,5e-324")
	zero := creature("zero.json", "0,0,0", "0,0")
	cases := map[string][]string{
		"show huge":        {"show", huge, "-o", filepath.Join(dir, "h.png"), "-csv", filepath.Join(dir, "h.csv")},
		"show tiny":        {"show", tiny, "-o", filepath.Join(dir, "t.svg")},
		"show zero":        {"show", zero, "-o", filepath.Join(dir, "z.png")},
		"eval huge":        {"eval", huge},
		"eval tiny json":   {"eval", "-json", tiny},
		"run one worker":   {"-n", "2", "-generations", "3", "-workers", "1", "-dir", dir},
		"run many workers": {"-n", "9", "-generations", "2", "-workers", "1000", "-dir", dir},
	}
	for name, args := range cases {
		if code, _, errs := runWithin(t, args...); code != 0 {
			t.Errorf("%s: exit %d: %s", name, code, errs)
		}
	}
}

// TestBoundedSizes: every count and every file the user gives is bounded
// before anything is allocated for it: one line, exit 2, at once (a
// -workers of two billion, or /dev/zero as a checkpoint, ran out of
// memory).
func TestBoundedSizes(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]string{
		"-workers huge":       {"-n", "4", "-generations", "1", "-dir", dir, "-workers", "2000000000"},
		"eval -workers huge":  {"eval", "-workers", "2000000000", referenceCreatures},
		"bench -workers huge": {"bench", "-workers", "2000000000"},
		"-n beyond memory":    {"-n", "2147483647", "-generations", "1", "-dir", dir},
		"-n 2^62":             {"-n", "4611686018427387904", "-generations", "1", "-dir", dir},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases["resume /dev/zero"] = []string{"-resume", "/dev/zero", "-checkpoint", filepath.Join(dir, "c.ckpt"), "-dir", dir}
		cases["plot /dev/zero"] = []string{"plot", "/dev/zero", "-o", filepath.Join(dir, "z.png")}
		cases["eval /dev/zero"] = []string{"eval", "/dev/zero"}
		cases["show /dev/zero"] = []string{"show", "/dev/zero", "-o", filepath.Join(dir, "z.png")}
	}
	expectUsageErrors(t, cases)
	if _, _, errs := runCmd(t, "-n", "2147483647", "-dir", dir); !strings.Contains(errs, "needs about 2.2 TiB") {
		t.Errorf("-n 2147483647: %q, want the memory it needs", errs)
	}
	// A hover3d creature is twice the size of a vertical one.
	if _, _, errs := runCmd(t, "-task", "hover3d", "-strategy", "ga", "-n", "2147483647", "-dir", dir); !strings.Contains(errs, "needs about 4.1 TiB") {
		t.Errorf("-task hover3d -n 2147483647: %q, want the memory it needs", errs)
	}
}

// TestReadInputBounds: a file over the limit is refused before it is
// read (a regular file by its size, a stream once the limit is passed),
// and a stream of the wrong kind at its first bytes.
func TestReadInputBounds(t *testing.T) {
	dir := t.TempDir()
	big := writeTestFile(t, dir, "big", strings.Repeat("x", 100))
	if _, err := readInput("-f", big, 99, "a thing", nil); err == nil || !strings.Contains(err.Error(), "too big") {
		t.Errorf("regular file over the limit: %v", err)
	}
	if data, err := readInput("-f", big, 100, "a thing", nil); err != nil || len(data) != 100 {
		t.Errorf("regular file at the limit: %d bytes, %v", len(data), err)
	}
	if _, err := readInput("-f", dir, 100, "a thing", nil); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("folder: %v", err)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := readInput("-f", "/dev/zero", 1000, "a thing", nil); err == nil || !strings.Contains(err.Error(), "too big") {
			t.Errorf("/dev/zero through a limit: %v", err)
		}
		if _, err := readInput("-f", "/dev/zero", 1<<40, "a thing", textSniff("a thing")); err == nil || !strings.Contains(err.Error(), "binary data") {
			t.Errorf("/dev/zero sniffed: %v", err)
		}
	}
}

// TestCgroupMemoryLimit: the memory a run may use is the smallest of the
// machine's memory and the limits of the process's cgroup and its
// ancestors, in cgroup v1 and v2, as containers and systemd mount them.
func TestCgroupMemoryLimit(t *testing.T) {
	const meminfo = "MemTotal:       16000000 kB\nMemFree: 1 kB\n"
	const total = 16000000 * 1024
	type file struct{ path, content string }
	cases := []struct {
		name  string
		files []file
		want  uint64
		where string
	}{
		{"no cgroup", []file{{"proc/meminfo", meminfo}}, total, "this machine"},
		{"v2, limited", []file{
			{"proc/meminfo", meminfo},
			{"proc/self/cgroup", "0::/user.slice/run.scope\n"},
			{"proc/self/mountinfo", "30 23 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n"},
			{"sys/fs/cgroup/user.slice/run.scope/memory.max", "2147483648\n"},
			{"sys/fs/cgroup/user.slice/memory.max", "max\n"},
		}, 2 << 30, "cgroup"},
		{"v2, parent lower", []file{
			{"proc/meminfo", meminfo},
			{"proc/self/cgroup", "0::/a/b\n"},
			{"proc/self/mountinfo", "30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"},
			{"sys/fs/cgroup/a/b/memory.max", "max\n"},
			{"sys/fs/cgroup/a/memory.max", "1073741824\n"},
		}, 1 << 30, "cgroup"},
		{"v2, unlimited", []file{
			{"proc/meminfo", meminfo},
			{"proc/self/cgroup", "0::/a\n"},
			{"proc/self/mountinfo", "30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"},
			{"sys/fs/cgroup/a/memory.max", "max\n"},
		}, total, "this machine"},
		{"v2, container namespace", []file{
			{"proc/meminfo", meminfo},
			{"proc/self/cgroup", "0::/\n"},
			{"proc/self/mountinfo", "600 590 0:26 / /sys/fs/cgroup ro,nosuid - cgroup2 cgroup rw\n"},
			{"sys/fs/cgroup/memory.max", "536870912\n"},
		}, 512 << 20, "cgroup"},
		{"v1, docker", []file{
			{"proc/meminfo", meminfo},
			{"proc/self/cgroup", "12:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/\n"},
			{"proc/self/mountinfo", "40 30 0:35 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n41 30 0:36 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro - cgroup cgroup rw,cpu,cpuacct\n"},
			{"sys/fs/cgroup/memory/memory.limit_in_bytes", "3221225472\n"},
			{"sys/fs/cgroup/cpu,cpuacct/memory.limit_in_bytes", "1\n"},
		}, 3 << 30, "cgroup"},
		{"v1, unlimited", []file{
			{"proc/meminfo", meminfo},
			{"proc/self/cgroup", "4:memory:/user.slice\n"},
			{"proc/self/mountinfo", "40 30 0:35 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"},
			{"sys/fs/cgroup/memory/user.slice/memory.limit_in_bytes", "9223372036854771712\n"},
		}, total, "this machine"},
		{"mount point with a space", []file{
			{"proc/meminfo", meminfo},
			{"proc/self/cgroup", "0::/x\n"},
			{"proc/self/mountinfo", `30 23 0:26 / /my\040cgroup rw - cgroup2 cgroup2 rw` + "\n"},
			{"my cgroup/x/memory.max", "4096\n"},
		}, 4096, "cgroup"},
		{"nothing readable", nil, 1 << 50, "no machine"},
	}
	for _, c := range cases {
		root := t.TempDir()
		for _, f := range c.files {
			p := filepath.Join(root, f.path)
			os.MkdirAll(filepath.Dir(p), 0o755)
			writeTestFile(t, filepath.Dir(p), filepath.Base(p), f.content)
		}
		got, where := memoryLimitAt(root, 64)
		if got != c.want || !strings.Contains(where, c.where) {
			t.Errorf("%s: %d (%s), want %d (%s)", c.name, got, where, c.want, c.where)
		}
	}
	if got, where := memoryLimitAt(t.TempDir(), 32); got != 3<<30 || !strings.Contains(where, "32-bit") {
		t.Errorf("32-bit: %d (%s)", got, where)
	}
}

// TestOutputPaths: an output path that is a folder, a symbolic link to
// nothing, a device where a regular file is needed, or a file another
// flag of the command names, is refused with one line and left as it
// was; a symbolic link is followed and stays a link; a device or fifo
// is written through, never replaced.
func TestOutputPaths(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	ck := filepath.Join(dir, "run.ckpt")
	log := filepath.Join(dir, "run.log")
	mustRun(t, "-n", "6", "-generations", "2", "-dir", dir, "-db", db, "-checkpoint", ck, "-log", log)
	folder := filepath.Join(dir, "folder.png")
	os.Mkdir(folder, 0o755)
	dangling := filepath.Join(dir, "dangling.png")
	os.Symlink(filepath.Join(dir, "nothing"), dangling)
	creature := referenceCreatures
	// outputs: the flag's args given a path.
	outputs := map[string]func(string) []string{
		"show -o":   func(p string) []string { return []string{"show", creature, "-o", p} },
		"show -csv": func(p string) []string { return []string{"show", creature, "-csv", p} },
		"plot -o":   func(p string) []string { return []string{"plot", log, "-o", p} },
		"best -o":   func(p string) []string { return []string{"best", "-db", db, "-o", p} },
		"-checkpoint": func(p string) []string {
			return []string{"-n", "4", "-generations", "1", "-dir", dir, "-checkpoint", p}
		},
		"-log": func(p string) []string { return []string{"-n", "4", "-generations", "1", "-dir", dir, "-log", p} },
		"-db":  func(p string) []string { return []string{"-n", "4", "-generations", "1", "-dir", dir, "-db", p} },
	}
	refused := map[string][]string{}
	for name, args := range outputs {
		refused[name+" folder"] = args(folder)
		refused[name+" dangling link"] = args(dangling)
	}
	if _, err := os.Stat("/dev/null"); err == nil {
		refused["-checkpoint /dev/null"] = outputs["-checkpoint"]("/dev/null")
		refused["-db /dev/null"] = outputs["-db"]("/dev/null")
	}
	// Two flags, one file.
	refused["best -db h -o h"] = []string{"best", "-db", db, "-o", db}
	refused["-db x -checkpoint x"] = []string{"-n", "4", "-dir", dir, "-db", filepath.Join(dir, "x"), "-checkpoint", filepath.Join(dir, "x")}
	refused["-log x -checkpoint x"] = []string{"-n", "4", "-dir", dir, "-log", filepath.Join(dir, "y"), "-checkpoint", filepath.Join(dir, "y")}
	refused["-log x -db x"] = []string{"-n", "4", "-dir", dir, "-log", filepath.Join(dir, "z"), "-db", filepath.Join(dir, "z")}
	refused["-resume c -log c"] = []string{"-resume", ck, "-dir", dir, "-log", ck}
	refused["-resume c -db c"] = []string{"-resume", ck, "-dir", dir, "-db", ck}
	logPNG := writeTestFile(t, dir, "log.png", string(readFile(t, log)))
	refused["plot L -o L"] = []string{"plot", logPNG, "-o", logPNG}
	creatureCopy := writeTestFile(t, dir, "c.json", string(readFile(t, creature)))
	refused["show F -csv F"] = []string{"show", creatureCopy, "-csv", creatureCopy}

	before := snapshot(t, dir)
	expectUsageErrors(t, refused)
	if after := snapshot(t, dir); !equalSnapshots(before, after) {
		t.Errorf("a refused command changed the folder:\nbefore %v\nafter  %v", before, after)
	}

	// Links are followed and stay links; devices are written through.
	for name, args := range outputs {
		if name == "-db" || name == "-checkpoint" || name == "-log" {
			continue // below
		}
		target := filepath.Join(dir, "target-"+strings.NewReplacer(" ", "", "-", "").Replace(name))
		link := target + "-link.png"
		os.Symlink(target, link)
		writeTestFile(t, dir, filepath.Base(target), "old")
		if code, _, errs := runWithin(t, args(link)...); code != 0 {
			t.Errorf("%s through a link: exit %d: %s", name, code, errs)
		}
		if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s: the link was replaced", name)
		}
		if string(readFile(t, target)) == "old" {
			t.Errorf("%s: the link's target was not written", name)
		}
	}
	if st, err := os.Stat("/dev/null"); err == nil && st.Mode()&fs.ModeCharDevice != 0 {
		null := filepath.Join(dir, "null.png")
		os.Symlink("/dev/null", null)
		for _, args := range [][]string{outputs["show -o"](null), outputs["plot -o"](null), outputs["best -o"]("/dev/null"), outputs["show -csv"]("/dev/null"), outputs["-log"]("/dev/null")} {
			if code, _, errs := runWithin(t, args...); code != 0 {
				t.Errorf("%v: exit %d: %s", args, code, errs)
			}
		}
		if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
			t.Fatalf("/dev/null is no longer a device: %v %v", st.Mode(), err)
		}
	}
	// A checkpoint through a link: the link stays, the target holds it.
	target := filepath.Join(dir, "ck-target")
	link := filepath.Join(dir, "ck-link")
	os.Symlink(target, link)
	writeTestFile(t, dir, "ck-target", "") // an empty file is no other run's
	mustRun(t, "-n", "4", "-generations", "3", "-dir", dir, "-checkpoint", link)
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 || checkpointGeneration(t, target) != 3 {
		t.Errorf("checkpoint through a link: %v", err)
	}
}

// snapshot maps every file under dir to its kind and contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := os.Lstat(p)
		v := info.Mode().Type().String()
		if info.Mode().IsRegular() {
			v += string(readFile(t, p))
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			l, _ := os.Readlink(p)
			v += l
		}
		out[p] = v
		return nil
	})
	return out
}

func equalSnapshots(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestAnotherRunsFiles: a new run refuses to replace another run's
// checkpoint or to append to a file that is not its log (a creature
// file), leaving them as they were, unless -force; a resumed run goes on
// with its own checkpoint and log.
func TestAnotherRunsFiles(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	log := filepath.Join(dir, "run.log")
	mustRun(t, "-n", "6", "-generations", "2", "-dir", dir, "-checkpoint", ck, "-log", log)
	best := writeTestFile(t, dir, "best.json", string(readFile(t, referenceCreatures)))
	other := filepath.Join(dir, "other.log")
	before := snapshot(t, dir)
	expectUsageErrors(t, map[string][]string{
		"-checkpoint of another run": {"-n", "4", "-generations", "1", "-dir", dir, "-checkpoint", ck, "-log", other},
		"-log a creature file":       {"-n", "4", "-generations", "1", "-dir", dir, "-log", best},
		"-log another run's log":     {"-n", "4", "-generations", "1", "-dir", dir, "-log", log},
		"resume, -checkpoint taken":  {"-resume", ck, "-dir", dir, "-checkpoint", best},
		"resume, -log a creature":    {"-resume", ck, "-dir", dir, "-log", best},
	})
	if after := snapshot(t, dir); !equalSnapshots(before, after) {
		t.Errorf("a refused run changed files")
	}
	mustRun(t, "-resume", ck, "-generations", "3", "-dir", dir, "-log", log)
	if checkpointGeneration(t, ck) != 3 {
		t.Errorf("the resumed run did not checkpoint in its own file")
	}
	mustRun(t, "-n", "4", "-generations", "1", "-dir", dir, "-checkpoint", ck, "-force")
	if checkpointGeneration(t, ck) != 1 {
		t.Errorf("-force did not replace the checkpoint")
	}
	logBefore := readFile(t, log)
	mustRun(t, "-n", "4", "-generations", "1", "-dir", dir, "-log", log, "-force")
	if after := readFile(t, log); !bytes.HasPrefix(after, logBefore) || len(after) == len(logBefore) {
		t.Errorf("-force did not append to the log, or changed it")
	}
}

// faultFile fails writes as a full disk does.
type faultFile struct{ *os.File }

func (f faultFile) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// failSaves makes writeFileAtomic fail (disk full) for files whose name
// contains part, until the test ends.
func failSaves(t *testing.T, part string) {
	saved := wrapTemp
	t.Cleanup(func() { wrapTemp = saved })
	wrapTemp = func(f *os.File) tempFile {
		if strings.Contains(filepath.Base(f.Name()), part) {
			return faultFile{f}
		}
		return f
	}
}

// failingWriter fails every write, as a full or closed stdout does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestSideOutputFaults: when a side output fails mid-run (stdout, -log,
// -db, -checkpoint, the creature file, a picture), the run still saves
// the best creature (on stderr if its file fails) and the checkpoint
// where they can be saved, exits 1, and files written before are intact.
func TestSideOutputFaults(t *testing.T) {
	type setup struct {
		args   func(dir, ck string) []string
		fault  func(t *testing.T)
		stdout *failingWriter
	}
	base := func(dir, ck string, more ...string) []string {
		return append([]string{"-resume", ck, "-generations", "6", "-dir", dir, "-checkpoint-every", "1"}, more...)
	}
	cases := map[string]setup{
		"stdout": {args: func(dir, ck string) []string { return base(dir, ck) }, stdout: &failingWriter{}},
		"-db": {args: func(dir, ck string) []string { return base(dir, ck, "-db", filepath.Join(dir, "h.db")) }, fault: func(t *testing.T) {
			saved := recordHistory
			t.Cleanup(func() { recordHistory = saved })
			n := 0
			recordHistory = func(h *history.DB, born, dead []evolve.Creature, killed int) error {
				if n++; n > 2 {
					return errors.New("database is locked")
				}
				return h.Record(born, dead, killed)
			}
		}},
		"-checkpoint": {args: func(dir, ck string) []string { return base(dir, ck) }, fault: func(t *testing.T) { failSaves(t, ".run.ckpt.") }},
		"creature":    {args: func(dir, ck string) []string { return base(dir, ck) }, fault: func(t *testing.T) { failSaves(t, ".creature-") }},
	}
	if _, err := os.Stat("/dev/full"); err == nil {
		cases["-log"] = setup{args: func(dir, ck string) []string { return base(dir, ck, "-log", "/dev/full") }}
	}
	for name, c := range cases {
		t.Run(strings.TrimPrefix(name, "-"), func(t *testing.T) { sideOutputFault(t, name, c.args, c.fault, c.stdout) })
	}
}

func sideOutputFault(t *testing.T, name string, args func(dir, ck string) []string, fault func(*testing.T), stdout *failingWriter) {
	{
		dir := t.TempDir()
		ck := filepath.Join(dir, "run.ckpt")
		mustRun(t, "-n", "8", "-generations", "2", "-dir", dir, "-checkpoint", ck)
		earlier := savedCreatures(t, dir)
		ckBefore := readFile(t, ck)
		if fault != nil {
			fault(t)
		}
		var out bytes.Buffer
		var errb bytes.Buffer
		var code int
		if stdout != nil {
			code = run(args(dir, ck), stdout, &errb)
		} else {
			code = run(args(dir, ck), &out, &errb)
		}
		errs := errb.String()
		if code != 1 {
			t.Errorf("%s: exit %d, want 1: %s", name, code, errs)
		}
		for _, f := range earlier {
			if _, err := os.Stat(f); err != nil {
				t.Errorf("%s: earlier creature file gone", name)
			}
		}
		switch name {
		case "creature":
			// Shown on stderr: one line of creature JSON that reads back.
			i := strings.Index(errs, "here it is:\n")
			if i < 0 {
				t.Fatalf("%s: the best creature is not on stderr: %q", name, errs)
			}
			text, _, _ := strings.Cut(errs[i+len("here it is:\n"):], "\n")
			if _, err := sim.ParseCreatures([]byte(text)); err != nil {
				t.Errorf("%s: stderr's creature does not read: %v", name, err)
			}
		default:
			if len(savedCreatures(t, dir)) <= len(earlier) && !strings.Contains(errs, "best creature saved to") {
				t.Errorf("%s: best creature not saved: %q", name, errs)
			}
		}
		if name == "-checkpoint" {
			if !bytes.Equal(readFile(t, ck), ckBefore) {
				t.Errorf("%s: the earlier checkpoint changed", name)
			}
			if strings.Contains(errs, "checkpointed in") {
				t.Errorf("%s: says checkpointed: %q", name, errs)
			}
		} else if g := checkpointGeneration(t, ck); g < 3 || !strings.Contains(errs, "checkpointed in") {
			t.Errorf("%s: checkpoint holds generation %d; stderr %q", name, g, errs)
		}
	}
}

// TestPictureFaults: a picture or CSV that cannot be written fails with
// exit 1 and leaves the earlier file as it was.
func TestPictureFaults(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "run.log")
	mustRun(t, "-n", "6", "-generations", "2", "-dir", dir, "-log", log)
	failSaves(t, ".old.")
	for _, out := range []string{"old.png", "old.svg", "old.csv"} {
		path := writeTestFile(t, dir, out, "earlier")
		args := []string{"show", referenceCreatures, "-o", path}
		if strings.HasSuffix(out, ".csv") {
			args = []string{"show", referenceCreatures, "-csv", path}
		}
		all := [][]string{args}
		if !strings.HasSuffix(out, ".csv") {
			all = append(all, []string{"plot", log, "-o", path})
		}
		for _, a := range all {
			if code, _, errs := runCmd(t, a...); code != 1 || strings.Count(errs, "\n") != 1 {
				t.Errorf("%v: exit %d: %q", a, code, errs)
			}
			if string(readFile(t, path)) != "earlier" {
				t.Errorf("%v: the earlier file changed", a)
			}
		}
	}
}

// TestUnwritableDirBeforeWork: a -dir (or a checkpoint's folder) that
// takes no files is refused before the first generation, even as root.
func TestUnwritableDirBeforeWork(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc here")
	}
	expectUsageErrors(t, map[string][]string{
		"-dir /proc":        {"-n", "4", "-generations", "1", "-dir", "/proc"},
		"-checkpoint /proc": {"-n", "4", "-generations", "1", "-dir", t.TempDir(), "-checkpoint", "/proc/x.ckpt"},
	})
}

// TestTornLog: a log whose last line a failed write cut keeps every byte,
// the next run's lines start on a line of their own, and plot reads it,
// saying it skipped the cut line.
func TestTornLog(t *testing.T) {
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	log := filepath.Join(dir, "run.log")
	mustRun(t, "-n", "6", "-generations", "2", "-dir", dir, "-checkpoint", ck, "-log", log)
	f, _ := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"generation":3,"min":12`)
	f.Close()
	torn := readFile(t, log)
	mustRun(t, "-resume", ck, "-generations", "4", "-dir", dir, "-log", log)
	after := readFile(t, log)
	if !bytes.HasPrefix(after, append(torn, '\n')) {
		t.Fatalf("the torn log changed or the next line was glued on:\n%s", after)
	}
	code, _, errs := runCmd(t, "plot", log, "-o", filepath.Join(dir, "p.png"))
	if code != 0 || !strings.Contains(errs, "skipped 1 line") {
		t.Fatalf("plot: exit %d: %q", code, errs)
	}
	lines, skipped, err := parseRunLog(after)
	if err != nil || len(lines) != 4 || skipped != 1 {
		t.Fatalf("%d lines, %d skipped, %v", len(lines), skipped, err)
	}
}

// TestParseRunLog: what plot accepts and refuses, lines cut or glued by
// an older evolve included.
func TestParseRunLog(t *testing.T) {
	l := func(g string) string {
		return `{"generation":` + g + `,"min":1,"avg":2,"max":3,"evaluated":5,"seconds":0}`
	}
	cases := []struct {
		name, log string
		gens      int
		torn      int
		ok        bool
	}{
		{"two lines", l("1") + "\n" + l("2") + "\n", 2, 0, true},
		{"no final newline", l("1") + "\n" + l("2"), 2, 0, true},
		{"cut last", l("1") + "\n" + `{"generation":2,"mi`, 1, 1, true},
		{"cut then newline", l("1") + "\n" + `{"generation":2,"mi` + "\n" + l("2") + "\n", 2, 1, true},
		{"glued by an older evolve", l("1") + "\n" + `{"generation":2,"mi` + l("2") + "\n", 2, 1, true},
		{"repeated generation", l("1") + "\n" + l("1") + "\n", 1, 0, true},
		{"blank lines", "\n\n" + l("1") + "\n\n", 1, 0, true},
		{"empty", "", 0, 0, false},
		{"only a cut line", `{"generation":1,"mi`, 0, 0, false},
		{"not a log", "hello\n", 0, 0, false},
		{"creature", `{"matrix": [[1,2,3],[4,5,6]], "constant": [7,8]}`, 0, 0, false},
		{"generation 0", l("0"), 0, 0, false},
		{"unknown field", `{"generation":1,"bogus":1}`, 0, 0, false},
		{"trailing", l("1") + " x", 0, 0, false},
	}
	for _, c := range cases {
		lines, torn, err := parseRunLog([]byte(c.log))
		if (err == nil) != c.ok || len(lines) != c.gens || torn != c.torn {
			t.Errorf("%s: %d generations, %d torn, %v", c.name, len(lines), torn, err)
		}
	}
}

// FuzzParseRunLog: the run log reader returns lines or an error for any
// input, never panics, and what it returns is in generation order.
func FuzzParseRunLog(f *testing.F) {
	f.Add([]byte(`{"generation":1,"min":1,"avg":2,"max":3,"evaluated":5,"seconds":0}` + "\n"))
	f.Add([]byte(`{"generation":2,"min":null,"avg":null,"max":null,"evaluated":5,"seconds":0}{"generation":1,"mi`))
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, _, err := parseRunLog(data)
		if err != nil {
			return
		}
		for i := 1; i < len(lines); i++ {
			if *lines[i].Generation <= *lines[i-1].Generation {
				t.Fatalf("out of order: %d then %d", *lines[i-1].Generation, *lines[i].Generation)
			}
		}
		p, legend, _, err := fitnessPlot(lines)
		if err != nil {
			t.Fatalf("plot of a log that reads: %v", err)
		}
		if err := render(io.Discard, "svg", "fuzz", legend, [][]*plot.Plot{{p}}, 4*vg.Inch, 3*vg.Inch); err != nil {
			t.Fatalf("drawing a log that reads: %v", err)
		}
	})
}

// TestRefusedHistoryUnchanged: a -db file that is refused (another run's
// history, another program's database, not a database) is left byte for
// byte as it was, for a new run and for a resumed one.
func TestRefusedHistoryUnchanged(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	mustRun(t, "-n", "6", "-generations", "2", "-dir", dir, "-db", other)
	ck := filepath.Join(dir, "run.ckpt")
	mustRun(t, "-n", "5", "-seed", "9", "-generations", "2", "-dir", dir, "-checkpoint", ck)
	text := writeTestFile(t, dir, "text.db", "not a database\n")
	foreign := filepath.Join(dir, "foreign.db")
	h, err := history.Create(foreign) // an SQLite file with another table
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	if err := addTable(foreign); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	expectUsageErrors(t, map[string][]string{
		"new run, another run's":   {"-n", "4", "-dir", dir, "-db", other},
		"new run, text":            {"-n", "4", "-dir", dir, "-db", text},
		"new run, another program": {"-n", "4", "-dir", dir, "-db", foreign},
		"resume, another run's":    {"-resume", ck, "-dir", dir, "-db", other, "-generations", "3"},
		"resume, text":             {"-resume", ck, "-dir", dir, "-db", text, "-generations", "3"},
		"best, text":               {"best", "-db", text},
		"best, another program's":  {"best", "-db", foreign},
	})
	if after := snapshot(t, dir); !equalSnapshots(before, after) {
		for k, v := range after {
			if before[k] != v {
				t.Errorf("%s changed", k)
			}
		}
	}
}

// TestMessagesTellTheTruth: what stderr says happened, happened.
func TestMessagesTellTheTruth(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.ckpt"), filepath.Join(dir, "b.ckpt")
	mustRun(t, "-n", "6", "-generations", "3", "-dir", dir, "-checkpoint", a)
	// A resume with nothing to run still writes the -checkpoint it names.
	code, _, errs := runCmd(t, "-resume", a, "-checkpoint", b, "-generations", "3", "-dir", dir)
	if code != 0 || !strings.Contains(errs, "generation 3 checkpointed in "+b) || checkpointGeneration(t, b) != 3 {
		t.Errorf("exit %d: %q", code, errs)
	}
	// An error in an array names the creature and its line.
	good := `{"matrix": [[1,2,3],[4,5,6]], "constant": [7,8]}`
	arr := writeTestFile(t, dir, "arr.json", "[\n"+strings.Repeat(good+",", 6)+"\n"+`{"matrix": [[1,2,3],[4,"x",6]], "constant": [7,8]}]`)
	if _, _, errs := runCmd(t, "eval", arr); !strings.Contains(errs, "creature 7 of the array") || !strings.Contains(errs, "line 3") {
		t.Errorf("array error: %q", errs)
	}
	// Output lost to a full stdout is an error.
	for _, args := range [][]string{{"cpu"}, {"eval", referenceCreatures}, {"eval", "-json", referenceCreatures}, {"help"}, {"-h"}, {"plot", "-h"}} {
		var errb bytes.Buffer
		code := run(args, failingWriter{}, &errb)
		if code == 0 {
			t.Errorf("%v to a full stdout: exit 0", args)
		}
	}
}

// TestInternalErrorStatus: a bug (a panic) exits 3 with one line saying
// so, apart from bad input (2) and failures while working (1).
func TestInternalErrorStatus(t *testing.T) {
	saved := wrapTemp
	defer func() { wrapTemp = saved }()
	wrapTemp = func(*os.File) tempFile { panic("a bug") }
	code, _, errs := runCmd(t, "show", referenceCreatures, "-csv", filepath.Join(t.TempDir(), "x.csv"))
	if code != 3 || !strings.HasPrefix(errs, "evolve: internal error") {
		t.Fatalf("exit %d: %q", code, errs)
	}
}

// addTable adds a table of another program to an SQLite file.
func addTable(path string) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(`CREATE TABLE notes (text TEXT)`)
	return err
}

// TestHistoryWriterPanicStatus: a bug in the history's goroutine is
// reported as an internal error (exit 3), not Go's exit 2 of a panic left
// in a goroutine, and the run's best creature is still saved.
func TestHistoryWriterPanicStatus(t *testing.T) {
	saved := recordHistory
	defer func() { recordHistory = saved }()
	recordHistory = func(*history.DB, []evolve.Creature, []evolve.Creature, int) error { panic("a bug") }
	dir := t.TempDir()
	code, _, errs := runCmd(t, "-n", "6", "-generations", "3", "-dir", dir, "-db", filepath.Join(dir, "h.db"))
	if code != 3 || !strings.Contains(errs, "evolve: internal error") || !strings.Contains(errs, "in the history writer") {
		t.Fatalf("exit %d: %q", code, errs)
	}
	if len(savedCreatures(t, dir)) != 1 || !strings.HasPrefix(errs, "evolve: best creature saved to") {
		t.Fatalf("best creature not saved first: %q", errs)
	}
}
