package harvester

import (
	"sort"
	"strconv"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// maxRunErrors bounds the page errors recorded per run in the provenance
// graph; the report counts them all.
const maxRunErrors = 20

// provenanceChange describes run as a prov:Activity (sm:HarvestRun) in the
// provenance graph, describes the source, and removes the oldest runs of the
// source beyond keep, so the graph stays bounded over years of runs.
func (m *Mapper) provenanceChange(src *sourceconfig.Source, run *Run, oldProv []rdf.Triple, keep int) (add, remove []rdf.Quad) {
	t := m.terms
	g := m.iris.ProvenanceGraph()
	runIRI := m.iris.HarvestRun(src.ID, run.ID)
	srcIRI := m.iris.Source(src.ID)
	q := func(s, p, o rdf.Term) { add = append(add, rdf.Quad{S: s, P: p, O: o, G: g}) }
	dt := func(ts time.Time) rdf.Term { return rdf.Literal(ts.UTC().Format(time.RFC3339Nano), rdf.XSDDateTime) }
	integer := func(n int) rdf.Term { return rdf.Literal(strconv.Itoa(n), rdf.XSDInteger) }

	q(srcIRI, rdf.Type, t.Source)
	q(srcIRI, vocab.DCTTitle, rdf.String(src.Name))
	for _, u := range src.StartURLs {
		q(srcIRI, vocab.SchemaURL, rdf.IRI(u))
	}
	if u, ok := absoluteURL(src.Homepage); ok {
		q(srcIRI, vocab.DCATLandingPage, rdf.IRI(u))
	}

	q(runIRI, rdf.Type, t.HarvestRun)
	q(runIRI, rdf.Type, vocab.PROVActivity)
	q(runIRI, vocab.PROVUsed, srcIRI)
	q(runIRI, vocab.PROVStartedAtTime, dt(run.Started))
	q(runIRI, vocab.PROVEndedAtTime, dt(run.Finished))
	q(runIRI, t.RunStatus, rdf.String(string(run.Status)))
	q(runIRI, t.PagesFetched, integer(run.Pages))
	q(runIRI, t.PagesNotModified, integer(run.NotModified))
	q(runIRI, t.RecordsFound, integer(run.Records))
	q(runIRI, t.ErrorCount, integer(len(run.Errors)))
	q(runIRI, t.PracticesKept, integer(run.Kept))
	q(runIRI, t.PracticesWithdrawn, integer(run.Withdrawn))
	if run.Status != StatusFailed && run.Records > 0 {
		q(runIRI, t.QualityScore, rdf.Literal(strconv.FormatFloat(run.Mapping.Quality.Average, 'f', 3, 64), rdf.XSDDecimal))
	}
	if run.Status != StatusFailed {
		q(runIRI, vocab.PROVGenerated, m.SourceGraph(src.ID))
	}
	if run.Reason != "" {
		q(runIRI, t.RunError, rdf.String(run.Reason))
	}
	for i, e := range run.Errors {
		if i == maxRunErrors {
			break
		}
		q(runIRI, t.RunError, rdf.String(e.URL+": "+e.Err))
	}

	// Older runs of this source, newest first; drop those beyond keep.
	type oldRun struct {
		iri     rdf.Term
		started string
	}
	var runs []oldRun
	isRun := map[rdf.Term]bool{}
	for _, tr := range oldProv {
		if tr.P == vocab.PROVUsed && tr.O == srcIRI {
			isRun[tr.S] = true
		}
	}
	for _, tr := range oldProv {
		if isRun[tr.S] && tr.P == vocab.PROVStartedAtTime {
			runs = append(runs, oldRun{tr.S, tr.O.Value})
		}
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].started > runs[j].started })
	drop := map[rdf.Term]bool{}
	for i, r := range runs {
		if i >= keep-1 {
			drop[r.iri] = true
		}
	}
	// The source's description is restated on every run: what the
	// configuration no longer says (an old start URL, a former name) goes.
	current := map[rdf.Quad]bool{}
	for _, a := range add {
		current[a] = true
	}
	for _, tr := range oldProv {
		if tr.S == srcIRI && !current[rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: g}] {
			remove = append(remove, rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: g})
		}
	}
	for _, tr := range oldProv {
		if drop[tr.S] {
			remove = append(remove, rdf.Quad{S: tr.S, P: tr.P, O: tr.O, G: g})
		}
	}
	return add, remove
}
