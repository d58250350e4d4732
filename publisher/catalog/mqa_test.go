package catalog

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/publisher"
	"github.com/skillsmap/skillsmap/publisher/catalog/mqa"
	"github.com/skillsmap/skillsmap/vocab"
)

// servedCatalog is the demo store published by the real publisher, with
// the catalog mounted and sized by it, as `skillsmap serve` runs them.
type servedCatalog struct {
	handler http.Handler
	graph   *rdf.Graph
}

func serveCatalog(t *testing.T) *servedCatalog {
	t.Helper()
	f := demoStore(t)
	var pub *publisher.Server
	open := func(ctx context.Context) (Input, func(), error) {
		snap, err := f.st.Snapshot(ctx)
		if err != nil {
			return Input{}, nil, err
		}
		in := f.input(t)
		in.Reader, in.Sizes = snap, pub
		return in, func() { snap.Close() }, nil
	}
	h := Handler(open)
	var mounts []publisher.Mount
	for _, r := range Routes() {
		mounts = append(mounts, publisher.Mount{Path: "/" + r, Handler: h, CORS: true})
	}
	pub, err := publisher.New(publisher.Options{Store: f.st, IRIs: f.iris, Mounts: mounts, DumpDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	s := &servedCatalog{handler: pub.Handler()}
	w := s.do(http.MethodGet, testBase+"catalog.ttl")
	if w.Code != 200 {
		t.Fatalf("catalog: %d %s", w.Code, w.Body.String())
	}
	qs, err := rdfio.Parse(bytes.NewReader(w.Body.Bytes()), rdfio.Turtle, rdfio.ParseOptions{Base: testBase})
	if err != nil {
		t.Fatal(err)
	}
	s.graph = rdf.NewGraph()
	for _, q := range qs {
		s.graph.Add(q.Triple())
	}
	return s
}

// do sends a request for an absolute URL of the publisher to its handler
// in the test process: no network.
func (s *servedCatalog) do(method, url string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, httptest.NewRequest(method, url, nil))
	return w
}

// status is what the MQA's URL check sees: HEAD, else GET.
func (s *servedCatalog) status(_ context.Context, url string) int {
	if w := s.do(http.MethodHead, url); w.Code != http.StatusMethodNotAllowed {
		return w.Code
	}
	return s.do(http.MethodGet, url).Code
}

// Every downloadable distribution states its size, and the size is what a
// download without content coding gets.
func TestCatalogByteSizesAreTheDownloads(t *testing.T) {
	s := serveCatalog(t)
	dists := s.graph.Subjects(rdf.Type, vocab.DCATDistribution)
	if len(dists) < 6 {
		t.Fatalf("%d distributions", len(dists))
	}
	for _, d := range dists {
		url := s.graph.Object(d, vocab.DCATDownloadURL).Value
		size := s.graph.Object(d, vocab.DCATByteSize)
		if size.Datatype != rdf.NSXSD+"nonNegativeInteger" {
			t.Errorf("%s: byte size %s", url, size)
			continue
		}
		w := s.do(http.MethodGet, url)
		if w.Code != 200 || w.Header().Get("Content-Encoding") != "" {
			t.Fatalf("%s: %d, Content-Encoding %q", url, w.Code, w.Header().Get("Content-Encoding"))
		}
		if n, _ := strconv.Atoi(size.Value); n != w.Body.Len() {
			t.Errorf("%s: dcat:byteSize %d, the download has %d bytes", url, n, w.Body.Len())
		}
	}
}

// The catalog scores 405 of 405 by data.europa.eu's Metadata Quality
// Assessment: the accessibility of its URLs asked of the publisher itself,
// DCAT-AP compliance by the official SHACL shapes.
func TestCatalogMQAScore(t *testing.T) {
	v := newSHACLValidator(t)
	s := serveCatalog(t)
	rep := v.validate(t, writeGraph(t, s.graph, rdfio.RDFXML), dcatAPShapes...)
	if n := rep.Total["Violation"]; n != 0 {
		t.Fatalf("the served catalog has %d SHACL violations", n)
	}
	res, err := mqa.Evaluate(context.Background(), s.graph, mqa.Options{
		Status:    s.status,
		Compliant: func(rdf.Term) bool { return true }, // no violation in the whole catalog
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", res)
	if len(res.Datasets) != 4 {
		t.Errorf("%d datasets scored, want the map's and 3 sources'", len(res.Datasets))
	}
	if res.Score != float64(mqa.MaxPoints()) || res.ShareScore != float64(mqa.MaxPoints()) {
		t.Errorf("MQA score %.1f (by shares %.1f), want %d", res.Score, res.ShareScore, mqa.MaxPoints())
	}
}
