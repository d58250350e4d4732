package review

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/exchange/record"
)

// MaxReason bounds an editor's reason for a rejection or a request.
const MaxReason = 4000

func (r *Review) editorEntry(t *txn, editor Actor, id string) (*Entry, error) {
	if !editor.Role.Editor() {
		return nil, fmt.Errorf("%w: only editors review practices", ErrForbidden)
	}
	return r.entry(t, r.practiceIRI(id))
}

// pendingVersion returns e's version seq if it is the one waiting.
func (r *Review) pendingVersion(t *txn, e *Entry, seq int) (*Version, error) {
	if e.Pending == 0 || e.Pending != seq {
		return nil, fmt.Errorf("%w: version %d of %s is not waiting for review", ErrState, seq, e.ID)
	}
	return readVersion(t.tx, e.IRI, seq)
}

// Approve publishes version seq of a practice, the one waiting in the
// queue. With edited, the editor's changes go in first: into a new version
// for a contribution (its organisation sees them), into corrections for a
// harvested practice (its source keeps its own values).
func (r *Review) Approve(ctx context.Context, editor Actor, id string, seq int, edited *record.Practice) error {
	return r.change(ctx, func(t *txn, pub *publication) error {
		e, err := r.editorEntry(t, editor, id)
		if err != nil {
			return err
		}
		v, err := r.pendingVersion(t, e, seq)
		if err != nil {
			return err
		}
		now := r.now()
		var changed []record.Field
		if edited != nil {
			ed := edited.Clone()
			ed.Normalize()
			before := r.recordOf(e, v)
			if !e.Origin.Harvested() {
				ed.Providers = before.Providers
			}
			for _, c := range record.Diff(before, ed) {
				if c.Field != record.FieldOther && c.Field != record.FieldLanguage {
					changed = append(changed, c.Field)
				}
			}
			if len(changed) > 0 {
				check := changed
				if !e.Origin.Harvested() {
					check = record.Fields()
				}
				if err := r.validateFields(ed, check); err != nil {
					return err
				}
				if e.Origin.Harvested() {
					if err := r.setCorrections(t, e, ed, changed, editor); err != nil {
						return err
					}
				} else {
					if err := r.setState(t, e, v.Seq, StateSuperseded); err != nil {
						return err
					}
					e.Latest++
					v = &Version{Seq: e.Latest, Record: &ed, Content: ed.Triples(r.iris, e.ID), Author: editor,
						BasedOn: seq, Created: now, Submitted: now}
				}
			}
		}
		v.State, v.Reviewer, v.Reviewed = StateApproved, editor, now
		if err := r.putVersion(t, e, v); err != nil {
			return err
		}
		r.publishVersion(e, v)
		e.Pending = 0
		if err := r.putEntry(t, e, pub); err != nil {
			return err
		}
		if err := r.logActivity(t, pub, e, Activity{Kind: KindApproved, Actor: editor, At: now, Version: v.Seq, Fields: changed}); err != nil {
			return err
		}
		pub.event(e, KindApproved, editor, now, v.Seq, "", changed)
		return nil
	})
}

// publishVersion makes v the entry's published version.
func (r *Review) publishVersion(e *Entry, v *Version) {
	t := r.now()
	e.Published = v.Seq
	if e.Issued.IsZero() {
		e.Issued = t
	}
	e.Modified = t
	if v.Seq >= e.Latest {
		e.State = v.State
	}
	e.Title = r.recordOf(e, v).DisplayTitle("")
}

// checkReason checks an editor's reason.
func checkReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return "", fmt.Errorf("%w: say why (the organisation reads it)", ErrState)
	case !utf8.ValidString(reason) || utf8.RuneCountInString(reason) > MaxReason:
		return "", fmt.Errorf("%w: the reason must be UTF-8 text of at most %d characters", ErrState, MaxReason)
	}
	return reason, nil
}

// Reject refuses version seq with a reason the organisation is told. A
// published version stays published.
func (r *Review) Reject(ctx context.Context, editor Actor, id string, seq int, reason string) error {
	return r.decide(ctx, editor, id, seq, reason, StateRejected, KindRejected)
}

// RequestChanges sends version seq back to its organisation with what to
// change. Harvested practices cannot be asked: correct them instead.
func (r *Review) RequestChanges(ctx context.Context, editor Actor, id string, seq int, reason string) error {
	return r.decide(ctx, editor, id, seq, reason, StateChangesRequested, KindChangesRequested)
}

func (r *Review) decide(ctx context.Context, editor Actor, id string, seq int, reason string, s State, kind Kind) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	return r.change(ctx, func(t *txn, pub *publication) error {
		e, err := r.editorEntry(t, editor, id)
		if err != nil {
			return err
		}
		if s == StateChangesRequested && e.Origin.Harvested() {
			return fmt.Errorf("%w: a partner site cannot be asked for changes; correct the practice or reject the version", ErrState)
		}
		v, err := r.pendingVersion(t, e, seq)
		if err != nil {
			return err
		}
		now := r.now()
		v.State, v.Reviewer, v.Reviewed, v.Reason = s, editor, now, reason
		if err := r.putVersion(t, e, v); err != nil {
			return err
		}
		e.Pending = 0
		if v.Seq == e.Latest {
			e.State = s
		}
		if err := r.putEntry(t, e, pub); err != nil {
			return err
		}
		if err := r.logActivity(t, pub, e, Activity{Kind: kind, Actor: editor, At: now, Version: v.Seq, Reason: reason}); err != nil {
			return err
		}
		pub.event(e, kind, editor, now, v.Seq, reason, nil)
		return nil
	})
}
