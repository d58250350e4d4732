package kv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisOptions configure NewRedis.
type RedisOptions struct {
	// Prefix of every key the database writes, like "skillsmap:review:".
	// Required: databases that share a Redis need prefixes of their own.
	Prefix string
	// MaxAttempts bounds how often a transaction that met concurrent
	// writes is run (default 100); then it fails with ErrConflict.
	MaxAttempts int
	// PageSize is how many keys a cursor reads per request (default 256).
	PageSize int
	// LockTTL is how long a lock outlives a process that stopped renewing
	// it (default 30 s); it is renewed every LockTTL/3 while held.
	LockTTL time.Duration
	// Logger receives failed lock renewals (default slog.Default()).
	Logger *slog.Logger
}

// RedisDB is a DB in Redis, shared by every process that uses the same
// prefix. Per bucket there is a sorted set of its keys (all with score 0,
// so that ZRANGE BYLEX orders them bytewise, as bbolt does) and a hash of
// their values; PREFIX "buckets" is the set of bucket names, PREFIX "seq"
// the hash of sequences, and PREFIX "version" a counter that every
// committed write transaction increments.
//
// Update runs fn with WATCH on the version: reads go to Redis through the
// watched connection, writes are buffered (and read back by the same
// transaction), and the commit applies them and increments the version in
// one MULTI/EXEC, which fails if another transaction committed meanwhile;
// fn is then run again. View is a seqlock: it reads the version, runs fn,
// and runs it again if the version moved. A Redis error inside a
// transaction makes the operation return nothing (nil, or an empty
// cursor) and the transaction fail with that error, whatever fn returned,
// without writing.
//
// Close does not close the client, which may be shared.
type RedisDB struct {
	client redis.UniversalClient
	opts   RedisOptions
	log    *slog.Logger
}

var (
	_ DB        = (*RedisDB)(nil)
	_ Compacter = (*RedisDB)(nil)
)

// NewRedis returns the database under opts.Prefix in client.
func NewRedis(client redis.UniversalClient, opts RedisOptions) (*RedisDB, error) {
	if opts.Prefix == "" {
		return nil, errors.New("kv: RedisOptions.Prefix is required")
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 100
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 256
	}
	if opts.LockTTL <= 0 {
		opts.LockTTL = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &RedisDB{client: client, opts: opts, log: opts.Logger}, nil
}

func (d *RedisDB) versionKey() string           { return d.opts.Prefix + "version" }
func (d *RedisDB) bucketsKey() string           { return d.opts.Prefix + "buckets" }
func (d *RedisDB) seqKey() string               { return d.opts.Prefix + "seq" }
func (d *RedisDB) keysKey(bucket string) string { return d.opts.Prefix + "k:" + bucket }
func (d *RedisDB) valsKey(bucket string) string { return d.opts.Prefix + "v:" + bucket }
func (d *RedisDB) lockKey(name string) string   { return d.opts.Prefix + "lock:" + name }

// pause waits a little before another attempt, longer as attempts fail, so
// that two processes in step fall out of it.
func pause(attempt int) {
	if attempt < 2 {
		return
	}
	time.Sleep(time.Duration(mrand.Int64N(int64(min(attempt, 20))*int64(time.Millisecond) + 1)))
}

// View implements DB.
func (d *RedisDB) View(fn func(Tx) error) error {
	ctx := context.Background()
	for attempt := 0; attempt < d.opts.MaxAttempts; attempt++ {
		pause(attempt)
		before, err := d.version(ctx, d.client)
		if err != nil {
			return err
		}
		tx := d.newTx(ctx, d.client, false)
		ferr := fn(tx)
		if tx.err != nil {
			return fmt.Errorf("kv %s: %w", d.opts.Prefix, tx.err)
		}
		after, err := d.version(ctx, d.client)
		if err != nil {
			return err
		}
		if before == after {
			return ferr
		}
	}
	return fmt.Errorf("kv %s: view: %w", d.opts.Prefix, ErrConflict)
}

func (d *RedisDB) version(ctx context.Context, c redis.Cmdable) (string, error) {
	v, err := c.Get(ctx, d.versionKey()).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("kv %s: version: %w", d.opts.Prefix, err)
	}
	return v, nil
}

// fnError carries fn's own error through go-redis's Watch.
type fnError struct{ err error }

func (e *fnError) Error() string { return e.err.Error() }

