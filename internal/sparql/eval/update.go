package eval

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql/algebra"
	"github.com/skillsmap/skillsmap/internal/sparql/optimizer"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Errors of updates.
var (
	// ErrLoadDisabled is returned by LOAD (without SILENT) when no loader
	// is configured.
	ErrLoadDisabled = errors.New("sparql: LOAD is disabled")
	// ErrGraphExists is returned by CREATE (without SILENT) of a graph the
	// store has.
	ErrGraphExists = errors.New("sparql: graph already exists")
	// ErrNoSuchGraph is returned by DROP, CLEAR, ADD, MOVE and COPY
	// (without SILENT) of a named graph the store does not have.
	ErrNoSuchGraph = errors.New("sparql: no such graph")
	// ErrProtectedGraph is matched by the error of an update that would
	// change a graph UpdateOptions.Protected protects.
	ErrProtectedGraph = errors.New("sparql: the graph is protected")
)

// ProtectedGraphError is the error of an update that would change a
// protected graph; it names the graph and its owner.
type ProtectedGraphError struct {
	Graph rdf.Term
	Owner string
}

func (e *ProtectedGraphError) Error() string {
	return fmt.Sprintf("the graph <%s> belongs to %s and cannot be changed through SPARQL Update or the Graph Store Protocol", e.Graph.Value, e.Owner)
}

// Unwrap makes the error match ErrProtectedGraph.
func (e *ProtectedGraphError) Unwrap() error { return ErrProtectedGraph }

// Loader fetches the RDF document LOAD names, as triples.
type Loader func(ctx context.Context, iri string) iter.Seq2[rdf.Triple, error]

// UpdateOptions configure Update.
type UpdateOptions struct {
	Options
	// Load fetches documents for LOAD; nil disables LOAD.
	Load Loader
	// Protected reports the graphs the update must not change, with their
	// owner; an operation that would change one fails with a
	// *ProtectedGraphError, and CLEAR/DROP ALL and NAMED skip them. Nil
	// protects nothing.
	Protected func(graph rdf.Term) (owner string, protected bool)
}

// protected reports whether g is protected.
func (up *updater) protected(g rdf.Term) bool {
	if up.opts.Protected == nil {
		return false
	}
	_, ok := up.opts.Protected(g)
	return ok
}

// writable fails when g is protected.
func (up *updater) writable(g rdf.Term) error {
	if up.opts.Protected == nil {
		return nil
	}
	if owner, ok := up.opts.Protected(g); ok {
		return &ProtectedGraphError{Graph: g, Owner: owner}
	}
	return nil
}

// Update runs the operations of u, in order, with w. The caller runs it
// inside one store transaction, so a failing operation leaves the store
// as it was before the request.
func Update(ctx context.Context, w store.Writer, u *algebra.Update, opts UpdateOptions) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrInternal, r)
		}
	}()
	r, ok := w.(store.IDReader)
	if !ok {
		return fmt.Errorf("%w: store writer without id access", ErrUnsupported)
	}
	up := &updater{ctx: ctx, w: w, r: r, opts: opts, blanks: newBlankMaker(), relabel: map[rdf.Term]rdf.Term{}}
	for i, op := range u.Operations {
		if err := up.operation(op); err != nil {
			return fmt.Errorf("update operation %d: %w", i+1, err)
		}
	}
	return nil
}

type updater struct {
	ctx    context.Context
	w      store.Writer
	r      store.IDReader
	opts   UpdateOptions
	blanks *blankMaker
	// relabel gives blank nodes made during evaluation (BNODE()) store
	// labels that cannot collide with existing blank nodes.
	relabel map[rdf.Term]rdf.Term
	// changed is the size of the change set so far (bytes, estimated): the
	// quads added and removed by the request's operations, which the
	// store holds until the request commits.
	changed int64
}

