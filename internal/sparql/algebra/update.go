package algebra

import (
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Update is a SPARQL 1.1 Update request: operations run in order.
type Update struct {
	Base       string
	Operations []Operation
}

// String returns "(update op...)".
func (u *Update) String() string {
	var b strings.Builder
	b.WriteString("(update")
	for _, op := range u.Operations {
		b.WriteByte(' ')
		op.writeSSE(&b)
	}
	b.WriteString(")")
	return b.String()
}

// Operation is one update operation: *InsertData, *DeleteData, *Modify,
// *Load, *Clear, *Drop, *Create, or *Transfer (ADD, MOVE, COPY).
type Operation interface {
	// String returns the canonical S-expression of the operation.
	String() string
	writeSSE(b *strings.Builder)
}

// InsertData is INSERT DATA: ground quads (zero G: the default graph).
// Blank nodes in it stand for fresh blank nodes in the store.
type InsertData struct {
	Quads []rdf.Quad
}

// DeleteData is DELETE DATA: ground quads without blank nodes.
type DeleteData struct {
	Quads []rdf.Quad
}

// Modify is DELETE/INSERT ... WHERE (and DELETE WHERE, and INSERT ...
// WHERE): for each solution of Pattern, the instantiated Delete templates
// are removed, then the Insert templates are added.
//
// With names the graph of WITH: template quads with a zero G, and the
// WHERE pattern when Using is nil, refer to it instead of the default
// graph. Using is the dataset of USING / USING NAMED, or nil.
type Modify struct {
	With    string
	Using   *Dataset
	Delete  []QuadPattern
	Insert  []QuadPattern
	Pattern Pattern
}

// Load is LOAD: read the document at Source into the graph Into (empty
// for the default graph).
type Load struct {
	Source string
	Into   string
	Silent bool
}

// GraphTargetKind says which graphs a CLEAR, DROP or transfer names.
type GraphTargetKind uint8

// Graph target kinds.
const (
	TargetGraph   GraphTargetKind = iota + 1 // the named graph IRI
	TargetDefault                            // the default graph
	TargetNamed                              // every named graph
	TargetAll                                // every graph
)

// GraphTarget names the graphs an operation acts on.
type GraphTarget struct {
	Kind GraphTargetKind
	IRI  string // TargetGraph only
}

// Clear is CLEAR: remove every triple of the target graphs.
type Clear struct {
	Target GraphTarget
	Silent bool
}

// Drop is DROP: remove the target graphs.
type Drop struct {
	Target GraphTarget
	Silent bool
}

// Create is CREATE GRAPH.
type Create struct {
	Graph  string
	Silent bool
}

// TransferOp is ADD, MOVE or COPY.
type TransferOp uint8

// Transfer operations (§3.2.4–3.2.6 of SPARQL 1.1 Update).
const (
	TransferAdd TransferOp = iota + 1
	TransferMove
	TransferCopy
)

// String returns the lower-case keyword.
func (op TransferOp) String() string {
	switch op {
	case TransferAdd:
		return "add"
	case TransferMove:
		return "move"
	case TransferCopy:
		return "copy"
	}
	return "?transfer"
}

// Transfer is ADD, MOVE or COPY from Source to Destination; each is a
// named graph or the default graph (Kind TargetGraph or TargetDefault).
type Transfer struct {
	Op          TransferOp
	Source      GraphTarget
	Destination GraphTarget
	Silent      bool
}
