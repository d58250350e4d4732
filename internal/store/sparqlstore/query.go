package sparqlstore

import (
	"context"
	"fmt"
	"net/url"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
)

// Query forwards a query the caller has parsed (form is its form) to the
// engine, with the protocol's dataset of opts, within opts.Timeout, and
// returns its result with the store's terms (blank nodes and opaque
// literals decoded) as a sparql.Result bounded by opts.MaxRows. The whole
// result is read before it is returned, within MaxResponseBytes.
func (s *Store) Query(ctx context.Context, text string, form sparql.Form, opts sparql.Options) (*sparql.Result, error) {
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	params := url.Values{"query": {text}}
	params["default-graph-uri"] = opts.DefaultGraphs
	params["named-graph-uri"] = opts.NamedGraphs
	accept := results.JSON.MediaType()
	if form == sparql.Construct || form == sparql.Describe {
		accept = rdfio.NTriples.MediaType()
	}
	resp, err := s.client.send(ctx, "query", s.opts.QueryURL, "application/x-www-form-urlencoded", accept, []byte(params.Encode()))
	if err != nil {
		return nil, wrapTimeout(err, opts)
	}
	defer resp.Body.Close()
	body := s.client.limited(resp.Body)
	rows := sparql.Rows{Form: form}
	switch form {
	case sparql.Construct, sparql.Describe:
		ts, err := rdfio.ParseTriples(body, rdfio.NTriples, rdfio.ParseOptions{})
		if err != nil {
			return nil, wrapTimeout(fmt.Errorf("sparqlstore: result of a forwarded query: %w", err), opts)
		}
		for _, t := range ts {
			rows.Triples = append(rows.Triples, rdf.Triple{S: s.codec.decode(t.S), P: s.codec.decode(t.P), O: s.codec.decode(t.O)})
		}
	default:
		res, err := results.Read(body, results.JSON)
		if err != nil {
			return nil, wrapTimeout(fmt.Errorf("sparqlstore: result of a forwarded query: %w", err), opts)
		}
		if res.Boolean != nil {
			rows.Boolean = *res.Boolean
		}
		rows.Vars = res.Vars
		for _, r := range res.Rows {
			out := make([]rdf.Term, len(r))
			for i, t := range r {
				out[i] = s.codec.decode(t)
			}
			rows.Solutions = append(rows.Solutions, out)
		}
	}
	return sparql.NewResult(rows, opts.MaxRows), nil
}

// wrapTimeout marks a request that ran out of the query's time.
func wrapTimeout(err error, opts sparql.Options) error {
	if opts.Timeout > 0 && errorsIsDeadline(err) {
		return fmt.Errorf("%w: %w", sparql.ErrTimeout, err)
	}
	return err
}
