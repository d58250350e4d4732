package review

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// SetOrganisation records what the public data says of an organisation:
// its name and web site. Call it when an organisation is created or
// changes; the graph of its published practices is rewritten.
func (r *Review) SetOrganisation(ctx context.Context, o Organisation) error {
	if o.ID == "" {
		return fmt.Errorf("review: organisation without id")
	}
	return r.change(ctx, func(t *txn, pub *publication) error {
		var old Organisation
		if data := t.get(bOrgs, []byte(o.ID)); data != nil {
			_ = json.Unmarshal(data, &old)
		}
		if old == o {
			return nil
		}
		if err := t.putJSON(bOrgs, []byte(o.ID), o); err != nil {
			return err
		}
		pub.replace[r.iris.ContributionsGraph(o.ID)] = true
		return nil
	})
}

// Checks returns what record validation needs: the regions, and whether a
// practice named in adaptedFrom is on the map.
func (r *Review) Checks() record.Checks {
	return record.Checks{IRIs: r.iris, Regions: r.opts.Regions, PracticeExists: r.isPublic}
}

// isPublic reports whether a practice is on the map: published through
// review, or in the store from elsewhere (loaded files).
func (r *Review) isPublic(iri string) bool {
	var ok bool
	_ = r.db.View(func(tx kv.Tx) error {
		ok = tx.Bucket(bPublic).Get([]byte(iri)) != nil
		return nil
	})
	if ok {
		return true
	}
	snap, err := r.st.Snapshot(context.Background())
	if err != nil {
		return false
	}
	defer snap.Close()
	return snap.Estimate(store.Pattern{S: rdf.IRI(iri), P: rdf.Type, O: r.terms.Practice, AnyGraph: true}) > 0
}

// SaveDraft saves rec as the draft of a practice of the actor's
// organisation and returns the practice's id. id "" starts a new practice;
// its id is minted from the organisation and the title. Drafts need not be
// complete: Submit validates. The practice's provider is always the
// organisation.
func (r *Review) SaveDraft(ctx context.Context, actor Actor, id string, rec record.Practice) (string, error) {
	if actor.Org == "" || actor.UserID == "" {
		return "", fmt.Errorf("%w: drafts are saved by a member of an organisation", ErrForbidden)
	}
	rec.Providers = []string{r.iris.Organisation(actor.Org).Value}
	rec.Normalize()
	saved := id
	err := r.change(ctx, func(t *txn, pub *publication) error {
		id := id // a new id minted here is the caller's only once committed (the change may run again)
		var e *Entry
		if id == "" {
			var err error
			if id, err = r.mintID(t, actor.Org, rec); err != nil {
				return err
			}
			e = &Entry{IRI: r.iris.Practice(id).Value, ID: id, Origin: Origin{Org: actor.Org}}
		} else {
			var err error
			if e, err = r.entry(t, r.practiceIRI(id)); err != nil {
				return err
			}
			if e.Origin.Org != actor.Org {
				return fmt.Errorf("%w: %s belongs to another organisation", ErrForbidden, e.ID)
			}
		}
		saved = id
		return r.saveDraft(t, pub, e, actor, rec)
	})
	return saved, err
}

func (r *Review) saveDraft(t *txn, pub *publication, e *Entry, actor Actor, rec record.Practice) error {
	now := r.now()
	v := &Version{Seq: e.Draft, State: StateDraft, Author: actor, Created: now}
	if e.Draft > 0 {
		old, err := readVersion(t.tx, e.IRI, e.Draft)
		if err != nil {
			return err
		}
		v.Created, v.BasedOn = old.Created, old.BasedOn
	} else {
		e.Latest++
		v.Seq, v.BasedOn = e.Latest, e.Published
		e.Draft = v.Seq
	}
	v.Record = &rec
	v.Content = rec.Triples(r.iris, e.ID)
	e.State = StateDraft
	if e.Published == 0 {
		e.Title = rec.DisplayTitle(rec.Language)
	}
	if err := r.putVersion(t, e, v); err != nil {
		return err
	}
	return r.putEntry(t, e, pub)
}

// mintID makes a new practice id {org}-{slug of the title}, with a number
// when it is taken.
func (r *Review) mintID(t *txn, org string, rec record.Practice) (string, error) {
	slug := vocab.Slug(rec.DisplayTitle(rec.Language))
	if slug == "" {
		slug = "practice"
	}
	if len(slug) > 60 {
		slug = slug[:60]
	}
	base := org + "-" + slug
	snap, err := r.st.Snapshot(context.Background())
	if err != nil {
		return "", err
	}
	defer snap.Close()
	for n := 1; n < 10000; n++ {
		id := base
		if n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		iri := r.iris.Practice(id)
		if t.get(bEntries, []byte(iri.Value)) == nil && snap.Estimate(store.Pattern{S: iri, AnyGraph: true}) == 0 {
			return id, nil
		}
	}
	return "", fmt.Errorf("review: no free id for %q", base)
}

// Submit sends a practice's draft to the editors. It validates the draft
// first: the error is then record.Errors, with every problem by field.
func (r *Review) Submit(ctx context.Context, actor Actor, id string) error {
	return r.change(ctx, func(t *txn, pub *publication) error {
		e, err := r.entry(t, r.practiceIRI(id))
		if err != nil {
			return err
		}
		if e.Origin.Org != actor.Org {
			return fmt.Errorf("%w: %s belongs to another organisation", ErrForbidden, e.ID)
		}
		if e.Draft == 0 {
			return fmt.Errorf("%w: %s has no draft to submit", ErrState, e.ID)
		}
		v, err := readVersion(t.tx, e.IRI, e.Draft)
		if err != nil {
			return err
		}
		if err := v.Record.Validate(r.Checks()); err != nil {
			return err
		}
		return r.submit(t, pub, e, v, actor)
	})
}

// submit moves version v into the queue.
func (r *Review) submit(t *txn, pub *publication, e *Entry, v *Version, actor Actor) error {
	now := r.now()
	if e.Pending > 0 && e.Pending != v.Seq {
		if err := r.setState(t, e, e.Pending, StateSuperseded); err != nil {
			return err
		}
	}
	v.State, v.Submitted = StateSubmitted, now
	if err := r.putVersion(t, e, v); err != nil {
		return err
	}
	e.Pending, e.Draft, e.State = v.Seq, 0, StateSubmitted
	e.Title = r.recordOf(e, v).DisplayTitle("")
	if err := r.putEntry(t, e, pub); err != nil {
		return err
	}
	if err := r.logActivity(t, pub, e, Activity{Kind: KindSubmitted, Actor: actor, At: now, Version: v.Seq}); err != nil {
		return err
	}
	pub.event(e, KindSubmitted, actor, now, v.Seq, "", nil)
	return nil
}

// setState changes the state of a stored version.
func (r *Review) setState(t *txn, e *Entry, seq int, s State) error {
	v, err := readVersion(t.tx, e.IRI, seq)
	if err != nil {
		return err
	}
	v.State = s
	return r.putVersion(t, e, v)
}

// Contribute saves rec and submits it in one step, as the API does; id ""
// starts a new practice. A record that does not validate is neither saved
// nor submitted.
func (r *Review) Contribute(ctx context.Context, actor Actor, id string, rec record.Practice) (string, error) {
	rec.Providers = []string{r.iris.Organisation(actor.Org).Value}
	rec.Normalize()
	if err := rec.Validate(r.Checks()); err != nil {
		return "", err
	}
	id, err := r.SaveDraft(ctx, actor, id, rec)
	if err != nil {
		return "", err
	}
	return id, r.Submit(ctx, actor, id)
}
