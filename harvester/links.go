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
// share one of its keys, with schema:sameAs in both directions. keys maps
// each source graph to its practices' keys (practiceKeys).
func sameAsLinks(keys map[rdf.Term]map[rdf.Term][]string) []rdf.Triple {
	type owned struct {
		practice, graph rdf.Term
	}
	byKey := map[string][]owned{}
	graphs := make([]rdf.Term, 0, len(keys))
	for g := range keys {
		graphs = append(graphs, g)
	}
	sort.Slice(graphs, func(i, j int) bool { return graphs[i].Value < graphs[j].Value })
	for _, g := range graphs {
		for p, ks := range keys[g] {
			for _, k := range ks {
				byKey[k] = append(byKey[k], owned{p, g})
			}
		}
	}
	links := rdf.NewGraph()
	for _, list := range byKey {
		if len(list) < 2 {
			continue
		}
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

// GraphStamper is a Sink that can say cheaply whether graphs changed: a
// stamp that differs from an earlier one (or is "") means the graph may
// have changed. With it the harvester reads only the source graphs that
// changed since its last commit to recompute the same-as links, instead of
// every source graph at every commit.
type GraphStamper interface {
	GraphStamps(ctx context.Context, graphs []rdf.Term) (map[rdf.Term]string, error)
}

// sourceKeys are the practice keys of one source graph as of a stamp.
type sourceKeys struct {
	stamp string
	keys  map[rdf.Term][]string
}

// linkChange recomputes the same-as graph, with data as the new graph of
// src (nil: its graph does not change), and adds it to c. It holds
// commitMu. Source graphs whose stamp did not change since they were last
// read are not read again.
func (h *Harvester) linkChange(ctx context.Context, src *sourceconfig.Source, data *rdf.Graph, c *Change) error {
	m := h.opts.Mapper
	var graphs []rdf.Term
	for _, id := range h.order {
		graphs = append(graphs, m.SourceGraph(id))
	}
	var stamps map[rdf.Term]string
	if st, ok := h.sink.(GraphStamper); ok {
		var err error
		if stamps, err = st.GraphStamps(ctx, graphs); err != nil {
			return fmt.Errorf("same-as links: %w", err)
		}
	}
	if h.linkKeys == nil {
		h.linkKeys = map[rdf.Term]sourceKeys{}
	}
	keys := map[rdf.Term]map[rdf.Term][]string{}
	for i, id := range h.order {
		g := graphs[i]
		if id == src.ID && data != nil {
			keys[g] = practiceKeys(data.Triples(), m.terms)
			continue
		}
		if cached, ok := h.linkKeys[g]; ok && cached.stamp != "" && cached.stamp == stamps[g] {
			keys[g] = cached.keys
			continue
		}
		ts, err := h.sink.Graph(ctx, g)
		if err != nil {
			return fmt.Errorf("read %s for same-as links: %w", g.Value, err)
		}
		keys[g] = practiceKeys(ts, m.terms)
		h.linkKeys[g] = sourceKeys{stamp: stamps[g], keys: keys[g]}
	}
	if c.Replace == nil {
		c.Replace = map[rdf.Term][]rdf.Triple{}
	}
	c.Replace[m.SameAsGraph()] = sameAsLinks(keys)
	if data != nil {
		// Remembered under its stamp once the commit is written (see
		// rememberLinkKeys).
		h.pendingKeys = &pendingKeys{graph: m.SourceGraph(src.ID), keys: keys[m.SourceGraph(src.ID)]}
	}
	return nil
}

// pendingKeys are the keys of the graph a commit is writing.
type pendingKeys struct {
	graph rdf.Term
	keys  map[rdf.Term][]string
}

// rememberLinkKeys records, after a commit, the keys of the source graph it
// wrote under the graph's new stamp, so that the next commit of another
// source does not read it again. It holds commitMu.
func (h *Harvester) rememberLinkKeys(ctx context.Context, written bool) {
	pk := h.pendingKeys
	h.pendingKeys = nil
	if pk == nil {
		return
	}
	st, ok := h.sink.(GraphStamper)
	if !written || !ok {
		delete(h.linkKeys, pk.graph)
		return
	}
	stamps, err := st.GraphStamps(ctx, []rdf.Term{pk.graph})
	if err != nil {
		delete(h.linkKeys, pk.graph)
		return
	}
	h.linkKeys[pk.graph] = sourceKeys{stamp: stamps[pk.graph], keys: pk.keys}
}
