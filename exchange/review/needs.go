package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// Buckets of needs.
var (
	bNeeds      = []byte("needs")        // IRI → Need
	bNeedsByOrg = []byte("needs-by-org") // org 0 IRI → ""
)

func init() { buckets = append(buckets, bNeeds, bNeedsByOrg) }

// Need is what a local or regional actor looks for: practices for some
// target groups, teaching some competences, in a place. It is private to
// its organisation unless the organisation publishes it.
type Need struct {
	IRI string `json:"iri"`
	ID  string `json:"id"`
	Org string `json:"org"`
	// Record holds what is needed, in the fields of a practice: title and
	// description (the free text), places, target groups, skills, types,
	// delivery modes, languages.
	Record record.Practice `json:"record"`
	// Published says the need is linked data and on the needs map layer.
	Published bool      `json:"published"`
	Author    Actor     `json:"author"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
	Issued    time.Time `json:"issued,omitzero"`
}

// needProblems are the record problems a need may have: a need may give
// no description and no place.
func needProblems(rec record.Practice, checks record.Checks) error {
	err := rec.Validate(checks)
	es, ok := record.AsErrors(err)
	if !ok {
		return err
	}
	var out record.Errors
	for _, e := range es {
		if e.Code == record.CodeNoPlace || e.Field == record.FieldDescription && e.Code == record.CodeRequired {
			continue
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// SaveNeed saves a need of the actor's organisation (id "" for a new one)
// and returns its id; publish says whether it is public. It validates
// first: the error is then record.Errors.
func (r *Review) SaveNeed(ctx context.Context, actor Actor, id string, rec record.Practice, publish bool) (string, error) {
	if actor.Org == "" {
		return "", fmt.Errorf("%w: needs are stated by a member of an organisation", ErrForbidden)
	}
	rec.Providers = nil
	rec.Normalize()
	if err := needProblems(rec, r.Checks()); err != nil {
		return "", err
	}
	saved := id
	err := r.change(ctx, func(t *txn, pub *publication) error {
		id := id // a new id minted here is the caller's only once committed (the change may run again)
		now := r.now()
		n := &Need{Org: actor.Org, Created: now, Author: actor}
		if id != "" {
			old, err := readNeed(t.tx, r.needIRI(id))
			if err != nil {
				return err
			}
			if old.Org != actor.Org {
				return fmt.Errorf("%w: the need belongs to another organisation", ErrForbidden)
			}
			n = old
		} else {
			var err error
			if id, err = r.mintNeedID(t, actor.Org, rec); err != nil {
				return err
			}
			n.ID, n.IRI = id, r.iris.Need(id).Value
		}
		n.Record, n.Published, n.Updated = rec, publish, now
		if publish && n.Issued.IsZero() {
			n.Issued = now
		}
		if err := t.putJSON(bNeeds, []byte(n.IRI), n); err != nil {
			return err
		}
		if err := t.put(bNeedsByOrg, pairKey(n.Org, n.IRI), nil); err != nil {
			return err
		}
		pub.nodes = append(pub.nodes, r.needSync(t.tx, n))
		saved = id
		return nil
	})
	return saved, err
}

// DeleteNeed removes a need of the actor's organisation (and its public
// record).
func (r *Review) DeleteNeed(ctx context.Context, actor Actor, id string) error {
	return r.change(ctx, func(t *txn, pub *publication) error {
		n, err := readNeed(t.tx, r.needIRI(id))
		if err != nil {
			return err
		}
		if n.Org != actor.Org && !actor.Role.Editor() {
			return fmt.Errorf("%w: the need belongs to another organisation", ErrForbidden)
		}
		if err := t.del(bNeeds, []byte(n.IRI)); err != nil {
			return err
		}
		if err := t.del(bNeedsByOrg, pairKey(n.Org, n.IRI)); err != nil {
			return err
		}
		pub.nodes = append(pub.nodes, nodeSync{g: r.iris.NeedsGraph(), subject: rdf.IRI(n.IRI)})
		return nil
	})
}

// Need reads a need by id or IRI.
func (r *Review) Need(ctx context.Context, id string) (*Need, error) {
	var n *Need
	err := r.db.View(func(tx kv.Tx) error {
		var err error
		n, err = readNeed(tx, r.needIRI(id))
		return err
	})
	return n, err
}

// NeedsOf lists an organisation's needs, newest change first.
func (r *Review) NeedsOf(ctx context.Context, org string) ([]*Need, error) {
	var out []*Need
	err := r.db.View(func(tx kv.Tx) error {
		out = nil // the transaction may run again
		for _, iri := range prefixKeys(tx, bNeedsByOrg, org) {
			n, err := readNeed(tx, iri)
			if err != nil {
				return err
			}
			out = append(out, n)
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b *Need) int { return b.Updated.Compare(a.Updated) })
	return out, err
}

// PublishedNeeds lists every published need, newest first.
func (r *Review) PublishedNeeds(ctx context.Context) ([]*Need, error) {
	var out []*Need
	err := r.db.View(func(tx kv.Tx) error {
		out = nil // the transaction may run again
		return tx.Bucket(bNeeds).ForEach(func(k, v []byte) error {
			var n Need
			if err := json.Unmarshal(v, &n); err != nil {
				return err
			}
			if n.Published {
				out = append(out, &n)
			}
			return nil
		})
	})
	slices.SortStableFunc(out, func(a, b *Need) int { return b.Issued.Compare(a.Issued) })
	return out, err
}

// needIRI accepts a need id or IRI.
func (r *Review) needIRI(idOrIRI string) string {
	if _, ok := r.iris.ParseNeed(rdf.IRI(idOrIRI)); ok {
		return idOrIRI
	}
	return r.iris.Need(idOrIRI).Value
}

func readNeed(tx kv.Tx, iri string) (*Need, error) {
	data := tx.Bucket(bNeeds).Get([]byte(iri))
	if data == nil {
		return nil, fmt.Errorf("%w: no need %s", ErrNotFound, iri)
	}
	var n Need
	if err := json.Unmarshal(data, &n); err != nil {
		return nil, fmt.Errorf("review: need %s: %w", iri, err)
	}
	return &n, nil
}

// mintNeedID makes {org}-{slug of the title}, numbered when taken.
func (r *Review) mintNeedID(t *txn, org string, rec record.Practice) (string, error) {
	slug := vocab.Slug(rec.DisplayTitle(rec.Language))
	if slug == "" {
		slug = "need"
	}
	if len(slug) > 60 {
		slug = slug[:60]
	}
	for i := 1; i < 10000; i++ {
		id := org + "-" + slug
		if i > 1 {
			id += "-" + strconv.Itoa(i)
		}
		if t.get(bNeeds, []byte(r.iris.Need(id).Value)) == nil {
			return id, nil
		}
	}
	return "", errors.New("review: no free need id")
}

// needSync says what the needs graph holds of a need: nothing unless it
// is published.
func (r *Review) needSync(tx kv.Tx, n *Need) nodeSync {
	ns := nodeSync{g: r.iris.NeedsGraph(), subject: rdf.IRI(n.IRI)}
	if n.Published {
		ns.triples = r.needTriples(n)
		ns.shared = r.orgTriples(tx, n.Org)
	}
	return ns
}

// needTriples is the public record of a need: a sm:Need with what it
// seeks, its places and the organisation it is attributed to.
func (r *Review) needTriples(n *Need) []rdf.Triple {
	t := r.terms
	s := rdf.IRI(n.IRI)
	g := rdf.NewGraph()
	add := func(p, o rdf.Term) { g.Add(rdf.Triple{S: s, P: p, O: o}) }
	add(rdf.Type, t.Need)
	add(vocab.DCTIdentifier, rdf.String(n.ID))
	rec := n.Record
	for _, l := range rec.Title.Languages() {
		add(vocab.DCTTitle, rdf.LangString(rec.Title[l], l))
	}
	for _, l := range rec.Description.Languages() {
		add(vocab.DCTDescription, rdf.LangString(rec.Description[l], l))
	}
	for _, c := range rec.Skills {
		if esco, ok := vocab.ESCOSkill(c); ok {
			add(t.SeeksSkill, esco)
		} else {
			add(t.SeeksSkill, r.iris.Concept(vocab.DigComp, c))
		}
	}
	for _, c := range rec.TargetGroups {
		add(t.SeeksTargetGroup, r.iris.Concept(vocab.TargetGroups, c))
	}
	for _, c := range rec.Types {
		add(t.SeeksPracticeType, r.iris.Concept(vocab.PracticeTypes, c))
	}
	for _, c := range rec.DeliveryModes {
		add(t.SeeksDeliveryMode, r.iris.Concept(vocab.DeliveryModes, c))
	}
	for _, l := range rec.MaterialLanguages {
		if iri, ok := vocab.LanguageIRI(l); ok {
			add(vocab.DCTLanguage, iri)
		}
	}
	// Places in the shapes of a practice's (vocab/MODEL.md).
	places := record.Practice{Places: rec.Places}.Triples(r.iris, n.ID)
	prefix := r.iris.Practice(n.ID).Value
	for _, tr := range places {
		if tr.P != vocab.LOCNLocation && tr.P != vocab.DCTSpatial && tr.P != t.Country && tr.S.Value == prefix {
			continue
		}
		tr.S = rdf.IRI(s.Value + tr.S.Value[len(prefix):])
		if tr.O.IsIRI() && len(tr.O.Value) > len(prefix) && tr.O.Value[:len(prefix)] == prefix {
			tr.O = rdf.IRI(s.Value + tr.O.Value[len(prefix):])
		}
		g.Add(tr)
	}
	add(vocab.PROVWasAttributedTo, r.iris.Organisation(n.Org))
	add(vocab.DCTIssued, dateTime(n.Issued))
	add(vocab.DCTModified, dateTime(n.Updated))
	return g.Sorted()
}

// needsGraphContent is what the needs graph holds: every published need.
func (r *Review) needsGraphContent(tx kv.Tx) ([]rdf.Triple, error) {
	out := rdf.NewGraph()
	err := tx.Bucket(bNeeds).ForEach(func(k, v []byte) error {
		var n Need
		if err := json.Unmarshal(v, &n); err != nil {
			return err
		}
		ns := r.needSync(tx, &n)
		for _, tr := range append(ns.triples, ns.shared...) {
			out.Add(tr)
		}
		return nil
	})
	return out.Sorted(), err
}
