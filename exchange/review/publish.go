package review

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// bookkeeping are the properties the harvester writes about its own work
// on a record: they change every run and are not part of what a version
// says.
func (r *Review) bookkeeping(p rdf.Term) bool {
	t := r.terms
	switch p {
	case t.FirstSeen, t.LastSeen, t.MissedRuns, t.QualityScore, vocab.PROVWasGeneratedBy, vocab.ADMSStatus, vocab.PROVInvalidatedAtTime:
		return true
	}
	return false
}

// splitRaw separates a raw record into content and bookkeeping.
func (r *Review) splitRaw(subject rdf.Term, raw []rdf.Triple) (content, books []rdf.Triple) {
	for _, tr := range raw {
		if tr.S == subject && r.bookkeeping(tr.P) {
			books = append(books, tr)
		} else {
			content = append(content, tr)
		}
	}
	return content, books
}

// graphOf is the public graph a practice is published in.
func (r *Review) graphOf(e *Entry) rdf.Term {
	if e.Origin.Harvested() {
		return r.iris.SourceGraph(e.Origin.Source)
	}
	return r.iris.ContributionsGraph(e.Origin.Org)
}

func (r *Review) status(id string) rdf.Term { return r.iris.Concept(vocab.EditorialStatuses, id) }

func dateTime(t time.Time) rdf.Term {
	return rdf.Literal(t.UTC().Format(time.RFC3339), rdf.XSDDateTime)
}

// publicRecord is the record the public sees of e: its published
// version, without the fields editors corrected (their values are in the
// editorial graph), with the harvest's current bookkeeping, the editorial
// status and the publication dates. A withdrawn practice that was public
// leaves a tombstone; anything else not public gives nil.
func (r *Review) publicRecord(tx kv.Tx, e *Entry) ([]rdf.Triple, error) {
	if e.Published == 0 || e.MergedInto != "" {
		return nil, nil
	}
	s := e.Subject()
	if e.SourceWithdrawn && !e.Withdrawn {
		books, err := readBooks(tx, e.IRI)
		return append(slices.Clone(e.Raw), books...), err // the harvester's tombstone
	}
	v, err := readVersion(tx, e.IRI, e.Published)
	if err != nil {
		return nil, err
	}
	if e.Withdrawn {
		out := []rdf.Triple{
			{S: s, P: vocab.ADMSStatus, O: r.status("withdrawn")},
			{S: s, P: vocab.DCTIdentifier, O: rdf.String(e.ID)},
			{S: s, P: vocab.PROVInvalidatedAtTime, O: dateTime(e.WithdrawnAt)},
		}
		for _, tr := range v.Content {
			if tr.S == s && tr.P == vocab.DCTTitle {
				out = append(out, tr)
			}
		}
		return out, nil
	}
	if e.Origin.Harvested() && e.Raw == nil {
		return nil, nil
	}
	content := v.Content
	if len(e.Corrections) > 0 {
		fields := record.SplitFields(r.iris, s, content)
		drop := map[rdf.Triple]bool{}
		for f := range e.Corrections {
			for _, tr := range fields[f] {
				drop[tr] = true
			}
		}
		content = slices.DeleteFunc(slices.Clone(content), func(tr rdf.Triple) bool { return drop[tr] })
	}
	out := slices.Clone(content)
	if e.Origin.Harvested() {
		books, err := readBooks(tx, e.IRI)
		if err != nil {
			return nil, err
		}
		for _, tr := range books {
			if tr.P != vocab.ADMSStatus {
				out = append(out, tr)
			}
		}
	}
	status := "approved"
	if e.Origin.Harvested() && v.Reviewer.Role == "" {
		status = "harvested"
	}
	out = append(out,
		rdf.Triple{S: s, P: vocab.ADMSStatus, O: r.status(status)},
		rdf.Triple{S: s, P: vocab.DCTIssued, O: dateTime(e.Issued)},
		rdf.Triple{S: s, P: vocab.DCTModified, O: dateTime(e.Modified)})
	// A page's own dct:modified (kept in the content) must not contradict
	// ours: the record's modification is its publication.
	out = slices.DeleteFunc(out, func(tr rdf.Triple) bool {
		return tr.S == s && tr.P == vocab.DCTModified && tr.O != dateTime(e.Modified)
	})
	return out, nil
}