// Update implements DB.
func (d *RedisDB) Update(fn func(Tx) error) error {
	ctx := context.Background()
	for attempt := 0; attempt < d.opts.MaxAttempts; attempt++ {
		pause(attempt)
		err := d.client.Watch(ctx, func(rtx *redis.Tx) error {
			tx := d.newTx(ctx, rtx, true)
			ferr := fn(tx)
			if tx.err != nil {
				return fmt.Errorf("kv %s: %w", d.opts.Prefix, tx.err)
			}
			_, err := rtx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				if ferr == nil && tx.dirty() {
					tx.apply(ctx, p)
					p.Incr(ctx, d.versionKey())
				} else {
					// Nothing to write: EXEC only checks that what fn read
					// was one state (else fn runs again, also when it failed:
					// its error may come from a mix of two states).
					p.Exists(ctx, d.versionKey())
				}
				return nil
			})
			if err != nil {
				return err
			}
			if ferr != nil {
				return &fnError{ferr}
			}
			return nil
		}, d.versionKey())
		var fe *fnError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &fe):
			return fe.err
		case errors.Is(err, redis.TxFailedErr):
			continue
		default:
			return fmt.Errorf("kv %s: update: %w", d.opts.Prefix, err)
		}
	}
	return fmt.Errorf("kv %s: update: %w", d.opts.Prefix, ErrConflict)
}

// Close implements DB; the client stays open.
func (d *RedisDB) Close() error { return nil }

var (
	renewScript   = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`)
	releaseScript = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`)
)

// Lock implements DB with a Redis key that holds a random token, set only
// if absent, expiring after LockTTL and renewed every LockTTL/3 while
// held. A holder that stops (a crash) frees it after LockTTL.
func (d *RedisDB) Lock(ctx context.Context, name string) (func(), error) {
	var b [16]byte
	rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	key := d.lockKey(name)
	wait := 5 * time.Millisecond
	for {
		ok, err := d.client.SetNX(ctx, key, token, d.opts.LockTTL).Result()
		if err != nil {
			return nil, fmt.Errorf("kv %s: lock %s: %w", d.opts.Prefix, name, err)
		}
		if ok {
			break
		}
		t := time.NewTimer(wait + time.Duration(mrand.Int64N(int64(wait))))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("kv %s: lock %s: %w", d.opts.Prefix, name, ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(d.opts.LockTTL / 3)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				rctx, cancel := context.WithTimeout(context.Background(), d.opts.LockTTL/3)
				n, err := renewScript.Run(rctx, d.client, []string{key}, token, d.opts.LockTTL.Milliseconds()).Int()
				cancel()
				if err != nil || n != 1 {
					d.log.Error("kv: a lock could not be renewed; another process may take it", "lock", key, "err", err)
				}
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			<-done
			rctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := releaseScript.Run(rctx, d.client, []string{key}, token).Err(); err != nil {
				d.log.Error("kv: a lock could not be released; it expires by itself", "lock", key, "err", err)
			}
		})
	}, nil
}

// Compact implements Compacter: deleted keys leave Redis's memory at once,
// and its RDB snapshots are written whole from memory, but its
// append-only file keeps every command until it is rewritten. With
// appendonly on, Compact asks for that rewrite (BGREWRITEAOF); otherwise
// there is nothing to do.
func (d *RedisDB) Compact(ctx context.Context) error {
	cfg, err := d.client.ConfigGet(ctx, "appendonly").Result()
	if err != nil {
		return fmt.Errorf("kv %s: compact: CONFIG GET appendonly: %w", d.opts.Prefix, err)
	}
	if !strings.EqualFold(cfg["appendonly"], "yes") {
		return nil
	}
	if err := d.client.BgRewriteAOF(ctx).Err(); err != nil {
		return fmt.Errorf("kv %s: compact: BGREWRITEAOF: %w", d.opts.Prefix, err)
	}
	return nil
}

// redisTx is one attempt of a transaction.
type redisTx struct {
	d     *RedisDB
	ctx   context.Context
	r     redis.Cmdable // the watched connection in Update
	write bool
	err   error // the first Redis error

	exists  map[string]bool // bucket name → exists (read or created)
	created []string
	buckets map[string]*redisBucket
	seqs    map[string]uint64 // bucket → sequence set by this tx
}

func (d *RedisDB) newTx(ctx context.Context, r redis.Cmdable, write bool) *redisTx {
	return &redisTx{d: d, ctx: ctx, r: r, write: write, exists: map[string]bool{},
		buckets: map[string]*redisBucket{}, seqs: map[string]uint64{}}
}

func (t *redisTx) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