// charge counts a quad of the change set against the memory budget.
func (up *updater) charge(q rdf.Quad) error {
	up.changed += quadBytes(q)
	if max := up.opts.MaxMemoryBytes; max > 0 && up.changed > max {
		return &MemoryError{Limit: max, Need: up.changed, What: "the update's changes"}
	}
	return nil
}

func (up *updater) operation(op algebra.Operation) error {
	switch x := op.(type) {
	case *algebra.InsertData:
		fresh := map[string]rdf.Term{}
		for _, q := range x.Quads {
			q.S, q.O = up.dataBlank(q.S, fresh), up.dataBlank(q.O, fresh)
			if err := up.writable(q.G); err != nil {
				return err
			}
			if err := up.charge(q); err != nil {
				return err
			}
			if err := up.w.Add(q); err != nil {
				return err
			}
		}
		return nil
	case *algebra.DeleteData:
		for _, q := range x.Quads {
			if err := up.writable(q.G); err != nil {
				return err
			}
			if err := up.charge(q); err != nil {
				return err
			}
			if err := up.w.Remove(q); err != nil {
				return err
			}
		}
		return nil
	case *algebra.Modify:
		return up.modify(x)
	case *algebra.Load:
		return up.load(x)
	case *algebra.Clear:
		return up.clear(x.Target, x.Silent, false)
	case *algebra.Drop:
		return up.clear(x.Target, x.Silent, true)
	case *algebra.Create:
		g := rdf.IRI(x.Graph)
		if err := up.writable(g); err != nil {
			return err
		}
		if up.graphExists(g) {
			if x.Silent {
				return nil
			}
			return fmt.Errorf("%w: <%s>", ErrGraphExists, x.Graph)
		}
		return up.w.CreateGraph(g)
	case *algebra.Transfer:
		return up.transfer(x)
	}
	return fmt.Errorf("%w: update operation %T", ErrUnsupported, op)
}

// dataBlank maps a blank node of INSERT DATA to a fresh node, the same for
// every use of its label in the operation.
func (up *updater) dataBlank(t rdf.Term, fresh map[string]rdf.Term) rdf.Term {
	if !t.IsBlank() {
		return t
	}
	b, ok := fresh[t.Value]
	if !ok {
		b = up.blanks.fresh()
		fresh[t.Value] = b
	}
	return b
}

func (up *updater) graphExists(g rdf.Term) bool {
	if g.IsZero() {
		return true
	}
	_, ok := up.w.GraphInfo(g)
	return ok
}

func targetGraph(t algebra.GraphTarget) rdf.Term {
	if t.Kind == algebra.TargetGraph {
		return rdf.IRI(t.IRI)
	}
	return rdf.Term{}
}

// clear implements CLEAR (drop false) and DROP (drop true).
func (up *updater) clear(t algebra.GraphTarget, silent, drop bool) error {
	switch t.Kind {
	case algebra.TargetGraph:
		g := rdf.IRI(t.IRI)
		if err := up.writable(g); err != nil {
			return err
		}
		if !up.graphExists(g) {
			if silent {
				return nil
			}
			return fmt.Errorf("%w: <%s>", ErrNoSuchGraph, t.IRI)
		}
		if drop {
			return up.w.DropGraph(g)
		}
		return up.w.ClearGraph(g)
	case algebra.TargetDefault:
		if err := up.writable(rdf.Term{}); err != nil {
			return err
		}
		return up.w.ClearGraph(rdf.Term{})
	case algebra.TargetNamed, algebra.TargetAll:
		graphs, err := up.w.Graphs(up.ctx)
		if err != nil {
			return err
		}
		for _, g := range graphs {
			if g.IsZero() || up.protected(g) {
				// ALL and NAMED mean the graphs updates may change.
				continue
			}
			if drop {
				err = up.w.DropGraph(g)
			} else {
				err = up.w.ClearGraph(g)
			}
			if err != nil {
				return err
			}
		}
		if t.Kind == algebra.TargetAll && !up.protected(rdf.Term{}) {
			return up.w.ClearGraph(rdf.Term{})
		}
		return nil
	}
	return fmt.Errorf("%w: graph target %d", ErrUnsupported, t.Kind)
}

