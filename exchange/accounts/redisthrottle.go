package accounts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisThrottle is a Throttle in Redis, shared by every instance that uses
// the same prefix, so that a guesser gets no more attempts from more
// instances. Per key it keeps a hash of the failures and the time of the
// last one (in the callers' clock), expiring ThrottleWindow after the last
// failure; keys are stored as their SHA-256, so no e-mail address is in
// Redis's key space. When Redis fails, Wait lets the attempt through (the
// accounts are in the same Redis: nothing would be signed in anyway) and
// the error is logged.
type RedisThrottle struct {
	client  redis.UniversalClient
	prefix  string
	log     *slog.Logger
	timeout time.Duration
}

var _ Throttle = (*RedisThrottle)(nil)

// NewRedisThrottle returns a throttle under prefix (like
// "skillsmap:throttle:") in client.
func NewRedisThrottle(client redis.UniversalClient, prefix string, log *slog.Logger) *RedisThrottle {
	if log == nil {
		log = slog.Default()
	}
	return &RedisThrottle{client: client, prefix: prefix, log: log, timeout: 5 * time.Second}
}

func (t *RedisThrottle) key(k string) string {
	sum := sha256.Sum256([]byte(k))
	return t.prefix + hex.EncodeToString(sum[:])
}

// failScript counts a failure at ARGV[1] (Unix ns), restarting the count
// when the last one is ARGV[2] ns or more before it, and keeps the key for
// ARGV[3] ms.
var failScript = redis.NewScript(`
local last = tonumber(redis.call("HGET", KEYS[1], "last") or "0")
local now = tonumber(ARGV[1])
if now - last >= tonumber(ARGV[2]) then redis.call("HSET", KEYS[1], "failures", 0) end
redis.call("HINCRBY", KEYS[1], "failures", 1)
if now > last then redis.call("HSET", KEYS[1], "last", ARGV[1]) end
redis.call("PEXPIRE", KEYS[1], ARGV[3])
return 1`)

// Wait implements Throttle.
func (t *RedisThrottle) Wait(key string, limit int, now time.Time) time.Duration {
	ctx, cancel := context.WithTimeout(context.Background(), t.timeout)
	defer cancel()
	vals, err := t.client.HMGet(ctx, t.key(key), "failures", "last").Result()
	if err != nil {
		t.log.Error("accounts: the shared login throttle is unavailable; the attempt is not delayed", "err", err)
		return 0
	}
	fs, _ := vals[0].(string)
	ls, _ := vals[1].(string)
	failures, err1 := strconv.Atoi(fs)
	lastNS, err2 := strconv.ParseInt(ls, 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0 // no failures recorded
	}
	last := time.Unix(0, lastNS)
	if now.Sub(last) >= ThrottleWindow {
		return 0
	}
	return throttleDelay(failures, limit, last, now)
}

// Fail implements Throttle.
func (t *RedisThrottle) Fail(key string, now time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), t.timeout)
	defer cancel()
	err := failScript.Run(ctx, t.client, []string{t.key(key)}, now.UnixNano(), ThrottleWindow.Nanoseconds(),
		ThrottleWindow.Milliseconds()).Err()
	if err != nil {
		t.log.Error("accounts: a failed attempt could not be counted in the shared login throttle", "err", err)
	}
}

// Reset implements Throttle.
func (t *RedisThrottle) Reset(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), t.timeout)
	defer cancel()
	if err := t.client.Del(ctx, t.key(key)).Err(); err != nil {
		t.log.Error("accounts: the shared login throttle could not forget a key", "err", err)
	}
}
