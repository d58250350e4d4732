package funcs

import (
	"errors"
	"fmt"
)

// ErrTypeError is matched (errors.Is) by every error these functions return:
// it is SPARQL's expression "error" value (§17.2), which makes a FILTER
// reject the solution and leaves a BIND variable unbound.
var ErrTypeError = errors.New("sparql type error")

// Specific causes; each error carrying one also matches ErrTypeError.
var (
	// ErrDivisionByZero: integer or decimal division by zero.
	ErrDivisionByZero = errors.New("division by zero")
	// ErrRegex: a pattern, flag string or replacement that is invalid, or
	// that Go's RE2 engine cannot evaluate (back-references, subtraction).
	ErrRegex = errors.New("regular expression")
	// ErrUnknownFunction: no built-in or cast has that name or IRI.
	ErrUnknownFunction = errors.New("unknown function")
	// ErrArity: the wrong number of arguments for a function.
	ErrArity = errors.New("wrong number of arguments")
	// ErrTooLarge: a function would build a string longer than
	// Context.MaxStringBytes. Unlike the other causes it is not an
	// expression error for the evaluator but a resource limit: the query
	// stops.
	ErrTooLarge = errors.New("string result too large")
)

// tooLarge is the error of a function whose result would be n bytes, over
// max.
func tooLarge(fn string, n, max int) error {
	return causeErrorf(ErrTooLarge, "%s would build a string of %d bytes, over the limit of %d", fn, n, max)
}

// evalError is an expression error with a message and an optional cause.
type evalError struct {
	msg   string
	cause error
}

func (e *evalError) Error() string {
	if e.cause != nil {
		return e.cause.Error() + ": " + e.msg
	}
	return "type error: " + e.msg
}

// Is makes every evalError match ErrTypeError and its cause.
func (e *evalError) Is(target error) bool { return target == ErrTypeError || target == e.cause }

// Unwrap returns the specific cause, if any.
func (e *evalError) Unwrap() error { return e.cause }

func typeError(msg string) error { return &evalError{msg: msg} }

func typeErrorf(format string, args ...any) error {
	return &evalError{msg: fmt.Sprintf(format, args...)}
}

func causeErrorf(cause error, format string, args ...any) error {
	return &evalError{msg: fmt.Sprintf(format, args...), cause: cause}
}

// Preallocated errors for the hot paths, where formatting per row would cost.
var (
	errNotNumeric     = typeError("operand is not a valid numeric literal")
	errNotComparable  = typeError("operands are not comparable")
	errNotString      = typeError("argument is not a string literal")
	errNotSimple      = typeError("argument is not a simple literal or xsd:string")
	errIncompatible   = typeError("string arguments are not compatible (language tags differ)")
	errNoEBV          = typeError("no effective boolean value")
	errUnknownLiteral = typeError("literals of unknown datatype or invalid lexical form compare only by identity")
	errIndeterminate  = typeError("date/time comparison is indeterminate (one operand has no timezone)")
	errUnbound        = typeError("unbound variable")
	errDivZeroInteger = causeErrorf(ErrDivisionByZero, "integer or decimal division")
	errNotLiteral     = typeError("argument is not a literal")
	errNotTemporal    = typeError("argument is not a valid xsd:dateTime, xsd:date or xsd:time")
	errNoTimezone     = typeError("date/time has no timezone")
)
