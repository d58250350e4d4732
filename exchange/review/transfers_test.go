package review

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

func TestNeedsArePrivateUntilPublished(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			need := record.Practice{Language: "de", Title: record.Texts{"de": "Digitale Kompetenzen für ältere Menschen"},
				TargetGroups: []string{"older-people"}, Skills: []string{"1"}, Places: []record.Place{{Name: "Leipzig", Region: "DED51", Country: "DE"}}}
			id, err := f.r.SaveNeed(ctx, member, "", need, false)
			if err != nil {
				t.Fatal(err)
			}
			iri := f.n.Need(id)
			if q := f.quads(iri); len(q) != 0 {
				t.Fatalf("a private need is public: %v", q)
			}
			if _, err := f.r.SaveNeed(ctx, other, id, need, true); !errors.Is(err, ErrForbidden) {
				t.Errorf("another organisation published the need: %v", err)
			}
			if _, err := f.r.SaveNeed(ctx, member, id, need, true); err != nil {
				t.Fatal(err)
			}
			g := f.n.NeedsGraph()
			for _, want := range []rdf.Quad{
				{S: iri, P: rdf.Type, O: f.n.Terms().Need, G: g},
				{S: iri, P: f.n.Terms().SeeksTargetGroup, O: f.n.Concept(vocab.TargetGroups, "older-people"), G: g},
				{S: iri, P: vocab.DCTSpatial, O: vocab.NUTSRegion("DED51"), G: g},
				{S: rdf.IRI(iri.Value + "#place-leipzig"), P: vocab.GeoSfWithin, O: vocab.NUTSRegion("DED51"), G: g},
				{S: iri, P: vocab.PROVWasAttributedTo, O: f.n.Organisation("stadt-leipzig"), G: g},
			} {
				if !f.has(want) {
					t.Errorf("needs graph lacks %v", want)
				}
			}
			for _, q := range f.quads(iri) {
				if strings.Contains(q.String(), "u-member") {
					t.Errorf("a user id is public: %v", q)
				}
			}
			if ns, _ := f.r.PublishedNeeds(ctx); len(ns) != 1 {
				t.Errorf("published needs: %d", len(ns))
			}
			// Unpublishing removes it.
			if _, err := f.r.SaveNeed(ctx, member, id, need, false); err != nil {
				t.Fatal(err)
			}
			if q := f.quads(iri); len(q) != 0 {
				t.Errorf("an unpublished need stayed public: %v", q)
			}
		})
	}
}

