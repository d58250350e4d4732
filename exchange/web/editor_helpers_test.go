package web

import (
	"context"
	"net/http"
	"time"

	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/storesink"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// heldSource is the harvest source whose practices wait for an editor in
// these tests; other sources are published directly.
const heldSource = "held"

func holdHeld(source string) review.Policy {
	if source == heldSource {
		return review.PolicyHold
	}
	return review.PolicyPublish
}

// harvestedPractice is what a harvester finds of one practice: a title, a
// place in a NUTS region, an organisation, and bookkeeping.
type harvestedPractice struct {
	id, title, region string
}

func (h harvestedPractice) triples(n vocab.IRIs, source string) []rdf.Triple {
	p := n.Practice(h.id)
	place := rdf.IRI(p.Value + "#place-leipzig")
	org := n.Organisation("stadtbibliothek")
	t := n.Terms()
	return []rdf.Triple{
		{S: p, P: rdf.Type, O: t.Practice},
		{S: p, P: vocab.DCTIdentifier, O: rdf.String(h.id)},
		{S: p, P: vocab.DCTTitle, O: rdf.LangString(h.title, "de")},
		{S: p, P: vocab.DCTDescription, O: rdf.LangString("Ein Digitalcafé in der Stadtbibliothek.", "de")},
		{S: p, P: vocab.SchemaProvider, O: org},
		{S: p, P: vocab.LOCNLocation, O: place},
		{S: p, P: vocab.DCTSpatial, O: vocab.NUTSRegion(h.region)},
		{S: place, P: rdf.Type, O: vocab.DCTLocation},
		{S: place, P: vocab.LOCNGeographicName, O: rdf.String("Leipzig")},
		{S: place, P: vocab.GeoSfWithin, O: vocab.NUTSRegion(h.region)},
		{S: p, P: t.LastSeen, O: rdf.Literal(time.Now().UTC().Format(time.RFC3339), rdf.XSDDateTime)},
		{S: p, P: vocab.PROVWasGeneratedBy, O: n.HarvestRun(source, "run-1")},
		{S: org, P: rdf.Type, O: vocab.ORGOrganization},
		{S: org, P: vocab.SKOSPrefLabel, O: rdf.String("Stadtbibliothek Leipzig")},
	}
}

// harvest runs a harvest of a source through review, as the harvester
// does: read the source's graph, then write its new content.
func (s *site) harvest(source string, practices ...harvestedPractice) {
	s.t.Helper()
	ctx := context.Background()
	sink := s.review.HarvestSink(storesink.New(s.st))
	g := s.iris.SourceGraph(source)
	if _, err := sink.Graph(ctx, g); err != nil {
		s.t.Fatal(err)
	}
	var ts []rdf.Triple
	for _, p := range practices {
		ts = append(ts, p.triples(s.iris, source)...)
	}
	if err := sink.Apply(ctx, harvester.Change{Replace: map[rdf.Term][]rdf.Triple{g: ts}}); err != nil {
		s.t.Fatal(err)
	}
}

// has reports whether the public store holds a quad.
func (s *site) has(q rdf.Quad) bool {
	s.t.Helper()
	snap, err := s.st.Snapshot(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	defer snap.Close()
	for got, err := range snap.Match(context.Background(), store.Pattern{S: q.S, P: q.P, O: q.O, G: q.G}) {
		if err != nil {
			s.t.Fatal(err)
		}
		if got == q {
			return true
		}
	}
	return false
}

// graphsOf lists the graphs in which the store says (s, p, o).
func (s *site) graphsOf(subj, pred, obj rdf.Term) []rdf.Term {
	s.t.Helper()
	snap, err := s.st.Snapshot(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	defer snap.Close()
	var out []rdf.Term
	for q, err := range snap.Match(context.Background(), store.Pattern{S: subj, P: pred, O: obj, AnyGraph: true}) {
		if err != nil {
			s.t.Fatal(err)
		}
		out = append(out, q.G)
	}
	return out
}

// submit shares a practice through the contribution form as the
// contributor and returns its id.
func (s *site) submit(title string) string {
	s.t.Helper()
	f := practiceForm(title)
	f.Set("action", "submit")
	anna := s.as("contributor")
	res, _ := anna.post("/contribute", f)
	if res.StatusCode != http.StatusSeeOther {
		s.t.Fatalf("submit %q: %d", title, res.StatusCode)
	}
	page, err := s.review.Queue(context.Background(), review.QueueOptions{})
	if err != nil || len(page.Items) == 0 {
		s.t.Fatalf("queue after submitting: %+v %v", page, err)
	}
	return page.Items[0].ID
}

// approveAs approves a practice's waiting version through review.
func (s *site) approveAs(key, id string) {
	s.t.Helper()
	d, err := s.review.Detail(context.Background(), id)
	if err != nil {
		s.t.Fatal(err)
	}
	u := s.users[key]
	if err := s.review.Approve(context.Background(), review.Actor{UserID: u.ID, Org: u.OrgID, Role: review.Role(u.Role)}, id, d.Entry.Pending, nil); err != nil {
		s.t.Fatal(err)
	}
}
