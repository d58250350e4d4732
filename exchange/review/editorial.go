package review

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Correct sets fields of a practice to their values in rec. A contributed
// practice gets a new published version (its organisation sees the
// change); a harvested one gets corrections, which replace the source's
// values in the public record until an editor drops them, survive
// re-harvests, and raise a conflict when the source later changes the
// field.
func (r *Review) Correct(ctx context.Context, editor Actor, id string, rec record.Practice, fields []record.Field) error {
	if len(fields) == 0 {
		return fmt.Errorf("%w: name the fields to correct", ErrState)
	}
	for _, f := range fields {
		if !slices.Contains(record.EditableFields(), f) {
			return fmt.Errorf("%w: field %q cannot be corrected", ErrState, f)
		}
	}
	rec = rec.Clone()
	rec.Normalize()
	return r.change(ctx, func(t *txn, pub *publication) error {
		e, err := r.editorEntry(t, editor, id)
		if err != nil {
			return err
		}
		now := r.now()
		var base *Version
		switch {
		case e.Published > 0:
			base, err = readVersion(t.tx, e.IRI, e.Published)
		case e.Pending > 0:
			base, err = readVersion(t.tx, e.IRI, e.Pending)
		default:
			return fmt.Errorf("%w: %s has no version to correct", ErrState, e.ID)
		}
		if err != nil {
			return err
		}
		merged := r.recordOf(e, base)
		merged.CopyFields(rec, fields...)
		if err := r.validateFields(merged, fields); err != nil {
			return err
		}
		var changed []record.Field
		for _, c := range record.Diff(r.recordOf(e, base), merged) {
			if slices.Contains(fields, c.Field) {
				changed = append(changed, c.Field)
			}
		}
		if e.Origin.Harvested() {
			if err := r.setCorrections(t, e, merged, fields, editor); err != nil {
				return err
			}
		} else {
			if len(changed) == 0 {
				return nil
			}
			if base.Seq != e.Published {
				return fmt.Errorf("%w: %s is not published yet: edit it while approving", ErrState, e.ID)
			}
			e.Latest++
			v := &Version{Seq: e.Latest, State: StateApproved, Record: &merged, Content: merged.Triples(r.iris, e.ID),
				Author: editor, BasedOn: base.Seq, Created: now, Submitted: now, Reviewer: editor, Reviewed: now}
			if err := r.putVersion(t, e, v); err != nil {
				return err
			}
			r.publishVersion(e, v)
		}
		if err := r.putEntry(t, e, pub); err != nil {
			return err
		}
		if err := r.logActivity(t, pub, e, Activity{Kind: KindCorrected, Actor: editor, At: now, Version: e.Published, Fields: fields}); err != nil {
			return err
		}
		pub.event(e, KindCorrected, editor, now, e.Published, "", fields)
		return nil
	})
}

// setCorrections records the editor's values of fields of a harvested
// practice from rec; a field whose value equals the source's needs no
// correction any more.
func (r *Review) setCorrections(t *txn, e *Entry, rec record.Practice, fields []record.Field, editor Actor) error {
	s := e.Subject()
	mine := record.SplitFields(r.iris, s, rec.Triples(r.iris, e.ID))
	theirs := record.SplitFields(r.iris, s, e.Raw)
	if e.Corrections == nil {
		e.Corrections = map[record.Field]*Correction{}
	}
	for _, f := range fields {
		delete(e.Conflicts, f)
		if rdf.Isomorphic(mine[f], theirs[f]) {
			delete(e.Corrections, f)
			continue
		}
		e.Corrections[f] = &Correction{Field: f, Triples: mine[f], Base: theirs[f], By: editor, At: r.now()}
	}
	if len(e.Corrections) == 0 {
		e.Corrections = nil
	}
	if len(e.Conflicts) == 0 {
		e.Conflicts = nil
	}
	return nil
}

// ResolveConflict settles a conflict between an editor's correction and a
// source's new value: keep the correction (it now stands against the new
// value), or drop it and take the source's value.
func (r *Review) ResolveConflict(ctx context.Context, editor Actor, id string, field record.Field, keep bool) error {
	return r.change(ctx, func(t *txn, pub *publication) error {
		e, err := r.editorEntry(t, editor, id)
		if err != nil {
			return err
		}
		c, ok := e.Conflicts[field]
		if !ok {
			return fmt.Errorf("%w: %s has no conflict on %s", ErrState, e.ID, field)
		}
		if corr := e.Corrections[field]; keep && corr != nil {
			corr.Base = c.Source
		} else {
			delete(e.Corrections, field)
		}
		delete(e.Conflicts, field)
		if err := r.putEntry(t, e, pub); err != nil {
			return err
		}
		reason := "kept the correction"
		if !keep {
			reason = "took the source's value"
		}
		return r.logActivity(t, pub, e, Activity{Kind: KindConflictResolved, Actor: editor, Fields: []record.Field{field}, Reason: reason})
	})
}

// Merge merges practice dup into practice into: both describe the same
// practice. dup leaves the map; its IRI answers with a redirect to into.
func (r *Review) Merge(ctx context.Context, editor Actor, dup, into string) error {
	return r.change(ctx, func(t *txn, pub *publication) error {
		d, err := r.editorEntry(t, editor, dup)
		if err != nil {
			return err
		}
		k, err := r.entry(t, r.practiceIRI(into))
		if err != nil {
			return err
		}
		switch {
		case d.IRI == k.IRI:
			return ErrSameEntity
		case !k.Public():
			return fmt.Errorf("%w: %s is not on the map", ErrNotPublic, k.ID)
		case !d.Public():
			return fmt.Errorf("%w: %s is not on the map", ErrNotPublic, d.ID)
		}
		now := r.now()
		d.MergedInto = k.IRI
		if err := r.putEntry(t, d, pub); err != nil {
			return err
		}
		if err := r.logActivity(t, pub, d, Activity{Kind: KindMerged, Actor: editor, At: now, Other: k.IRI}); err != nil {
			return err
		}
		if err := r.logActivity(t, pub, k, Activity{Kind: KindMerged, Actor: editor, At: now, Other: d.IRI, Reason: "kept"}); err != nil {
			return err
		}
		pub.event(d, KindMerged, editor, now, d.Published, k.IRI, nil)
		return nil
	})
}

