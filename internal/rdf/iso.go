package rdf

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"sort"
)

// Isomorphic reports whether a and b are the same graph up to the renaming
// of blank nodes (RDF 1.1 Concepts §3.6). Duplicate triples are ignored.
//
// Blank nodes are first coloured by iterated hashing of their neighbourhood
// (as in the canonicalisation algorithms of Hogan and of RDFC-1.0); only
// nodes whose colours tie are then matched by backtracking.
func Isomorphic(a, b []Triple) bool {
	qa := make([]Quad, len(a))
	for i, t := range a {
		qa[i] = Quad{S: t.S, P: t.P, O: t.O}
	}
	qb := make([]Quad, len(b))
	for i, t := range b {
		qb[i] = Quad{S: t.S, P: t.P, O: t.O}
	}
	return IsomorphicQuads(qa, qb)
}

// IsomorphicQuads is Isomorphic for datasets: graph names may be blank nodes too.
func IsomorphicQuads(a, b []Quad) bool {
	a, b = dedupQuads(a), dedupQuads(b)
	if len(a) != len(b) {
		return false
	}
	ga, gb := groundPart(a), groundPart(b)
	if len(ga) != len(gb) {
		return false
	}
	for q := range ga {
		if _, ok := gb[q]; !ok {
			return false
		}
	}
	ba, bb := blankPart(a), blankPart(b)
	if len(ba) != len(bb) {
		return false
	}
	if len(ba) == 0 {
		return true
	}
	ca, cb := colour(ba), colour(bb)
	if !sameColourCounts(ca, cb) {
		return false
	}
	m := &matcher{a: ba, bset: quadSet(bb), ca: ca, cb: cb, fwd: map[Term]Term{}, rev: map[Term]Term{}}
	return m.search(blankNodes(ba))
}

func dedupQuads(qs []Quad) []Quad {
	seen := make(map[Quad]struct{}, len(qs))
	out := qs[:0:0]
	for _, q := range qs {
		if _, ok := seen[q]; !ok {
			seen[q] = struct{}{}
			out = append(out, q)
		}
	}
	return out
}

func hasBlank(q Quad) bool { return q.S.IsBlank() || q.O.IsBlank() || q.G.IsBlank() }

func groundPart(qs []Quad) map[Quad]struct{} {
	m := map[Quad]struct{}{}
	for _, q := range qs {
		if !hasBlank(q) {
			m[q] = struct{}{}
		}
	}
	return m
}

func blankPart(qs []Quad) []Quad {
	var out []Quad
	for _, q := range qs {
		if hasBlank(q) {
			out = append(out, q)
		}
	}
	return out
}

func quadSet(qs []Quad) map[Quad]struct{} {
	m := make(map[Quad]struct{}, len(qs))
	for _, q := range qs {
		m[q] = struct{}{}
	}
	return m
}

func blankNodes(qs []Quad) []Term {
	seen := map[Term]bool{}
	var out []Term
	for _, q := range qs {
		for _, t := range [...]Term{q.S, q.O, q.G} {
			if t.IsBlank() && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

type hash [32]byte

func termHash(t Term, colours map[Term]hash) hash {
	if t.IsBlank() {
		return colours[t]
	}
	return sha256.Sum256([]byte(t.String()))
}

// colour computes, for each blank node, a hash of its position in the graph,
// refined until the partition into colours stops changing.
func colour(qs []Quad) map[Term]hash {
	nodes := blankNodes(qs)
	c := make(map[Term]hash, len(nodes))
	for _, n := range nodes {
		c[n] = hash{}
	}
	prevClasses := 0
	for range len(nodes) + 1 {
		next := make(map[Term]hash, len(nodes))
		contribs := make(map[Term][]hash, len(nodes))
		for _, q := range qs {
			pos := [...]Term{q.S, q.O, q.G}
			for i, t := range pos {
				if !t.IsBlank() {
					continue
				}
				h := sha256.New()
				var role [8]byte
				binary.BigEndian.PutUint64(role[:], uint64(i))
				h.Write(role[:])
				for j, u := range pos {
					if j == i {
						h.Write([]byte{0xff}) // "self"
						continue
					}
					x := termHash(u, c)
					h.Write(x[:])
				}
				x := termHash(q.P, c)
				h.Write(x[:])
				var sum hash
				copy(sum[:], h.Sum(nil))
				contribs[t] = append(contribs[t], sum)
			}
		}
		for _, n := range nodes {
			hs := contribs[n]
			sort.Slice(hs, func(i, j int) bool { return string(hs[i][:]) < string(hs[j][:]) })
			h := sha256.New()
			prev := c[n]
			h.Write(prev[:])
			for _, x := range hs {
				h.Write(x[:])
			}
			var sum hash
			copy(sum[:], h.Sum(nil))
			next[n] = sum
		}
		c = next
		classes := map[hash]bool{}
		for _, h := range c {
			classes[h] = true
		}
		if len(classes) == prevClasses || len(classes) == len(nodes) {
			break
		}
		prevClasses = len(classes)
	}
	return c
}

func sameColourCounts(a, b map[Term]hash) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[hash]int{}
	for _, h := range a {
		count[h]++
	}
	for _, h := range b {
		count[h]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

type matcher struct {
	a        []Quad
	bset     map[Quad]struct{}
	ca, cb   map[Term]hash
	fwd, rev map[Term]Term
}

// search maps the blank nodes of a one by one onto blank nodes of b with the
// same colour, checking every quad whose blank nodes are all mapped.
func (m *matcher) search(todo []Term) bool {
	if len(todo) == 0 {
		return m.consistent()
	}
	// Most constrained first: the node whose colour has fewest candidates.
	best, bestN := 0, -1
	for i, n := range todo {
		k := 0
		for cand, h := range m.cb {
			if h == m.ca[n] && m.rev[cand].IsZero() {
				k++
			}
		}
		if bestN < 0 || k < bestN {
			best, bestN = i, k
		}
	}
	n := todo[best]
	rest := slices.Delete(slices.Clone(todo), best, best+1)
	cands := make([]Term, 0, bestN)
	for cand, h := range m.cb {
		if h == m.ca[n] && m.rev[cand].IsZero() {
			cands = append(cands, cand)
		}
	}
	slices.SortFunc(cands, Compare)
	for _, cand := range cands {
		m.fwd[n], m.rev[cand] = cand, n
		if m.partialOK() && m.search(rest) {
			return true
		}
		delete(m.fwd, n)
		delete(m.rev, cand)
	}
	return false
}

func (m *matcher) mapTerm(t Term) (Term, bool) {
	if !t.IsBlank() {
		return t, true
	}
	u, ok := m.fwd[t]
	return u, ok
}

func (m *matcher) mapQuad(q Quad) (Quad, bool) {
	s, ok1 := m.mapTerm(q.S)
	o, ok2 := m.mapTerm(q.O)
	g, ok3 := m.mapTerm(q.G)
	return Quad{s, q.P, o, g}, ok1 && ok2 && ok3
}

func (m *matcher) partialOK() bool {
	for _, q := range m.a {
		if mq, ok := m.mapQuad(q); ok {
			if _, found := m.bset[mq]; !found {
				return false
			}
		}
	}
	return true
}

func (m *matcher) consistent() bool {
	for _, q := range m.a {
		mq, ok := m.mapQuad(q)
		if !ok {
			return false
		}
		if _, found := m.bset[mq]; !found {
			return false
		}
	}
	return true
}
