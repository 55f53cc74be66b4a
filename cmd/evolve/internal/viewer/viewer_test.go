package viewer

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func testFlight() Flight {
	// A synthetic flight: a spiral from (3, -2, 6) to the setpoint (0, 0, 8)
	// with some tilt and the motors changing.
	var tr Track
	tr.Name, tr.Setpoint, tr.Dt, tr.Verdict = "spiral", [3]float64{0, 0, 8}, 0.01, "held within 0.1 m"
	for k := 1; k <= 400; k++ {
		tt := float64(k) * 0.01
		a := math.Exp(-tt)
		tr.Samples = append(tr.Samples, Sample{T: tt, X: 3 * a * math.Cos(3*tt), Y: -2 * a * math.Sin(3*tt),
			Altitude: 8 - 2*a, Roll: 0.2 * a, Pitch: -0.15 * a, Yaw: 0.3 * tt,
			Motors: [4]float64{0.5 + 0.4*a, 0.5, 0.5 - 0.4*a, 0.5}})
	}
	return Flight{Title: "test flight <&>", Tracks: []Track{tr, {Name: "one", Setpoint: [3]float64{1, 1, 1}, Dt: 0.01,
		Crashed: true, Verdict: "crashed", Samples: tr.Samples[:10]}}}
}

func TestWritePage(t *testing.T) {
	var b bytes.Buffer
	if err := WritePage(&b, testFlight()); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{"<!DOCTYPE html>", "three.js r187", `"title":"test flight \u003c\u0026\u003e"`, `"name":"spiral"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Self-contained: nothing is fetched at view time.
	if m := regexp.MustCompile(`(src|href)\s*=\s*["']?(https?:)?//`).FindString(page); m != "" {
		t.Errorf("page loads from the network: %q", m)
	}
	if strings.Count(page, "</script>") != 3 {
		t.Errorf("page has %d </script>, want 3 (data, three.js, viewer)", strings.Count(page, "</script>"))
	}
	bad := testFlight()
	bad.Tracks[0].Samples[3].X = math.NaN()
	if err := WritePage(&b, bad); err == nil {
		t.Error("a NaN sample was written")
	}
	if err := WritePage(&b, Flight{}); err == nil {
		t.Error("an empty flight was written")
	}
}

// chromium finds a headless browser, or skips; CI (CI set, as .ci/run
// runs) installs chromium, so there a missing browser fails instead of
// hiding the page test.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium on PATH, and CI must test the page (.ci/run installs it: apt-get install chromium)")
	}
	t.Skip("no chromium on PATH (Debian: apt-get install chromium)")
	return ""
}

// headless runs the browser once; budget is the virtual time (ms) it gives
// the page before it dumps or shoots.
func headless(t *testing.T, browser string, budget int, args ...string) []byte {
	t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu-sandbox", "--use-angle=swiftshader",
		"--enable-unsafe-swiftshader", "--hide-scrollbars", "--window-size=1000,700",
		"--user-data-dir=" + t.TempDir(), "--virtual-time-budget=" + strconv.Itoa(budget)}
	cmd := exec.Command(browser, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v\n%s", browser, err, errb.String())
		}
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("%s did not finish in 2 minutes", browser)
	}
	return out.Bytes()
}

// TestPageInChromium loads the page in headless Chromium: it must draw
// frames without an error, and its screenshot must show the quadcopter
// (the red nose and rotor colours) over the background.
func TestPageInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("a headless browser takes half a minute")
	}
	browser := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "flight.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := WritePage(f, testFlight()); err != nil {
		t.Fatal(err)
	}
	f.Close()
	url := "file://" + page

	// On a loaded machine the virtual time budget can run out before the
	// first frame (the status still says "loading"): try again with a
	// larger budget before calling the page broken.
	drawn := regexp.MustCompile(`<div id="status"[^>]*>drawn (\d+) frames</div>`)
	var dom string
	var m []string
	budget := 4000
	for try := 0; try < 3 && m == nil; try++ {
		dom = string(headless(t, browser, budget, "--dump-dom", url))
		m = drawn.FindStringSubmatch(dom)
		budget *= 2
	}
	if m == nil {
		i := strings.Index(dom, `id="status"`)
		t.Fatalf("the page drew nothing: status %q", dom[max(i, 0):min(len(dom), max(i, 0)+200)])
	}
	if n, _ := strconv.Atoi(m[1]); n < 2 {
		t.Errorf("drew %d frames", n)
	}

	shot := filepath.Join(dir, "shot.png")
	headless(t, browser, budget, "--screenshot="+shot, url)
	img := readPNG(t, shot)
	red, blue := countColours(img)
	t.Logf("screenshot %s: %d red-ish and %d blue-ish pixels", shot, red, blue)
	if red < 20 || blue < 50 {
		t.Errorf("the screenshot does not show the quadcopter: %d red, %d blue pixels", red, blue)
	}
	if keep := os.Getenv("EVOCOPTER_KEEP_SCREENSHOT"); keep != "" {
		data, _ := os.ReadFile(shot)
		os.WriteFile(keep, data, 0o644)
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// countColours counts strongly red pixels (the nose, hot rotors) and
// strongly blue ones (cool rotors).
func countColours(img image.Image) (red, blue int) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r > 150 && g < 90 && bl < 90 {
				red++
			}
			if bl > 150 && r < 120 && g < 150 && bl > r+60 {
				blue++
			}
		}
	}
	return red, blue
}
