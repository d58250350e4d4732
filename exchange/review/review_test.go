package review

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/storesink"
	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

var (
	member  = Actor{UserID: "u-member", Org: "stadt-leipzig", Role: RoleContributor}
	other   = Actor{UserID: "u-other", Org: "city-of-lyon", Role: RoleContributor}
	editor  = Actor{UserID: "u-editor", Org: "skillsmap-team", Role: RoleEditor}
	partner = "partner"
	held    = "held"
)

// fixture is a review over a memory store with a fixed clock.
type fixture struct {
	t      testing.TB
	n      vocab.IRIs
	st     store.Store
	r      *Review
	reopen func() (kv.DB, error) // the same database again, as after a restart
	now    time.Time
	mu     sync.Mutex
	events []Event
}

// newFixture is a review in a bbolt file (review.db, opened with Open).
func newFixture(t testing.TB) *fixture {
	t.Helper()
	path := filepath.Join(t.TempDir(), "review.db")
	return setUp(t, func() (kv.DB, error) { return openDB(path) })
}

// newFixtureOn is a review in a database of the backend (opened with New).
func newFixtureOn(t testing.TB, be kvtest.Backend) *fixture {
	t.Helper()
	return setUp(t, be.Persistent(t))
}

func setUp(t testing.TB, reopen func() (kv.DB, error)) *fixture {
	t.Helper()
	n, err := vocab.NewIRIs("http://localhost:8080/")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, n: n, st: store.NewMemory(), reopen: reopen,
		now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	f.open()
	t.Cleanup(func() { f.r.Close(); f.st.Close() })
	return f
}

func (f *fixture) open() {
	db, err := f.reopen()
	if err != nil {
		f.t.Fatal(err)
	}
	r, err := New(db, Options{
		IRIs:  f.n,
		Store: f.st,
		Policy: func(s string) Policy {
			if s == held {
				return PolicyHold
			}
			return PolicyPublish
		},
		Now: func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now },
		OnEvent: func(e Event) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.events = append(f.events, e)
		},
	})
	if err != nil {
		f.t.Fatal(err)
	}
	f.r = r
}

func (f *fixture) tick() {
	f.mu.Lock()
	f.now = f.now.Add(time.Minute)
	f.mu.Unlock()
}

func (f *fixture) kinds() []Kind {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Kind
	for _, e := range f.events {
		out = append(out, e.Kind)
	}
	return out
}

