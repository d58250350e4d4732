// Package review keeps the versions of every practice, the editors'
// queue and decisions, corrections, merges and good-practice marks, and
// publishes what is approved into the public quad store.
//
// Nothing private ever enters the store: drafts, submitted, rejected and
// superseded versions, and who did what, stay in review's own database
// (review.db). The store gets each practice's published record (in its
// source's graph or its organisation's contributions graph), the editors'
// corrections, merges and validations ({base}graph/editorial) and the
// public trace of their acts (prov:Activity in {base}graph/provenance,
// naming the organisation, never a person). docs/exchange.md explains the
// design.
//
// Harvests pass through review too (HarvestSink): each source's raw graph
// is kept here, every practice whose content changed gets a new version,
// published at once for a trusted source and held in the queue for one
// under review, and corrections are applied over it, so they survive
// re-harvests.
package review

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// Policy says how a source's harvested practices are published.
type Policy string

// Policies.
const (
	// PolicyPublish publishes a trusted partner's practices directly.
	PolicyPublish Policy = "publish"
	// PolicyHold holds new and changed practices for an editor.
	PolicyHold Policy = "hold"
)

// Options configure a Review.
type Options struct {
	// IRIs of the deployment. Required.
	IRIs vocab.IRIs
	// Store is the public quad store. Required.
	Store store.Store
	// Regions, when loaded, let validation check NUTS codes.
	Regions *vocab.Regions
	// Policy returns a source's policy (default: PolicyPublish for all).
	Policy func(source string) Policy
	// OnEvent is told of every state change after it is published, in the
	// order they happened (for e-mail). It must not block for long.
	OnEvent func(Event)
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger (default slog.Default()).
	Logger *slog.Logger
}

// Review is the exchange's record of practices. It is safe for concurrent
// use; changes are serialised, also across the instances that share its
// database (a lock in it).
type Review struct {
	opts  Options
	iris  vocab.IRIs
	terms vocab.Terms
	db    kv.DB
	st    store.Store

	mu sync.Mutex // serialises this process's changes before they take the database's lock
}

// changeLock is the name of the database lock every change holds, so that
// instances sharing the database write it and the store in the same order.
const changeLock = "change"

// Open opens (or creates) review.db at path.
func Open(path string, opts Options) (*Review, error) {
	if err := checkOptions(&opts); err != nil {
		return nil, err
	}
	db, err := openDB(path)
	if err != nil {
		return nil, err
	}
	return &Review{opts: opts, iris: opts.IRIs, terms: opts.IRIs.Terms(), db: db, st: opts.Store}, nil
}

// New returns the review kept in db (a bbolt file or Redis shared by
// several instances, with the same public store); Close closes db.
func New(db kv.DB, opts Options) (*Review, error) {
	if err := checkOptions(&opts); err != nil {
		return nil, err
	}
	if err := initDB(db); err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	return &Review{opts: opts, iris: opts.IRIs, terms: opts.IRIs.Terms(), db: db, st: opts.Store}, nil
}

func checkOptions(opts *Options) error {
	if opts.IRIs.Base() == "" || opts.Store == nil {
		return errors.New("review: Options.IRIs and Options.Store are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Policy == nil {
		opts.Policy = func(string) Policy { return PolicyPublish }
	}
	return nil
}

// Close closes review.db.
func (r *Review) Close() error { return r.db.Close() }

func (r *Review) now() time.Time { return r.opts.Now().UTC().Truncate(time.Second) }

// publication is what one change writes into the public store.
type publication struct {
	practices map[string]bool            // IRIs whose record and editorial triples to sync
	replace   map[rdf.Term]bool          // graphs to rebuild whole (sources, contributions)
	extra     func(w store.Writer) error // the rest of a harvester's change
	prov      []rdf.Triple               // public activities
	// nodes are other resources (needs, transfers) whose triples in a
	// graph are synced: what graph g says about subject becomes triples.
	nodes  []nodeSync
	events []Event
}

// nodeSync makes graph g say exactly triples about subject (and its
// fragment nodes); shared are added as they are (an organisation).
type nodeSync struct {
	g, subject      rdf.Term
	triples, shared []rdf.Triple
}

func newPublication() *publication {
	return &publication{practices: map[string]bool{}, replace: map[rdf.Term]bool{}}
}

// lock takes the change lock: this process's, then the database's.
func (r *Review) lock(ctx context.Context) (unlock func(), err error) {
	r.mu.Lock()
	dbUnlock, err := r.db.Lock(ctx, changeLock)
	if err != nil {
		r.mu.Unlock()
		return nil, fmt.Errorf("review: %w", err)
	}
	return func() { dbUnlock(); r.mu.Unlock() }, nil
}

// change runs fn in one review.db transaction, then writes what it
// published into the store in one store transaction. If the store write
// fails, review.db is rolled back, so both stay as they were. Events are
// sent after both commits.
//
// fn may run more than once (a transaction in a shared database that met
// a concurrent write is run again): it must keep its effects to t and pub
// and to variables it sets (not appends to) each time.
func (r *Review) change(ctx context.Context, fn func(t *txn, pub *publication) error) error {
	unlock, err := r.lock(ctx)
	if err != nil {
		return err
	}
	var events []Event
	err = func() error {
		var pub *publication
		var t *txn
		var plan *storePlan
		err := r.db.Update(func(tx kv.Tx) error {
			pub, t = newPublication(), &txn{tx: tx}
			if err := fn(t, pub); err != nil {
				return err
			}
			var err error
			plan, err = r.plan(tx, pub)
			return err
		})
		if err != nil {
			return err
		}
		if err := r.apply(ctx, plan, pub); err != nil {
			if rerr := rollback(r.db, t.undo); rerr != nil {
				r.opts.Logger.Error("review: the store refused a change and review.db could not be rolled back; the next start reconciles them",
					"store", err, "rollback", rerr)
			}
			return fmt.Errorf("publish: %w", err)
		}
		events = pub.events
		return nil
	}()
	unlock()
	if err == nil && r.opts.OnEvent != nil {
		for _, ev := range events {
			r.opts.OnEvent(ev)
		}
	}
	return err
}

// entry reads an entry for a change.
func (r *Review) entry(t *txn, iri string) (*Entry, error) {
	e, err := readEntry(t.tx, iri)
	if errors.Is(err, errNoEntry) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, iri)
	}
	return e, err
}

// practiceIRI accepts a practice id or IRI.
func (r *Review) practiceIRI(idOrIRI string) string {
	if _, ok := r.iris.ParsePractice(rdf.IRI(idOrIRI)); ok {
		return idOrIRI
	}
	return r.iris.Practice(idOrIRI).Value
}

// recordOf reads a version as a record.Practice.
func (r *Review) recordOf(e *Entry, v *Version) record.Practice {
	if v.Record != nil {
		return v.Record.Clone()
	}
	p := record.FromTriples(r.iris, e.Subject(), v.Content)
	p.Normalize()
	return p
}

// event queues an event for after the commit.
func (pub *publication) event(e *Entry, kind Kind, actor Actor, at time.Time, version int, reason string, fields []record.Field) {
	pub.events = append(pub.events, Event{Kind: kind, Practice: e.IRI, ID: e.ID, Title: e.Title, Origin: e.Origin,
		Actor: actor, Version: version, Reason: reason, Fields: fields, At: at})
}
