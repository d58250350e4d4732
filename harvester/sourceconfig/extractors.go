package sourceconfig

import (
	"fmt"

	"github.com/andybalholm/cascadia"
)

// CSVMapping reads practices from CSV files, one per row.
type CSVMapping struct {
	// Columns maps record fields (see RecordFields) to column headers.
	Columns map[string]string `yaml:"columns"`
	// Delimiter is the field separator (default ",").
	Delimiter string `yaml:"delimiter"`
	// Split separates the values of multi-valued cells (default ";").
	Split string `yaml:"split"`
	// Charset of the file when its Content-Type names none (default
	// UTF-8, with windows-1252 as a reported fallback).
	Charset string `yaml:"charset"`
}

// JSONMapping reads practices from a JSON API.
type JSONMapping struct {
	// Items is the path to the list of practices ("data.items"); empty
	// means the document itself (a list, or one practice).
	Items string `yaml:"items"`
	// Fields maps record fields (see RecordFields) to paths inside an item
	// ("address.city"); a path through a list takes every element
	// ("tags.label").
	Fields map[string]string `yaml:"fields"`
	// Next is the path to the URL of the next page ("links.next").
	Next string `yaml:"next"`
	// PageParam is a query parameter counting pages ("page"): the next
	// page is requested while a page has items. A Link: rel="next" header
	// is followed without configuration.
	PageParam string `yaml:"page_param"`
	// Split also splits multi-valued string values at this separator.
	Split string `yaml:"split"`
}

// DCAT modes: what a catalog's datasets are to the harvester.
const (
	// DCATDatasets reads each dcat:Dataset as a practice: the way an EU
	// data portal harvests a catalog, record by record.
	DCATDatasets = "datasets"
	// DCATDistributions fetches the RDF distributions of each dataset and
	// reads the schema.org practices in them.
	DCATDistributions = "distributions"
)

// DCATOptions configure the "dcat" extractor.
type DCATOptions struct {
	// Mode is DCATDatasets (default) or DCATDistributions.
	Mode string `yaml:"mode"`
}

// checkSelector reports whether css compiles ("" is no selector).
func checkSelector(css string) error {
	if css == "" {
		return nil
	}
	if _, err := cascadia.Compile(css); err != nil {
		return fmt.Errorf("invalid CSS selector %q (%v): want a CSS selector such as article.practice, ul.cities li or a[rel=\"next\"]", css, err)
	}
	return nil
}