// quads returns every quad of the store about subject (any graph).
func (f *fixture) quads(subject rdf.Term) []rdf.Quad {
	f.t.Helper()
	snap, err := f.st.Snapshot(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	defer snap.Close()
	var out []rdf.Quad
	for q, err := range snap.Match(context.Background(), store.Pattern{AnyGraph: true}) {
		if err != nil {
			f.t.Fatal(err)
		}
		if q.S == subject || strings.HasPrefix(q.S.Value, subject.Value+"#") || q.O == subject {
			out = append(out, q)
		}
	}
	return out
}

// all returns every quad of the store.
func (f *fixture) all() []rdf.Quad {
	snap, err := f.st.Snapshot(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	defer snap.Close()
	var out []rdf.Quad
	for q, err := range snap.Match(context.Background(), store.Pattern{AnyGraph: true}) {
		if err != nil {
			f.t.Fatal(err)
		}
		out = append(out, q)
	}
	return out
}

func (f *fixture) has(q rdf.Quad) bool {
	return slices.Contains(f.all(), q)
}

func practice(title string) record.Practice {
	return record.Practice{
		Language:     "de",
		Title:        record.Texts{"de": title},
		Description:  record.Texts{"de": "Digitale Kompetenzen für geflüchtete Frauen in Leipzig."},
		TargetGroups: []string{"refugee-women"},
		Skills:       []string{"1"},
		Places:       []record.Place{{Name: "Leipzig", Region: "DED51", Country: "DE"}},
	}
}

func TestContributionIsPrivateUntilApproved(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			id, err := f.r.SaveDraft(ctx, member, "", practice("Digitalcafé für Frauen"))
			if err != nil {
				t.Fatal(err)
			}
			if id != "stadt-leipzig-digitalcafe-fuer-frauen" {
				t.Errorf("id = %q", id)
			}
			iri := f.n.Practice(id)
			if q := f.quads(iri); len(q) != 0 {
				t.Fatalf("a draft reached the store: %v", q)
			}
			// An incomplete draft is saved but not submitted.
			bad := practice("Digitalcafé für Frauen")
			bad.Places = nil
			if _, err := f.r.SaveDraft(ctx, member, id, bad); err != nil {
				t.Fatal(err)
			}
			err = f.r.Submit(ctx, member, id)
			if es, ok := record.AsErrors(err); !ok || len(es.For(record.FieldPlaces)) == 0 {
				t.Fatalf("Submit(no place) = %v", err)
			}
			if _, err := f.r.SaveDraft(ctx, member, id, practice("Digitalcafé für Frauen")); err != nil {
				t.Fatal(err)
			}
			// Another organisation can neither edit nor submit it.
			if _, err := f.r.SaveDraft(ctx, other, id, practice("Hijack")); !errors.Is(err, ErrForbidden) {
				t.Errorf("other org SaveDraft = %v", err)
			}
			if err := f.r.Submit(ctx, other, id); !errors.Is(err, ErrForbidden) {
				t.Errorf("other org Submit = %v", err)
			}
			if err := f.r.Submit(ctx, member, id); err != nil {
				t.Fatal(err)
			}
			page, err := f.r.Queue(ctx, QueueOptions{})
			if err != nil || len(page.Items) != 1 || page.Items[0].Kind != "new" || page.Items[0].Seq != 1 {
				t.Fatalf("queue = %+v, %v", page, err)
			}
			if q := f.quads(iri); len(q) != 0 {
				t.Fatalf("a submitted practice reached the store: %v", q)
			}
			// Contributors do not review.
			if err := f.r.Approve(ctx, member, id, 1, nil); !errors.Is(err, ErrForbidden) {
				t.Errorf("contributor Approve = %v", err)
			}
			// The editor adds a DigComp area while approving.
			f.tick()
			edited := practice("Digitalcafé für Frauen")
			edited.Skills = []string{"1", "4"}
			if err := f.r.Approve(ctx, editor, id, 1, &edited); err != nil {
				t.Fatal(err)
			}
			g := f.n.ContributionsGraph("stadt-leipzig")
			for _, want := range []rdf.Quad{
				{S: iri, P: rdf.Type, O: f.n.Terms().Practice, G: g},
				{S: iri, P: vocab.SchemaTeaches, O: f.n.Concept(vocab.DigComp, "4"), G: g},
				{S: iri, P: vocab.ADMSStatus, O: f.n.Concept(vocab.EditorialStatuses, "approved"), G: g},
				{S: iri, P: vocab.SchemaProvider, O: f.n.Organisation("stadt-leipzig"), G: g},
				{S: iri, P: vocab.DCTIssued, O: dateTime(f.now), G: g},
			} {
				if !f.has(want) {
					t.Errorf("store lacks %v", want)
				}
			}
			// The public trace names the organisation and the act, never a person.
			var acts []rdf.Quad
			for _, q := range f.all() {
				if strings.Contains(q.String(), "u-editor") || strings.Contains(q.String(), "u-member") {
					t.Errorf("a user id is public: %v", q)
				}
				if q.P == vocab.DCTType && q.O == f.n.Concept(vocab.EditorialActs, "approval") {
					acts = append(acts, q)
				}
			}
			if len(acts) != 1 || acts[0].G != f.n.ProvenanceGraph() {
				t.Errorf("approval activities = %v", acts)
			}
			if !f.has(rdf.Quad{S: acts[0].S, P: vocab.PROVWasAssociatedWith, O: f.n.Organisation("skillsmap-team"), G: f.n.ProvenanceGraph()}) ||
				!f.has(rdf.Quad{S: acts[0].S, P: f.n.Terms().ChangedProperty, O: vocab.SchemaTeaches, G: f.n.ProvenanceGraph()}) {
				t.Errorf("activity lacks its organisation or changed property")
			}
			if got := f.kinds(); !slices.Equal(got, []Kind{KindSubmitted, KindApproved}) {
				t.Errorf("events = %v", got)
			}
			d, err := f.r.Detail(ctx, id)
			if err != nil || d.Entry.Published != 2 || len(d.Versions) != 2 || d.Versions[0].State != StateSuperseded {
				t.Fatalf("detail = %+v, %v", d, err)
			}
			if page, _ := f.r.Queue(ctx, QueueOptions{}); len(page.Items) != 0 {
				t.Errorf("queue after approval = %+v", page.Items)
			}
		})
	}
}

