package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// crashChildEnv switches the test binary into the writer process of
// TestKillDuringWrites; its value is the store directory.
const crashChildEnv = "SKILLSMAP_STORE_CRASH_CHILD"

var (
	crashGraph  = rdf.IRI("http://ex.org/crash/replaced")
	stableGraph = rdf.IRI("http://ex.org/crash/stable")
)

// crashVersion is one of the two contents the child alternates between.
// They differ in size and share some quads, and use blank nodes so that
// every replacement also adds dictionary terms.
func crashVersion(v int) []rdf.Triple {
	n := []int{3000, 5000}[v]
	var ts []rdf.Triple
	for i := range n {
		s := rdf.IRI(fmt.Sprintf("http://ex.org/crash/item/%d", i))
		ts = append(ts,
			rdf.Triple{S: s, P: rdf.Type, O: rdf.IRI("http://ex.org/crash/Item")},
			rdf.Triple{S: s, P: rdf.IRI("http://ex.org/crash/version"), O: rdf.Literal(fmt.Sprint(v), rdf.XSDInteger)},
			rdf.Triple{S: s, P: rdf.IRI("http://ex.org/crash/note"), O: rdf.Blank(fmt.Sprintf("v%dn%d", v, i))},
		)
	}
	return ts
}

func stableQuads() []rdf.Quad {
	var qs []rdf.Quad
	for i := range 500 {
		qs = append(qs, rdf.Quad{S: rdf.IRI(fmt.Sprintf("http://ex.org/stable/%d", i)), P: rdf.IRI(rdf.NSRDFS + "label"), O: rdf.LangString(fmt.Sprintf("stabil %d", i), "de"), G: stableGraph})
	}
	return qs
}

// TestCrashChild is the writer process of TestKillDuringWrites: it replaces
// a graph with alternating contents until it is killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("helper process of TestKillDuringWrites")
	}
	db, err := Open(dir, WithLockTimeout(10*time.Second))
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(2)
	}
	ctx := context.Background()
	versions := [][]rdf.Triple{crashVersion(0), crashVersion(1)}
	for i := 0; ; i++ {
		if err := ReplaceGraph(ctx, db, crashGraph, versions[i%2]); err != nil {
			fmt.Println("replace failed:", err)
			os.Exit(2)
		}
		fmt.Printf("committed %d\n", i)
	}
}

func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped in -short mode")
	}
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	addQuads(t, db, stableQuads()...)
	if err := ReplaceGraph(context.Background(), db, crashGraph, crashVersion(0)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	want := [][]rdf.Quad{sorted(rdf.InGraph(crashVersion(0), crashGraph)), sorted(rdf.InGraph(crashVersion(1), crashGraph))}
	stable := sorted(stableQuads())
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	rounds := 6
	if raceEnabled {
		rounds = 2 // the child runs under the race detector too, ten times slower
	}
	seen := map[int]int{}
	for round := range rounds {
		commits := runChildAndKill(t, "^TestCrashChild$", crashChildEnv, dir, time.Duration(rng.IntN(400))*time.Millisecond)
		db, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: reopen after kill -9: %v", round, err)
		}
		got := matchStore(t, db, Pattern{G: crashGraph})
		v := slices.IndexFunc(want, func(w []rdf.Quad) bool { return slices.Equal(got, w) })
		if v < 0 {
			t.Errorf("round %d: the graph has %d quads, neither complete version", round, len(got))
		}
		seen[v]++
		if got := matchStore(t, db, Pattern{G: stableGraph}); !slices.Equal(got, stable) {
			t.Errorf("round %d: the untouched graph has %d quads, want %d", round, len(got), len(stable))
		}
		snap := openSnapshot(t, db)
		if info, _ := snap.GraphInfo(crashGraph); info.Quads != uint64(len(got)) || snap.Len() != uint64(len(got)+len(stable)) {
			t.Errorf("round %d: counters: graph %d, len %d; want %d, %d", round, info.Quads, snap.Len(), len(got), len(got)+len(stable))
		}
		snap.Close()
		// Every quad is found through every index, and the counters agree.
		if err := db.Verify(context.Background()); err != nil {
			t.Errorf("round %d: %v", round, err)
		}
		t.Logf("round %d: killed after %d commits, found version %d", round, commits, v)
		db.Close()
	}
	t.Logf("versions found: %v", seen)
}

// runChildAndKill starts the test binary's child test run (a writer
// selected by env=dir), waits for its first commit and then for delay,
// kills it with SIGKILL and returns how many commits it reported.
func runChildAndKill(t *testing.T, run, env, dir string, delay time.Duration) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run="+run, "-test.count=1")
	cmd.Env = append(os.Environ(), env+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	commits := 0
	timeout := time.After(60 * time.Second)
	for commits == 0 {
		select {
		case line, ok := <-lines:
			if !ok {
				_ = cmd.Wait()
				t.Fatal("the child exited before its first commit")
			}
			if strings.HasPrefix(line, "committed") {
				commits++
			} else {
				t.Logf("child: %s", line)
			}
		case <-timeout:
			_ = cmd.Process.Kill()
			t.Fatal("the child did not commit within 60s")
		}
	}
	kill := time.After(delay)
	for {
		select {
		case line, ok := <-lines:
			if ok && strings.HasPrefix(line, "committed") {
				commits++
			}
			if ok {
				continue
			}
			lines = nil // the child exited on its own
		case <-kill:
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			for range lines {
			}
			_ = cmd.Wait()
			return commits
		}
	}
}