// editorialTriples are e's triples in the editorial graph.
func (r *Review) editorialTriples(e *Entry) []rdf.Triple {
	if e.Published == 0 {
		return nil
	}
	s := e.Subject()
	if e.MergedInto != "" {
		return []rdf.Triple{{S: s, P: vocab.DCTIsReplacedBy, O: rdf.IRI(e.MergedInto)},
			{S: s, P: vocab.ADMSStatus, O: r.status("merged")}}
	}
	if !e.Public() {
		return nil
	}
	var out []rdf.Triple
	fields := make([]string, 0, len(e.Corrections))
	for f := range e.Corrections {
		fields = append(fields, string(f))
	}
	sort.Strings(fields)
	for _, f := range fields {
		out = append(out, e.Corrections[record.Field(f)].Triples...)
	}
	if e.GoodPractice {
		out = append(out, rdf.Triple{S: s, P: rdf.Type, O: r.terms.ValidatedGoodPractice})
	}
	return out
}

// orgTriples describe a contributing organisation publicly.
func (r *Review) orgTriples(tx kv.Tx, org string) []rdf.Triple {
	s := r.iris.Organisation(org)
	out := []rdf.Triple{{S: s, P: rdf.Type, O: vocab.ORGOrganization}}
	var o Organisation
	if data := tx.Bucket(bOrgs).Get([]byte(org)); data != nil && json.Unmarshal(data, &o) == nil {
		if o.Name != "" {
			out = append(out, rdf.Triple{S: s, P: vocab.SKOSPrefLabel, O: rdf.String(o.Name)})
		}
		if o.Website != "" {
			out = append(out, rdf.Triple{S: s, P: vocab.SchemaURL, O: rdf.IRI(o.Website)})
		}
	}
	return out
}

// sharedTriples returns the raw triples of a source that are about no
// practice (the organisations practices name).
func sharedTriples(tx kv.Tx, source string) (Triples, error) {
	var ts Triples
	if data := tx.Bucket(bShared).Get([]byte(source)); data != nil {
		if err := json.Unmarshal(data, &ts); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

// readBooks reads the harvester's bookkeeping of a practice.
func readBooks(tx kv.Tx, iri string) (Triples, error) {
	var ts Triples
	if data := tx.Bucket(bBooks).Get([]byte(iri)); data != nil {
		if err := json.Unmarshal(data, &ts); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

// referenced returns the shared triples whose subject a record points to.
func referenced(shared, rec []rdf.Triple) []rdf.Triple {
	objects := map[rdf.Term]bool{}
	for _, tr := range rec {
		objects[tr.O] = true
	}
	var out []rdf.Triple
	for _, tr := range shared {
		if objects[tr.S] {
			out = append(out, tr)
		}
	}
	return out
}

// graphContent computes a whole public graph of a source or an
// organisation.
func (r *Review) graphContent(tx kv.Tx, g rdf.Term) ([]rdf.Triple, error) {
	base := r.iris.Base() + "graph/"
	rest, _ := strings.CutPrefix(g.Value, base)
	kind, id, _ := strings.Cut(rest, "/")
	out := rdf.NewGraph()
	switch kind {
	case "source":
		shared, err := sharedTriples(tx, id)
		if err != nil {
			return nil, err
		}
		rawObjects := map[rdf.Term]bool{}
		for _, iri := range prefixKeys(tx, bBySource, id) {
			e, err := readEntry(tx, iri)
			if err != nil {
				return nil, err
			}
			for _, tr := range e.Raw {
				rawObjects[tr.O] = true
			}
			rec, err := r.publicRecord(tx, e)
			if err != nil {
				return nil, err
			}
			for _, tr := range rec {
				out.Add(tr)
			}
		}
		objects := map[rdf.Term]bool{}
		for _, tr := range out.Triples() {
			objects[tr.O] = true
		}
		for _, tr := range shared {
			if objects[tr.S] || !rawObjects[tr.S] {
				out.Add(tr)
			}
		}
	case "needs":
		return r.needsGraphContent(tx)
	case "transfers":
		return r.transfersGraphContent(tx)
	case "contributions":
		any := false
		for _, iri := range prefixKeys(tx, bByOrg, id) {
			e, err := readEntry(tx, iri)
			if err != nil {
				return nil, err
			}
			if e.Origin.Org != id {
				continue
			}
			rec, err := r.publicRecord(tx, e)
			if err != nil {
				return nil, err
			}
			for _, tr := range rec {
				out.Add(tr)
			}
			any = any || e.Public()
		}
		if any {
			for _, tr := range r.orgTriples(tx, id) {
				out.Add(tr)
			}
		}
	}
	return out.Sorted(), nil
}

// storePlan is what a change writes into the store.
type storePlan struct {
	graphs    map[rdf.Term][]rdf.Triple
	practices []practicePlan
	prov      []rdf.Triple
	nodes     []nodeSync
}

type practicePlan struct {
	subject, graph rdf.Term
	record         []rdf.Triple
	editorial      []rdf.Triple
	shared         []rdf.Triple
	// inGraph: the record is written with its whole graph.
	inGraph bool
}

// plan computes, inside the review transaction, what pub publishes.
func (r *Review) plan(tx kv.Tx, pub *publication) (*storePlan, error) {
	p := &storePlan{graphs: map[rdf.Term][]rdf.Triple{}, prov: pub.prov, nodes: pub.nodes}
	for g := range pub.replace {
		ts, err := r.graphContent(tx, g)
		if err != nil {
			return nil, err
		}
		p.graphs[g] = ts
	}
	iris := make([]string, 0, len(pub.practices))
	for iri := range pub.practices {
		iris = append(iris, iri)
	}
	sort.Strings(iris)
	for _, iri := range iris {
		e, err := readEntry(tx, iri)
		if err != nil {
			return nil, err
		}
		pp := practicePlan{subject: e.Subject(), graph: r.graphOf(e), editorial: r.editorialTriples(e)}
		if _, whole := p.graphs[pp.graph]; whole {
			pp.inGraph = true
		} else {
			if pp.record, err = r.publicRecord(tx, e); err != nil {
				return nil, err
			}
			if e.Origin.Harvested() {
				shared, err := sharedTriples(tx, e.Origin.Source)
				if err != nil {
					return nil, err
				}
				pp.shared = referenced(shared, pp.record)
			} else if e.Public() {
				pp.shared = r.orgTriples(tx, e.Origin.Org)
			}
		}
		p.practices = append(p.practices, pp)
	}
	return p, nil
}

// apply writes a plan into the store in one transaction.
func (r *Review) apply(ctx context.Context, p *storePlan, pub *publication) error {
	if len(p.graphs) == 0 && len(p.practices) == 0 && len(p.prov) == 0 && len(p.nodes) == 0 && pub.extra == nil {
		return nil
	}
	editorial := r.iris.EditorialGraph()
	return r.st.Update(ctx, func(w store.Writer) error {
		for g, ts := range p.graphs {
			if err := w.ClearGraph(g); err != nil {
				return err
			}
			for _, tr := range ts {
				if err := w.Add(rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: g}); err != nil {
					return err
				}
			}
		}
		for _, pp := range p.practices {
			if !pp.inGraph {
				if err := syncClosure(ctx, w, pp.graph, pp.subject, pp.record); err != nil {
					return err
				}
				for _, tr := range pp.shared {
					if err := w.Add(rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: pp.graph}); err != nil {
						return err
					}
				}
			}
			if err := syncClosure(ctx, w, editorial, pp.subject, pp.editorial); err != nil {
				return err
			}
		}
		for _, tr := range p.prov {
			if err := w.Add(rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: r.iris.ProvenanceGraph()}); err != nil {
				return err
			}
		}
		for _, n := range p.nodes {
			if err := syncClosure(ctx, w, n.g, n.subject, n.triples); err != nil {
				return err
			}
			for _, tr := range n.shared {
				if err := w.Add(rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: n.g}); err != nil {
					return err
				}
			}
		}
		if pub.extra != nil {
			return pub.extra(w)
		}
		return nil
	})
}

