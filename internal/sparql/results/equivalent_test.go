package results

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// tsvTable builds a table from TSV text, which keeps test tables readable.
func tsvTable(t *testing.T, doc string) *Table {
	t.Helper()
	res, err := Read(strings.NewReader(doc), TSV)
	if err != nil {
		t.Fatalf("bad test table: %v\n%s", err, doc)
	}
	return &res.Table
}

func TestEquivalent(t *testing.T) {
	tests := []struct {
		name              string
		expected, actual  string
		ordered, wantSame bool
	}{
		{"identical", "?a\n1\n2\n", "?a\n1\n2\n", false, true},
		{"bag order ignored", "?a\n1\n2\n", "?a\n2\n1\n", false, true},
		{"sequence order matters", "?a\n1\n2\n", "?a\n2\n1\n", true, false},
		{"column order ignored", "?a\t?b\n1\t2\n", "?b\t?a\n2\t1\n", true, true},
		{"different variables", "?a\n1\n", "?b\n1\n", false, false},
		{"duplicates counted", "?a\n1\n1\n2\n", "?a\n1\n2\n2\n", false, false},
		{"missing row", "?a\n1\n2\n", "?a\n1\n", false, false},
		{"unbound differs from bound", "?a\t?b\n1\t\n", "?a\t?b\n1\t2\n", false, false},
		{"datatype matters", "?a\n1\n", "?a\n\"1\"\n", false, false},
		{"lexical form matters", "?a\n1.0e0\n", "?a\n1E0\n", false, false},
		{"blank nodes renamed", "?a\t?b\n_:x\t_:y\n_:y\t_:x\n", "?a\t?b\n_:p\t_:q\n_:q\t_:p\n", false, true},
		{"blank node sharing must match", "?a\t?b\n_:x\t_:x\n", "?a\t?b\n_:p\t_:q\n", false, false},
		{"renaming is a bijection", "?a\n_:x\n_:y\n", "?a\n_:p\n_:p\n", false, false},
		{"renaming is consistent across rows", "?a\t?b\n_:x\t1\n_:x\t2\n", "?a\t?b\n_:p\t1\n_:q\t2\n", false, false},
		{"blank node is not an IRI", "?a\n_:x\n", "?a\n<http://x>\n", false, false},
		{"blank rows in order", "?a\t?b\n_:x\t1\n_:y\t2\n_:x\t3\n", "?a\t?b\n_:q\t1\n_:r\t2\n_:q\t3\n", true, true},
		{"blank rows in order, inconsistent", "?a\t?b\n_:x\t1\n_:y\t2\n_:x\t3\n", "?a\t?b\n_:q\t1\n_:r\t2\n_:r\t3\n", true, false},
		{"empty tables", "?a\n", "?a\n", false, true},
		{"sequence too short", "?a\n1\n2\n", "?a\n1\n", true, false},
		{"sequence too long", "?a\n1\n", "?a\n1\n2\n", true, false},
		{
			// Only the chain's order disambiguates: matching row 1 to either
			// actual row looks fine until the third row.
			"backtracking among ambiguous rows",
			"?s\t?o\n_:a\t_:b\n_:b\t_:c\n_:c\t<http://end>\n",
			"?s\t?o\n_:2\t_:3\n_:1\t_:2\n_:3\t<http://end>\n", false, true,
		},
		{
			"ambiguous rows that cannot match",
			"?s\t?o\n_:a\t_:b\n_:b\t_:a\n",
			"?s\t?o\n_:1\t_:2\n_:3\t_:4\n", false, false,
		},
	}
	for _, tc := range tests {
		err := Equivalent(tsvTable(t, tc.expected), tsvTable(t, tc.actual), tc.ordered)
		if (err == nil) != tc.wantSame {
			t.Errorf("%s: Equivalent = %v, want equivalent=%v", tc.name, err, tc.wantSame)
		}
		if err != nil && !errors.Is(err, ErrNotEquivalent) {
			t.Errorf("%s: error %v does not match ErrNotEquivalent", tc.name, err)
		}
	}
}

