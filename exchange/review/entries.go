package review

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// putEntry writes e and keeps the indices in step: by organisation, by
// source, the public set and the editors' queue.
func (r *Review) putEntry(t *txn, e *Entry, pub *publication) error {
	old, _ := readEntry(t.tx, e.IRI)
	e.Updated = r.now()
	if err := t.putJSON(bEntries, []byte(e.IRI), e); err != nil {
		return err
	}
	if e.Origin.Org != "" {
		if err := t.put(bByOrg, pairKey(e.Origin.Org, e.IRI), nil); err != nil {
			return err
		}
	}
	if e.Origin.Source != "" {
		if err := t.put(bBySource, pairKey(e.Origin.Source, e.IRI), nil); err != nil {
			return err
		}
	}
	if e.Public() {
		if err := t.put(bPublic, []byte(e.IRI), []byte(r.graphOf(e).Value)); err != nil {
			return err
		}
	} else if t.get(bPublic, []byte(e.IRI)) != nil {
		if err := t.del(bPublic, []byte(e.IRI)); err != nil {
			return err
		}
	}
	if err := r.requeue(t, old, e); err != nil {
		return err
	}
	pub.practices[e.IRI] = true
	return nil
}

// requeue puts e into the editors' queue when it waits for them (a
// submitted version, or a conflict), and takes it out when it does not.
func (r *Review) requeue(t *txn, old, e *Entry) error {
	var want *QueueItem
	switch {
	case e.Pending > 0 && e.MergedInto == "" && !e.Withdrawn && !e.SourceWithdrawn:
		kind := "new"
		if e.Published > 0 {
			kind = "change"
		}
		want = &QueueItem{IRI: e.IRI, ID: e.ID, Title: e.Title, Kind: kind, Seq: e.Pending, Origin: e.Origin}
	case len(e.Conflicts) > 0 && e.Public():
		want = &QueueItem{IRI: e.IRI, ID: e.ID, Title: e.Title, Kind: "conflict", Origin: e.Origin}
	}
	oldKey := t.get(bQueueKeys, []byte(e.IRI))
	if want == nil {
		if oldKey != nil {
			if err := queueDelete(t, oldKey); err != nil {
				return err
			}
			return t.del(bQueueKeys, []byte(e.IRI))
		}
		return nil
	}
	// An item keeps its place while the same thing waits; a new version or
	// a new conflict moves it to the top.
	if oldKey != nil {
		var have QueueItem
		if data := t.get(bQueue, oldKey); data != nil && json.Unmarshal(data, &have) == nil &&
			have.Kind == want.Kind && have.Seq == want.Seq {
			want.Since = have.Since
			return t.putJSON(bQueue, oldKey, want)
		}
		if err := queueDelete(t, oldKey); err != nil {
			return err
		}
	}
	want.Since = r.opts.Now().UTC()
	key := timeKey(want.Since, e.IRI)
	if err := queuePut(t, key, want); err != nil {
		return err
	}
	return t.put(bQueueKeys, []byte(e.IRI), key)
}

// queueCountKey holds, in bMeta, how many items the queue has: counting
// the bucket's keys would read all of it on every page.
var queueCountKey = []byte("queue-count")

// queuePut adds an item to the queue and counts it.
func queuePut(t *txn, key []byte, it *QueueItem) error {
	if t.get(bQueue, key) == nil {
		if err := addQueueCount(t, 1); err != nil {
			return err
		}
	}
	return t.putJSON(bQueue, key, it)
}

// queueDelete removes an item from the queue and from the count.
func queueDelete(t *txn, key []byte) error {
	if t.get(bQueue, key) == nil {
		return nil
	}
	if err := addQueueCount(t, -1); err != nil {
		return err
	}
	return t.del(bQueue, key)
}

func addQueueCount(t *txn, delta int) error {
	n := queueCount(t.tx) + delta
	return t.put(bMeta, queueCountKey, binary.BigEndian.AppendUint64(nil, uint64(max(n, 0))))
}

// queueCount reads the number of items in the queue.
func queueCount(tx kv.Tx) int {
	data := tx.Bucket(bMeta).Get(queueCountKey)
	if len(data) != 8 {
		return 0
	}
	return int(binary.BigEndian.Uint64(data))
}

// putVersion writes a version.
func (r *Review) putVersion(t *txn, e *Entry, v *Version) error {
	return t.putJSON(bVersions, versionKey(e.IRI, v.Seq), v)
}

// newID returns a random id for an activity.
func newID(now time.Time) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

// publicActs maps the kinds of activity that are public to their concept
// of the editorial-act scheme.
var publicActs = map[Kind]string{
	KindApproved:  "approval",
	KindCorrected: "correction",
	KindMerged:    "merge",
	KindValidated: "validation",
	KindReverted:  "revert",
	KindWithdrawn: "withdrawal",
}

// logActivity writes an activity into the practice's history; acts on a
// published practice also go into the public provenance graph.
func (r *Review) logActivity(t *txn, pub *publication, e *Entry, a Activity) error {
	a.Practice = e.IRI
	if a.At.IsZero() {
		a.At = r.now()
	}
	a.ID = newID(a.At)
	act, public := publicActs[a.Kind]
	a.Public = public && e.Published > 0
	seq, err := t.tx.Bucket(bActivities).NextSequence()
	if err != nil {
		return err
	}
	key := binary.BigEndian.AppendUint64(pairKey(e.IRI, ""), seq)
	if err := t.putJSON(bActivities, key, a); err != nil {
		return err
	}
	if !a.Public {
		return nil
	}
	s := r.iris.Activity(a.ID)
	org := r.iris.Organisation(a.Actor.Org)
	add := func(p, o rdf.Term) { pub.prov = append(pub.prov, rdf.Triple{S: s, P: p, O: o}) }
	add(rdf.Type, vocab.PROVActivity)
	add(rdf.Type, r.terms.EditorialActivity)
	add(vocab.DCTType, r.iris.Concept(vocab.EditorialActs, act))
	add(vocab.PROVUsed, e.Subject())
	add(vocab.PROVStartedAtTime, dateTime(a.At))
	add(vocab.PROVEndedAtTime, dateTime(a.At))
	if a.Actor.Org != "" {
		add(vocab.PROVWasAssociatedWith, org)
		pub.prov = append(pub.prov, r.orgTriples(t.tx, a.Actor.Org)...)
	}
	if a.Other != "" {
		add(vocab.PROVUsed, rdf.IRI(a.Other))
	}
	for _, f := range a.Fields {
		for _, p := range record.Predicates(r.iris, f) {
			add(r.terms.ChangedProperty, p)
		}
	}
	return nil
}
