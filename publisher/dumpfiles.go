package publisher

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdfio"
)

// dumpFiles writes each dump to a file once per store version and serves
// downloads from the file: a download takes as long as the client likes
// without holding a store snapshot (a bbolt read transaction would keep
// pages alive and block the file from growing), and Range requests, ETag
// and gzip come from http.ServeContent over a file that does not change.
// The file is written at the store's pace, the first time a version is
// asked for; concurrent requests wait for the same build.
type dumpFiles struct {
	dir  string // empty: a temporary directory made on first use
	mu   sync.Mutex
	have map[string]*dumpFile
	busy map[string]*dumpBuild
}

type dumpFile struct {
	path     string
	version  uint64
	modified time.Time
}

type dumpBuild struct {
	version uint64
	done    chan struct{}
	file    *dumpFile
	err     error
}

func newDumpFiles(dir string) *dumpFiles {
	return &dumpFiles{dir: dir, have: map[string]*dumpFile{}, busy: map[string]*dumpBuild{}}
}

// maxDumpBuild bounds the time a dump file may take to write.
const maxDumpBuild = 30 * time.Minute

// file returns the dump in format f (gzip-coded when gz) for the store's
// version, writing it if needed.
func (d *dumpFiles) file(ctx context.Context, s *Server, f rdfio.Format, gz bool, version uint64) (*dumpFile, error) {
	key := f.Name()
	if gz {
		key += ".gz"
	}
	d.mu.Lock()
	if have := d.have[key]; have != nil && have.version >= version {
		d.mu.Unlock()
		return have, nil
	}
	b := d.busy[key]
	if b == nil || b.version < version {
		b = &dumpBuild{version: version, done: make(chan struct{})}
		d.busy[key] = b
		go d.build(s, key, f, gz, b)
	}
	d.mu.Unlock()
	select {
	case <-b.done:
		return b.file, b.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// build writes one dump file from a snapshot, then replaces the previous
// file of the same kind (open downloads keep reading the old one).
func (d *dumpFiles) build(s *Server, key string, f rdfio.Format, gz bool, b *dumpBuild) {
	defer close(b.done)
	b.file, b.err = d.write(s, key, f, gz)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.busy[key] == b {
		delete(d.busy, key)
	}
	if b.err != nil {
		return
	}
	if old := d.have[key]; old == nil || old.version < b.file.version {
		if old != nil {
			os.Remove(old.path)
		}
		d.have[key] = b.file
	} else {
		os.Remove(b.file.path)
		b.file = old
	}
}

func (d *dumpFiles) write(s *Server, key string, f rdfio.Format, gz bool) (*dumpFile, error) {
	ctx, cancel := context.WithTimeout(context.Background(), maxDumpBuild)
	defer cancel()
	dir, err := d.directory()
	if err != nil {
		return nil, err
	}
	snap, err := s.store.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	version, modified := snap.Version(), snap.Modified()
	tmp, err := os.CreateTemp(dir, "."+key+"-*")
	if err != nil {
		return nil, fmt.Errorf("dump file: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	var w io.Writer = tmp
	var zw *gzip.Writer
	if gz {
		zw = gzip.NewWriter(tmp)
		w = zw
	}
	err = s.streamQuads(ctx, snap, w, f, nil)
	snap.Close()
	if err == nil && zw != nil {
		err = zw.Close()
	}
	if err == nil {
		err = tmp.Close()
	} else {
		tmp.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("dump file: %w", err)
	}
	path := filepath.Join(dir, key+"-"+strconv.FormatUint(version, 10))
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, fmt.Errorf("dump file: %w", err)
	}
	return &dumpFile{path: path, version: version, modified: modified}, nil
}

func (d *dumpFiles) directory() (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.dir == "" {
		dir, err := os.MkdirTemp("", "skillsmap-dumps-")
		if err != nil {
			return "", err
		}
		d.dir = dir
	}
	return d.dir, os.MkdirAll(d.dir, 0o755)
}

// progressDeadline is a ResponseWriter that moves the connection's write
// deadline forward every 64 KiB: a long download is allowed as long as it
// makes progress, since it holds no store snapshot.
type progressDeadline struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	since   int
}

func (p *progressDeadline) Write(b []byte) (int, error) {
	if p.since == 0 || p.since >= 64<<10 {
		_ = p.rc.SetWriteDeadline(time.Now().Add(p.timeout))
		p.since = 0
	}
	n, err := p.ResponseWriter.Write(b)
	p.since += n
	return n, err
}
