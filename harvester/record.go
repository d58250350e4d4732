package harvester

import (
	"strings"
	"time"
)

// Record is one practice as read from a partner page, before it is mapped
// to the vocabulary. Extractors fill what the page gives; everything else
// stays empty (a field the page does not give is never guessed).
type Record struct {
	// SourcePage is the URL of the page the record was read from.
	SourcePage string
	// Identifier is the source's own identifier for the practice, if any
	// (a JSON-LD @id, an "identifier" field); it keeps the practice's IRI
	// stable when its title changes.
	Identifier string
	// URL is the practice's own web page (canonical URL), if given.
	URL string
	// Image is a picture of the practice (schema:image, og:image), if given.
	Image string
	// Language of untagged texts, e.g. "en".
	Language string

	Title       []Text
	Description []Text

	Organisations []Organisation
	Cities        []string
	Regions       []string // region names or NUTS codes
	Countries     []string // country names or codes
	Latitude      *float64
	Longitude     *float64

	Skills        []string // skill keywords or skill IRIs (DigComp, ESCO)
	TargetGroups  []string
	PracticeTypes []string
	Delivery      []string
	Keywords      []string

	Start   string // ISO 8601 date as written on the page
	End     string
	Funding []string
	// BasedOn lists pages the description is based on (its own sources).
	BasedOn []string
	// AdaptedFrom lists the identifiers or URLs of practices of the same
	// source that this one transfers or adapts (practice lineage).
	AdaptedFrom []string
	// Modified is when the page says the record last changed.
	Modified time.Time
}

// Text is a piece of text with its language ("" if unknown).
type Text struct {
	Value string
	Lang  string
}

// Organisation is an organisation named by a record.
type Organisation struct {
	Name string
	URL  string
}

// FirstTitle returns the record's title in its first given language.
func (r *Record) FirstTitle() string {
	for _, t := range r.Title {
		if t.Value != "" {
			return t.Value
		}
	}
	return ""
}

// cleanText collapses runs of white space and trims the ends.
func cleanText(s string) string { return strings.Join(strings.Fields(s), " ") }

// appendUnique appends the non-empty, cleaned values that are not there yet.
func appendUnique(list []string, values ...string) []string {
	for _, v := range values {
		v = cleanText(v)
		if v == "" {
			continue
		}
		dup := false
		for _, have := range list {
			if strings.EqualFold(have, v) {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, v)
		}
	}
	return list
}
