package mail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// eachBackend runs test with outboxes over a bbolt file and over Redis.
func eachBackend(t *testing.T, test func(t *testing.T, open func(Sender, OutboxOptions) *Outbox)) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			test(t, func(s Sender, opts OutboxOptions) *Outbox {
				o, err := NewOutbox(be.Open(t), s, opts)
				if err != nil {
					t.Fatal(err)
				}
				return o
			})
		})
	}
}

// freePort returns a loopback port that nothing listens on (for a while).
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

// TestOutboxServerDownThenUp: a message queued while the SMTP server is
// down stays queued, and is delivered once when the server is up.
func TestOutboxServerDownThenUp(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(Sender, OutboxOptions) *Outbox) {
		ctx := context.Background()
		port := freePort(t)
		sender, err := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: port, TLS: TLSNone, From: "map@skills.example", Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		o := open(sender, OutboxOptions{Logger: quiet})
		defer o.Close()
		if err := o.Enqueue(ctx, testMessage); err != nil {
			t.Fatal(err)
		}
		if n, err := o.Flush(ctx); err != nil || n != 1 {
			t.Fatalf("server down: %d pending (%v), want 1", n, err)
		}
		srv := startSMTP(t, port, nil, false)
		if n, err := o.Flush(ctx); err != nil || n != 0 {
			t.Fatalf("server up: %d pending (%v), want 0", n, err)
		}
		if n, err := o.Flush(ctx); err != nil || n != 0 {
			t.Fatal(n, err)
		}
		got := srv.rec.all()
		if len(got) != 1 || got[0].To[0] != "juergen@stadt.example" {
			t.Errorf("received %d messages, want exactly 1", len(got))
		}
	})
}

// TestOutboxSurvivesRestart: what was queued before a restart is sent after
// it, once.
func TestOutboxSurvivesRestart(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			ctx := context.Background()
			reopen := be.Persistent(t)
			openOutbox := func(s Sender) *Outbox {
				db, err := reopen()
				if err != nil {
					t.Fatal(err)
				}
				o, err := NewOutbox(db, s, OutboxOptions{Logger: quiet})
				if err != nil {
					t.Fatal(err)
				}
				return o
			}
			down := &fakeSender{fail: errors.New("connection refused")}
			o := openOutbox(down)
			for i := range 3 {
				m := testMessage
				m.Subject = fmt.Sprintf("message %d", i)
				if err := o.Enqueue(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			o.Flush(ctx)
			if err := o.Close(); err != nil {
				t.Fatal(err)
			}
			up := &fakeSender{}
			o = openOutbox(up)
			defer o.Close()
			if n, _ := o.Pending(); n != 3 {
				t.Fatalf("%d pending after restart, want 3", n)
			}
			if n, err := o.Flush(ctx); n != 0 || err != nil {
				t.Fatal(n, err)
			}
			o.Flush(ctx)
			if got := up.subjects(); strings.Join(got, ",") != "message 0,message 1,message 2" {
				t.Errorf("sent %v, want each message once, in order", got)
			}
		})
	}
}

// TestOutboxFileMode: the queue file is private to its user.
func TestOutboxFileMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.db")
	o, err := OpenOutbox(path, &fakeSender{}, OutboxOptions{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("queue file mode %v (%v), want 0600", fi.Mode(), err)
	}
}

// fakeSender records or fails.
type fakeSender struct {
	mu    sync.Mutex
	fail  error
	sent  []Message
	tries int
}

func (f *fakeSender) Send(_ context.Context, m Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tries++
	if f.fail != nil {
		return f.fail
	}
	f.sent = append(f.sent, m)
	return nil
}

func (f *fakeSender) subjects() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var s []string
	for _, m := range f.sent {
		s = append(s, m.Subject)
	}
	return s
}

func (f *fakeSender) attempts() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tries
}

type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestOutboxBackoffAndGiveUp(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(Sender, OutboxOptions) *Outbox) {
		ctx := context.Background()
		clk := &testClock{now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
		s := &fakeSender{fail: errors.New("451 try later")}
		o := open(s, OutboxOptions{Now: clk.Now, Logger: quiet})
		defer o.Close()
		o.Enqueue(ctx, testMessage)
		// Attempts at 0, 30 s, 1.5 min, 3.5 min, … doubling to at most an hour.
		var waits []time.Duration
		for s.attempts() < 12 {
			before := s.attempts()
			next, err := o.sendDue(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			if s.attempts() != before+1 {
				t.Fatalf("attempt %d not made when due", before+1)
			}
			wait := next.Sub(clk.Now())
			waits = append(waits, wait)
			// Not before it is due.
			clk.Add(wait - time.Second)
			if o.sendDue(ctx, false); s.attempts() != before+1 {
				t.Fatalf("attempt made %v early", time.Second)
			}
			clk.Add(time.Second)
		}
		want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
			16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour, time.Hour, time.Hour, time.Hour}
		if fmt.Sprint(waits) != fmt.Sprint(want) {
			t.Errorf("waits %v\nwant  %v", waits, want)
		}
		if n, _ := o.Pending(); n != 1 {
			t.Fatalf("message dropped after %d attempts", s.attempts())
		}
		// Three days after it was queued, it is given up.
		clk.Add(72 * time.Hour)
		o.sendDue(ctx, false)
		if n, _ := o.Pending(); n != 0 {
			t.Errorf("message kept after 3 days")
		}
	})
}

