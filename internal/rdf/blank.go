package rdf

import (
	"strconv"
	"sync/atomic"
)

var scopeSeq atomic.Uint64

// BlankScope gives the blank nodes of one document labels that no other
// document's blank nodes share, so that data from two sources never merges
// by accident: "_:b1" in one page and "_:b1" in another stay two nodes.
type BlankScope struct {
	prefix string
	labels map[string]Term
	n      int
}

// NewBlankScope returns a fresh scope.
func NewBlankScope() *BlankScope {
	return &BlankScope{prefix: "s" + strconv.FormatUint(scopeSeq.Add(1), 36) + "x", labels: map[string]Term{}}
}

// Label returns the scoped blank node for a label as written in the document.
func (s *BlankScope) Label(label string) Term {
	if t, ok := s.labels[label]; ok {
		return t
	}
	t := s.Fresh()
	s.labels[label] = t
	return t
}

// Fresh returns a new blank node that no label of the document maps to.
func (s *BlankScope) Fresh() Term {
	s.n++
	return Blank(s.prefix + strconv.Itoa(s.n))
}
