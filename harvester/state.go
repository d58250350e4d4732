package harvester

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// extractionVersion changes whenever an extractor reads pages differently,
// so that records cached under an older version are not reused.
const extractionVersion = 4

// SourceState is what the harvester remembers of a source between runs:
// per fetched URL, its HTTP validators and what was read from it, so that
// an unchanged page costs a 304 and its records still count in the run.
type SourceState struct {
	// Fingerprint identifies the source's extraction settings; a state
	// with another fingerprint is not reused.
	Fingerprint string `json:"fingerprint"`
	// Pages maps requested URLs to what their last fetch gave.
	Pages map[string]*PageState `json:"pages"`
}

// PageState is one URL's validators and extraction.
type PageState struct {
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Fetched      time.Time `json:"fetched"`
	Records      []Record  `json:"records,omitempty"`
	Links        []Link    `json:"links,omitempty"`
}

// Link is a document a page leads to, with the role it plays in the crawl.
type Link struct {
	URL  string `json:"url"`
	Kind string `json:"kind"`
	// Hop is true when following the link goes one level deeper
	// (pagination stays at the same depth).
	Hop bool `json:"hop,omitempty"`
}

// StateStore keeps SourceStates between runs. Load returns an empty state
// (never an error) for a source it does not know.
type StateStore interface {
	Load(ctx context.Context, source string) (*SourceState, error)
	Save(ctx context.Context, source string, st *SourceState) error
}

// MemoryState is a StateStore in memory: conditional requests work for the
// life of the process.
type MemoryState struct {
	mu     sync.Mutex
	states map[string][]byte
}

// NewMemoryState returns an empty MemoryState.
func NewMemoryState() *MemoryState { return &MemoryState{states: map[string][]byte{}} }

// Load returns a copy of the source's state.
func (m *MemoryState) Load(_ context.Context, source string) (*SourceState, error) {
	m.mu.Lock()
	data, ok := m.states[source]
	m.mu.Unlock()
	st := &SourceState{Pages: map[string]*PageState{}}
	if !ok {
		return st, nil
	}
	if err := json.Unmarshal(data, st); err != nil {
		return nil, fmt.Errorf("harvest state %s: %w", source, err)
	}
	return st, nil
}

// Save stores a copy of st.
func (m *MemoryState) Save(_ context.Context, source string, st *SourceState) error {
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("harvest state %s: %w", source, err)
	}
	m.mu.Lock()
	m.states[source] = data
	m.mu.Unlock()
	return nil
}

// FileState keeps each source's state in DIR/{source}.json.gz, written
// atomically (temporary file, fsync, rename).
type FileState struct {
	dir string
}

// NewFileState returns a FileState in dir, creating it if needed.
func NewFileState(dir string) (*FileState, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("harvest state: %w", err)
	}
	return &FileState{dir: dir}, nil
}

func (f *FileState) path(source string) string { return filepath.Join(f.dir, source+".json.gz") }

// Load reads a source's state; a missing file is an empty state.
func (f *FileState) Load(_ context.Context, source string) (*SourceState, error) {
	st := &SourceState{Pages: map[string]*PageState{}}
	file, err := os.Open(f.path(source))
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("harvest state %s: %w", source, err)
	}
	defer file.Close()
	zr, err := gzip.NewReader(file)
	if err != nil {
		return nil, fmt.Errorf("harvest state %s: %w", source, err)
	}
	if err := json.NewDecoder(zr).Decode(st); err != nil {
		return nil, fmt.Errorf("harvest state %s: %w", source, err)
	}
	if st.Pages == nil {
		st.Pages = map[string]*PageState{}
	}
	return st, nil
}

// Save writes a source's state atomically.
func (f *FileState) Save(_ context.Context, source string, st *SourceState) (err error) {
	tmp, err := os.CreateTemp(f.dir, source+".*.tmp")
	if err != nil {
		return fmt.Errorf("harvest state %s: %w", source, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	zw := gzip.NewWriter(tmp)
	if err = json.NewEncoder(zw).Encode(st); err != nil {
		return fmt.Errorf("harvest state %s: %w", source, err)
	}
	if err = zw.Close(); err != nil {
		return fmt.Errorf("harvest state %s: %w", source, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("harvest state %s: %w", source, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("harvest state %s: %w", source, err)
	}
	if err = os.Rename(tmp.Name(), f.path(source)); err != nil {
		return fmt.Errorf("harvest state %s: %w", source, err)
	}
	return nil
}

// fingerprint identifies everything that decides what is read from a
// page: a cached extraction is reused only under the same fingerprint.
func fingerprint(s *sourceconfig.Source) string {
	data, _ := json.Marshal(struct {
		Version   int
		Extractor string
		CSS       *sourceconfig.CSSMapping
		CSV       *sourceconfig.CSVMapping
		JSON      *sourceconfig.JSONMapping
		DCAT      *sourceconfig.DCATOptions
		Crawl     sourceconfig.Crawl
		Language  string
	}{extractionVersion, s.Extractor, s.CSS, s.CSV, s.JSON, s.DCAT, s.Crawl, s.Mapping.Language})
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}