func (t *redisTx) dirty() bool {
	if len(t.created) > 0 || len(t.seqs) > 0 {
		return true
	}
	for _, b := range t.buckets {
		if len(b.writes) > 0 {
			return true
		}
	}
	return false
}

// apply queues the transaction's writes on p (inside MULTI).
func (t *redisTx) apply(ctx context.Context, p redis.Pipeliner) {
	for _, name := range t.created {
		p.SAdd(ctx, t.d.bucketsKey(), name)
	}
	for name, seq := range t.seqs {
		p.HSet(ctx, t.d.seqKey(), name, seq)
	}
	for _, b := range t.buckets {
		var puts []redis.Z
		var vals []any
		var dels []any
		for _, k := range b.order {
			w := b.writes[k]
			if w.deleted {
				dels = append(dels, k)
				continue
			}
			puts = append(puts, redis.Z{Member: k})
			vals = append(vals, k, w.val)
		}
		if len(dels) > 0 {
			p.ZRem(ctx, b.zkey, dels...)
			p.HDel(ctx, b.hkey, anyStrings(dels)...)
		}
		if len(puts) > 0 {
			p.ZAdd(ctx, b.zkey, puts...)
			p.HSet(ctx, b.hkey, vals...)
		}
	}
}

func anyStrings(xs []any) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.(string)
	}
	return out
}

func (t *redisTx) bucketExists(name string) bool {
	if ok, known := t.exists[name]; known {
		return ok
	}
	ok, err := t.r.SIsMember(t.ctx, t.d.bucketsKey(), name).Result()
	if err != nil {
		t.fail(fmt.Errorf("bucket %s: %w", name, err))
		return false
	}
	t.exists[name] = ok
	return ok
}

func (t *redisTx) handle(name string) *redisBucket {
	b := t.buckets[name]
	if b == nil {
		b = &redisBucket{tx: t, name: name, zkey: t.d.keysKey(name), hkey: t.d.valsKey(name), writes: map[string]write{}}
		t.buckets[name] = b
	}
	return b
}

func (t *redisTx) Bucket(name []byte) Bucket {
	if !t.bucketExists(string(name)) {
		return nil
	}
	return t.handle(string(name))
}

func (t *redisTx) CreateBucketIfNotExists(name []byte) (Bucket, error) {
	if len(name) == 0 {
		return nil, fmt.Errorf("create bucket: %w", ErrEmptyKey)
	}
	if t.bucketExists(string(name)) {
		return t.handle(string(name)), nil
	}
	if t.err != nil {
		return nil, t.err
	}
	if !t.write {
		return nil, fmt.Errorf("create bucket %s: %w", name, ErrReadOnly)
	}
	t.exists[string(name)] = true
	t.created = append(t.created, string(name))
	return t.handle(string(name)), nil
}

// write is a buffered write: a value, or a deletion.
type write struct {
	val     []byte
	deleted bool
}

type redisBucket struct {
	tx         *redisTx
	name       string
	zkey, hkey string
	writes     map[string]write
	order      []string // keys of writes, sorted
}

func (b *redisBucket) Get(key []byte) []byte {
	if len(key) == 0 {
		return nil
	}
	if w, ok := b.writes[string(key)]; ok {
		if w.deleted {
			return nil
		}
		return w.val
	}
	if b.tx.err != nil {
		return nil
	}
	v, err := b.tx.r.HGet(b.tx.ctx, b.hkey, string(key)).Result()
	if errors.Is(err, redis.Nil) {
		return nil
	}
	if err != nil {
		b.tx.fail(fmt.Errorf("get from %s: %w", b.name, err))
		return nil
	}
	return []byte(v)
}

func (b *redisBucket) set(key []byte, w write) error {
	if !b.tx.write {
		return fmt.Errorf("bucket %s: %w", b.name, ErrReadOnly)
	}
	if len(key) == 0 {
		return fmt.Errorf("bucket %s: %w", b.name, ErrEmptyKey)
	}
	k := string(key)
	if _, ok := b.writes[k]; !ok {
		i, _ := searchStrings(b.order, k)
		b.order = append(b.order, "")
		copy(b.order[i+1:], b.order[i:])
		b.order[i] = k
	}
	b.writes[k] = w
	return nil
}

func (b *redisBucket) Put(key, value []byte) error {
	return b.set(key, write{val: append([]byte{}, value...)})
}

func (b *redisBucket) Delete(key []byte) error {
	if len(key) == 0 {
		return nil
	}
	return b.set(key, write{deleted: true})
}

