package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/internal/store/sparqlstore"
)

// openStore opens the store the configuration names: the embedded one in
// DATA/store (db is then set too, for its maintenance), or an external
// SPARQL engine.
func openStore(ctx context.Context, cfg *config.Config) (st store.Store, db *store.DB, err error) {
	// The data directory holds more than the embedded store (review,
	// accounts, harvest state): make it in either case.
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, nil, fmt.Errorf("data directory: %w", err)
	}
	if !cfg.Store.External() {
		db, err := store.Open(filepath.Join(cfg.DataDir, "store"))
		if err != nil {
			return nil, nil, err
		}
		return db, db, nil
	}
	remote, err := sparqlstore.Open(ctx, sparqlOptions(cfg.Store))
	if err != nil {
		return nil, nil, fmt.Errorf("store (kind sparql): %w", err)
	}
	return remote, nil, nil
}

// openStoreReadOnly opens the configured store for a command that only
// reads it (query, export): the embedded store read-only, so that nothing
// is written — not the vocabulary graphs or review's takeover of source
// graphs that a writable open brings, nor a format upgrade — or the
// external engine.
func openStoreReadOnly(ctx context.Context, cfg *config.Config) (store.Store, error) {
	if cfg.Store.External() {
		remote, err := sparqlstore.Open(ctx, sparqlOptions(cfg.Store))
		if err != nil {
			return nil, fmt.Errorf("store (kind sparql): %w", err)
		}
		return remote, nil
	}
	dir := filepath.Join(cfg.DataDir, "store")
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no store in %s yet (serve, harvest or load creates it)", dir)
	}
	db, err := store.Open(dir, store.WithReadOnly())
	if errors.Is(err, store.ErrLocked) {
		return nil, fmt.Errorf("%w: is 'skillsmap serve' running? Query its /sparql endpoint instead", err)
	}
	return db, err
}

// sparqlOptions are the external store's options from the configuration.
func sparqlOptions(c config.Store) sparqlstore.Options {
	return sparqlstore.Options{
		QueryURL:         c.QueryURL,
		UpdateURL:        c.UpdateURL,
		Username:         c.Username,
		Password:         c.Password,
		Dialect:          sparqlstore.Dialect(c.Dialect),
		Timeout:          c.Timeout,
		PageSize:         c.PageSize,
		MaxResponseBytes: int64(c.MaxResponse),
		MetaTTL:          c.Refresh,
	}
}
