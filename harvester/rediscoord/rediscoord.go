// Package rediscoord lets several Skillsmap instances share the harvest
// through Redis: one leader runs the schedules (a gocron Elector), and a
// source is harvested by one instance at a time (a harvester.SourceLock).
package rediscoord

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/harvester"
)

// ErrNotLeader is returned by Coordinator.IsLeader on an instance that
// is not the leader: gocron then skips the job there.
var ErrNotLeader = errors.New("not the harvest leader")

// Options configure a Coordinator.
type Options struct {
	// Prefix of the keys (default "skillsmap:harvest:").
	Prefix string
	// InstanceID names this instance in the keys it holds (default: host
	// name, process id and a random suffix).
	InstanceID string
	// TTL is how long leadership and source locks last without renewal
	// (default 30s); they are renewed every TTL/3 while held, so a crashed
	// instance is replaced after at most TTL.
	TTL time.Duration
	// Logger receives lost locks and failed renewals (default
	// slog.Default()).
	Logger *slog.Logger
}

// Coordinator lets several harvester instances share the work through
// Redis. It is a gocron Elector — one leader runs all scheduled jobs, and
// leadership passes on when the leader stops renewing it — and a
// SourceLock, so that a source is harvested by one instance at a time even
// when runs are started by hand or by the admin endpoint.
type Coordinator struct {
	client redis.UniversalClient
	opts   Options

	mu     sync.Mutex
	leader bool
	stop   chan struct{}
	done   chan struct{}
}

var (
	// renewScript extends a key's TTL if this instance holds it.
	renewScript = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`)
	// releaseScript deletes a key if this instance holds it.
	releaseScript = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`)
)

// New returns a coordinator using client. Call Start to
// keep leadership renewed in the background, Close to give it up.
func New(client redis.UniversalClient, opts Options) *Coordinator {
	if opts.Prefix == "" {
		opts.Prefix = "skillsmap:harvest:"
	}
	if opts.TTL <= 0 {
		opts.TTL = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.InstanceID == "" {
		host, _ := os.Hostname()
		var b [4]byte
		rand.Read(b[:])
		opts.InstanceID = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
	return &Coordinator{client: client, opts: opts}
}

// InstanceID returns the id this instance holds keys under.
func (c *Coordinator) InstanceID() string { return c.opts.InstanceID }

func (c *Coordinator) leaderKey() string { return c.opts.Prefix + "leader" }

// acquire takes or renews the key for this instance.
func (c *Coordinator) acquire(ctx context.Context, key string) (bool, error) {
	ok, err := c.client.SetNX(ctx, key, c.opts.InstanceID, c.opts.TTL).Result()
	if err != nil {
		return false, fmt.Errorf("redis: %w", err)
	}
	if ok {
		return true, nil
	}
	n, err := renewScript.Run(ctx, c.client, []string{key}, c.opts.InstanceID, c.opts.TTL.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("redis: %w", err)
	}
	return n == 1, nil
}

// IsLeader implements gocron.Elector: it takes or renews leadership and
// returns nil if this instance leads, ErrNotLeader (or a Redis error)
// otherwise.
func (c *Coordinator) IsLeader(ctx context.Context) error {
	ok, err := c.acquire(ctx, c.leaderKey())
	c.mu.Lock()
	c.leader = ok
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotLeader
	}
	return nil
}

// Leader reports whether this instance led at the last check.
func (c *Coordinator) Leader() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.leader
}

