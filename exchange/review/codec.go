package review

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Triples is a list of triples that encodes to compact JSON, keeping blank
// node labels as they are (N-Triples parsers rename them per document,
// which would make a stored record differ from the published one).
type Triples []rdf.Triple

// MarshalJSON writes each triple as three tagged strings: "I<iri>",
// "B<label>", "S<text>", "@<lang> <text>", "^<datatype> <text>".
func (ts Triples) MarshalJSON() ([]byte, error) {
	out := make([][3]string, len(ts))
	for i, t := range ts {
		out[i] = [3]string{encodeTerm(t.S), encodeTerm(t.P), encodeTerm(t.O)}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (ts *Triples) UnmarshalJSON(b []byte) error {
	var in [][3]string
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	out := make(Triples, len(in))
	for i, t := range in {
		var err error
		if out[i].S, err = decodeTerm(t[0]); err != nil {
			return err
		}
		if out[i].P, err = decodeTerm(t[1]); err != nil {
			return err
		}
		if out[i].O, err = decodeTerm(t[2]); err != nil {
			return err
		}
	}
	*ts = out
	return nil
}

func encodeTerm(t rdf.Term) string {
	switch t.Kind {
	case rdf.KindIRI:
		return "I" + t.Value
	case rdf.KindBlank:
		return "B" + t.Value
	case rdf.KindLiteral:
		switch {
		case t.Lang != "":
			return "@" + t.Lang + " " + t.Value
		case t.Datatype == rdf.XSDString || t.Datatype == "":
			return "S" + t.Value
		default:
			return "^" + t.Datatype + " " + t.Value
		}
	}
	return ""
}

func decodeTerm(s string) (rdf.Term, error) {
	if s == "" {
		return rdf.Term{}, nil
	}
	rest := s[1:]
	switch s[0] {
	case 'I':
		return rdf.IRI(rest), nil
	case 'B':
		return rdf.Blank(rest), nil
	case 'S':
		return rdf.String(rest), nil
	case '@':
		lang, v, ok := strings.Cut(rest, " ")
		if ok {
			return rdf.LangString(v, lang), nil
		}
	case '^':
		dt, v, ok := strings.Cut(rest, " ")
		if ok {
			return rdf.Literal(v, dt), nil
		}
	}
	return rdf.Term{}, fmt.Errorf("review: bad stored term %q", s)
}
