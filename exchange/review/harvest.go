package review

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// systemActor is the harvester.
var systemActor = Actor{Role: RoleSystem}

// HarvestSink returns the harvester.Sink that passes harvests through
// review: a source's graph is read from review.db as the harvester last
// wrote it (practices held for review included), and written as versions,
// of which the published ones go on to next in the same store transaction
// as the run's same-as links and provenance.
func (r *Review) HarvestSink(next harvester.Sink) harvester.Sink {
	return &harvestSink{r: r, next: next}
}

type harvestSink struct {
	r    *Review
	next harvester.Sink
}

// sourceOf returns the source id of a source graph.
func (r *Review) sourceOf(g rdf.Term) (string, bool) {
	id, ok := strings.CutPrefix(g.Value, r.iris.Base()+"graph/source/")
	return id, ok && g.IsIRI() && id != "" && !strings.Contains(id, "/")
}

// Graph returns a source's raw graph from review.db; other graphs come
// from next.
func (s *harvestSink) Graph(ctx context.Context, g rdf.Term) ([]rdf.Triple, error) {
	source, ok := s.r.sourceOf(g)
	if !ok {
		return s.next.Graph(ctx, g)
	}
	var out []rdf.Triple
	err := s.r.db.View(func(tx kv.Tx) error {
		out = nil // the transaction may run again
		shared, err := sharedTriples(tx, source)
		if err != nil {
			return err
		}
		out = append(out, shared...)
		for _, iri := range prefixKeys(tx, bBySource, source) {
			e, err := readEntry(tx, iri)
			if err != nil {
				return err
			}
			if e.Raw == nil {
				continue
			}
			books, err := readBooks(tx, iri)
			if err != nil {
				return err
			}
			out = append(append(out, e.Raw...), books...)
		}
		return nil
	})
	return out, err
}

var _ harvester.GraphStamper = (*harvestSink)(nil)