func TestChangesStayPrivateUntilApproved(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			id, err := f.r.Contribute(ctx, member, "", practice("Smartphone-Sprechstunde"))
			if err != nil {
				t.Fatal(err)
			}
			if err := f.r.Approve(ctx, editor, id, 1, nil); err != nil {
				t.Fatal(err)
			}
			iri := f.n.Practice(id)
			title := func(s string) rdf.Quad {
				return rdf.Quad{S: iri, P: vocab.DCTTitle, O: rdf.LangString(s, "de"), G: f.n.ContributionsGraph("stadt-leipzig")}
			}
			changed := practice("Smartphone-Sprechstunde PLUS")
			if _, err := f.r.Contribute(ctx, member, id, changed); err != nil {
				t.Fatal(err)
			}
			if !f.has(title("Smartphone-Sprechstunde")) || f.has(title("Smartphone-Sprechstunde PLUS")) {
				t.Fatal("a pending change is public")
			}
			d, _ := f.r.Detail(ctx, id)
			ch := d.Changes(d.Entry.Pending)
			if len(ch) != 1 || ch[0].Field != record.FieldTitle {
				t.Errorf("changes = %+v", ch)
			}
			if err := f.r.Reject(ctx, editor, id, d.Entry.Pending, ""); err == nil {
				t.Error("rejection without a reason accepted")
			}
			if err := f.r.Reject(ctx, editor, id, d.Entry.Pending, "Der Titel ist zu werblich."); err != nil {
				t.Fatal(err)
			}
			if !f.has(title("Smartphone-Sprechstunde")) || f.has(title("Smartphone-Sprechstunde PLUS")) {
				t.Error("a rejected change is public, or the published version left")
			}
			// Ask for changes; the organisation's next edit is a new draft.
			if _, err := f.r.Contribute(ctx, member, id, practice("Smartphone-Sprechstunde 2")); err != nil {
				t.Fatal(err)
			}
			d, _ = f.r.Detail(ctx, id)
			if err := f.r.RequestChanges(ctx, editor, id, d.Entry.Pending, "Bitte Ergebnisse ergänzen."); err != nil {
				t.Fatal(err)
			}
			d, _ = f.r.Detail(ctx, id)
			rec, v := d.Working()
			if v.State != StateChangesRequested || rec.Title["de"] != "Smartphone-Sprechstunde 2" {
				t.Errorf("working = %v %v", v.State, rec.Title)
			}
			rec.Results = record.Texts{"de": "80 Teilnehmende"}
			if _, err := f.r.Contribute(ctx, member, id, rec); err != nil {
				t.Fatal(err)
			}
			d, _ = f.r.Detail(ctx, id)
			if err := f.r.Approve(ctx, editor, id, d.Entry.Pending, nil); err != nil {
				t.Fatal(err)
			}
			if !f.has(rdf.Quad{S: iri, P: f.n.Terms().Results, O: rdf.LangString("80 Teilnehmende", "de"), G: f.n.ContributionsGraph("stadt-leipzig")}) {
				t.Error("approved change not public")
			}
			want := []Kind{KindSubmitted, KindApproved, KindSubmitted, KindRejected, KindSubmitted, KindChangesRequested, KindSubmitted, KindApproved}
			if got := f.kinds(); !slices.Equal(got, want) {
				t.Errorf("events = %v, want %v", got, want)
			}
			if f.events[3].Reason != "Der Titel ist zu werblich." {
				t.Errorf("rejection event reason = %q", f.events[3].Reason)
			}
		})
	}
}

