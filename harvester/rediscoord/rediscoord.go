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

// Lock implements harvester.SourceLock: it takes the source's lock or returns an
// error wrapping harvester.ErrRunning when another instance holds it. The lock is
// renewed until unlock is called.
func (c *Coordinator) Lock(ctx context.Context, source string) (func(), error) {
	key := c.opts.Prefix + "lock:" + source
	ok, err := c.client.SetNX(ctx, key, c.opts.InstanceID, c.opts.TTL).Result()
	if err != nil {
		return nil, fmt.Errorf("redis lock %s: %w", source, err)
	}
	if !ok {
		holder, _ := c.client.Get(ctx, key).Result()
		return nil, fmt.Errorf("%w (on instance %s)", harvester.ErrRunning, holder)
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(c.opts.TTL / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				rctx, cancel := context.WithTimeout(context.Background(), c.opts.TTL/3)
				renewScript.Run(rctx, c.client, []string{key}, c.opts.InstanceID, c.opts.TTL.Milliseconds())
				cancel()
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			<-done
			rctx, cancel := context.WithTimeout(context.Background(), c.opts.TTL)
			releaseScript.Run(rctx, c.client, []string{key}, c.opts.InstanceID)
			cancel()
		})
	}, nil
}

var _ harvester.SourceLock = (*Coordinator)(nil)