func (b *redisBucket) NextSequence() (uint64, error) {
	t := b.tx
	if !t.write {
		return 0, fmt.Errorf("bucket %s: %w", b.name, ErrReadOnly)
	}
	seq := b.Sequence()
	if t.err != nil {
		return 0, t.err
	}
	seq++
	t.seqs[b.name] = seq
	return seq, nil
}

func (b *redisBucket) Sequence() uint64 {
	t := b.tx
	if seq, ok := t.seqs[b.name]; ok {
		return seq
	}
	if t.err != nil {
		return 0
	}
	s, err := t.r.HGet(t.ctx, t.d.seqKey(), b.name).Result()
	if errors.Is(err, redis.Nil) {
		return 0
	}
	if err != nil {
		t.fail(fmt.Errorf("sequence of %s: %w", b.name, err))
		return 0
	}
	seq, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.fail(fmt.Errorf("sequence of %s: %w", b.name, err))
	}
	return seq
}

func (b *redisBucket) SetSequence(seq uint64) error {
	if !b.tx.write {
		return fmt.Errorf("bucket %s: %w", b.name, ErrReadOnly)
	}
	b.tx.seqs[b.name] = seq
	return nil
}

func (b *redisBucket) Len() int {
	t := b.tx
	if t.err != nil {
		return 0
	}
	n, err := t.r.ZCard(t.ctx, b.zkey).Result()
	if err != nil {
		t.fail(fmt.Errorf("count %s: %w", b.name, err))
		return 0
	}
	if len(b.order) > 0 {
		ex, err := t.r.HMGet(t.ctx, b.hkey, b.order...).Result()
		if err != nil {
			t.fail(fmt.Errorf("count %s: %w", b.name, err))
			return 0
		}
		for i, k := range b.order {
			had := ex[i] != nil
			switch del := b.writes[k].deleted; {
			case del && had:
				n--
			case !del && !had:
				n++
			}
		}
	}
	return int(n)
}