// harvested is the graph a harvester writes for one source: a practice
// with a place, an organisation node, and bookkeeping.
func harvested(n vocab.IRIs, source, title, region string, run int) []rdf.Triple {
	p := n.Practice(source + "-cafe")
	place := rdf.IRI(p.Value + "#place-leipzig")
	org := n.Organisation("stadtbibliothek")
	t := n.Terms()
	when := rdf.Literal(time.Date(2026, 11, run, 0, 0, 0, 0, time.UTC).Format(time.RFC3339), rdf.XSDDateTime)
	return []rdf.Triple{
		{S: p, P: rdf.Type, O: t.Practice},
		{S: p, P: vocab.DCTIdentifier, O: rdf.String(source + "-cafe")},
		{S: p, P: vocab.DCTTitle, O: rdf.LangString(title, "de")},
		{S: p, P: vocab.SchemaProvider, O: org},
		{S: p, P: vocab.LOCNLocation, O: place},
		{S: p, P: vocab.DCTSpatial, O: vocab.NUTSRegion(region)},
		{S: place, P: rdf.Type, O: vocab.DCTLocation},
		{S: place, P: vocab.LOCNGeographicName, O: rdf.String("Leipzig")},
		{S: place, P: vocab.GeoSfWithin, O: vocab.NUTSRegion(region)},
		{S: p, P: t.FirstSeen, O: rdf.Literal("2026-11-01T00:00:00Z", rdf.XSDDateTime)},
		{S: p, P: t.LastSeen, O: when},
		{S: p, P: vocab.PROVWasGeneratedBy, O: n.HarvestRun(source, "run"+time.Month(run).String())},
		{S: p, P: vocab.ADMSStatus, O: n.Concept(vocab.EditorialStatuses, "harvested")},
		{S: org, P: rdf.Type, O: vocab.ORGOrganization},
		{S: org, P: vocab.SKOSPrefLabel, O: rdf.String("Stadtbibliothek Leipzig")},
	}
}

func (f *fixture) harvest(source string, ts []rdf.Triple) {
	f.t.Helper()
	sink := f.r.HarvestSink(storesink.New(f.st))
	g := f.n.SourceGraph(source)
	// The harvester reads the previous graph first, then writes.
	if _, err := sink.Graph(context.Background(), g); err != nil {
		f.t.Fatal(err)
	}
	if err := sink.Apply(context.Background(), harvester.Change{Replace: map[rdf.Term][]rdf.Triple{g: ts}}); err != nil {
		f.t.Fatal(err)
	}
}

func TestTrustedSourceIsPublishedDirectly(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			raw := harvested(f.n, partner, "Digitalcafé", "DED51", 1)
			f.harvest(partner, raw)
			p := f.n.Practice(partner + "-cafe")
			g := f.n.SourceGraph(partner)
			if !f.has(rdf.Quad{S: p, P: vocab.ADMSStatus, O: f.n.Concept(vocab.EditorialStatuses, "harvested"), G: g}) ||
				!f.has(rdf.Quad{S: f.n.Organisation("stadtbibliothek"), P: vocab.SKOSPrefLabel, O: rdf.String("Stadtbibliothek Leipzig"), G: g}) {
				t.Fatalf("trusted practice not published: %v", f.quads(p))
			}
			// The harvester reads back what it wrote.
			back, err := f.r.HarvestSink(storesink.New(f.st)).Graph(ctx, g)
			if err != nil || !rdf.Isomorphic(back, raw) {
				t.Fatalf("Graph = %v (%v), want the raw graph", back, err)
			}
			// The next run finds the same content: no new version.
			f.harvest(partner, harvested(f.n, partner, "Digitalcafé", "DED51", 2))
			d, _ := f.r.Detail(ctx, p.Value)
			if len(d.Versions) != 1 {
				t.Errorf("%d versions after an unchanged run", len(d.Versions))
			}
			if !f.has(rdf.Quad{S: p, P: f.n.Terms().LastSeen, O: rdf.Literal("2026-11-02T00:00:00Z", rdf.XSDDateTime), G: g}) {
				t.Error("bookkeeping of the latest run is not public")
			}
			f.harvest(partner, harvested(f.n, partner, "Digitalcafé Leipzig", "DED51", 3))
			d, _ = f.r.Detail(ctx, p.Value)
			if len(d.Versions) != 2 || d.Entry.Published != 2 {
				t.Errorf("versions %d, published %d after a change", len(d.Versions), d.Entry.Published)
			}
		})
	}
}