// graphTriples reads every triple of g (collected first: the store does not
// allow writes while a match runs).
func (up *updater) graphTriples(g rdf.Term) ([]rdf.Triple, error) {
	var out []rdf.Triple
	for q, err := range up.w.Match(up.ctx, store.Pattern{G: g}) {
		if err != nil {
			return nil, err
		}
		if err := up.charge(q); err != nil {
			return nil, err
		}
		out = append(out, q.Triple())
	}
	return out, nil
}

// transfer implements ADD, MOVE and COPY (§3.2.4–3.2.6).
func (up *updater) transfer(x *algebra.Transfer) error {
	src, dst := targetGraph(x.Source), targetGraph(x.Destination)
	if !up.graphExists(src) {
		if x.Silent {
			return nil
		}
		return fmt.Errorf("%w: <%s>", ErrNoSuchGraph, x.Source.IRI)
	}
	if src == dst {
		return nil
	}
	if err := up.writable(dst); err != nil {
		return err
	}
	if x.Op == algebra.TransferMove {
		if err := up.writable(src); err != nil {
			return err
		}
	}
	triples, err := up.graphTriples(src)
	if err != nil {
		return err
	}
	if x.Op != algebra.TransferAdd {
		if err := up.w.ClearGraph(dst); err != nil {
			return err
		}
	}
	if !dst.IsZero() && !up.graphExists(dst) {
		if err := up.w.CreateGraph(dst); err != nil && !errors.Is(err, store.ErrGraphExists) {
			return err
		}
	}
	for _, t := range triples {
		if err := up.w.Add(rdf.Quad{S: t.S, P: t.P, O: t.O, G: dst}); err != nil {
			return err
		}
	}
	if x.Op == algebra.TransferMove {
		if src.IsZero() {
			return up.w.ClearGraph(src)
		}
		return up.w.DropGraph(src)
	}
	return nil
}

func (up *updater) load(x *algebra.Load) error {
	if up.opts.Load == nil {
		if x.Silent {
			return nil
		}
		return fmt.Errorf("%w: LOAD <%s>", ErrLoadDisabled, x.Source)
	}
	var g rdf.Term
	if x.Into != "" {
		g = rdf.IRI(x.Into)
	}
	if err := up.writable(g); err != nil {
		return err
	}
	// Read the whole document before writing, so that a failing document
	// leaves nothing behind even with SILENT.
	var triples []rdf.Triple
	for t, err := range up.opts.Load(up.ctx, x.Source) {
		if err != nil {
			if x.Silent {
				return nil
			}
			return fmt.Errorf("LOAD <%s>: %w", x.Source, err)
		}
		if err := up.charge(rdf.Quad{S: t.S, P: t.P, O: t.O}); err != nil {
			return err
		}
		triples = append(triples, t)
	}
	if !g.IsZero() && !up.graphExists(g) {
		if err := up.w.CreateGraph(g); err != nil {
			return err
		}
	}
	for _, t := range triples {
		if err := up.w.Add(rdf.Quad{S: t.S, P: t.P, O: t.O, G: g}); err != nil {
			return err
		}
	}
	return nil
}

