// Package demosites serves the bundled demo partner sites on loopback: three
// small web sites, each publishing some of the real practices of
// data/practices.csv in its own style, so that the demo (and the end-to-end
// tests) harvest something that looks like the web without leaving the
// machine.
//
// The texts are written from the facts in practices.csv only; a field the
// facts do not give is left out, and every page links to its public source.
package demosites

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strings"
)

//go:embed data/practices.csv
var practicesCSV string

// Practice is one row of data/practices.csv: a real digital-skills practice,
// facts only, with the public page the facts come from.
type Practice struct {
	ID            string
	Title         string
	Cities        []string
	Countries     []string // NUTS country codes (EL for Greece)
	Organisations []string
	Start, End    string
	TargetGroups  []string
	Topics        []string
	Delivery      string
	Funding       string
	SourceURL     string
	Summary       string
}

// Practices returns the demo practices in file order.
func Practices() ([]Practice, error) {
	rows, err := csv.NewReader(strings.NewReader(practicesCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("demo practices: %w", err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("demo practices: no rows")
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, need := range []string{"id", "title", "city", "country", "organisation", "start", "end", "target_groups", "topics", "delivery", "funding", "source_url", "summary"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("demo practices: no column %q", need)
		}
	}
	list := func(s string) []string {
		var out []string
		for _, v := range strings.Split(s, ";") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	var out []Practice
	for _, r := range rows[1:] {
		out = append(out, Practice{
			ID: r[col["id"]], Title: r[col["title"]],
			Cities: list(r[col["city"]]), Countries: list(r[col["country"]]),
			Organisations: list(r[col["organisation"]]),
			Start:         r[col["start"]], End: r[col["end"]],
			TargetGroups: list(r[col["target_groups"]]), Topics: list(r[col["topics"]]),
			Delivery: r[col["delivery"]], Funding: r[col["funding"]],
			SourceURL: r[col["source_url"]], Summary: r[col["summary"]],
		})
	}
	return out, nil
}

// countryNames gives the English names of the NUTS country codes the demo
// practices use, as a partner site would print them.
var countryNames = map[string]string{
	"BG": "Bulgaria", "DE": "Germany", "EL": "Greece", "ES": "Spain", "FI": "Finland", "IT": "Italy",
	"LV": "Latvia", "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SE": "Sweden",
}

// CountryName returns the English name of a NUTS country code.
func CountryName(code string) string {
	if n, ok := countryNames[code]; ok {
		return n
	}
	return code
}
