package funcs

import (
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Func is the implementation of a built-in function or cast over already
// evaluated arguments. scope is only read by BNODE and may be nil elsewhere.
type Func func(ctx *Context, scope *SolutionScope, args []rdf.Term) (rdf.Term, error)

// Builtin describes one function: its name as the grammar spells it (or
// its IRI for casts), how many arguments it takes, and its implementation.
// The evaluator resolves a Builtin once per query with Lookup or LookupIRI
// and calls it per solution.
type Builtin struct {
	Name    string
	MinArgs int
	MaxArgs int // -1: no upper bound
	// AcceptsUnbound is set for BOUND, the only function that takes an
	// unbound (zero) argument rather than failing on it.
	AcceptsUnbound bool
	fn             Func
}

// CheckArity reports an ErrArity error when n arguments do not fit b; the
// parser can call it when it builds the algebra.
func (b *Builtin) CheckArity(n int) error {
	if n < b.MinArgs || (b.MaxArgs >= 0 && n > b.MaxArgs) {
		switch {
		case b.MinArgs == b.MaxArgs:
			return causeErrorf(ErrArity, "%s takes %d argument(s), got %d", b.Name, b.MinArgs, n)
		case b.MaxArgs < 0:
			return causeErrorf(ErrArity, "%s takes at least %d argument(s), got %d", b.Name, b.MinArgs, n)
		}
		return causeErrorf(ErrArity, "%s takes %d to %d arguments, got %d", b.Name, b.MinArgs, b.MaxArgs, n)
	}
	return nil
}

// Call checks the arguments' number and boundness and applies the function.
func (b *Builtin) Call(ctx *Context, scope *SolutionScope, args []rdf.Term) (rdf.Term, error) {
	if err := b.CheckArity(len(args)); err != nil {
		return rdf.Term{}, err
	}
	if !b.AcceptsUnbound {
		for _, a := range args {
			if a.Kind == rdf.KindNone {
				return rdf.Term{}, errUnbound
			}
		}
	}
	return b.fn(ctx, scope, args)
}

var builtins = map[string]*Builtin{}

func register(name string, minArgs, maxArgs int, fn Func) {
	builtins[name] = &Builtin{Name: name, MinArgs: minArgs, MaxArgs: maxArgs, fn: fn}
}

// Lookup finds a built-in by name, case-insensitively ("STRLEN", "isIRI").
// The special forms IF, COALESCE, EXISTS, NOT EXISTS, IN, && and || are not
// functions of evaluated arguments: see If, Coalesce, In, And and Or.
func Lookup(name string) (*Builtin, bool) {
	b, ok := builtins[strings.ToUpper(name)]
	return b, ok
}

// Names returns the names of all built-ins, for the parser's keyword list.
func Names() []string {
	names := make([]string, 0, len(builtins))
	for n := range builtins {
		names = append(names, n)
	}
	return names
}

// Call applies the built-in called name (§17.4) to args.
func Call(ctx *Context, scope *SolutionScope, name string, args []rdf.Term) (rdf.Term, error) {
	b, ok := Lookup(name)
	if !ok {
		return rdf.Term{}, causeErrorf(ErrUnknownFunction, "no built-in function %s", name)
	}
	return b.Call(ctx, scope, args)
}

var iriFuncs = map[string]*Builtin{}

// LookupIRI finds a function called by IRI: the XSD constructor casts
// (xsd:string, xsd:integer, …) of §17.5.
func LookupIRI(iri string) (*Builtin, bool) {
	b, ok := iriFuncs[iri]
	return b, ok
}

// CallIRI applies the function with the given IRI to args.
func CallIRI(ctx *Context, iri string, args []rdf.Term) (rdf.Term, error) {
	b, ok := LookupIRI(iri)
	if !ok {
		return rdf.Term{}, causeErrorf(ErrUnknownFunction, "no function <%s>", iri)
	}
	return b.Call(ctx, nil, args)
}

// unary adapts a one-argument function to Func.
func unary(f func(rdf.Term) (rdf.Term, error)) Func {
	return func(_ *Context, _ *SolutionScope, args []rdf.Term) (rdf.Term, error) { return f(args[0]) }
}

// binaryFn adapts a two-argument function to Func.
func binaryFn(f func(a, b rdf.Term) (rdf.Term, error)) Func {
	return func(_ *Context, _ *SolutionScope, args []rdf.Term) (rdf.Term, error) { return f(args[0], args[1]) }
}

// predicate adapts a test that cannot fail to Func.
func predicate(f func(rdf.Term) bool) Func {
	return func(_ *Context, _ *SolutionScope, args []rdf.Term) (rdf.Term, error) { return Boolean(f(args[0])), nil }
}

func init() {
	// §17.4.1 functional forms that take evaluated arguments.
	builtins["BOUND"] = &Builtin{Name: "BOUND", MinArgs: 1, MaxArgs: 1, AcceptsUnbound: true,
		fn: predicate(func(t rdf.Term) bool { return t.Kind != rdf.KindNone })}
	register("SAMETERM", 2, 2, func(_ *Context, _ *SolutionScope, a []rdf.Term) (rdf.Term, error) {
		return Boolean(SameTerm(a[0], a[1])), nil
	})

	// §17.4.2 functions on RDF terms.
	register("ISIRI", 1, 1, predicate(rdf.Term.IsIRI))
	register("ISURI", 1, 1, predicate(rdf.Term.IsIRI))
	register("ISBLANK", 1, 1, predicate(rdf.Term.IsBlank))
	register("ISLITERAL", 1, 1, predicate(rdf.Term.IsLiteral))
	register("ISNUMERIC", 1, 1, predicate(func(t rdf.Term) bool { _, ok := parseNumber(t); return ok }))
	register("STR", 1, 1, unary(Str))
	register("LANG", 1, 1, unary(Lang))
	register("DATATYPE", 1, 1, unary(Datatype))
	register("IRI", 1, 1, func(ctx *Context, _ *SolutionScope, a []rdf.Term) (rdf.Term, error) { return IRIOf(ctx, a[0]) })
	register("URI", 1, 1, func(ctx *Context, _ *SolutionScope, a []rdf.Term) (rdf.Term, error) { return IRIOf(ctx, a[0]) })
	register("BNODE", 0, 1, bnode)
	register("STRDT", 2, 2, binaryFn(StrDT))
	register("STRLANG", 2, 2, binaryFn(StrLang))
	register("UUID", 0, 0, func(*Context, *SolutionScope, []rdf.Term) (rdf.Term, error) { return UUID(), nil })
	register("STRUUID", 0, 0, func(*Context, *SolutionScope, []rdf.Term) (rdf.Term, error) { return StrUUID(), nil })

	// §17.4.3 functions on strings.
	register("STRLEN", 1, 1, unary(StrLen))
	register("SUBSTR", 2, 3, func(_ *Context, _ *SolutionScope, a []rdf.Term) (rdf.Term, error) {
		if len(a) == 2 {
			return Substr(a[0], a[1], rdf.Term{})
		}
		return Substr(a[0], a[1], a[2])
	})
	register("UCASE", 1, 1, unary(UCase))
	register("LCASE", 1, 1, unary(LCase))
	register("STRSTARTS", 2, 2, binaryFn(StrStarts))
	register("STRENDS", 2, 2, binaryFn(StrEnds))
	register("CONTAINS", 2, 2, binaryFn(Contains))
	register("STRBEFORE", 2, 2, binaryFn(StrBefore))
	register("STRAFTER", 2, 2, binaryFn(StrAfter))
	register("ENCODE_FOR_URI", 1, 1, func(ctx *Context, _ *SolutionScope, a []rdf.Term) (rdf.Term, error) {
		if err := ctx.checkSize("ENCODE_FOR_URI", 3*len(a[0].Value)); err != nil {
			return rdf.Term{}, err
		}
		return EncodeForURI(a[0])
	})
	register("CONCAT", 0, -1, func(ctx *Context, _ *SolutionScope, a []rdf.Term) (rdf.Term, error) {
		n := 0
		for _, t := range a {
			n += len(t.Value)
		}
		if err := ctx.checkSize("CONCAT", n); err != nil {
			return rdf.Term{}, err
		}
		return Concat(a)
	})
	register("LANGMATCHES", 2, 2, binaryFn(LangMatches))
	register("REGEX", 2, 3, func(_ *Context, _ *SolutionScope, a []rdf.Term) (rdf.Term, error) {
		flags := rdf.Term{}
		if len(a) == 3 {
			flags = a[2]
		}
		return Regex(a[0], a[1], flags)
	})
	register("REPLACE", 3, 4, func(ctx *Context, _ *SolutionScope, a []rdf.Term) (rdf.Term, error) {
		flags := rdf.Term{}
		if len(a) == 4 {
			flags = a[3]
		}
		return replace(a[0], a[1], a[2], flags, ctx.maxString())
	})

	// §17.4.4 functions on numerics.
	register("ABS", 1, 1, unary(Abs))
	register("ROUND", 1, 1, unary(Round))
	register("CEIL", 1, 1, unary(Ceil))
	register("FLOOR", 1, 1, unary(Floor))
	register("RAND", 0, 0, func(ctx *Context, _ *SolutionScope, _ []rdf.Term) (rdf.Term, error) {
		return number{t: numDouble, f: ctx.random()}.term(), nil
	})

	// §17.4.5 functions on dates and times.
	register("NOW", 0, 0, func(ctx *Context, _ *SolutionScope, _ []rdf.Term) (rdf.Term, error) { return Now(ctx) })
	register("YEAR", 1, 1, unary(Year))
	register("MONTH", 1, 1, unary(Month))
	register("DAY", 1, 1, unary(Day))
	register("HOURS", 1, 1, unary(Hours))
	register("MINUTES", 1, 1, unary(Minutes))
	register("SECONDS", 1, 1, unary(Seconds))
	register("TIMEZONE", 1, 1, unary(Timezone))
	register("TZ", 1, 1, unary(TZ))

	// §17.4.6 hash functions.
	register("MD5", 1, 1, unary(MD5))
	register("SHA1", 1, 1, unary(SHA1))
	register("SHA256", 1, 1, unary(SHA256))
	register("SHA384", 1, 1, unary(SHA384))
	register("SHA512", 1, 1, unary(SHA512))

	// §17.5 XSD casts.
	for _, dt := range castTargets() {
		iriFuncs[dt] = &Builtin{Name: dt, MinArgs: 1, MaxArgs: 1, fn: func(_ *Context, _ *SolutionScope, a []rdf.Term) (rdf.Term, error) {
			return Cast(a[0], dt)
		}}
	}
}