// Start keeps trying to take or renew leadership every TTL/3 until Close.
func (c *Coordinator) Start() {
	c.mu.Lock()
	if c.stop != nil {
		c.mu.Unlock()
		return
	}
	c.stop, c.done = make(chan struct{}), make(chan struct{})
	stop, done := c.stop, c.done
	c.mu.Unlock()
	go func() {
		defer close(done)
		t := time.NewTicker(c.opts.TTL / 3)
		defer t.Stop()
		for {
			ctx, cancel := context.WithTimeout(context.Background(), c.opts.TTL/3)
			c.IsLeader(ctx)
			cancel()
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
}

// Close stops the renewal and gives leadership up, so that another
// instance can take over at once.
func (c *Coordinator) Close(ctx context.Context) error {
	c.mu.Lock()
	stop, done := c.stop, c.done
	c.stop = nil
	c.leader = false
	c.mu.Unlock()
	if stop != nil {
		close(stop)
		<-done
	}
	if err := releaseScript.Run(ctx, c.client, []string{c.leaderKey()}, c.opts.InstanceID).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

// Lock implements harvester.SourceLock: it takes the source's lock or
// returns an error wrapping harvester.ErrRunning when another instance
// holds it. The lock is renewed every TTL/3 until the lease is unlocked;
// the lease is lost when Redis says another holder has it, or when renewal
// has failed for longer than the lock lives.
//
// Fencing: each lease holds the lock under a value of its own (the
// instance id and a token from a Redis counter that only grows), and
// Confirm, called just before a commit, extends the lock only if that value
// is still there; the commit must end before the lock could expire.
func (c *Coordinator) Lock(ctx context.Context, source string) (harvester.Lease, error) {
	key := c.opts.Prefix + "lock:" + source
	token, err := c.client.Incr(ctx, c.opts.Prefix+"fence:"+source).Result()
	if err != nil {
		return nil, fmt.Errorf("redis lock %s: %w", source, err)
	}
	l := &lease{c: c, key: key, source: source, value: fmt.Sprintf("%s/%d", c.opts.InstanceID, token), token: token,
		lost: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	start := time.Now()
	ok, err := c.client.SetNX(ctx, key, l.value, c.opts.TTL).Result()
	if err != nil {
		return nil, fmt.Errorf("redis lock %s: %w", source, err)
	}
	if !ok {
		holder, _ := c.client.Get(ctx, key).Result()
		return nil, fmt.Errorf("%w (on instance %s)", harvester.ErrRunning, holder)
	}
	l.validUntil = start.Add(c.opts.TTL)
	go l.renew()
	return l, nil
}

var _ harvester.SourceLock = (*Coordinator)(nil)

// lease is a held source lock.
type lease struct {
	c      *Coordinator
	key    string
	source string
	value  string // instance id / fencing token
	token  int64

	lost     chan struct{}
	lostOnce sync.Once
	stop     chan struct{}
	done     chan struct{}
	unlock   sync.Once

	mu         sync.Mutex
	validUntil time.Time // the lock lives at least until then
}

// Token is the lease's fencing token: a later lease of the same source
// always has a larger one.
func (l *lease) Token() int64 { return l.token }

// Lost is closed once the lock is known to be lost.
func (l *lease) Lost() <-chan struct{} { return l.lost }

func (l *lease) markLost(reason string, err error) {
	l.lostOnce.Do(func() {
		l.c.opts.Logger.Warn("harvest lock lost: this run will not commit", "source", l.source, "lease", l.value, "reason", reason, "err", err)
		close(l.lost)
	})
}

// extend renews the lock if this lease still holds it; it records how
// long the lock surely lives (from before the request was sent).
func (l *lease) extend(ctx context.Context) (time.Time, error) {
	start := time.Now()
	n, err := renewScript.Run(ctx, l.c.client, []string{l.key}, l.value, l.c.opts.TTL.Milliseconds()).Int()
	if err != nil {
		return time.Time{}, fmt.Errorf("redis lock %s: %w", l.source, err)
	}
	if n != 1 {
		l.markLost("held by another lease or expired", nil)
		return time.Time{}, fmt.Errorf("%w (source %s)", harvester.ErrLockLost, l.source)
	}
	until := start.Add(l.c.opts.TTL)
	l.mu.Lock()
	l.validUntil = until
	l.mu.Unlock()
	return until, nil
}

// renew extends the lock every TTL/3 until Unlock; a failing renewal is
// logged, and once the lock may have expired the lease is lost.
func (l *lease) renew() {
	defer close(l.done)
	t := time.NewTicker(l.c.opts.TTL / 3)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-l.lost:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), l.c.opts.TTL/3)
		_, err := l.extend(ctx)
		cancel()
		if err == nil || errors.Is(err, harvester.ErrLockLost) {
			continue
		}
		l.mu.Lock()
		expired := !time.Now().Before(l.validUntil)
		l.mu.Unlock()
		if expired {
			l.markLost("renewal failed until the lock expired", err)
			return
		}
		l.c.opts.Logger.Warn("harvest lock renewal failed; retrying", "source", l.source, "err", err)
	}
}

// Confirm extends the lock if this lease still holds it and returns the
// time before which a commit must be written (a tenth of the TTL early, for
// clock drift between this process and Redis).
func (l *lease) Confirm(ctx context.Context) (time.Time, error) {
	select {
	case <-l.lost:
		return time.Time{}, fmt.Errorf("%w (source %s)", harvester.ErrLockLost, l.source)
	default:
	}
	until, err := l.extend(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return until.Add(-l.c.opts.TTL / 10), nil
}

// Unlock stops the renewal and releases the lock if this lease holds it.
func (l *lease) Unlock() {
	l.unlock.Do(func() {
		close(l.stop)
		<-l.done
		ctx, cancel := context.WithTimeout(context.Background(), l.c.opts.TTL)
		defer cancel()
		if err := releaseScript.Run(ctx, l.c.client, []string{l.key}, l.value).Err(); err != nil {
			l.c.opts.Logger.Warn("harvest lock not released; it expires by itself", "source", l.source, "err", err)
		}
	})
}