// Unmerge puts a merged practice back on the map.
func (r *Review) Unmerge(ctx context.Context, editor Actor, id string) error {
	return r.change(ctx, func(t *txn, pub *publication) error {
		e, err := r.editorEntry(t, editor, id)
		if err != nil {
			return err
		}
		if e.MergedInto == "" {
			return fmt.Errorf("%w: %s is not merged", ErrState, e.ID)
		}
		other := e.MergedInto
		e.MergedInto = ""
		if err := r.putEntry(t, e, pub); err != nil {
			return err
		}
		return r.logActivity(t, pub, e, Activity{Kind: KindUnmerged, Actor: editor, Other: other})
	})
}

// SetGoodPractice marks a published practice as a validated good practice,
// or takes the mark away.
func (r *Review) SetGoodPractice(ctx context.Context, editor Actor, id string, good bool) error {
	return r.change(ctx, func(t *txn, pub *publication) error {
		e, err := r.editorEntry(t, editor, id)
		if err != nil {
			return err
		}
		if good && !e.Public() {
			return fmt.Errorf("%w: %s is not on the map", ErrNotPublic, e.ID)
		}
		if e.GoodPractice == good {
			return nil
		}
		e.GoodPractice = good
		if err := r.putEntry(t, e, pub); err != nil {
			return err
		}
		kind := KindValidated
		if !good {
			kind = KindUnvalidated
		}
		now := r.now()
		if err := r.logActivity(t, pub, e, Activity{Kind: kind, Actor: editor, At: now, Version: e.Published}); err != nil {
			return err
		}
		pub.event(e, kind, editor, now, e.Published, "", nil)
		return nil
	})
}

// Revert publishes an earlier approved version again, as a new version.
func (r *Review) Revert(ctx context.Context, editor Actor, id string, seq int) error {
	return r.change(ctx, func(t *txn, pub *publication) error {
		e, err := r.editorEntry(t, editor, id)
		if err != nil {
			return err
		}
		old, err := readVersion(t.tx, e.IRI, seq)
		if err != nil {
			return err
		}
		if old.State != StateApproved {
			return fmt.Errorf("%w: version %d of %s was never published", ErrState, seq, e.ID)
		}
		if seq == e.Published {
			return fmt.Errorf("%w: version %d is the published one", ErrState, seq)
		}
		now := r.now()
		e.Latest++
		v := &Version{Seq: e.Latest, State: StateApproved, Record: old.Record, Content: old.Content, Author: editor,
			BasedOn: seq, Created: now, Submitted: now, Reviewer: editor, Reviewed: now}
		if err := r.putVersion(t, e, v); err != nil {
			return err
		}
		r.publishVersion(e, v)
		if err := r.putEntry(t, e, pub); err != nil {
			return err
		}
		if err := r.logActivity(t, pub, e, Activity{Kind: KindReverted, Actor: editor, At: now, Version: v.Seq, Reason: fmt.Sprintf("version %d", seq)}); err != nil {
			return err
		}
		pub.event(e, KindReverted, editor, now, v.Seq, "", nil)
		return nil
	})
}

// Withdraw takes a practice off the map; its IRI answers 410 Gone.
func (r *Review) Withdraw(ctx context.Context, editor Actor, id, reason string) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	return r.change(ctx, func(t *txn, pub *publication) error {
		e, err := r.editorEntry(t, editor, id)
		if err != nil {
			return err
		}
		if e.Withdrawn {
			return nil
		}
		now := r.now()
		e.Withdrawn, e.WithdrawnReason, e.WithdrawnAt = true, reason, now
		if err := r.putEntry(t, e, pub); err != nil {
			return err
		}
		if err := r.logActivity(t, pub, e, Activity{Kind: KindWithdrawn, Actor: editor, At: now, Reason: reason}); err != nil {
			return err
		}
		pub.event(e, KindWithdrawn, editor, now, e.Published, reason, nil)
		return nil
	})
}

// Republish puts a practice an editor withdrew back on the map.
func (r *Review) Republish(ctx context.Context, editor Actor, id string) error {
	return r.change(ctx, func(t *txn, pub *publication) error {
		e, err := r.editorEntry(t, editor, id)
		if err != nil {
			return err
		}
		if !e.Withdrawn {
			return fmt.Errorf("%w: %s is not withdrawn", ErrState, e.ID)
		}
		e.Withdrawn, e.WithdrawnReason, e.WithdrawnAt = false, "", time.Time{}
		if err := r.putEntry(t, e, pub); err != nil {
			return err
		}
		return r.logActivity(t, pub, e, Activity{Kind: KindRepublished, Actor: editor})
	})
}

// validateFields validates rec but reports only the problems of fields: a
// harvested record may lack what a contribution must have, and an editor
// answers for the fields they change.
func (r *Review) validateFields(rec record.Practice, fields []record.Field) error {
	err := rec.Validate(r.Checks())
	es, ok := record.AsErrors(err)
	if !ok {
		return err
	}
	var mine record.Errors
	for _, e := range es {
		if slices.Contains(fields, e.Field) {
			mine = append(mine, e)
		}
	}
	if len(mine) == 0 {
		return nil
	}
	return mine
}
