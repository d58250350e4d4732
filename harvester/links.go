package harvester

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// SameAsGraph is the graph the harvester owns for links between practices
// of different sources that describe the same practice, {base}graph/same-as.
func (m *Mapper) SameAsGraph() rdf.Term { return m.iris.SameAsGraph() }

// practiceKeys are what recognise one practice on two partner sites: its
// canonical URL (schema:url), or its title together with a place name.
func practiceKeys(g []rdf.Triple, t vocab.Terms) map[rdf.Term][]string {
	live := map[rdf.Term]bool{}
	titles := map[rdf.Term][]string{}
	urls := map[rdf.Term]string{}
	places := map[rdf.Term][]rdf.Term{}
	names := map[rdf.Term]string{}
	for _, tr := range g {
		switch tr.P {
		case rdf.Type:
			if tr.O == t.Practice {
				live[tr.S] = true
			}
		case vocab.DCTTitle:
			titles[tr.S] = append(titles[tr.S], tr.O.Value)
		case vocab.SchemaURL:
			urls[tr.S] = tr.O.Value
		case vocab.LOCNLocation:
			places[tr.S] = append(places[tr.S], tr.O)
		case vocab.LOCNGeographicName:
			names[tr.S] = tr.O.Value
		}
	}
	out := map[rdf.Term][]string{}
	for p := range live {
		var keys []string
		if u := canonicalKey(urls[p]); u != "" {
			keys = append(keys, "url "+u)
		}
		for _, title := range titles[p] {
			ts := vocab.Slug(title)
			if ts == "" {
				continue
			}
			for _, pl := range places[p] {
				if n := vocab.Slug(names[pl]); n != "" {
					keys = append(keys, "title "+ts+" in "+n)
				}
			}
		}
		out[p] = keys
	}
	return out
}

// canonicalKey normalises a practice URL: scheme, "www.", case of the
// host, trailing slash, query order and fragment do not matter.
func canonicalKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	p := strings.TrimSuffix(u.EscapedPath(), "/")
	q := u.Query().Encode()
	if q != "" {
		q = "?" + q
	}
	return host + p + q
}

// sameAsLinks links every practice to the practices of other sources that
// share one of its keys, with schema:sameAs in both directions. sources
// maps each source graph to its triples.
func sameAsLinks(sources map[rdf.Term][]rdf.Triple, t vocab.Terms) []rdf.Triple {
	type owned struct {
		practice, graph rdf.Term
	}
	byKey := map[string][]owned{}
	graphs := make([]rdf.Term, 0, len(sources))
	for g := range sources {
		graphs = append(graphs, g)
	}
	sort.Slice(graphs, func(i, j int) bool { return graphs[i].Value < graphs[j].Value })
	for _, g := range graphs {
		for p, keys := range practiceKeys(sources[g], t) {
			for _, k := range keys {
				byKey[k] = append(byKey[k], owned{p, g})
			}
		}
	}
	links := rdf.NewGraph()
	for _, list := range byKey {
		for _, a := range list {
			for _, b := range list {
				if a.graph != b.graph && a.practice != b.practice {
					links.Add(rdf.Triple{S: a.practice, P: vocab.SchemaSameAs, O: b.practice})
				}
			}
		}
	}
	return links.Sorted()
}

// linkChange recomputes the same-as graph, with data as the new graph of
// src (nil: its graph does not change), and adds it to c.
func (h *Harvester) linkChange(ctx context.Context, src *sourceconfig.Source, data *rdf.Graph, c *Change) error {
	m := h.opts.Mapper
	sources := map[rdf.Term][]rdf.Triple{}
	for _, id := range h.order {
		g := m.SourceGraph(id)
		if id == src.ID && data != nil {
			sources[g] = data.Triples()
			continue
		}
		ts, err := h.sink.Graph(ctx, g)
		if err != nil {
			return fmt.Errorf("read %s for same-as links: %w", g.Value, err)
		}
		sources[g] = ts
	}
	if c.Replace == nil {
		c.Replace = map[rdf.Term][]rdf.Triple{}
	}
	c.Replace[m.SameAsGraph()] = sameAsLinks(sources, m.terms)
	return nil
}
