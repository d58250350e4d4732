package rdfio

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	knakk "github.com/knakk/rdf"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// These tests measure github.com/knakk/rdf's decoders, which this package
// does not use for parsing, and pin the defects that made us write our own
// (see doc.go and CONFORMANCE.md). They run only with -rdfio.knakk, since
// they test another module's bugs: if one of them starts failing, knakk has
// been fixed and the decision deserves a second look.
var knakkBaseline = flag.Bool("rdfio.knakk", false, "measure knakk/rdf's decoders on the W3C suites and check its known defects")

func requireKnakkFlag(t *testing.T) {
	if !*knakkBaseline {
		t.Skip("knakk baseline: run with -rdfio.knakk")
	}
}

// knakkTerm converts a knakk term the way a boundary adapter would.
func knakkTerm(t knakk.Term) rdf.Term {
	switch x := t.(type) {
	case knakk.IRI:
		return rdf.IRI(x.String())
	case knakk.Blank:
		return rdf.Blank(x.String())
	case knakk.Literal:
		if x.Lang() != "" {
			return rdf.LangString(x.String(), x.Lang())
		}
		return rdf.Literal(x.String(), x.DataType.String())
	}
	return rdf.Term{}
}

// knakkParse parses with knakk, recovering the panics it raises in the
// caller's goroutine (those in its lexer goroutine cannot be recovered).
func knakkParse(data []byte, f knakk.Format, base string) (qs []rdf.Quad, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	if f == knakk.NQuads {
		d := knakk.NewQuadDecoder(bytes.NewReader(data), f)
		for {
			q, err := d.Decode()
			if err == io.EOF {
				return qs, nil
			}
			if err != nil {
				return nil, err
			}
			g := knakkTerm(q.Ctx)
			if g.IsBlank() && g.Value == "defaultGraph" {
				g = rdf.Term{}
			}
			qs = append(qs, rdf.Quad{S: knakkTerm(q.Subj), P: knakkTerm(q.Pred), O: knakkTerm(q.Obj), G: g})
		}
	}
	d := knakk.NewTripleDecoder(bytes.NewReader(data), f)
	if base != "" {
		b, _ := knakk.NewIRI(base)
		d.SetOption(knakk.Base, b)
	}
	for {
		tr, err := d.Decode()
		if err == io.EOF {
			return qs, nil
		}
		if err != nil {
			return nil, err
		}
		qs = append(qs, rdf.Quad{S: knakkTerm(tr.Subj), P: knakkTerm(tr.Pred), O: knakkTerm(tr.Obj)})
	}
}

func TestKnakkBaseline(t *testing.T) {
	requireKnakkFlag(t)
	suites := []struct {
		name string
		f    knakk.Format
	}{{"rdf-n-triples", knakk.NTriples}, {"rdf-n-quads", knakk.NQuads}, {"rdf-turtle", knakk.Turtle}, {"rdf-xml", knakk.RDFXML}}
	for _, st := range suites {
		s := loadRDFSuite(t, st.name)
		var c tally
		for _, tc := range s.Tests {
			data, err := os.ReadFile(s.File(tc.Action))
			if err != nil {
				t.Fatal(err)
			}
			got, err := knakkParse(data, st.f, tc.Action)
			ok := false
			switch {
			case strings.Contains(tc.Type, "Negative"):
				ok = err != nil
			case strings.HasSuffix(tc.Type, "PositiveSyntax"):
				ok = err == nil
			default:
				want, werr := parseFile(s, tc.Result, NTriples)
				ok = err == nil && werr == nil && rdf.IsomorphicQuads(got, want)
			}
			if ok {
				c.pass++
			} else {
				c.fail++
				t.Logf("knakk fails %s/%s (%s): %v", st.name, tc.Name, tc.Type, err)
			}
		}
		c.report(t, "knakk "+st.name)
	}
}

func TestKnakkKnownDefects(t *testing.T) {
	requireKnakkFlag(t)
	t.Run("Turtle: [] and _:b1 become one node", func(t *testing.T) {
		qs, err := knakkParse([]byte(`<http://s> <http://p> [ <http://q> "anon" ] . _:b1 <http://q> "labelled" .`), knakk.Turtle, "")
		if err != nil || len(qs) != 3 || qs[1].S != qs[2].S {
			t.Errorf("defect gone? %v %v", qs, err)
		}
	})
	t.Run("Turtle: relative IRIs are concatenated to the base", func(t *testing.T) {
		qs, err := knakkParse([]byte(`<../x> <http://p> <http://o> .`), knakk.Turtle, "http://h/a/b")
		if err != nil || len(qs) != 1 || qs[0].S.Value != "http://h/a/b../x" {
			t.Errorf("defect gone? %v %v", qs, err)
		}
	})
	t.Run("RDF/XML: mailto: and urn: IRIs are refused", func(t *testing.T) {
		doc := `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:v="http://v/"><rdf:Description rdf:about="http://s"><v:p rdf:resource="mailto:a@b.example"/></rdf:Description></rdf:RDF>`
		if _, err := knakkParse([]byte(doc), knakk.RDFXML, ""); err == nil {
			t.Error("defect gone: knakk reads mailto: IRIs")
		}
	})
	t.Run("N-Triples: the lexer goroutine crashes the process", func(t *testing.T) {
		if os.Getenv("RDFIO_KNAKK_CRASH") == "1" {
			knakk.NewTripleDecoder(strings.NewReader(".1A<"), knakk.NTriples).Decode()
			time.Sleep(time.Second)
			return
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKnakkKnownDefects$/lexer", "-rdfio.knakk")
		cmd.Env = append(os.Environ(), "RDFIO_KNAKK_CRASH=1")
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "panic: runtime error") {
			t.Errorf("defect gone? the 4-byte input .1A< no longer crashes knakk:\n%s", out)
		}
	})
}

func benchmarkKnakkParse(b *testing.B, f Format, kf knakk.Format) {
	doc := benchDoc(b, f)
	b.SetBytes(int64(len(doc)))
	b.ResetTimer()
	for b.Loop() {
		qs, err := knakkParse(doc, kf, "")
		if err != nil || len(qs) != benchSize {
			b.Fatalf("%d quads, %v", len(qs), err)
		}
	}
	b.ReportMetric(float64(benchSize)*float64(b.N)/b.Elapsed().Seconds(), "triples/s")
}

func BenchmarkKnakkParseNTriples(b *testing.B) { benchmarkKnakkParse(b, NTriples, knakk.NTriples) }
func BenchmarkKnakkParseTurtle(b *testing.B)   { benchmarkKnakkParse(b, Turtle, knakk.Turtle) }