func TestHeldSourceWaitsForAnEditor(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			f.harvest(held, harvested(f.n, held, "Digitalcafé", "DED51", 1))
			p := f.n.Practice(held + "-cafe")
			if q := f.quads(p); len(q) != 0 {
				t.Fatalf("a held practice is public: %v", q)
			}
			if q := f.quads(f.n.Organisation("stadtbibliothek")); len(q) != 0 {
				t.Fatalf("the organisation of a held practice is public: %v", q)
			}
			page, _ := f.r.Queue(ctx, QueueOptions{})
			if len(page.Items) != 1 || page.Items[0].Origin.Source != held {
				t.Fatalf("queue = %+v", page.Items)
			}
			// Same content again: still one version waiting.
			f.harvest(held, harvested(f.n, held, "Digitalcafé", "DED51", 2))
			d, _ := f.r.Detail(ctx, p.Value)
			if len(d.Versions) != 1 || d.Entry.Pending != 1 {
				t.Fatalf("versions = %d, pending %d", len(d.Versions), d.Entry.Pending)
			}
			if err := f.r.Approve(ctx, editor, p.Value, 1, nil); err != nil {
				t.Fatal(err)
			}
			g := f.n.SourceGraph(held)
			if !f.has(rdf.Quad{S: p, P: vocab.ADMSStatus, O: f.n.Concept(vocab.EditorialStatuses, "approved"), G: g}) ||
				!f.has(rdf.Quad{S: f.n.Organisation("stadtbibliothek"), P: rdf.Type, O: vocab.ORGOrganization, G: g}) {
				t.Fatalf("approved practice: %v", f.quads(p))
			}
			// A change waits, the approved version stays.
			f.harvest(held, harvested(f.n, held, "Digitalcafé NEU", "DED51", 3))
			if !f.has(rdf.Quad{S: p, P: vocab.DCTTitle, O: rdf.LangString("Digitalcafé", "de"), G: g}) ||
				f.has(rdf.Quad{S: p, P: vocab.DCTTitle, O: rdf.LangString("Digitalcafé NEU", "de"), G: g}) {
				t.Error("a held change is public")
			}
			page, _ = f.r.Queue(ctx, QueueOptions{})
			if len(page.Items) != 1 || page.Items[0].Kind != "change" {
				t.Fatalf("queue = %+v", page.Items)
			}
			if !slices.Contains(f.kinds(), KindHarvestHeld) {
				t.Errorf("events = %v", f.kinds())
			}
		})
	}
}

func TestCorrectionSurvivesReharvestAndConflicts(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			f.harvest(partner, harvested(f.n, partner, "Digitalcafé", "DED51", 1))
			p := f.n.Practice(partner + "-cafe")
			d, _ := f.r.Detail(ctx, p.Value)
			rec, _ := d.Public()
			rec.Places = []record.Place{{Name: "Leipzig", Region: "DED52", Country: "DE"}}
			rec.Skills = []string{"4"}
			if err := f.r.Correct(ctx, editor, p.Value, rec, []record.Field{record.FieldPlaces, record.FieldSkills}); err != nil {
				t.Fatal(err)
			}
			g, ed := f.n.SourceGraph(partner), f.n.EditorialGraph()
			check := func(when string) {
				t.Helper()
				if f.has(rdf.Quad{S: p, P: vocab.DCTSpatial, O: vocab.NUTSRegion("DED51"), G: g}) {
					t.Errorf("%s: the source's wrong region is still public", when)
				}
				if !f.has(rdf.Quad{S: p, P: vocab.DCTSpatial, O: vocab.NUTSRegion("DED52"), G: ed}) ||
					!f.has(rdf.Quad{S: p, P: vocab.SchemaTeaches, O: f.n.Concept(vocab.DigComp, "4"), G: ed}) {
					t.Errorf("%s: the correction is not in the editorial graph: %v", when, f.quads(p))
				}
			}
			check("after correction")
			f.harvest(partner, harvested(f.n, partner, "Digitalcafé", "DED51", 2))
			check("after re-harvest")
			if page, _ := f.r.Queue(ctx, QueueOptions{}); len(page.Items) != 0 {
				t.Errorf("queue after an unchanged re-harvest = %+v", page.Items)
			}
			// The source changes the corrected field: a conflict, the correction stays.
			f.harvest(partner, harvested(f.n, partner, "Digitalcafé", "DED53", 3))
			check("after the source changed")
			page, _ := f.r.Queue(ctx, QueueOptions{})
			if len(page.Items) != 1 || page.Items[0].Kind != "conflict" {
				t.Fatalf("queue = %+v", page.Items)
			}
			d, _ = f.r.Detail(ctx, p.Value)
			mine, theirs := d.CorrectionValues(record.FieldPlaces)
			if len(mine) != 1 || !strings.Contains(mine[0], "DED52") || len(theirs) != 1 || !strings.Contains(theirs[0], "DED53") {
				t.Errorf("correction values %v / %v", mine, theirs)
			}
			// Take the source's value.
			if err := f.r.ResolveConflict(ctx, editor, p.Value, record.FieldPlaces, false); err != nil {
				t.Fatal(err)
			}
			if !f.has(rdf.Quad{S: p, P: vocab.DCTSpatial, O: vocab.NUTSRegion("DED53"), G: g}) ||
				f.has(rdf.Quad{S: p, P: vocab.DCTSpatial, O: vocab.NUTSRegion("DED52"), G: ed}) {
				t.Errorf("after taking the source's value: %v", f.quads(p))
			}
			if page, _ := f.r.Queue(ctx, QueueOptions{}); len(page.Items) != 0 {
				t.Errorf("queue after resolving = %+v", page.Items)
			}
		})
	}
}