// closure reads what graph g says about subject and the nodes that belong
// to it (its fragment IRIs, blank nodes).
func closure(ctx context.Context, rd store.Reader, g, subject rdf.Term) ([]rdf.Triple, error) {
	var out []rdf.Triple
	seen := map[rdf.Term]bool{subject: true}
	queue := []rdf.Term{subject}
	for len(queue) > 0 {
		node := queue[0]
		queue = queue[1:]
		for q, err := range rd.Match(ctx, store.Pattern{S: node, G: g}) {
			if err != nil {
				return nil, err
			}
			out = append(out, q.Triple())
			o := q.O
			if !seen[o] && (o.IsBlank() || o.IsIRI() && strings.HasPrefix(o.Value, subject.Value+"#")) {
				seen[o] = true
				queue = append(queue, o)
			}
		}
	}
	return out, nil
}

// syncClosure makes graph g say exactly want about subject and its nodes.
func syncClosure(ctx context.Context, w store.Writer, g, subject rdf.Term, want []rdf.Triple) error {
	have, err := closure(ctx, w, g, subject)
	if err != nil {
		return err
	}
	wantSet := rdf.NewGraph(want...)
	haveSet := rdf.NewGraph(have...)
	for _, tr := range have {
		if !wantSet.Has(tr) {
			if err := w.Remove(rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: g}); err != nil {
				return err
			}
		}
	}
	for _, tr := range want {
		if !haveSet.Has(tr) {
			if err := w.Add(rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: g}); err != nil {
				return err
			}
		}
	}
	return nil
}