func (b *redisBucket) ForEach(fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

func (b *redisBucket) Cursor() Cursor { return &redisCursor{b: b} }

// searchStrings returns the index of the first element >= k, and whether
// it equals k.
func searchStrings(xs []string, k string) (int, bool) {
	lo, hi := 0, len(xs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if xs[m] < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(xs) && xs[lo] == k
}

// page is a run of keys as Redis holds them (without this transaction's
// writes), read in one direction from a bound.
type page struct {
	valid    bool
	open     bool   // read from the start (forward) or end (backward)
	from     string // else from this bound,
	fromIncl bool   // inclusive or not
	keys     []string
	vals     [][]byte
	more     bool // there may be keys beyond the last one read
}

// covers says whether the page answers a query from q (nil: open).
func (p *page) covers(q *string, incl bool, fwd bool) bool {
	if !p.valid {
		return false
	}
	if p.open {
		return true
	}
	if q == nil {
		return false
	}
	c := strings.Compare(*q, p.from)
	if !fwd {
		c = -c
	}
	return c > 0 || c == 0 && (p.fromIncl || !incl)
}

type redisCursor struct {
	b        *redisBucket
	cur      *string // nil: not on a key
	pastEnd  bool    // a Seek found no key: Prev goes to the last one
	fwd, rev page
}

func (c *redisCursor) fetch(q *string, incl, fwd bool) *page {
	t := c.b.tx
	p := &c.rev
	if fwd {
		p = &c.fwd
	}
	*p = page{}
	if t.err != nil {
		return p
	}
	bound := "-"
	if !fwd {
		bound = "+"
	}
	if q != nil {
		if incl {
			bound = "[" + *q
		} else {
			bound = "(" + *q
		}
	}
	size := t.d.opts.PageSize
	var keys []string
	var err error
	if fwd {
		keys, err = t.r.ZRangeByLex(t.ctx, c.b.zkey, &redis.ZRangeBy{Min: bound, Max: "+", Count: int64(size)}).Result()
	} else {
		keys, err = t.r.ZRevRangeByLex(t.ctx, c.b.zkey, &redis.ZRangeBy{Min: "-", Max: bound, Count: int64(size)}).Result()
	}
	if err != nil {
		t.fail(fmt.Errorf("read %s: %w", c.b.name, err))
		return p
	}
	vals := make([][]byte, len(keys))
	if len(keys) > 0 {
		vs, err := t.r.HMGet(t.ctx, c.b.hkey, keys...).Result()
		if err != nil {
			t.fail(fmt.Errorf("read %s: %w", c.b.name, err))
			return p
		}
		for i, v := range vs {
			s, _ := v.(string) // a key whose value is missing: a concurrent write the version check catches
			vals[i] = []byte(s)
		}
	}
	*p = page{valid: true, open: q == nil, fromIncl: incl, keys: keys, vals: vals, more: len(keys) == size}
	if q != nil {
		p.from = *q
	}
	return p
}

// stored returns the first key Redis holds after q (before it, backward;
// at q too with incl), ignoring this transaction's writes.
func (c *redisCursor) stored(q *string, incl, fwd bool) (string, []byte, bool) {
	p := &c.rev
	if fwd {
		p = &c.fwd
	}
	for range 2 {
		if !p.covers(q, incl, fwd) {
			p = c.fetch(q, incl, fwd)
			if !p.valid {
				return "", nil, false
			}
		}
		for i, k := range p.keys {
			if q == nil {
				return k, p.vals[i], true
			}
			cmp := strings.Compare(k, *q)
			if !fwd {
				cmp = -cmp
			}
			if cmp > 0 || cmp == 0 && incl {
				return k, p.vals[i], true
			}
		}
		if !p.more {
			return "", nil, false
		}
		p.valid = false // read on from q
	}
	return "", nil, false
}

// buffered returns the first key this transaction wrote (not deleted)
// after q (before it, backward).
func (c *redisCursor) buffered(q *string, incl, fwd bool) (string, []byte, bool) {
	o := c.b.order
	if fwd {
		i := 0
		if q != nil {
			var eq bool
			i, eq = searchStrings(o, *q)
			if eq && !incl {
				i++
			}
		}
		for ; i < len(o); i++ {
			if w := c.b.writes[o[i]]; !w.deleted {
				return o[i], w.val, true
			}
		}
		return "", nil, false
	}
	i := len(o) - 1
	if q != nil {
		j, eq := searchStrings(o, *q)
		i = j - 1
		if eq && incl {
			i = j
		}
	}
	for ; i >= 0; i-- {
		if w := c.b.writes[o[i]]; !w.deleted {
			return o[i], w.val, true
		}
	}
	return "", nil, false
}

// move goes to the first key after q (before, backward) of the bucket as
// this transaction sees it: what Redis holds, overlaid with its writes.
func (c *redisCursor) move(q *string, incl, fwd bool) ([]byte, []byte) {
	rq, rincl := q, incl
	var rk string
	var rv []byte
	var rok bool
	for {
		rk, rv, rok = c.stored(rq, rincl, fwd)
		if !rok {
			break
		}
		if _, written := c.b.writes[rk]; !written {
			break
		}
		k := rk
		rq, rincl = &k, false
	}
	bk, bv, bok := c.buffered(q, incl, fwd)
	k, v, ok := rk, rv, rok
	if bok && (!rok || (fwd && bk < rk) || (!fwd && bk > rk)) {
		k, v, ok = bk, bv, true
	}
	if ok && v == nil {
		v = []byte{}
	}
	if !ok {
		return nil, nil
	}
	return []byte(k), v
}

// to moves to the key move found; where it found none, the cursor stays
// where bbolt's would: nowhere after First, Last or a Seek (but past the
// end after a Seek, so that Prev goes to the last key), on its key after
// Next or Prev.
func (c *redisCursor) to(k, v []byte, stay bool) ([]byte, []byte) {
	c.pastEnd = false
	if k == nil {
		if !stay {
			c.cur = nil
		}
		return nil, nil
	}
	s := string(k)
	c.cur = &s
	return k, v
}

func (c *redisCursor) First() ([]byte, []byte) {
	k, v := c.move(nil, true, true)
	return c.to(k, v, false)
}

func (c *redisCursor) Last() ([]byte, []byte) {
	k, v := c.move(nil, true, false)
	return c.to(k, v, false)
}

func (c *redisCursor) Seek(seek []byte) ([]byte, []byte) {
	s := string(seek)
	k, v := c.move(&s, true, true)
	c.to(k, v, false)
	c.pastEnd = k == nil
	return k, v
}

func (c *redisCursor) Next() ([]byte, []byte) {
	if c.cur == nil {
		return nil, nil
	}
	k, v := c.move(c.cur, false, true)
	return c.to(k, v, true)
}

func (c *redisCursor) Prev() ([]byte, []byte) {
	if c.pastEnd {
		return c.Last()
	}
	if c.cur == nil {
		return nil, nil
	}
	k, v := c.move(c.cur, false, false)
	return c.to(k, v, true)
}