func TestMergeValidateRevertWithdraw(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			a, _ := f.r.Contribute(ctx, member, "", practice("Digitalcafé"))
			b, _ := f.r.Contribute(ctx, other, "", practice("Digital Café"))
			for _, id := range []string{a, b} {
				if err := f.r.Approve(ctx, editor, id, 1, nil); err != nil {
					t.Fatal(err)
				}
			}
			ia, ib := f.n.Practice(a), f.n.Practice(b)
			ed := f.n.EditorialGraph()
			if err := f.r.Merge(ctx, editor, b, a); err != nil {
				t.Fatal(err)
			}
			if f.has(rdf.Quad{S: ib, P: rdf.Type, O: f.n.Terms().Practice, G: f.n.ContributionsGraph("city-of-lyon")}) {
				t.Error("merged practice still in its graph")
			}
			if !f.has(rdf.Quad{S: ib, P: vocab.DCTIsReplacedBy, O: ia, G: ed}) {
				t.Error("no dct:isReplacedBy")
			}
			if err := f.r.Merge(ctx, editor, a, a); !errors.Is(err, ErrSameEntity) {
				t.Errorf("self merge = %v", err)
			}
			if err := f.r.SetGoodPractice(ctx, editor, a, true); err != nil {
				t.Fatal(err)
			}
			if !f.has(rdf.Quad{S: ia, P: rdf.Type, O: f.n.Terms().ValidatedGoodPractice, G: ed}) {
				t.Error("no good-practice mark")
			}
			// A correction, then a revert to version 1.
			fix := practice("Digitalcafé am Markt")
			if err := f.r.Correct(ctx, editor, a, fix, []record.Field{record.FieldTitle}); err != nil {
				t.Fatal(err)
			}
			g := f.n.ContributionsGraph("stadt-leipzig")
			if !f.has(rdf.Quad{S: ia, P: vocab.DCTTitle, O: rdf.LangString("Digitalcafé am Markt", "de"), G: g}) {
				t.Fatal("contribution correction not published")
			}
			if err := f.r.Revert(ctx, editor, a, 1); err != nil {
				t.Fatal(err)
			}
			if !f.has(rdf.Quad{S: ia, P: vocab.DCTTitle, O: rdf.LangString("Digitalcafé", "de"), G: g}) {
				t.Fatal("revert not published")
			}
			if err := f.r.Withdraw(ctx, editor, a, "Projekt beendet"); err != nil {
				t.Fatal(err)
			}
			if f.has(rdf.Quad{S: ia, P: rdf.Type, O: f.n.Terms().Practice, G: g}) ||
				!f.has(rdf.Quad{S: ia, P: vocab.ADMSStatus, O: f.n.Concept(vocab.EditorialStatuses, "withdrawn"), G: g}) {
				t.Errorf("withdrawn practice: %v", f.quads(ia))
			}
			if f.has(rdf.Quad{S: ia, P: rdf.Type, O: f.n.Terms().ValidatedGoodPractice, G: ed}) {
				t.Error("a withdrawn practice keeps its mark")
			}
			var kinds []Kind
			d, _ := f.r.Detail(ctx, a)
			for _, act := range d.Activities {
				kinds = append(kinds, act.Kind)
			}
			want := []Kind{KindSubmitted, KindApproved, KindMerged, KindValidated, KindCorrected, KindReverted, KindWithdrawn}
			if !slices.Equal(kinds, want) {
				t.Errorf("history = %v, want %v", kinds, want)
			}
		})
	}
}