func TestTransferToAdaptation(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			origID, _ := f.r.Contribute(ctx, other, "", practice("Digital Empowerment"))
			if err := f.r.Approve(ctx, editor, origID, 1, nil); err != nil {
				t.Fatal(err)
			}
			orig := f.n.Practice(origID)
			// Leipzig wants to adapt Lyon's practice.
			place := record.Place{Name: "Leipzig", Region: "DED51", Country: "DE"}
			tr, err := f.r.OpenTransfer(ctx, member, origID, place, "", "Wir möchten das in Leipzig übertragen.")
			if err != nil {
				t.Fatal(err)
			}
			if tr.Owner != "city-of-lyon" || tr.Adopter != "stadt-leipzig" || tr.State != TransferInterested {
				t.Fatalf("transfer = %+v", tr)
			}
			if _, err := f.r.OpenTransfer(ctx, other, origID, place, "", "own"); !errors.Is(err, ErrState) {
				t.Errorf("owner opened a transfer of its own practice: %v", err)
			}
			third := Actor{UserID: "u-third", Org: "third-org", Role: RoleContributor}
			if err := f.r.TransferMessage(ctx, third, tr.ID, "hi"); !errors.Is(err, ErrForbidden) {
				t.Errorf("a third organisation wrote: %v", err)
			}
			if err := f.r.SetTransferState(ctx, member, tr.ID, TransferInProgress, ""); !errors.Is(err, ErrForbidden) {
				t.Errorf("the adopter accepted its own transfer: %v", err)
			}
			if err := f.r.SetTransferState(ctx, other, tr.ID, TransferInProgress, "Gern!"); err != nil {
				t.Fatal(err)
			}
			if err := f.r.TransferMessage(ctx, member, tr.ID, "Danke, wir beginnen im März."); err != nil {
				t.Fatal(err)
			}
			// Nothing of it is public while it goes on.
			if q := f.quads(f.n.Transfer(tr.ID)); len(q) != 0 {
				t.Fatalf("a transfer in progress is public: %v", q)
			}
			if err := f.r.SetTransferState(ctx, other, tr.ID, TransferAdapted, ""); err != nil {
				t.Fatal(err)
			}
			tr, _ = f.r.Transfer(ctx, tr.ID)
			if tr.State != TransferAdapted || tr.Adapted == "" || len(tr.Messages) != 3 {
				t.Fatalf("adapted transfer = %+v", tr)
			}
			adapted := rdf.IRI(tr.Adapted)
			g := f.n.ContributionsGraph("stadt-leipzig")
			if !f.has(rdf.Quad{S: adapted, P: f.n.Terms().AdaptedFrom, O: orig, G: g}) ||
				!f.has(rdf.Quad{S: adapted, P: vocab.DCTSpatial, O: vocab.NUTSRegion("DED51"), G: g}) ||
				!f.has(rdf.Quad{S: adapted, P: vocab.SchemaProvider, O: f.n.Organisation("stadt-leipzig"), G: g}) {
				t.Errorf("adapted practice: %v", f.quads(adapted))
			}
			ts := f.n.TransfersGraph()
			ti := f.n.Transfer(tr.ID)
			if !f.has(rdf.Quad{S: ti, P: vocab.PROVUsed, O: orig, G: ts}) || !f.has(rdf.Quad{S: ti, P: vocab.PROVGenerated, O: adapted, G: ts}) ||
				!f.has(rdf.Quad{S: ti, P: rdf.Type, O: f.n.Terms().Transfer, G: ts}) {
				t.Errorf("transfer record: %v", f.quads(ti))
			}
			for _, q := range f.quads(ti) {
				if strings.Contains(q.O.Value, "übertragen") || strings.Contains(q.O.Value, "u-member") {
					t.Errorf("a message or a person is public: %v", q)
				}
			}
			// Each side heard of the other's acts.
			var told []string
			for _, e := range f.events {
				if e.Transfer == tr.ID {
					told = append(told, string(e.Kind)+":"+e.Origin.Org)
				}
			}
			want := []string{"transfer-opened:city-of-lyon", "transfer-state:stadt-leipzig", "transfer-message:city-of-lyon", "transfer-state:stadt-leipzig"}
			if !slices.Equal(told, want) {
				t.Errorf("events = %v, want %v", told, want)
			}
			if list, _ := f.r.TransfersOf(ctx, "stadt-leipzig"); len(list) != 1 {
				t.Errorf("the adopter's transfers: %d", len(list))
			}
			// A harvested practice is the editors' to answer for.
			f.harvest(partner, harvested(f.n, partner, "Digitalcafé", "DED51", 1))
			ht, err := f.r.OpenTransfer(ctx, member, f.n.Practice(partner+"-cafe").Value, place, "", "Interesse")
			if err != nil || ht.Owner != EditorsOrg {
				t.Fatalf("transfer of a harvested practice: %+v %v", ht, err)
			}
			if err := f.r.SetTransferState(ctx, editor, ht.ID, TransferDeclined, "Die Quelle ist nicht erreichbar."); err != nil {
				t.Errorf("editor declined: %v", err)
			}
		})
	}
}

