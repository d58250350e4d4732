package store

import "time"

// Option configures Open or NewMemory.
type Option func(*options)

type options struct {
	noSync        bool
	lockTimeout   time.Duration
	termCacheSize int
	mmapSize      int
	readOnly      bool
}

func defaultOptions() options {
	return options{
		lockTimeout:   time.Second,
		termCacheSize: -1, // the backend's default
		mmapSize:      1 << 30,
	}
}

func applyOptions(opts []Option) options {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithNoSync turns off fsync after each commit (DB only). A crash may then
// lose recent commits or corrupt the file: use it only for bulk loads that
// can be redone, and for tests.
func WithNoSync() Option { return func(o *options) { o.noSync = true } }

// WithLockTimeout sets how long Open waits for another process to release
// the store file before failing with ErrLocked (DB only; default 1s; 0 or
// less: do not wait).
func WithLockTimeout(d time.Duration) Option { return func(o *options) { o.lockTimeout = d } }

// WithTermCacheSize sets how many decoded terms the store caches (default
// 262144 for DB, about 16 MiB of slots plus the cached strings, and 65536
// for Memory); 0 turns the cache off.
func WithTermCacheSize(n int) Option { return func(o *options) { o.termCacheSize = max(n, 0) } }

// WithInitialMmapSize sets the address space bbolt maps up front (DB only;
// default 1 GiB). While the file fits in it, a growing file never waits for
// open snapshots. It does not allocate memory or disk.
func WithInitialMmapSize(bytes int) Option { return func(o *options) { o.mmapSize = bytes } }

// WithReadOnly opens an existing store for reading only (DB only): the file
// is opened read-only under a shared lock, nothing is created or written,
// not even on Open, and Update fails. Open fails if there is no store in
// the directory. Other readers may open it at once; a writer may not.
func WithReadOnly() Option { return func(o *options) { o.readOnly = true } }