func TestOutboxDropsPermanentFailures(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(Sender, OutboxOptions) *Outbox) {
		ctx := context.Background()
		s := &fakeSender{fail: fmt.Errorf("550 no such user (%w)", ErrPermanent)}
		o := open(s, OutboxOptions{Logger: quiet})
		defer o.Close()
		o.Enqueue(ctx, testMessage)
		if n, err := o.Flush(ctx); n != 0 || err != nil || s.attempts() != 1 {
			t.Errorf("permanent failure: %d pending after %d attempts (%v)", n, s.attempts(), err)
		}
		if err := o.Enqueue(ctx, Message{To: "a@example.org\r\nBcc: b@example.org", Subject: "x", Text: "x"}); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("an invalid message was queued: %v", err)
		}
	})
}

func TestOutboxRunSendsWhatIsEnqueued(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(Sender, OutboxOptions) *Outbox) {
		dir := t.TempDir()
		s := FileSender{Dir: filepath.Join(dir, "mail"), Logger: quiet}
		o := open(s, OutboxOptions{Logger: quiet})
		defer o.Close()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- o.Run(ctx) }()
		if err := o.Enqueue(ctx, testMessage); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			if n, _ := o.Pending(); n == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("Run did not send an enqueued message")
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "mail", "*.eml"))
		if len(files) != 1 {
			t.Errorf("%d .eml files, want 1", len(files))
		}
	})
}

func TestOutboxDeleteFor(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(Sender, OutboxOptions) *Outbox) {
		ctx := context.Background()
		s := &fakeSender{fail: errors.New("down")}
		o := open(s, OutboxOptions{Logger: quiet})
		defer o.Close()
		o.Enqueue(ctx, testMessage)
		o.Enqueue(ctx, Message{To: "other@example.org", Subject: "x", Text: "x"})
		if n, err := o.DeleteFor(ctx, "JUERGEN@stadt.example"); n != 1 || err != nil {
			t.Errorf("DeleteFor = %d, %v", n, err)
		}
		if n, _ := o.Pending(); n != 1 {
			t.Errorf("%d pending, want the other message", n)
		}
	})
}

func TestOutboxLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.db")
	o, err := OpenOutbox(path, &fakeSender{}, OutboxOptions{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if _, err := OpenOutbox(path, &fakeSender{}, OutboxOptions{Logger: quiet}); !errors.Is(err, ErrLocked) {
		t.Errorf("second open: %v, want ErrLocked", err)
	}
}

// blockingSender blocks its first Send until release is closed.
type blockingSender struct {
	fakeSender
	started, release chan struct{}
	once             sync.Once
}

func (b *blockingSender) Send(ctx context.Context, m Message) error {
	first := false
	b.once.Do(func() { first = true })
	if first {
		close(b.started)
		<-b.release
	}
	return b.fakeSender.Send(ctx, m)
}

// TestOutboxSharedByTwoInstances: two instances (two Redis connections)
// share one queue; a message one of them is sending is not sent by the
// other, and every message is sent exactly once.
func TestOutboxSharedByTwoInstances(t *testing.T) {
	ctx := context.Background()
	client := kvtest.RedisClient(t)
	client2 := redis.NewClient(&redis.Options{Addr: client.Options().Addr})
	defer client2.Close()
	opts := kv.RedisOptions{Prefix: "skillsmap:mail:"}
	a := &blockingSender{started: make(chan struct{}), release: make(chan struct{})}
	b := &fakeSender{}
	oa, err := NewOutbox(kvtest.RedisDB(t, client, opts), a, OutboxOptions{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ob, err := NewOutbox(kvtest.RedisDB(t, client2, opts), b, OutboxOptions{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		m := testMessage
		m.Subject = fmt.Sprintf("message %d", i)
		if err := oa.Enqueue(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error)
	go func() { _, err := oa.Flush(ctx); done <- err }()
	<-a.started // instance A has claimed message 0 and is sending it
	if _, err := ob.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(b.subjects(), ","); got != "message 1,message 2,message 3,message 4" {
		t.Errorf("instance B sent %q, want every message but the one A is sending", got)
	}
	close(a.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(a.subjects(), ","); got != "message 0" {
		t.Errorf("instance A sent %q, want only message 0", got)
	}
	for _, o := range []*Outbox{oa, ob} {
		if n, err := o.Pending(); n != 0 || err != nil {
			t.Errorf("%d pending (%v)", n, err)
		}
	}
}