func TestOfferForAPublishedNeed(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			origID, _ := f.r.Contribute(ctx, other, "", practice("Digital Empowerment"))
			if err := f.r.Approve(ctx, editor, origID, 1, nil); err != nil {
				t.Fatal(err)
			}
			need := record.Practice{Language: "de", Title: record.Texts{"de": "Digitale Teilhabe"},
				Places: []record.Place{{Name: "Leipzig", Region: "DED51", Country: "DE"}}}
			needID, err := f.r.SaveNeed(ctx, member, "", need, false)
			if err != nil {
				t.Fatal(err)
			}
			// A private need takes no offers; a published one does, from the
			// practice's own organisation only.
			if _, err := f.r.OfferTransfer(ctx, other, origID, needID, "Wir helfen gern."); !errors.Is(err, ErrNotFound) {
				t.Errorf("offer for a private need: %v", err)
			}
			if _, err := f.r.SaveNeed(ctx, member, needID, need, true); err != nil {
				t.Fatal(err)
			}
			third := Actor{UserID: "u-third", Org: "third-org", Role: RoleContributor}
			if _, err := f.r.OfferTransfer(ctx, third, origID, needID, "Not ours"); !errors.Is(err, ErrForbidden) {
				t.Errorf("a third organisation offered another's practice: %v", err)
			}
			if _, err := f.r.OfferTransfer(ctx, member, origID, needID, "Own need"); !errors.Is(err, ErrState) {
				t.Errorf("the need's own organisation made an offer: %v", err)
			}
			tr, err := f.r.OfferTransfer(ctx, other, origID, needID, "Wir helfen gern.")
			if err != nil {
				t.Fatal(err)
			}
			if !tr.Offered || tr.Owner != "city-of-lyon" || tr.Adopter != "stadt-leipzig" || tr.Need != needID || tr.Place.Region != "DED51" {
				t.Fatalf("offer = %+v", tr)
			}
			// The adopter answers an offer; the owner may only withdraw it.
			if got := tr.Acts("owner"); !slices.Equal(got, []TransferState{TransferWithdrawn}) {
				t.Errorf("owner's acts on its offer: %v", got)
			}
			if got := tr.Acts("adopter"); !slices.Equal(got, []TransferState{TransferInProgress, TransferDeclined}) {
				t.Errorf("adopter's acts on an offer: %v", got)
			}
			if err := f.r.SetTransferState(ctx, other, tr.ID, TransferInProgress, ""); !errors.Is(err, ErrForbidden) {
				t.Errorf("the owner accepted its own offer: %v", err)
			}
			if err := f.r.SetTransferState(ctx, member, tr.ID, TransferInProgress, "Gern!"); err != nil {
				t.Fatal(err)
			}
			if err := f.r.SetTransferState(ctx, other, tr.ID, TransferAdapted, ""); err != nil {
				t.Fatal(err)
			}
			tr, _ = f.r.Transfer(ctx, tr.ID)
			adapted := rdf.IRI(tr.Adapted)
			if !f.has(rdf.Quad{S: adapted, P: f.n.Terms().AdaptedFrom, O: f.n.Practice(origID), G: f.n.ContributionsGraph("stadt-leipzig")}) {
				t.Errorf("adaptation: %v", f.quads(adapted))
			}
			var told []string
			for _, e := range f.events {
				if e.Transfer == tr.ID {
					told = append(told, string(e.Kind)+":"+e.Origin.Org)
				}
			}
			want := []string{"transfer-offered:stadt-leipzig", "transfer-state:city-of-lyon", "transfer-state:stadt-leipzig"}
			if !slices.Equal(told, want) {
				t.Errorf("events = %v, want %v", told, want)
			}
		})
	}
}

func TestTransferActs(t *testing.T) {
	for _, c := range []struct {
		offered bool
		state   TransferState
		side    string
		want    []TransferState
	}{
		{false, TransferInterested, "owner", []TransferState{TransferInProgress, TransferAdapted, TransferDeclined}},
		{false, TransferInterested, "adopter", []TransferState{TransferWithdrawn}},
		{false, TransferInProgress, "owner", []TransferState{TransferAdapted, TransferDeclined}},
		{false, TransferInProgress, "adopter", []TransferState{TransferAdapted, TransferWithdrawn}},
		{false, TransferAdapted, "owner", nil},
		{true, TransferInterested, "owner", []TransferState{TransferWithdrawn}},
		{true, TransferInterested, "adopter", []TransferState{TransferInProgress, TransferDeclined}},
		{true, TransferInProgress, "owner", []TransferState{TransferAdapted, TransferDeclined}},
		{true, TransferInProgress, "adopter", []TransferState{TransferAdapted, TransferWithdrawn}},
		{true, TransferDeclined, "adopter", nil},
	} {
		tr := &Transfer{Offered: c.offered, State: c.state}
		if got := tr.Acts(c.side); !slices.Equal(got, c.want) {
			t.Errorf("offered=%v %s, %s: %v, want %v", c.offered, c.state, c.side, got, c.want)
		}
	}
}
