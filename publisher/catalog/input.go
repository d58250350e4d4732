package catalog

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// Input is what the catalog and the VoID description are built from: the
// deployment's configuration and a consistent snapshot of the store.
type Input struct {
	// IRIs mints the deployment's IRIs; its base is the publisher's URL.
	IRIs vocab.IRIs
	// Catalog is the metadata of skillsmap.yaml's catalog section.
	Catalog config.Catalog
	// Sources are the configured partner sources. Source graphs in the
	// store whose source is no longer configured are described too.
	Sources []Source
	// Reader is a store snapshot: statistics, modification times, the
	// countries and dates of the practices.
	Reader store.Reader
	// SPARQL is the URL of the SPARQL endpoint ({base}sparql when empty).
	SPARQL string
	// MetadataLanguage is the BCP 47 tag of the configured title and
	// description (default "en").
	MetadataLanguage string
	// Now is when the description is made. It anchors cron schedules when
	// their frequency is worked out, and dates a store that was never
	// written.
	Now time.Time
	// Sizes, when set, gives the byte sizes of the downloadable
	// distributions (dcat:byteSize); without it the catalog has none.
	Sizes Sizer
}

// Sizer tells the size in bytes of a file the publisher serves for
// download, at the store state r, as a client that asks for no content
// coding gets it; ok is false for a URL it does not serve.
// *publisher.Server is one.
type Sizer interface {
	ByteSize(ctx context.Context, r store.Reader, downloadURL string) (size int64, ok bool, err error)
}

// Source is a configured partner source as the catalog describes it.
type Source struct {
	ID       string
	Name     string
	Homepage string
	// Schedule gives the dataset's accrual periodicity.
	Schedule sourceconfig.Schedule
}

// SourcesFrom returns the catalog's view of configured sources.
func SourcesFrom(srcs []sourceconfig.Source) []Source {
	out := make([]Source, len(srcs))
	for i, s := range srcs {
		out[i] = Source{ID: s.ID, Name: s.Name, Homepage: s.Homepage, Schedule: s.Schedule}
	}
	return out
}

// FieldError says which catalog setting is wrong.
type FieldError struct {
	Field string // "catalog.contact_email"
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// CheckConfig reports settings of the catalog section that would make the
// catalog invalid DCAT-AP: cmd can call it at start to fail early. Catalog
// and VoID return the same errors.
func CheckConfig(c config.Catalog) error {
	if strings.TrimSpace(c.Title) == "" {
		return &FieldError{"catalog.title", errors.New("must not be empty: DCAT-AP requires a title")}
	}
	if strings.TrimSpace(c.Description) == "" {
		return &FieldError{"catalog.description", errors.New("must not be empty: DCAT-AP requires a description")}
	}
	if strings.TrimSpace(c.Publisher) == "" {
		return &FieldError{"catalog.publisher", errors.New("must not be empty: DCAT-AP requires a publisher with a name")}
	}
	if c.PublisherURL != "" && !isHTTPURL(c.PublisherURL) {
		return &FieldError{"catalog.publisher_url", fmt.Errorf("%q is not an absolute http(s) URL", c.PublisherURL)}
	}
	if c.PublisherType != "" {
		if _, ok := publisherType(c.PublisherType); !ok {
			return &FieldError{"catalog.publisher_type", fmt.Errorf("%q is not an ADMS publisher type (e.g. NonProfitOrganisation, LocalAuthority)", c.PublisherType)}
		}
	}
	if c.ContactEmail != "" {
		if a, err := mail.ParseAddress(c.ContactEmail); err != nil || a.Name != "" || a.Address != c.ContactEmail {
			return &FieldError{"catalog.contact_email", fmt.Errorf("%q is not a plain e-mail address", c.ContactEmail)}
		}
	}
	if c.License == "" || !isHTTPURL(c.License) {
		return &FieldError{"catalog.license", fmt.Errorf("%q is not a licence IRI", c.License)}
	}
	return nil
}

// check validates an Input before anything is built from it.
func (in *Input) check() error {
	if in.IRIs.Base() == "" {
		return errors.New("catalog: Input.IRIs is not set")
	}
	if in.Reader == nil {
		return errors.New("catalog: Input.Reader is not set")
	}
	if err := CheckConfig(in.Catalog); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	seen := map[string]bool{}
	for i, s := range in.Sources {
		if s.ID == "" {
			return fmt.Errorf("catalog: Sources[%d] has no ID", i)
		}
		if seen[s.ID] {
			return fmt.Errorf("catalog: source %q given twice", s.ID)
		}
		seen[s.ID] = true
		if s.Homepage != "" && !isHTTPURL(s.Homepage) {
			return fmt.Errorf("catalog: source %q: homepage %q is not an absolute http(s) URL", s.ID, s.Homepage)
		}
	}
	if in.SPARQL != "" && !isHTTPURL(in.SPARQL) {
		return fmt.Errorf("catalog: SPARQL endpoint %q is not an absolute http(s) URL", in.SPARQL)
	}
	return nil
}

func (in *Input) sparqlEndpoint() string {
	if in.SPARQL != "" {
		return in.SPARQL
	}
	return in.IRIs.Base() + SPARQLPath
}

func (in *Input) lang() string {
	if in.MetadataLanguage != "" {
		return in.MetadataLanguage
	}
	return "en"
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		!strings.ContainsAny(s, " <>\"{}|\\^`")
}