// modify implements DELETE/INSERT ... WHERE: the WHERE clause is evaluated
// once, then every instantiated DELETE quad is removed and every INSERT quad
// added.
func (up *updater) modify(x *algebra.Modify) error {
	opts := up.opts.Options
	switch {
	case x.Using != nil:
		opts.Dataset = optimizer.Dataset{Explicit: true, Default: iris(x.Using.Default), Named: iris(x.Using.Named)}
	case x.With != "":
		named, err := up.w.Graphs(up.ctx)
		if err != nil {
			return err
		}
		opts.Dataset = optimizer.Dataset{Explicit: true, Default: []rdf.Term{rdf.IRI(x.With)}, Named: named}
	}
	ev, err := prepare(up.ctx, up.r, x.Pattern, opts, false)
	if err != nil {
		return err
	}
	// The changes of earlier operations are held too.
	ev.ex.mem = up.changed
	var solutions []row
	if err := ev.run(func(r row) bool {
		if !ev.ex.hold() {
			return false
		}
		c := r.clone()
		solutions = append(solutions, c)
		return ev.ex.grow(rowBytes(c)+ptrSize, "the update's WHERE solutions")
	}); err != nil {
		return err
	}
	change := func(q rdf.Quad) error {
		if err := up.writable(q.G); err != nil {
			return err
		}
		if !ev.ex.grow(quadBytes(q), "the update's changes") {
			return ev.ex.err
		}
		up.changed += quadBytes(q)
		return nil
	}
	var with rdf.Term
	if x.With != "" {
		with = rdf.IRI(x.With)
	}
	var deletes, inserts []rdf.Quad
	for _, sol := range solutions {
		for _, qp := range x.Delete {
			q, ok, err := up.instantiate(ev, qp, sol, with, nil)
			if err != nil {
				return err
			}
			if ok {
				if err := change(q); err != nil {
					return err
				}
				deletes = append(deletes, q)
			}
		}
		fresh := map[string]rdf.Term{}
		for _, qp := range x.Insert {
			q, ok, err := up.instantiate(ev, qp, sol, with, fresh)
			if err != nil {
				return err
			}
			if ok {
				if err := change(q); err != nil {
					return err
				}
				inserts = append(inserts, q)
			}
		}
	}
	for _, q := range deletes {
		if err := up.w.Remove(q); err != nil {
			return err
		}
	}
	for _, q := range inserts {
		if err := up.w.Add(q); err != nil {
			return err
		}
	}
	return nil
}

// iris returns the IRI terms of ss.
func iris(ss []string) []rdf.Term {
	out := make([]rdf.Term, len(ss))
	for i, s := range ss {
		out[i] = rdf.IRI(s)
	}
	return out
}

// instantiate builds the quad of a template for one solution; false when a
// variable is unbound or a term cannot stand in its position. fresh maps
// the template's blank node labels (INSERT only).
func (up *updater) instantiate(ev *evaluation, qp algebra.QuadPattern, sol row, with rdf.Term, fresh map[string]rdf.Term) (rdf.Quad, bool, error) {
	var terms [4]rdf.Term
	for i, n := range [4]algebra.TermOrVar{qp.S, qp.P, qp.O, qp.G} {
		switch {
		case n.IsVar():
			s := ev.slotOf(n.Var)
			if s < 0 || !sol[s].bound() {
				return rdf.Quad{}, false, nil
			}
			v := sol[s]
			t, err := ev.ex.term(v)
			if err != nil {
				return rdf.Quad{}, false, err
			}
			if v.id == 0 && t.IsBlank() {
				// A blank node made by the query (BNODE()): give it a
				// store label, the same for the whole request.
				b, ok := up.relabel[t]
				if !ok {
					b = up.blanks.fresh()
					up.relabel[t] = b
				}
				t = b
			}
			terms[i] = t
		case n.Term.IsBlank():
			if fresh == nil {
				return rdf.Quad{}, false, nil
			}
			b, ok := fresh[n.Term.Value]
			if !ok {
				b = up.blanks.fresh()
				fresh[n.Term.Value] = b
			}
			terms[i] = b
		case i == 3 && n.IsZero():
			terms[i] = with
		default:
			terms[i] = n.Term
		}
	}
	q := rdf.Quad{S: terms[0], P: terms[1], O: terms[2], G: terms[3]}
	if !validTriple(q.Triple()) || !(q.G.IsZero() || q.G.IsIRI()) {
		return rdf.Quad{}, false, nil
	}
	return q, true, nil
}
