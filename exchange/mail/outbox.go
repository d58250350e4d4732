package mail

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/skillsmap/skillsmap/internal/kv"
)

// Defaults of OutboxOptions.
const (
	DefaultMinBackoff  = 30 * time.Second
	DefaultMaxBackoff  = time.Hour
	DefaultGiveUpAfter = 72 * time.Hour
	DefaultSendTimeout = 2 * time.Minute
)

// claimMargin is how much longer than SendTimeout an instance's claim on a
// message lasts: only a claim whose holder died (or whose clock is far
// off) expires before the holder has settled the message.
const claimMargin = time.Minute

// ErrLocked is returned by OpenOutbox when another process has the file
// open.
var ErrLocked = errors.New("the mail queue is in use by another process (is 'skillsmap serve' running?)")

var bQueue = []byte("queue")

// OutboxOptions configure an Outbox. Zero values take the defaults.
type OutboxOptions struct {
	// MinBackoff is the wait after the first failed attempt (30 s); it
	// doubles with each failure up to MaxBackoff (1 h).
	MinBackoff, MaxBackoff time.Duration
	// GiveUpAfter drops a message that could not be sent for this long
	// since it was queued (3 days), with an error in the log.
	GiveUpAfter time.Duration
	// SendTimeout bounds one attempt (2 min).
	SendTimeout time.Duration
	// Now is the clock (time.Now).
	Now    func() time.Time
	Logger *slog.Logger
}

// Outbox is a persistent mail queue in front of a Sender. Enqueue commits a
// message to the queue (a bbolt file, or a kv.DB shared by several
// instances) and returns; Run sends queued messages in the order they
// came, retrying failures with exponential backoff. Before sending, an
// instance claims a message in a transaction (for SendTimeout plus a
// minute), so that two instances sharing the queue never send the same
// message; it is removed right after the Sender accepted it, so it is not
// sent again, also after a restart. A crash between the two can send it
// twice, once the claim has expired (at-least-once delivery).
type Outbox struct {
	db     kv.DB
	sender Sender
	opts   OutboxOptions
	log    *slog.Logger
	wake   chan struct{}
	sendMu sync.Mutex // one sender at a time: Run and Flush never send a message twice
}

// queued is a message in the queue file.
type queued struct {
	Message     Message   `json:"message"`
	Enqueued    time.Time `json:"enqueued"`
	Attempts    int       `json:"attempts"`
	NextAttempt time.Time `json:"next_attempt"`
	LastError   string    `json:"last_error,omitempty"`
	// ClaimedUntil: an instance is sending the message until then.
	ClaimedUntil time.Time `json:"claimed_until,omitzero"`
}

// OpenOutbox opens or creates the queue file at path (mode 0600) over
// sender. It fails with ErrLocked when another process has the file open.
func OpenOutbox(path string, sender Sender, opts OutboxOptions) (*Outbox, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("mail outbox: %w", err)
	}
	db, err := kv.OpenBolt(path, kv.BoltOptions{})
	if errors.Is(err, kv.ErrLocked) {
		return nil, fmt.Errorf("mail outbox %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("mail outbox: %w", err)
	}
	o, err := NewOutbox(db, sender, opts)
	if err != nil {
		db.Close()
		return nil, err
	}
	return o, nil
}

// NewOutbox returns an outbox whose queue is in db (in its bucket "queue"),
// over sender; Close closes db. Several instances may share one db: each
// message is sent by one of them.
func NewOutbox(db kv.DB, sender Sender, opts OutboxOptions) (*Outbox, error) {
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = DefaultMinBackoff
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultMaxBackoff
	}
	if opts.GiveUpAfter <= 0 {
		opts.GiveUpAfter = DefaultGiveUpAfter
	}
	if opts.SendTimeout <= 0 {
		opts.SendTimeout = DefaultSendTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if err := db.Update(func(tx kv.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bQueue)
		return err
	}); err != nil {
		return nil, fmt.Errorf("mail outbox: %w", err)
	}
	return &Outbox{db: db, sender: sender, opts: opts, log: opts.Logger, wake: make(chan struct{}, 1)}, nil
}

