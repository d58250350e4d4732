// Command abuse measures Skillsmap under hostile load: it builds the
// skillsmap binary, starts `skillsmap demo` on a loopback port (the demo
// partner sites harvested into a fresh data directory), and then
//
//   - runs each of the three pathological requests alone and
//     reports the server's status, time and RSS growth (-alone), and
//   - runs 64 hostile clients for -duration and prints the latency of the
//     normal pages (p50, p99), what the pathological requests got, and the
//     server's peak RSS.
//
// All traffic goes to 127.0.0.1. Usage: go run ./bench/abuse [-duration 60s]
// [-binary PATH] (an older build can be measured with -binary).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/internal/hostile"
)

const token = "bench-abuse-token"

func main() {
	duration := flag.Duration("duration", 60*time.Second, "how long the 64 clients run")
	binary := flag.String("binary", "", "a skillsmap binary to measure (default: build ./cmd/skillsmap)")
	alone := flag.Bool("alone", true, "first run the three pathological requests of issue 13 alone")
	load := flag.Bool("load", true, "run the 64 hostile clients")
	flag.Parse()
	if err := run(*duration, *binary, *alone, *load); err != nil {
		fmt.Fprintln(os.Stderr, "abuse:", err)
		os.Exit(1)
	}
}

func run(duration time.Duration, binary string, alone, load bool) error {
	dir, err := os.MkdirTemp("", "skillsmap-abuse-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if binary == "" {
		binary = filepath.Join(dir, "skillsmap")
		build := exec.Command("go", "build", "-o", binary, "./cmd/skillsmap")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	if alone {
		fmt.Println("### The three pathological requests of issue 13, each alone on a fresh server")
		fmt.Println()
		fmt.Println("| request | status | time | server RSS growth |")
		fmt.Println("| --- | ---: | ---: | ---: |")
		for _, name := range []string{"GROUP_CONCAT cross", "DISTINCT cross", "update runaway INSERT"} {
			srv, err := start(binary, filepath.Join(dir, "alone-"+strings.Fields(name)[0]))
			if err != nil {
				return err
			}
			before, _ := rss(srv.pid, "VmRSS")
			status, took := send(srv.base, name, hostile.Pathological()[name])
			peak, _ := rss(srv.pid, "VmHWM")
			srv.stop()
			fmt.Printf("| %s | %d | %.1f s | %d MiB |\n", name, status, took.Seconds(), (peak-before)>>20)
		}
		fmt.Println()
	}
	if !load {
		return nil
	}
	srv, err := start(binary, filepath.Join(dir, "load"))
	if err != nil {
		return err
	}
	defer srv.stop()
	rep := hostile.Run(context.Background(), hostile.Config{Base: srv.base, Clients: 64, Duration: duration, Token: token,
		Commit: func(ctx context.Context) error { return harvest(ctx, srv.base) }})
	peak, _ := rss(srv.pid, "VmHWM")
	fmt.Printf("### 64 hostile clients for %v\n\n", duration)
	fmt.Println("| what | count | p50 | p99 |")
	fmt.Println("| --- | ---: | ---: | ---: |")
	fmt.Printf("| normal pages (home, practices, GeoJSON, OGC items, catalog, query page) | %d | %s | %s |\n", len(rep.Pages), ms(hostile.Percentile(rep.Pages, 50)), ms(hostile.Percentile(rep.Pages, 99)))
	fmt.Printf("| ordinary SPARQL queries answered 200 | %d | %s | %s |\n", len(rep.Queries), ms(hostile.Percentile(rep.Queries, 50)), ms(hostile.Percentile(rep.Queries, 99)))
	fmt.Println()
	fmt.Printf("Normal pages failed: %d, rate-limited: %d. Ordinary queries by status: %s. Slow dump readers (1 KB/s) read %d bytes.\n",
		rep.PageErrors, rep.PageLimited, statuses(rep.QueryStatus), rep.DumpBytes)
	fmt.Printf("Harvest commit during the load: %v (error: %v). Slowest pathological answer: %.1f s. Server peak RSS: %d MiB.\n\n",
		rep.Commit.Round(time.Millisecond), rep.CommitErr, rep.SlowestPathological.Seconds(), peak>>20)
	fmt.Println("| pathological request | answers by status (-1: transfer cut after the status) |")
	fmt.Println("| --- | --- |")
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range rep.Pathological {
			if !yield(k) {
				return
			}
		}
	})
	for _, n := range names {
		fmt.Printf("| %s | %s |\n", n, statuses(rep.Pathological[n]))
	}
	return nil
}

func statuses(m map[int]int) string {
	keys := slices.Sorted(func(yield func(int) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	})
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d×%d", m[k], k))
	}
	return strings.Join(parts, ", ")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

type server struct {
	cmd  *exec.Cmd
	pid  string
	base string
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// start runs `skillsmap demo` on a free loopback port and waits until it
// serves.
func start(binary, data string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(binary, "demo", "--addr", addr, "--data", data, "--log-level", "error")
	cmd.Env = append(os.Environ(), "SKILLSMAP_ADMIN_TOKEN="+token)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go io.Copy(io.Discard, bufio.NewReader(out))
	s := &server{cmd: cmd, pid: strconv.Itoa(cmd.Process.Pid), base: "http://" + addr}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.base + "/sparql?query=" + url.QueryEscape("ASK { ?p a ?c }"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 && practices(s.base) > 0 {
				return s, nil
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("the demo server did not come up on %s", addr)
}

// practices counts the harvested practices (the demo harvests before it
// serves them, or shortly after).
func practices(base string) int {
	resp, err := http.Get(base + "/sparql?query=" + url.QueryEscape("SELECT (COUNT(*) AS ?n) { ?p <http://purl.org/dc/terms/description> ?d }") + "&format=csv")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	lines := strings.Fields(string(body))
	if len(lines) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(lines[1])
	return n
}

// harvest triggers a harvest of one demo source through the admin API.
func harvest(ctx context.Context, base string) error {
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/admin/harvest/urban-skills?wait=1", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("harvest trigger: %s", resp.Status)
	}
	return nil
}

// send runs one pathological request and returns its status and time.
func send(base, name, text string) (int, time.Duration) {
	var req *http.Request
	if strings.HasPrefix(name, "update") {
		req, _ = http.NewRequest("POST", base+"/sparql/update", strings.NewReader(url.Values{"update": {text}}.Encode()))
		req.Header.Set("Authorization", "Bearer "+token)
	} else {
		req, _ = http.NewRequest("POST", base+"/sparql", strings.NewReader(url.Values{"query": {text}}.Encode()))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, time.Since(start)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, time.Since(start)
}

// rss reads a memory figure (VmRSS, VmHWM) of a process, in bytes.
func rss(pid, field string) (int64, error) {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no %s", field)
}