// failingStore refuses writes while fail is set.
type failingStore struct {
	store.Store
	fail bool
}

func (s *failingStore) Update(ctx context.Context, fn func(store.Writer) error) error {
	if s.fail {
		return errors.New("disk full")
	}
	return s.Store.Update(ctx, fn)
}

func TestStoreFailureRollsBack(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			fs := &failingStore{Store: f.st}
			f.r.Close()
			f.st = fs
			f.open()
			id, err := f.r.Contribute(ctx, member, "", practice("Digitalcafé"))
			if err != nil {
				t.Fatal(err)
			}
			fs.fail = true
			if err := f.r.Approve(ctx, editor, id, 1, nil); err == nil {
				t.Fatal("approval succeeded although the store refused it")
			}
			d, _ := f.r.Detail(ctx, id)
			if d.Entry.Pending != 1 || d.Entry.Published != 0 || d.Versions[0].State != StateSubmitted {
				t.Errorf("after a failed approval: %+v", d.Entry)
			}
			if page, _ := f.r.Queue(ctx, QueueOptions{}); len(page.Items) != 1 {
				t.Errorf("queue after a failed approval = %+v", page.Items)
			}
			fs.fail = false
			if err := f.r.Approve(ctx, editor, id, 1, nil); err != nil {
				t.Fatal(err)
			}
			if len(f.quads(f.n.Practice(id))) == 0 {
				t.Error("approval after recovery not published")
			}
		})
	}
}

func TestReconcileImportsAndRepairs(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			// A store filled before review existed.
			g := f.n.SourceGraph(partner)
			raw := harvested(f.n, partner, "Digitalcafé", "DED51", 1)
			if err := store.ReplaceGraph(ctx, f.st, g, raw); err != nil {
				t.Fatal(err)
			}
			if err := f.r.Reconcile(ctx); err != nil {
				t.Fatal(err)
			}
			p := f.n.Practice(partner + "-cafe")
			d, err := f.r.Detail(ctx, p.Value)
			if err != nil || d.Entry.Published != 1 || !d.Entry.Issued.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) {
				t.Fatalf("imported entry = %+v, %v", d, err)
			}
			// Someone writes the graph behind review's back: reconcile repairs it.
			if err := store.ReplaceGraph(ctx, f.st, g, nil); err != nil {
				t.Fatal(err)
			}
			if err := f.r.Reconcile(ctx); err != nil {
				t.Fatal(err)
			}
			if !f.has(rdf.Quad{S: p, P: vocab.DCTTitle, O: rdf.LangString("Digitalcafé", "de"), G: g}) {
				t.Error("reconcile did not restore the source graph")
			}
			// Reopening keeps everything.
			f.r.Close()
			f.open()
			if d, err := f.r.Detail(ctx, p.Value); err != nil || d.Entry.Published != 1 {
				t.Errorf("after reopening: %+v %v", d, err)
			}
		})
	}
}

// TestSourceStamps: the harvest sink's stamp of a source graph moves with
// every harvest of that source and with nothing else, so that the
// harvester's same-as links need not read unchanged sources again.
func TestSourceStamps(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			sink := f.r.HarvestSink(storesink.New(f.st)).(harvester.GraphStamper)
			ga, gb := f.n.SourceGraph(partner), f.n.SourceGraph("other")
			stamps := func() map[rdf.Term]string {
				s, err := sink.GraphStamps(ctx, []rdf.Term{ga, gb, f.n.SameAsGraph()})
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			s0 := stamps()
			f.harvest(partner, harvested(f.n, partner, "Digitalcafé", "DED51", 1))
			s1 := stamps()
			if s1[ga] == s0[ga] || s1[gb] != s0[gb] {
				t.Errorf("after a harvest of %s: %v → %v", partner, s0, s1)
			}
			f.harvest("other", harvested(f.n, "other", "Repair café", "DED51", 1))
			s2 := stamps()
			if s2[ga] != s1[ga] || s2[gb] == s1[gb] {
				t.Errorf("after a harvest of other: %v → %v", s1, s2)
			}
			if s2[f.n.SameAsGraph()] == "" {
				t.Errorf("no stamp for a graph review does not own: %v", s2)
			}
		})
	}
}
