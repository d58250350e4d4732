package rediscoord

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/harvester"
)

// State is a harvester.StateStore in Redis: each source's conditional-GET
// validators and per-page records, gzipped JSON under one key, so that
// every instance's next run of a source sends the same conditional
// requests, whichever instance ran it last.
type State struct {
	client redis.UniversalClient
	prefix string
}

var _ harvester.StateStore = (*State)(nil)

// NewState returns a State under the coordinator's key prefix.
func (c *Coordinator) NewState() *State {
	return &State{client: c.client, prefix: c.opts.Prefix + "state:"}
}

// Load returns the source's state, empty when Redis has none.
func (s *State) Load(ctx context.Context, source string) (*harvester.SourceState, error) {
	st := &harvester.SourceState{Pages: map[string]*harvester.PageState{}}
	data, err := s.client.Get(ctx, s.prefix+source).Bytes()
	if errors.Is(err, redis.Nil) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("harvest state %s: redis: %w", source, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("harvest state %s: %w", source, err)
	}
	if err := json.NewDecoder(zr).Decode(st); err != nil {
		return nil, fmt.Errorf("harvest state %s: %w", source, err)
	}
	if st.Pages == nil {
		st.Pages = map[string]*harvester.PageState{}
	}
	return st, nil
}

// Save replaces the source's state.
func (s *State) Save(ctx context.Context, source string, st *harvester.SourceState) error {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(st); err != nil {
		return fmt.Errorf("harvest state %s: %w", source, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("harvest state %s: %w", source, err)
	}
	if err := s.client.Set(ctx, s.prefix+source, buf.Bytes(), 0).Err(); err != nil {
		return fmt.Errorf("harvest state %s: redis: %w", source, err)
	}
	return nil
}
