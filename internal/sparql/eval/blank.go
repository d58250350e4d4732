package eval

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// blankMaker makes blank nodes for CONSTRUCT templates and updates. Their
// labels start with a random prefix, so that they differ from every blank
// node already in a store, including those that other processes wrote
// (a counter alone would repeat after a restart).
type blankMaker struct {
	prefix string
	n      uint64
}

func newBlankMaker() *blankMaker {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &blankMaker{prefix: "g" + hex.EncodeToString(b[:]) + "x"}
}

func (m *blankMaker) fresh() rdf.Term {
	m.n++
	return rdf.Blank(m.prefix + strconv.FormatUint(m.n, 36))
}
