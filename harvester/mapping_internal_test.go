package harvester

import (
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestDateTerm(t *testing.T) {
	tests := []struct {
		in   string
		want rdf.Term
	}{
		{"2023-09-01", rdf.Literal("2023-09-01", rdf.XSDDate)},
		{" 2026-06-30 ", rdf.Literal("2026-06-30", rdf.XSDDate)},
		{"2023-02-30", rdf.String("2023-02-30")}, // not a date: kept as written
		{"2016", rdf.Literal("2016", rdf.XSDGYear)},
		{"2024-05-01T10:00:00+02:00", rdf.Literal("2024-05-01T10:00:00+02:00", rdf.XSDDateTime)},
		{"2024-05-01T10:00:00+0200", rdf.Literal("2024-05-01T10:00:00+02:00", rdf.XSDDateTime)}, // Drupal's offset
		{"2024-05-01T10:00+02:00", rdf.Literal("2024-05-01T10:00:00+02:00", rdf.XSDDateTime)},
		{"2024-05-01T10:00", rdf.Literal("2024-05-01T10:00:00", rdf.XSDDateTime)}, // local time
		{"2024-05-01T10:00:00", rdf.Literal("2024-05-01T10:00:00", rdf.XSDDateTime)},
		{"2024-05-01T25:00", rdf.String("2024-05-01T25:00")},
		{"spring 2024", rdf.String("spring 2024")},
		{"", rdf.Term{}},
	}
	for _, tt := range tests {
		if got := dateTerm(tt.in); got != tt.want {
			t.Errorf("dateTerm(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestAssignIDs(t *testing.T) {
	recs := []Record{
		{SourcePage: "http://a.test/projects/mikado.html", Title: []Text{{Value: "MIKADO"}}},
		{SourcePage: "http://a.test/p", Identifier: "http://a.test/projekte#digital-empowerment", Title: []Text{{Value: "Digital Empowerment"}}},
		{SourcePage: "http://a.test/p", Identifier: "http://a.test/projekte#mikado-2", Title: []Text{{Value: "Other"}}},
		{SourcePage: "http://a.test/list", Title: []Text{{Value: "Straßen für Ältere"}}},
		{SourcePage: "http://a.test/list", Title: []Text{{Value: "Zweites"}}},
		{SourcePage: "http://a.test/x", URL: "http://a.test/show.php?id=42", Title: []Text{{Value: "Q"}}},
		{SourcePage: "http://a.test/y", Identifier: "P-17/2024", Title: []Text{{Value: "R"}}},
	}
	want := []string{"s-mikado", "s-digital-empowerment", "s-mikado-2", "s-strassen-fuer-aeltere", "s-zweites", "s-id-42", "s-p-17-2024"}
	got := assignIDs("s", recs)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d: id %q, want %q", i, got[i], want[i])
		}
	}
	// The host does not matter: a site moving keeps its practices' IRIs.
	moved := assignIDs("s", []Record{{SourcePage: "http://127.0.0.1:9999/projects/mikado.html"}})
	if moved[0] != "s-mikado" {
		t.Errorf("moved site: %q", moved[0])
	}
}