// GraphStamps stamps source graphs with a counter review.db keeps per
// source, moved by every ingest (harvest or import) of the source — the only
// writes that change what Graph returns for it; other graphs ask next.
func (s *harvestSink) GraphStamps(ctx context.Context, graphs []rdf.Term) (map[rdf.Term]string, error) {
	out := map[rdf.Term]string{}
	var others []rdf.Term
	err := s.r.db.View(func(tx kv.Tx) error {
		others = nil // the transaction may run again
		for _, g := range graphs {
			source, ok := s.r.sourceOf(g)
			if !ok {
				others = append(others, g)
				continue
			}
			out[g] = "review:" + string(tx.Bucket(bMeta).Get(sourceStampKey(source)))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if st, ok := s.next.(harvester.GraphStamper); ok && len(others) > 0 {
		more, err := st.GraphStamps(ctx, others)
		if err != nil {
			return nil, err
		}
		for g, stamp := range more {
			out[g] = stamp
		}
	}
	return out, nil
}

// sourceStampKey is the key in bMeta of a source's ingest counter.
func sourceStampKey(source string) []byte { return []byte("source-stamp:" + source) }

// bumpSourceStamp moves a source's ingest counter.
func (r *Review) bumpSourceStamp(t *txn, source string) error {
	n, _ := strconv.ParseUint(string(t.get(bMeta, sourceStampKey(source))), 10, 64)
	return t.put(bMeta, sourceStampKey(source), []byte(strconv.FormatUint(n+1, 10)))
}

// Apply ingests the source graphs of a harvest and writes everything the
// change holds into the store in one transaction.
func (s *harvestSink) Apply(ctx context.Context, c harvester.Change) error {
	r := s.r
	return r.change(ctx, func(t *txn, pub *publication) error {
		var sources []rdf.Term
		for g := range c.Replace {
			if _, ok := r.sourceOf(g); ok {
				sources = append(sources, g)
			}
		}
		slices.SortFunc(sources, rdf.Compare)
		for _, g := range sources {
			source, _ := r.sourceOf(g)
			if err := r.ingest(t, pub, source, c.Replace[g], false); err != nil {
				return fmt.Errorf("review harvest of %s: %w", source, err)
			}
		}
		sameAs := r.iris.SameAsGraph()
		pass := harvester.Change{Remove: c.Remove, Add: c.Add, Replace: map[rdf.Term][]rdf.Triple{}}
		for g, ts := range c.Replace {
			switch {
			case slices.Contains(sources, g):
			case g == sameAs:
				pass.Replace[g] = r.visibleLinks(t.tx, ts)
			default:
				pass.Replace[g] = ts
			}
		}
		pub.extra = func(w store.Writer) error { return applyChange(w, pass) }
		return nil
	})
}

// applyChange writes a harvester change with a store writer.
func applyChange(w store.Writer, c harvester.Change) error {
	for g, ts := range c.Replace {
		if err := w.ClearGraph(g); err != nil {
			return err
		}
		for _, t := range ts {
			if err := w.Add(rdf.Quad{S: t.S, P: t.P, O: t.O, G: g}); err != nil {
				return err
			}
		}
	}
	for _, q := range c.Remove {
		if err := w.Remove(q); err != nil {
			return err
		}
	}
	for _, q := range c.Add {
		if err := w.Add(q); err != nil {
			return err
		}
	}
	return nil
}

// visibleLinks keeps the links between practices that are on the map.
func (r *Review) visibleLinks(tx kv.Tx, ts []rdf.Triple) []rdf.Triple {
	public := tx.Bucket(bPublic)
	var out []rdf.Triple
	for _, t := range ts {
		if public.Get([]byte(t.S.Value)) != nil && public.Get([]byte(t.O.Value)) != nil {
			out = append(out, t)
		}
	}
	return out
}

// ingest takes a source's new raw graph: each practice whose content
// changed gets a version (published or held by the source's policy),
// corrections are checked against the source's new values, and the
// source's public graph is rebuilt. imported marks data that was public
// before review existed: it is published as it is.
func (r *Review) ingest(t *txn, pub *publication, source string, raw []rdf.Triple, imported bool) error {
	records, shared := r.splitGraph(raw)
	if err := r.bumpSourceStamp(t, source); err != nil {
		return err
	}
	if err := r.putShared(t, source, shared); err != nil {
		return err
	}
	policy := r.opts.Policy(source)
	if imported {
		policy = PolicyPublish
	}
	seen := map[string]bool{}
	subjects := make([]rdf.Term, 0, len(records))
	for s := range records {
		subjects = append(subjects, s)
	}
	slices.SortFunc(subjects, rdf.Compare)
	for _, s := range subjects {
		seen[s.Value] = true
		if err := r.ingestPractice(t, pub, source, s, relabel(s, records[s]), policy, imported); err != nil {
			return err
		}
	}
	for _, iri := range prefixKeys(t.tx, bBySource, source) {
		if seen[iri] {
			continue
		}
		e, err := readEntry(t.tx, iri)
		if err != nil {
			return err
		}
		if e.Raw != nil && e.Origin.Source == source {
			e.Raw = nil // gone from the source without a tombstone
			if err := r.putEntry(t, e, pub); err != nil {
				return err
			}
		}
	}
	pub.replace[r.iris.SourceGraph(source)] = true
	return nil
}

func (r *Review) putShared(t *txn, source string, shared []rdf.Triple) error {
	old, err := sharedTriples(t.tx, source)
	if err != nil {
		return err
	}
	if t.get(bShared, []byte(source)) != nil && rdf.Isomorphic(old, shared) {
		return nil
	}
	if shared == nil {
		shared = []rdf.Triple{}
	}
	return t.putJSON(bShared, []byte(source), Triples(shared))
}

// splitGraph groups a source graph by practice (practices and the
// harvester's tombstones); what belongs to none is shared.
func (r *Review) splitGraph(raw []rdf.Triple) (map[rdf.Term][]rdf.Triple, []rdf.Triple) {
	withdrawn := r.status("withdrawn")
	records := map[rdf.Term][]rdf.Triple{}
	for _, tr := range raw {
		if tr.P == rdf.Type && tr.O == r.terms.Practice || tr.P == vocab.ADMSStatus && tr.O == withdrawn {
			records[tr.S] = nil
		}
	}
	owned := map[rdf.Triple]bool{}
	ix := record.NewContentIndex(raw)
	for s := range records {
		content := ix.Content(s)
		records[s] = content
		for _, tr := range content {
			owned[tr] = true
		}
	}
	var shared []rdf.Triple
	for _, tr := range raw {
		if !owned[tr] {
			shared = append(shared, tr)
		}
	}
	return records, shared
}

// relabel gives the blank nodes of a practice's record labels derived
// from the practice, so that they never meet another record's in the store
// and stay the same from run to run.
func relabel(s rdf.Term, ts []rdf.Triple) []rdf.Triple {
	h := fnv.New32a()
	h.Write([]byte(s.Value))
	prefix := "r" + strconv.FormatUint(uint64(h.Sum32()), 36) + "b"
	labels := map[rdf.Term]rdf.Term{}
	label := func(x rdf.Term) rdf.Term {
		if !x.IsBlank() {
			return x
		}
		if l, ok := labels[x]; ok {
			return l
		}
		l := rdf.Blank(prefix + strconv.Itoa(len(labels)+1))
		labels[x] = l
		return l
	}
	out := make([]rdf.Triple, len(ts))
	for i, tr := range ts {
		out[i] = rdf.Triple{S: label(tr.S), P: tr.P, O: label(tr.O)}
	}
	return out
}

func (r *Review) ingestPractice(t *txn, pub *publication, source string, s rdf.Term, raw []rdf.Triple, policy Policy, imported bool) error {
	content, books := r.splitRaw(s, raw)
	if err := r.putBooks(t, s.Value, books); err != nil {
		return err
	}
	e, err := readEntry(t.tx, s.Value)
	switch {
	case err == errNoEntry:
		id, _ := r.iris.ParsePractice(s)
		if id == "" {
			id = s.Value
		}
		e = &Entry{IRI: s.Value, ID: id, Origin: Origin{Source: source}}
	case err != nil:
		return err
	case e.Origin.Source != source:
		r.opts.Logger.Warn("review: a harvested record has the IRI of a practice from elsewhere; it is not published",
			"source", source, "practice", s.Value, "owner", fmt.Sprint(e.Origin))
		return nil
	}
	now := r.now()
	changed := !rdf.Isomorphic(e.Raw, content) || e.Raw == nil
	tombstone := !slices.ContainsFunc(raw, func(tr rdf.Triple) bool { return tr.S == s && tr.P == rdf.Type && tr.O == r.terms.Practice })
	e.Raw = content
	if tombstone {
		if e.SourceWithdrawn {
			if changed {
				return r.putEntry(t, e, pub)
			}
			return nil
		}
		e.SourceWithdrawn = true
		if e.Pending > 0 {
			if err := r.setState(t, e, e.Pending, StateSuperseded); err != nil {
				return err
			}
			e.Pending = 0
		}
		if err := r.putEntry(t, e, pub); err != nil {
			return err
		}
		if e.Published > 0 {
			pub.event(e, KindSourceWithdrawn, systemActor, now, e.Published, "", nil)
		}
		return nil
	}
	wasWithdrawn := e.SourceWithdrawn
	e.SourceWithdrawn = false
	newVersion := e.Harvested == 0
	if !newVersion {
		last, err := readVersion(t.tx, e.IRI, e.Harvested)
		if err != nil {
			return err
		}
		newVersion = !rdf.Isomorphic(last.Content, content)
	}
	if newVersion {
		e.Latest++
		v := &Version{Seq: e.Latest, Content: content, Author: systemActor, Run: runOf(s, books), Created: now, Submitted: now}
		if policy == PolicyHold {
			v.State = StateSubmitted
			if e.Pending > 0 {
				if err := r.setState(t, e, e.Pending, StateSuperseded); err != nil {
					return err
				}
			}
			e.Pending, e.State = v.Seq, StateSubmitted
			if e.Published == 0 {
				e.Title = r.recordOf(e, v).DisplayTitle("")
			}
			pub.event(e, KindHarvestHeld, systemActor, now, v.Seq, "", nil)
		} else {
			v.State = StateApproved
			if e.Pending > 0 {
				if err := r.setState(t, e, e.Pending, StateSuperseded); err != nil {
					return err
				}
				e.Pending = 0
			}
			r.publishVersion(e, v)
			if imported {
				if first := firstSeen(s, books, r.terms.FirstSeen); !first.IsZero() {
					e.Issued, e.Modified = first, first
				}
			}
		}
		if err := r.putVersion(t, e, v); err != nil {
			return err
		}
		e.Harvested = v.Seq
	}
	conflicts := r.checkConflicts(e)
	for _, f := range conflicts {
		pub.event(e, KindConflict, systemActor, now, e.Harvested, "", []record.Field{f})
	}
	if newVersion || changed || wasWithdrawn || len(conflicts) > 0 {
		return r.putEntry(t, e, pub)
	}
	return nil
}

// checkConflicts compares each correction with the source's values and
// returns the fields that are newly in conflict.
func (r *Review) checkConflicts(e *Entry) []record.Field {
	if len(e.Corrections) == 0 {
		return nil
	}
	theirs := record.SplitFields(r.iris, e.Subject(), e.Raw)
	var fresh []record.Field
	keys := make([]string, 0, len(e.Corrections))
	for f := range e.Corrections {
		keys = append(keys, string(f))
	}
	sort.Strings(keys)
	for _, k := range keys {
		f := record.Field(k)
		c := e.Corrections[f]
		if rdf.Isomorphic(theirs[f], c.Base) {
			delete(e.Conflicts, f)
			continue
		}
		if old, ok := e.Conflicts[f]; ok && rdf.Isomorphic(old.Source, theirs[f]) {
			continue
		}
		if e.Conflicts == nil {
			e.Conflicts = map[record.Field]*Conflict{}
		}
		e.Conflicts[f] = &Conflict{Field: f, Source: theirs[f], Since: r.now()}
		fresh = append(fresh, f)
	}
	if len(e.Conflicts) == 0 {
		e.Conflicts = nil
	}
	return fresh
}

func (r *Review) putBooks(t *txn, iri string, books []rdf.Triple) error {
	old := t.get(bBooks, []byte(iri))
	data, err := json.Marshal(Triples(books))
	if err != nil {
		return err
	}
	if string(old) == string(data) {
		return nil
	}
	return t.put(bBooks, []byte(iri), data)
}

// runOf is the harvest run that generated a record.
func runOf(s rdf.Term, books []rdf.Triple) string {
	for _, tr := range books {
		if tr.S == s && tr.P == vocab.PROVWasGeneratedBy {
			return tr.O.Value
		}
	}
	return ""
}
