package store

import "fmt"

// Quad positions inside an idQuad.
const (
	posS = iota
	posP
	posO
	posG
)

// idQuad is a quad of term ids: S, P, O, G (G 0 is the default graph).
type idQuad [4]uint64

// quadIndex is one of the six quad indices. Each orders the positions
// differently, so that every combination of bound positions is a key prefix
// of one of them (as in Oxigraph): the graph-last indices serve patterns over
// all graphs, the graph-first ones patterns inside one graph.
type quadIndex struct {
	bucket bucket
	order  [4]int // positions in key order
}

var quadIndices = [6]quadIndex{
	{bucketSPOG, [4]int{posS, posP, posO, posG}},
	{bucketPOSG, [4]int{posP, posO, posS, posG}},
	{bucketOSPG, [4]int{posO, posS, posP, posG}},
	{bucketGSPO, [4]int{posG, posS, posP, posO}},
	{bucketGPOS, [4]int{posG, posP, posO, posS}},
	{bucketGOSP, [4]int{posG, posO, posS, posP}},
}

// Indices by role, for chooseIndex.
const (
	idxSPOG = iota
	idxPOSG
	idxOSPG
	idxGSPO
)

// key appends the key of q in this index to dst.
func (x *quadIndex) key(dst []byte, q idQuad) []byte {
	for _, pos := range x.order {
		dst = appendID(dst, q[pos])
	}
	return dst
}

// decode reads a key of this index back into a quad.
func (x *quadIndex) decode(key []byte) (idQuad, error) {
	var q idQuad
	rest := key
	for _, pos := range x.order {
		var err error
		if q[pos], rest, err = readID(rest); err != nil {
			return q, fmt.Errorf("index %s key %x: %w", bucketNames[x.bucket], key, err)
		}
	}
	if len(rest) != 0 {
		return q, fmt.Errorf("index %s key %x: trailing bytes", bucketNames[x.bucket], key)
	}
	return q, nil
}

// idPattern is a resolved pattern: bound[pos] says whether q[pos] is fixed.
type idPattern struct {
	q     idQuad
	bound [4]bool
}

// chooseIndex returns the index whose key order starts with exactly the
// bound positions of p, so that matching p is one prefix range scan.
func chooseIndex(p *idPattern) *quadIndex {
	base := idxSPOG
	if p.bound[posG] {
		base = idxGSPO
	}
	s, pr, o := p.bound[posS], p.bound[posP], p.bound[posO]
	switch {
	case !s && pr: // P, PO
		return &quadIndices[base+1]
	case o && !pr: // O, OS
		return &quadIndices[base+2]
	default: // none, S, SP, SPO
		return &quadIndices[base]
	}
}

// prefix appends the key prefix of p in index x: the leading bound positions.
func (x *quadIndex) prefix(dst []byte, p *idPattern) []byte {
	for _, pos := range x.order {
		if !p.bound[pos] {
			break
		}
		dst = appendID(dst, p.q[pos])
	}
	return dst
}
