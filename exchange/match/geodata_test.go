package match

import (
	"context"
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/internal/testsupport"
	"github.com/skillsmap/skillsmap/vocab"
)

// geodataDir is where the shared NUTS files are, relative to the package.
const geodataDir = "../../../shared/geo/nuts2021"

var (
	regionsOnce sync.Once
	regionsData *vocab.Regions
	regionsErr  error
)

func testRegions(t *testing.T) *vocab.Regions {
	t.Helper()
	regionsOnce.Do(func() { regionsData, regionsErr = vocab.LoadRegions(geodataDir) })
	if regionsErr != nil {
		testsupport.Missing(t, "NUTS geodata not available in %s (%v): skipping a test that needs region names", geodataDir, regionsErr)
	}
	return regionsData
}

// TestWithGeodata: with the NUTS regions loaded, shared regions have
// names, NUTS 1 codes are places, and coordinates find their region.
func TestWithGeodata(t *testing.T) {
	regions := testRegions(t)
	st := store.NewMemory()
	writePractices(t, st, testIRIs(t), fixture())
	ix := openIndex(t, st, Options{Regions: regions})
	b := bundle(t)

	res, err := ix.Match(context.Background(), Need{Places: []record.Place{{Name: "Leipzig"}}, TargetGroups: []string{"young-people"}}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || res[0].ID != "dresden-coding-club" {
		t.Fatalf("results %v", ids(res))
	}
	if got := Texts(b.Localizer("de"), res[0].Reasons); !slices.Contains(got, "in derselben Region (Sachsen)") {
		t.Errorf("Dresden's reasons: %q", got)
	}

	interp, err := ix.Interpret(Need{Places: []record.Place{{Lat: f64(51.05), Lon: f64(13.74)}}})
	if err != nil {
		t.Fatal(err)
	}
	if p := interp.Need.Places[0]; p.Region != "DED21" || p.Country != "DE" || p.Name == "" {
		t.Errorf("coordinates became %+v", p)
	}

	h := testHandler(t, ix, HandlerOptions{})
	w, a := get(t, h, url.Values{"place": {"DED"}, "hl": {"en"}}.Encode(), nil)
	if w.Code != 200 || len(a.Need.Places) != 1 || a.Need.Places[0].Region != "DED" || a.Need.Places[0].Name != "Sachsen" {
		t.Fatalf("place=DED: %d %+v", w.Code, a)
	}
	// Both Saxon practices lie in the region (1); Leipzig documents its
	// results. Berlin and Magdeburg are in the same country.
	var got []string
	for _, r := range a.Results {
		got = append(got, r.ID)
	}
	if !slices.Equal(got, []string{"stadt-leipzig-digitale-teilhabe", "dresden-coding-club", "berlin-digital-empowerment", "teilhabe-mikado"}) {
		t.Errorf("place=DED: %v", got)
	}
	for _, r := range a.Results[:2] {
		if !slices.Contains(r.Reasons, "in the same region (Sachsen)") {
			t.Errorf("%s: reasons %q", r.ID, r.Reasons)
		}
	}
}
