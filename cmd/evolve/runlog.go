package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"

	"github.com/evocopter/evocopter/evolve"
)

// runLog appends one JSON line per generation:
//
//	{"generation":1,"min":11715.24,"avg":78009.18,"max":132560.05,"evaluated":500,"seconds":0.03}
//
// Numbers are Go's shortest round-trip form (exact); a NaN or infinite
// fitness is written as null.
type runLog struct {
	f    *os.File
	path string
	// torn: the file ends in a line cut short (a write that failed, a
	// full disk); the next line starts on a line of its own.
	torn bool
}

// openRunLog opens -log for appending. A file there must be empty or a
// run log; a new run (not resumed) must not append to another run's log.
// force appends anyway. A fifo or character device is written through
// (opening a fifo waits for its reader).
func openRunLog(path string, resumed, force bool) (*runLog, error) {
	o, err := checkOutput("-log", path, true)
	if err != nil {
		return nil, err
	}
	l := &runLog{path: path}
	if o.exists {
		head, tail, size, err := fileEnds(o.target, 64<<10)
		if err != nil {
			return nil, usagef("-log %s: %v", path, pathErrText(err))
		}
		if size > 0 && !force {
			first, _, _ := bytes.Cut(head, []byte("\n"))
			if _, err := parseLogLine(first); err != nil && !bytes.HasPrefix(first, logLineStart) {
				return nil, usagef("-log %s: not a run log (its first line is not one); give another file, or add -force to append to it", path)
			}
			if !resumed {
				return nil, usagef("-log %s: holds another run's log; give a new file, -resume that run, or add -force to append to it", path)
			}
		}
		l.torn = size > 0 && tail != '\n'
	}
	flags := os.O_WRONLY
	if !o.stream {
		flags |= os.O_APPEND | os.O_CREATE
	}
	if l.f, err = os.OpenFile(o.target, flags, 0o644); err != nil {
		return nil, usagef("-log %s: %v", path, pathErrText(err))
	}
	return l, nil
}

// fileEnds reads up to n bytes from the start of a file, its last byte and
// its size.
func fileEnds(path string, n int) (head []byte, last byte, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return nil, 0, 0, err
	}
	head = make([]byte, min(int64(n), st.Size()))
	if _, err := io.ReadFull(f, head); err != nil {
		return nil, 0, 0, err
	}
	b := []byte{0}
	if _, err := f.ReadAt(b, st.Size()-1); err != nil {
		return nil, 0, 0, err
	}
	return head, b[0], st.Size(), nil
}

// write appends one generation's line with a single write.
func (l *runLog) write(gen int, st evolve.Stats, evaluated int, secs float64) error {
	var b []byte
	if l.torn {
		b = append(b, '\n')
	}
	b = fmt.Appendf(b, `{"generation":%d,"min":%s,"avg":%s,"max":%s,"evaluated":%d,"seconds":%s}`+"\n",
		gen, jsonFloat(st.Min), jsonFloat(st.Avg), jsonFloat(st.Max), evaluated, jsonFloat(secs))
	n, err := l.f.Write(b)
	if err != nil {
		// A part of the line may be in the file: the next line (of a
		// resumed run) starts on its own line.
		l.torn = l.torn || n > 0
		return fmt.Errorf("-log %s: %w", l.path, pathErrText(err))
	}
	l.torn = false
	return nil
}

func (l *runLog) Close() error { return l.f.Close() }

func jsonFloat(x float64) string {
	if x != x || x > 1.7976931348623157e308 || x < -1.7976931348623157e308 {
		return "null"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// logLine is one line of a run log (-log).
type logLine struct {
	Generation *int     `json:"generation"`
	Min        *float64 `json:"min"`
	Avg        *float64 `json:"avg"`
	Max        *float64 `json:"max"`
	Evaluated  int      `json:"evaluated"`
	Seconds    float64  `json:"seconds"`
}

// logLineStart is how every line of a run log starts.
var logLineStart = []byte(`{"generation":`)

// maxRunLog bounds a run log that plot reads: about 1.3 million
// generations.
const maxRunLog = 256 << 20

// readRunLog reads a run log; see parseRunLog.
func readRunLog(path string) (lines []logLine, torn int, err error) {
	data, err := readInput("plot", path, maxRunLog, "a run log", textSniff("a run log"))
	if err != nil {
		return nil, 0, err
	}
	lines, torn, err = parseRunLog(data)
	if err != nil {
		return nil, 0, usagef("plot %s: %v", path, err)
	}
	return lines, torn, nil
}

// parseRunLog parses a run log. A generation logged twice (a run resumed
// from a checkpoint older than its last logged generation) keeps its last
// line. A line cut short by a failed write (a full disk) is skipped and
// counted in torn; so is the cut start of a line that an older evolve
// glued the next line onto. The result is in generation order.
func parseRunLog(data []byte) (lines []logLine, torn int, err error) {
	byGen := map[int]logLine{}
	n := 0
	for line := range bytes.Lines(data) {
		n++
		line = bytes.TrimSpace(line)
		for len(line) > 0 {
			part := line
			if i := bytes.Index(line[1:], logLineStart); i >= 0 {
				part, line = line[:i+1], line[i+1:]
			} else {
				line = nil
			}
			l, err := parseLogLine(part)
			if err != nil {
				if bytes.HasPrefix(part, logLineStart) && (len(line) > 0 || isTruncation(err)) {
					torn++
					continue
				}
				return nil, 0, fmt.Errorf("line %d: not a run log line: %v", n, err)
			}
			byGen[*l.Generation] = l
		}
	}
	if len(byGen) == 0 {
		return nil, 0, fmt.Errorf("no generation logged")
	}
	lines = make([]logLine, 0, len(byGen))
	for _, l := range byGen {
		lines = append(lines, l)
	}
	slices.SortFunc(lines, func(a, b logLine) int { return cmp.Compare(*a.Generation, *b.Generation) })
	return lines, torn, nil
}

// isTruncation reports whether a JSON decoding error means the text ended
// too early.
func isTruncation(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// parseLogLine parses one line of a run log.
func parseLogLine(text []byte) (logLine, error) {
	var l logLine
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return l, err
	}
	if dec.More() {
		return l, fmt.Errorf("trailing data")
	}
	if l.Generation == nil || *l.Generation < 1 {
		return l, fmt.Errorf("no generation")
	}
	return l, nil
}
