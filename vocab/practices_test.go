package vocab

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// practiceRow is a row of ../shared/data/practices.csv.
type practiceRow map[string]string

func readPractices(t *testing.T) []practiceRow {
	t.Helper()
	f, err := os.Open(filepath.Join(sharedDir(t), "data", "practices.csv"))
	if err != nil {
		testsupport.Missing(t, "demo practices absent: %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []practiceRow
	for _, rec := range recs[1:] {
		r := practiceRow{}
		for i, h := range recs[0] {
			r[h] = rec[i]
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		t.Fatal("no practices")
	}
	return rows
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ";") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Every target group of the demo practices maps to a concept, with nothing
// left over.
func TestDemoPracticesTargetGroups(t *testing.T) {
	for _, p := range readPractices(t) {
		for _, g := range splitList(p["target_groups"]) {
			r := MatchTargetGroups(g)
			if len(r.Matches) == 0 || len(r.Unmatched) > 0 {
				t.Errorf("%s: target group %q → %v, unmatched %q", p["id"], g, r.Concepts(), r.Unmatched)
			}
		}
	}
}

// Every city of the demo practices is in the gazetteer, in the practice's
// country, and every country code is known.
func TestDemoPracticesPlaces(t *testing.T) {
	m := NewPlaceMatcher(nil)
	for _, p := range readPractices(t) {
		countries, unknown := ParseCountries(p["country"])
		if len(unknown) > 0 {
			t.Errorf("%s: unknown countries %q", p["id"], unknown)
		}
		if p["city"] == "" {
			continue
		}
		r := m.Match(p["city"], p["country"])
		if len(r.Unmatched) > 0 || len(r.Places) != len(splitList(p["city"])) {
			t.Errorf("%s: places %q → %+v, unmatched %q", p["id"], p["city"], r.Places, r.Unmatched)
			continue
		}
		for _, pl := range r.Places {
			if pl.Method != MethodGazetteer || pl.Level != 3 || !slices.ContainsFunc(countries, func(c Country) bool { return c.NUTS == pl.Country.NUTS }) {
				t.Errorf("%s: %q → %+v", p["id"], pl.Text, pl)
			}
		}
	}
}

func TestDemoPracticesDelivery(t *testing.T) {
	for _, p := range readPractices(t) {
		d := p["delivery"]
		if d == "" {
			continue
		}
		c, ok := DeliveryMode(d)
		if !ok || c.ID != d {
			t.Errorf("%s: delivery %q → %q, %v", p["id"], d, c.ID, ok)
		}
	}
}

// The topics of the demo practices: what maps to DigComp or to a practice
// type, and what stays a literal keyword.
func TestDemoPracticesTopics(t *testing.T) {
	skills := map[string][]string{
		"digital literacy":                 allAreas,
		"basic digital skills":             allAreas,
		"digital skills":                   allAreas,
		"soft digital skills":              allAreas,
		"role-based digital skills":        allAreas,
		"media literacy":                   {"1.2"},
		"digital security":                 {"4.1", "4.2"},
		"digital content creation":         {"3"},
		"e-government services":            {"2.3"},
		"adoption of digital technologies": {"5.2"},
		"gamified skills assessment":       {"5.4"},
		"skills passport":                  {"5.4"},
	}
	types := map[string][]string{
		"train-the-trainer":                       {"multiplier-training"},
		"public libraries as digital hubs":        {"digital-hub"},
		"online training programme":               {"training-course"},
		"retraining for IT careers":               {"training-course"},
		"certification":                           {"certification"},
		"career guidance towards future jobs":     {"guidance-counselling"},
		"school internet and e-learning services": {"infrastructure", "platform-tool"},
		"skills passport":                         {"platform-tool"},
		"gamified skills assessment":              {"platform-tool"},
	}
	ids := func(r MatchResult) []string {
		var out []string
		for _, c := range r.Concepts() {
			out = append(out, c.ID)
		}
		return out
	}
	mapped := 0
	for _, p := range readPractices(t) {
		for _, topic := range splitList(p["topics"]) {
			s, ty := MatchSkills(topic), MatchPracticeTypes(topic)
			if got := ids(s); !slices.Equal(got, skills[topic]) {
				t.Errorf("%s: MatchSkills(%q) = %v, want %v", p["id"], topic, got, skills[topic])
			}
			if got := ids(ty); !slices.Equal(got, types[topic]) {
				t.Errorf("%s: MatchPracticeTypes(%q) = %v, want %v", p["id"], topic, got, types[topic])
			}
			if len(s.Matches) == 0 && !slices.Equal(s.Unmatched, []string{topic}) {
				t.Errorf("%s: unmatched topic %q not reported as written: %q", p["id"], topic, s.Unmatched)
			}
			if len(s.Matches)+len(ty.Matches) > 0 {
				mapped++
			}
		}
	}
	if mapped < 20 {
		t.Errorf("only %d demo topics map to a concept", mapped)
	}
}
