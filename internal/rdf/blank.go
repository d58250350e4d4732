package rdf

import (
	"strconv"
	"sync"
	"sync/atomic"
)

var scopeSeq atomic.Uint64

// BlankScope gives the blank nodes of one document labels that no other
// document's blank nodes share, so that data from two sources never merges
// by accident: "_:b1" in one page and "_:b1" in another stay two nodes.
type BlankScope struct {
	prefix string
	mu     *sync.Mutex // set for a shared scope
	labels map[string]Term
	n      int
}

// NewBlankScope returns a fresh scope.
func NewBlankScope() *BlankScope {
	return &BlankScope{prefix: "s" + strconv.FormatUint(scopeSeq.Add(1), 36) + "x", labels: map[string]Term{}}
}

// NewSharedBlankScope returns a fresh scope that several goroutines may use
// at once: parsers of the parts of one document (N-Triples split into
// chunks) share it so that a label means one node in every part.
func NewSharedBlankScope() *BlankScope {
	s := NewBlankScope()
	s.mu = &sync.Mutex{}
	return s
}

// Label returns the scoped blank node for a label as written in the document.
func (s *BlankScope) Label(label string) Term {
	if s.mu != nil {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	if t, ok := s.labels[label]; ok {
		return t
	}
	t := s.fresh()
	s.labels[label] = t
	return t
}

// Fresh returns a new blank node that no label of the document maps to.
func (s *BlankScope) Fresh() Term {
	if s.mu != nil {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	return s.fresh()
}

func (s *BlankScope) fresh() Term {
	s.n++
	return Blank(s.prefix + strconv.Itoa(s.n))
}