// Close closes the queue file; queued messages stay for the next start.
// Cancel Run's context first.
func (o *Outbox) Close() error {
	o.sendMu.Lock()
	defer o.sendMu.Unlock()
	return o.db.Close()
}

// Enqueue validates m and commits it to the queue. It returns once the
// message is on disk, without waiting for it to be sent.
func (o *Outbox) Enqueue(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("enqueue mail: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	now := o.opts.Now()
	err := o.db.Update(func(tx kv.Tx) error {
		b := tx.Bucket(bQueue)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		data, err := json.Marshal(queued{Message: m, Enqueued: now, NextAttempt: now})
		if err != nil {
			return err
		}
		return b.Put(binary.BigEndian.AppendUint64(nil, seq), data)
	})
	if err != nil {
		return fmt.Errorf("enqueue mail: %w", err)
	}
	select {
	case o.wake <- struct{}{}:
	default:
	}
	return nil
}

// Pending returns the number of queued messages.
func (o *Outbox) Pending() (int, error) {
	n := 0
	err := o.db.View(func(tx kv.Tx) error {
		n = tx.Bucket(bQueue).Len()
		return nil
	})
	return n, err
}

// DeleteFor removes the queued messages to an address (when its account is
// deleted) and returns how many.
func (o *Outbox) DeleteFor(ctx context.Context, address string) (int, error) {
	n := 0
	err := o.db.Update(func(tx kv.Tx) error {
		n = 0 // the transaction may run again
		var keys [][]byte
		err := tx.Bucket(bQueue).ForEach(func(k, v []byte) error {
			var q queued
			if err := json.Unmarshal(v, &q); err != nil {
				return err
			}
			if a, err := ParseAddress(q.Message.To); err == nil && strings.EqualFold(a.Address, address) {
				keys = append(keys, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := tx.Bucket(bQueue).Delete(k); err != nil {
				return err
			}
		}
		n = len(keys)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("mail outbox: %w", err)
	}
	return n, nil
}

// Flush tries every queued message once now, whatever its backoff, and
// returns how many are still queued (for tests, the command line and
// shutdown).
func (o *Outbox) Flush(ctx context.Context) (int, error) {
	if _, err := o.sendDue(ctx, true); err != nil {
		return 0, err
	}
	return o.Pending()
}

// Run sends queued messages until ctx ends: those due at once, new ones as
// they are enqueued, failed ones when their backoff has passed.
func (o *Outbox) Run(ctx context.Context) error {
	for {
		next, err := o.sendDue(ctx, false)
		if err != nil && ctx.Err() == nil {
			o.log.Error("mail outbox", "err", err)
			next = o.opts.Now().Add(o.opts.MinBackoff)
		}
		var timer *time.Timer
		var due <-chan time.Time
		if !next.IsZero() {
			timer = time.NewTimer(max(next.Sub(o.opts.Now()), 0))
			due = timer.C
		}
		select {
		case <-ctx.Done():
		case <-o.wake:
		case <-due:
		}
		if timer != nil {
			timer.Stop()
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

// backoff is the wait after the n-th failed attempt.
func (o *Outbox) backoff(n int) time.Duration {
	d := o.opts.MinBackoff
	for i := 1; i < n && d < o.opts.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, o.opts.MaxBackoff)
}

// sendDue sends the messages that are due (all of them with all), in
// queue order, and returns when the next one is due (zero: none queued).
func (o *Outbox) sendDue(ctx context.Context, all bool) (time.Time, error) {
	o.sendMu.Lock()
	defer o.sendMu.Unlock()
	var keys [][]byte
	err := o.db.View(func(tx kv.Tx) error {
		keys = keys[:0] // the transaction may run again
		return tx.Bucket(bQueue).ForEach(func(k, _ []byte) error {
			keys = append(keys, append([]byte(nil), k...))
			return nil
		})
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("mail outbox: %w", err)
	}
	var next time.Time
	later := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	for _, key := range keys {
		if ctx.Err() != nil {
			return next, nil
		}
		q, ok, wait, err := o.claim(key, all)
		if err != nil {
			return next, fmt.Errorf("mail outbox: %w", err)
		}
		if !ok {
			if !wait.IsZero() {
				later(wait)
			}
			continue
		}
		sctx, cancel := context.WithTimeout(ctx, o.opts.SendTimeout)
		err = o.sender.Send(sctx, q.Message)
		cancel()
		if err == nil {
			if err := o.delete(key); err != nil {
				return next, fmt.Errorf("mail outbox: a sent message could not be removed from the queue and may be sent again: %w", err)
			}
			continue
		}
		now := o.opts.Now()
		q.ClaimedUntil = time.Time{}
		if ctx.Err() != nil {
			// Shutting down: not the message's failure; free it for the
			// next instance at once.
			if err := o.settle(key, q); err != nil {
				o.log.Warn("mail outbox: a message stays claimed until its claim expires", "err", err)
			}
			return next, nil
		}
		q.Attempts++
		q.LastError = truncate(err.Error(), 500)
		if errors.Is(err, ErrPermanent) || now.Sub(q.Enqueued) >= o.opts.GiveUpAfter {
			o.log.Error("mail outbox: giving up on a message", "subject", q.Message.Subject,
				"recipient_domain", domainOf(q.Message.To), "attempts", q.Attempts, "queued", q.Enqueued, "err", err)
			if err := o.delete(key); err != nil {
				return next, fmt.Errorf("mail outbox: %w", err)
			}
			continue
		}
		q.NextAttempt = now.Add(o.backoff(q.Attempts))
		o.log.Warn("mail outbox: sending failed, will retry", "subject", q.Message.Subject,
			"attempts", q.Attempts, "retry_at", q.NextAttempt, "err", err)
		if err := o.settle(key, q); err != nil {
			return next, fmt.Errorf("mail outbox: %w", err)
		}
		later(q.NextAttempt)
	}
	return next, nil
}

// claim takes the message under key for this instance, if it is still
// queued, not claimed by another instance, and due (or all). Otherwise it
// says when to look again (zero: it is gone).
func (o *Outbox) claim(key []byte, all bool) (q queued, ok bool, wait time.Time, err error) {
	err = o.db.Update(func(tx kv.Tx) error {
		q, ok, wait = queued{}, false, time.Time{}
		b := tx.Bucket(bQueue)
		data := b.Get(key)
		if data == nil {
			return nil // sent by another instance, or deleted
		}
		if err := json.Unmarshal(data, &q); err != nil {
			return fmt.Errorf("queued message %x: %w", key, err)
		}
		now := o.opts.Now()
		switch {
		case now.Before(q.ClaimedUntil):
			wait = q.ClaimedUntil
			return nil
		case !all && now.Before(q.NextAttempt):
			wait = q.NextAttempt
			return nil
		}
		q.ClaimedUntil = now.Add(o.opts.SendTimeout + claimMargin)
		data, err := json.Marshal(q)
		if err != nil {
			return err
		}
		ok = true
		return b.Put(key, data)
	})
	return q, ok, wait, err
}

func (o *Outbox) delete(key []byte) error {
	return o.db.Update(func(tx kv.Tx) error { return tx.Bucket(bQueue).Delete(key) })
}

// settle writes back a message that stays queued, unless it was deleted
// meanwhile (DeleteFor: its account is gone).
func (o *Outbox) settle(key []byte, q queued) error {
	data, err := json.Marshal(q)
	if err != nil {
		return err
	}
	return o.db.Update(func(tx kv.Tx) error {
		b := tx.Bucket(bQueue)
		if b.Get(key) == nil {
			return nil
		}
		return b.Put(key, data)
	})
}

// domainOf logs where a message went without the person's address.
func domainOf(to string) string {
	if a, err := ParseAddress(to); err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 {
			return a.Address[i+1:]
		}
	}
	return ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
