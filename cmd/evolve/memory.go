package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/evocopter/evocopter/evolve"
)

// checkPopulation refuses a population below 2 or one whose run would not
// fit in the memory this process may use, before anything is allocated
// for it; n is the number of a creature's coefficients. what names the
// flag or file that asked for it.
func checkPopulation(what string, p, n int) error {
	if p < 2 {
		return usagef("%s: %v, got %d", what, evolve.ErrPopulation, p)
	}
	need := evolve.MemoryNeeded(p, n)
	if have, where := memoryLimit(); need > float64(have) {
		return usagef("%s: a population of %d needs about %s of memory; %s %s",
			what, p, formatBytes(need), where, formatBytes(float64(have)))
	}
	return nil
}

// memoryLimit is the memory this process may use, and where that limit
// comes from, for messages: the machine's memory, or less where a cgroup
// (v1 or v2, as containers and systemd set them) or a 32-bit address space
// limits it.
func memoryLimit() (uint64, string) {
	return memoryLimitAt("/", strconv.IntSize)
}

// memoryLimitAt reads the files under root (a test gives a fake /proc and
// /sys/fs/cgroup); intSize is the platform's int size in bits.
func memoryLimitAt(root string, intSize int) (uint64, string) {
	// Unknown (not Linux): refuse only what no 64-bit machine has.
	limit, where := uint64(1)<<50, "no machine has"
	if total, ok := memTotal(filepath.Join(root, "proc/meminfo")); ok {
		limit, where = total, "this machine has"
	}
	if cg, ok := cgroupMemoryLimit(root); ok && cg < limit {
		limit, where = cg, "its cgroup (container) allows"
	}
	if intSize == 32 && limit > 3<<30 {
		limit, where = 3<<30, "a 32-bit process addresses at most"
	}
	return limit, where
}

// memTotal reads MemTotal from a /proc/meminfo file.
func memTotal(path string) (uint64, bool) {
	data, err := readSmallFile(path)
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(data)) {
		fields := strings.Fields(line)
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseUint(fields[1], 10, 64)
			if err != nil || kb == 0 || kb > math.MaxUint64/1024 {
				return 0, false
			}
			return kb * 1024, true
		}
	}
	return 0, false
}

// cgroupMemoryLimit is the smallest memory limit of this process's
// cgroup and its ancestors, in cgroup v2 (memory.max) or v1
// (memory.limit_in_bytes), found through /proc/self/cgroup and the
// mounts in /proc/self/mountinfo. ok is false where no limit is set.
func cgroupMemoryLimit(root string) (limit uint64, ok bool) {
	groups, err := readSmallFile(filepath.Join(root, "proc/self/cgroup"))
	if err != nil {
		return 0, false
	}
	mounts, err := readSmallFile(filepath.Join(root, "proc/self/mountinfo"))
	if err != nil {
		return 0, false
	}
	limit = math.MaxUint64
	for _, m := range cgroupMounts(mounts) {
		path, found := cgroupPath(groups, m.v2)
		if !found {
			continue
		}
		file := "memory.limit_in_bytes"
		if m.v2 {
			file = "memory.max"
		}
		// The path seen from inside the mount: a mount of a sub-tree (a
		// container's) has that sub-tree as its root; one that does not
		// hold the process's path shows the process's own cgroup (a
		// cgroup namespace).
		rel := path
		if m.root != "/" {
			if r, cut := strings.CutPrefix(path, m.root); cut && (r == "" || r[0] == '/') {
				rel = r
			} else {
				rel = "/"
			}
		}
		top := filepath.Join(root, m.point)
		for d := filepath.Join(top, rel); ; d = filepath.Dir(d) {
			if v, ok := readLimit(filepath.Join(d, file)); ok && v < limit {
				limit = v
			}
			if d == top || len(d) <= len(top) {
				break
			}
		}
	}
	return limit, limit != math.MaxUint64
}

// cgroupMount is a mounted cgroup hierarchy that holds the memory
// controller.
type cgroupMount struct {
	root, point string // the mount's root within the hierarchy, and where it is mounted
	v2          bool
}

// cgroupMounts finds the cgroup2 mounts and the cgroup v1 mounts of the
// memory controller in a mountinfo file. A line is:
//
//	36 35 98:0 /root /mnt rw,noatime master:1 - cgroup cgroup rw,memory
func cgroupMounts(mountinfo []byte) []cgroupMount {
	var out []cgroupMount
	for line := range strings.Lines(string(mountinfo)) {
		f := strings.Fields(line)
		sep := -1
		for i, x := range f {
			if x == "-" {
				sep = i
				break
			}
		}
		if sep < 5 || len(f) < sep+4 {
			continue
		}
		m := cgroupMount{root: unescapeMount(f[3]), point: unescapeMount(f[4])}
		switch f[sep+1] {
		case "cgroup2":
			m.v2 = true
		case "cgroup":
			if !hasOption(f[sep+3], "memory") {
				continue
			}
		default:
			continue
		}
		out = append(out, m)
	}
	return out
}

// cgroupPath is this process's path in the v2 hierarchy ("0::/path") or
// in the v1 hierarchy of the memory controller ("4:memory:/path").
func cgroupPath(groups []byte, v2 bool) (string, bool) {
	for line := range strings.Lines(string(groups)) {
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 || !strings.HasPrefix(parts[2], "/") {
			continue
		}
		if v2 && parts[0] == "0" && parts[1] == "" {
			return parts[2], true
		}
		if !v2 && hasOption(parts[1], "memory") {
			return parts[2], true
		}
	}
	return "", false
}

// readLimit reads a cgroup memory limit: "max" (v2) or a value of 2^62 or
// more (v1's "unlimited", rounded to pages) is no limit.
func readLimit(path string) (uint64, bool) {
	data, err := readSmallFile(path)
	if err != nil {
		return 0, false
	}
	v, err := strconv.ParseUint(string(bytes.TrimSpace(data)), 10, 64)
	if err != nil || v >= 1<<62 {
		return 0, false
	}
	return v, true
}

func hasOption(list, name string) bool {
	for o := range strings.SplitSeq(list, ",") {
		if o == name {
			return true
		}
	}
	return false
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// readSmallFile reads a system file of at most 1 MiB (/proc files report
// no size, so os.ReadFile's size hint does not bound them).
func readSmallFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(bufio.NewReader(io.LimitReader(f, 1<<20)))
	return buf.Bytes(), err
}

func formatBytes(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	return fmt.Sprintf("%.1f %s", b, units[i])
}
