package rdf

import "testing"

func TestTemporalDatatype(t *testing.T) {
	tests := map[string]string{
		"2025-03-01":                  XSDDate,
		"2025-03-01Z":                 XSDDate,
		"-0044-03-15":                 XSDDate,
		"09:30:00":                    NSXSD + "time",
		"00:00:00Z":                   NSXSD + "time",
		"2025-03-01T09:30:00.5+01:00": XSDDateTime,
		"2025-03":                     NSXSD + "gYearMonth",
		"2025":                        XSDGYear,
		"P2011Y06M28DT00H00M00S":      NSXSD + "duration",
		"-PT1.5S":                     NSXSD + "duration",
		"2025-03-01T09:30":            "", // no seconds: HTML allows it, xsd:dateTime does not
		"2025-03-01 09:30:00":         "",
		"2025-13-01":                  "",
		"2025-02-30x":                 "",
		"24:00:01":                    "",
		"P":                           "",
		"PT":                          "",
		"P1DT":                        "",
		"-2025":                       "", // the Note's gYear is a non-negative integer
		"soon":                        "",
		" 2025-03-01":                 "",
	}
	for v, want := range tests {
		if got := TemporalDatatype(v); got != want {
			t.Errorf("TemporalDatatype(%q) = %q, want %q", v, got, want)
		}
	}
}
