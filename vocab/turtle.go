package vocab

import (
	"errors"
	"fmt"
	"io"

	knakk "github.com/knakk/rdf"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// parseTurtle reads a Turtle document, resolving relative IRIs against base.
// It is the only place that calls a Turtle parser, so that it can move to
// package rdfio when that exists.
//
// knakk's decoder resolves a relative IRI by appending it to the base, which
// is right for the forms ontology.ttl uses (<ns#>, <vocab/digcomp>) with a
// base that ends in "/". The embedded file has no blank nodes, which knakk
// is known to confuse.
func parseTurtle(r io.Reader, base string) (ts []rdf.Triple, err error) {
	defer func() {
		if p := recover(); p != nil {
			ts, err = nil, fmt.Errorf("parse Turtle: parser panic: %v", p)
		}
	}()
	dec := knakk.NewTripleDecoder(r, knakk.Turtle)
	baseIRI, err := knakk.NewIRI(base)
	if err != nil {
		return nil, fmt.Errorf("parse Turtle: base %q: %w", base, err)
	}
	if err := dec.SetOption(knakk.Base, baseIRI); err != nil {
		return nil, fmt.Errorf("parse Turtle: %w", err)
	}
	for {
		kt, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return ts, nil
		}
		if err != nil {
			return nil, fmt.Errorf("parse Turtle: %w", err)
		}
		t, err := fromKnakk(kt)
		if err != nil {
			return nil, fmt.Errorf("parse Turtle: %w", err)
		}
		ts = append(ts, t)
	}
}

func fromKnakk(t knakk.Triple) (rdf.Triple, error) {
	s, err := fromKnakkTerm(t.Subj)
	if err != nil {
		return rdf.Triple{}, err
	}
	p, err := fromKnakkTerm(t.Pred)
	if err != nil {
		return rdf.Triple{}, err
	}
	o, err := fromKnakkTerm(t.Obj)
	if err != nil {
		return rdf.Triple{}, err
	}
	return rdf.Triple{S: s, P: p, O: o}, nil
}

func fromKnakkTerm(t knakk.Term) (rdf.Term, error) {
	switch v := t.(type) {
	case knakk.IRI:
		return rdf.IRI(v.String()), nil
	case knakk.Blank:
		return rdf.Blank(v.String()), nil
	case knakk.Literal:
		if v.Lang() != "" {
			return rdf.LangString(v.String(), v.Lang()), nil
		}
		return rdf.Literal(v.String(), v.DataType.String()), nil
	}
	return rdf.Term{}, fmt.Errorf("unsupported term %T", t)
}
