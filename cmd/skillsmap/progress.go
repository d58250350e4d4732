package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// loadProgress shows how a load advances: on a terminal a status line
// redrawn twice a second (bytes read of the file, triples read and
// written, triples written per second, time left); otherwise a log line
// every few seconds.
type loadProgress struct {
	name    string
	total   int64        // file size, 0 if unknown
	read    atomic.Int64 // bytes read
	triples atomic.Int64 // triples parsed
	written atomic.Int64 // triples committed
	start   time.Time

	out      io.Writer // the terminal, or nil to log
	interval time.Duration
	stop     chan struct{}
	done     sync.WaitGroup
}

// progressLogEvery is how often a load that is not on a terminal logs.
const progressLogEvery = 5 * time.Second

// newLoadProgress starts reporting on stderr if it is a terminal, else to
// the log.
func newLoadProgress(name string, total int64, stderr io.Writer) *loadProgress {
	p := &loadProgress{name: name, total: total, start: time.Now(), interval: progressLogEvery, stop: make(chan struct{})}
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.out, p.interval = f, 500*time.Millisecond
		}
	}
	p.done.Add(1)
	go p.loop()
	return p
}

func (p *loadProgress) loop() {
	defer p.done.Done()
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.report()
		}
	}
}

// report writes the current state once.
func (p *loadProgress) report() {
	elapsed := time.Since(p.start)
	read, triples, written := p.read.Load(), p.triples.Load(), p.written.Load()
	rate := float64(written) / max(elapsed.Seconds(), 1e-3)
	left := "?"
	if p.total > 0 && read > 0 && rate > 0 {
		// The file's triples, extrapolated from the part read, still to
		// be written at the rate so far.
		all := float64(triples) * float64(p.total) / float64(read)
		left = time.Duration(float64(time.Second) * max(all-float64(written), 0) / rate).Round(time.Second).String()
	}
	if p.out != nil {
		fmt.Fprintf(p.out, "\r%s: %s of %s read, %d triples read, %d written, %.0f triples/s, %s left   ",
			p.name, mib(read), mib(p.total), triples, written, rate, left)
		return
	}
	slog.Info("loading", "file", p.name, "bytes", read, "of", p.total, "triples_read", triples,
		"triples_written", written, "triples_per_s", int64(rate), "left", left)
}

// finish stops reporting and ends the terminal's status line.
func (p *loadProgress) finish() {
	close(p.stop)
	p.done.Wait()
	if p.out != nil {
		p.report()
		fmt.Fprintln(p.out)
	}
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}
