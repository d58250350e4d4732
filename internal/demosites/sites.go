package demosites

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sort"
	"time"
)

// Site is one demo partner site.
type Site struct {
	// ID is the source ID the demo configures for the site.
	ID string
	// Name is the site's name.
	Name string
	// Style says how the site publishes, for the demo's printout.
	Style string
	// Practices lists the IDs of the practices the site publishes.
	Practices []string
	handler   func(base string) http.Handler
}

// Handler returns the site's handler for a site served at base (with no
// trailing slash), e.g. "http://127.0.0.1:40123".
func (s *Site) Handler(base string) http.Handler { return s.handler(base) }

// SharedIDs are the practices of practices.csv that no demo site
// publishes: the demo's organisation shares them through the exchange, and
// they wait for an editor.
var SharedIDs = []string{"ro-library-hubs", "it-for-she"}

// Shared returns the practices of SharedIDs.
func Shared() ([]Practice, error) {
	all, err := Practices()
	if err != nil {
		return nil, err
	}
	var out []Practice
	for _, id := range SharedIDs {
		i := slices.IndexFunc(all, func(p Practice) bool { return p.ID == id })
		if i < 0 {
			return nil, fmt.Errorf("demo: no practice %q in practices.csv", id)
		}
		out = append(out, all[i])
	}
	return out, nil
}

// Sites returns the three demo sites: a JSON-LD site with a sitemap, a
// paginated HTML listing without structured data, and a German-language page
// carrying all its practices in one JSON-LD @graph.
func Sites() ([]*Site, error) {
	all, err := Practices()
	if err != nil {
		return nil, err
	}
	byID := map[string]Practice{}
	for _, p := range all {
		byID[p.ID] = p
	}
	pick := func(ids ...string) ([]Practice, error) {
		var out []Practice
		for _, id := range ids {
			p, ok := byID[id]
			if !ok {
				return nil, fmt.Errorf("demo site: no practice %q in practices.csv", id)
			}
			out = append(out, p)
			delete(byID, id)
		}
		return out, nil
	}
	urban, err := pick("as-fabrik", "steamcity-aveiro", "cluj-future-of-work", "passport4work", "gsip-vantaa",
		"nextgen-ventspils", "bridge-rotterdam", "nacka-digital-skills-boost", "go4digreen", "digits")
	if err != nil {
		return nil, err
	}
	berlin, err := pick("mikado", "digital-empowerment")
	if err != nil {
		return nil, err
	}
	if _, err := pick(SharedIDs...); err != nil {
		return nil, err
	}
	// Everything else goes to the archive, so no practice of the file is left out.
	var rest []string
	for id := range byID {
		rest = append(rest, id)
	}
	sort.Strings(rest)
	archive, err := pick(rest...)
	if err != nil {
		return nil, err
	}
	ids := func(ps []Practice) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.ID
		}
		return out
	}
	return []*Site{
		{ID: "urban-skills", Name: "Urban Skills Exchange", Style: "schema.org JSON-LD on every page, sitemap.xml",
			Practices: ids(urban), handler: func(base string) http.Handler { return newJSONLDSite(base, urban) }},
		{ID: "skills-archive", Name: "Digital Skills Practice Archive", Style: "paginated HTML listing, detail pages without structured data",
			Practices: ids(archive), handler: func(base string) http.Handler { return newListingSite(base, archive) }},
		{ID: "teilhabe-berlin", Name: "Digitale Teilhabe – Projektdatenbank", Style: "German page with one JSON-LD @graph",
			Practices: ids(berlin), handler: func(base string) http.Handler { return newGraphSite(base, berlin) }},
	}, nil
}

// Running is a demo site listening on loopback.
type Running struct {
	*Site
	// URL is the base URL, e.g. "http://127.0.0.1:40123".
	URL    string
	server *http.Server
}

// Start serves every demo site on its own loopback port (port 0 picks a free
// one). The sites stop when ctx ends or Stop is called.
func Start(ctx context.Context) ([]*Running, error) {
	sites, err := Sites()
	if err != nil {
		return nil, err
	}
	var out []*Running
	for _, s := range sites {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			Stop(out)
			return nil, fmt.Errorf("demo site %s: %w", s.ID, err)
		}
		base := "http://" + ln.Addr().String()
		srv := &http.Server{Handler: s.Handler(base), ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				fmt.Printf("demo site %s: %v\n", s.ID, err)
			}
		}()
		out = append(out, &Running{Site: s, URL: base, server: srv})
	}
	go func() {
		<-ctx.Done()
		Stop(out)
	}()
	return out, nil
}

// Stop shuts the sites down.
func Stop(sites []*Running) {
	for _, s := range sites {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		s.server.Shutdown(ctx)
		cancel()
	}
}