func TestEquivalentDiffIsReadable(t *testing.T) {
	err := Equivalent(
		tsvTable(t, "?name\t?age\n\"Alice\"\t30\n\"Bob\"\t25\n"),
		tsvTable(t, "?age\t?name\n30\t\"Alice\"\n26\t\"Bob\"\n"), false)
	if err == nil {
		t.Fatal("difference not found")
	}
	msg := err.Error()
	for _, want := range []string{"expected but missing (?name ?age):", `"Bob"  25`, "present but not expected", `"Bob"  26`} {
		if !strings.Contains(msg, want) {
			t.Errorf("diff lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "Alice") {
		t.Errorf("diff lists a matching row:\n%s", msg)
	}
}

func TestEquivalentCSVAndNormalize(t *testing.T) {
	// A CSV file against the typed terms a query produced.
	csvDoc := "s,o\r\nhttp://example.org/s,4\r\n_:b,chat\r\nhttp://example.org/t,\r\n"
	expected, err := Read(strings.NewReader(csvDoc), CSV)
	if err != nil {
		t.Fatal(err)
	}
	actual := &Table{Vars: []string{"s", "o"}, Rows: [][]rdf.Term{
		{rdf.Blank("z"), rdf.LangString("chat", "fr")},
		{rdf.IRI("http://example.org/s"), rdf.Literal("4", rdf.XSDInteger)},
		{rdf.IRI("http://example.org/t"), {}},
	}}
	if err := EquivalentCSV(&expected.Table, actual, false); err != nil {
		t.Errorf("EquivalentCSV: %v", err)
	}
	actual.Rows[1][1] = rdf.Literal("4.0", rdf.XSDDecimal)
	if err := EquivalentCSV(&expected.Table, actual, false); err == nil {
		t.Error("EquivalentCSV ignored a different lexical form")
	}
	// A normalizer that reads doubles by value.
	canon := func(t rdf.Term) rdf.Term {
		if t.Datatype == rdf.XSDDouble {
			var f float64
			if _, err := fmt.Sscan(t.Value, &f); err == nil {
				return rdf.Literal(fmt.Sprint(f), rdf.XSDDouble)
			}
		}
		return t
	}
	a := tsvTable(t, "?x\n1.0E0\n")
	b := tsvTable(t, "?x\n1e0\n")
	if err := EquivalentWith(a, b, Options{Normalize: canon}); err != nil {
		t.Errorf("with Normalize: %v", err)
	}
	if err := Equivalent(a, b, false); err == nil {
		t.Error("without Normalize 1.0E0 and 1e0 should differ")
	}
}

func TestEquivalentResultsBoolean(t *testing.T) {
	yes, no := true, false
	if err := EquivalentResults(&Result{Boolean: &yes}, &Result{Boolean: &yes}, Options{}); err != nil {
		t.Error(err)
	}
	if err := EquivalentResults(&Result{Boolean: &yes}, &Result{Boolean: &no}, Options{}); err == nil {
		t.Error("true and false compared equal")
	}
	if err := EquivalentResults(&Result{Boolean: &yes}, &Result{Table: Table{Vars: []string{}}}, Options{}); err == nil {
		t.Error("boolean and table compared equal")
	}
}

// Many interchangeable blank-node rows: the search must stay bounded.
func TestEquivalentBlankSearchIsBounded(t *testing.T) {
	var exp, act strings.Builder
	exp.WriteString("?a\t?b\n")
	act.WriteString("?a\t?b\n")
	const n = 300
	for i := 0; i < n; i++ {
		fmt.Fprintf(&exp, "_:e%d\t_:e%d\n", i, (i+1)%n) // one cycle of length n
		fmt.Fprintf(&act, "_:a%d\t_:a%d\n", (i*7)%n, (i*7+1)%n)
	}
	if err := Equivalent(tsvTable(t, exp.String()), tsvTable(t, act.String()), false); err != nil {
		t.Errorf("a renamed cycle: %v", err)
	}
	// Two cycles of half length cannot match one long cycle; the search
	// must fail, either by exhausting options or at the step bound.
	var split strings.Builder
	split.WriteString("?a\t?b\n")
	for i := 0; i < n; i++ {
		h := n / 2
		fmt.Fprintf(&split, "_:c%d_%d\t_:c%d_%d\n", i/h, i%h, i/h, (i+1)%h)
	}
	err := EquivalentWith(tsvTable(t, exp.String()), tsvTable(t, split.String()), Options{MaxSteps: 20000})
	if !errors.Is(err, ErrNotEquivalent) {
		t.Errorf("one cycle against two: %v", err)
	}
}
