package store

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Keys and values on disk.
//
// Term ids are uint64 counters starting at 1; id 0 stands for "no term": the
// default graph in the G position and a wildcard in patterns. Ids are never
// reused, not even after CompactTerms removes an unused term, so an id read
// once always names the same term (which makes a process-wide decode cache
// safe).
//
// An id is written as one length byte n (0–8) followed by the n low-order
// bytes of the id, big-endian, without leading zero bytes. The encoding is
// prefix-free and sorts like the numbers it encodes, so the concatenation of
// ids in an index key sorts like the tuple of ids, and any leading part of
// the tuple is a key prefix. Ids below 2^24 (16 million terms) take 4 bytes
// instead of 8.

// appendID appends the key encoding of id to dst.
func appendID(dst []byte, id uint64) []byte {
	n := (bits.Len64(id) + 7) / 8
	dst = append(dst, byte(n))
	for i := n - 1; i >= 0; i-- {
		dst = append(dst, byte(id>>(8*i)))
	}
	return dst
}

// readID decodes one id from the front of b and returns the rest of b.
func readID(b []byte) (id uint64, rest []byte, err error) {
	if len(b) == 0 {
		return 0, nil, errors.New("truncated id")
	}
	n := int(b[0])
	if n > 8 || len(b) < 1+n {
		return 0, nil, fmt.Errorf("bad id length %d", n)
	}
	if n > 0 && b[1] == 0 {
		return 0, nil, errors.New("non-canonical id")
	}
	for _, c := range b[1 : 1+n] {
		id = id<<8 | uint64(c)
	}
	return id, b[1+n:], nil
}

// decodeIDValue decodes a value that holds exactly one id.
func decodeIDValue(b []byte) (uint64, error) {
	id, rest, err := readID(b)
	if err == nil && len(rest) != 0 {
		err = errors.New("trailing bytes after id")
	}
	return id, err
}

// Term encoding. The first byte says what follows:
//
//	'I' value                            IRI
//	'B' value                            blank node
//	'S' value                            xsd:string literal
//	'L' uvarint(len lang) lang value     rdf:langString literal
//	'K' code value                       literal of a well-known datatype (knownDatatypes)
//	'T' uvarint(len dt) dt value         literal of another datatype, no language
//	'X' uvarint(len dt) dt uvarint(len lang) lang value
//	                                     any other literal (kept exactly as given)
//
// Every rdf.Term of a valid kind round-trips exactly, including literals that
// are not in rdf's normal form.
const (
	tagIRI        = 'I'
	tagBlank      = 'B'
	tagString     = 'S'
	tagLangString = 'L'
	tagKnownType  = 'K'
	tagTyped      = 'T'
	tagLiteral    = 'X'
)

// knownDatatypes are datatypes encoded as one byte. The list is part of the
// file format: entries may be appended, never reordered or removed.
var knownDatatypes = [...]string{
	rdf.XSDBoolean, rdf.XSDInteger, rdf.XSDDecimal, rdf.XSDDouble, rdf.XSDFloat,
	rdf.XSDDate, rdf.XSDDateTime, rdf.XSDGYear, rdf.XSDAnyURI,
	rdf.NSXSD + "time", rdf.NSXSD + "gYearMonth", rdf.NSXSD + "gMonthDay", rdf.NSXSD + "gMonth",
	rdf.NSXSD + "gDay", rdf.NSXSD + "duration", rdf.NSXSD + "dayTimeDuration",
	rdf.NSXSD + "yearMonthDuration", rdf.NSXSD + "dateTimeStamp",
	rdf.NSXSD + "long", rdf.NSXSD + "int", rdf.NSXSD + "short", rdf.NSXSD + "byte",
	rdf.NSXSD + "nonNegativeInteger", rdf.NSXSD + "positiveInteger",
	rdf.NSXSD + "nonPositiveInteger", rdf.NSXSD + "negativeInteger",
	rdf.NSXSD + "unsignedLong", rdf.NSXSD + "unsignedInt", rdf.NSXSD + "unsignedShort",
	rdf.NSXSD + "unsignedByte", rdf.NSXSD + "normalizedString", rdf.NSXSD + "token",
	rdf.NSXSD + "language", rdf.NSXSD + "hexBinary", rdf.NSXSD + "base64Binary",
	rdf.RDFXMLLiteral, rdf.RDFHTML, rdf.RDFJSON,
	rdf.NSGEO + "wktLiteral", rdf.NSGEO + "geoJSONLiteral",
}

var knownDatatypeCode = func() map[string]byte {
	m := make(map[string]byte, len(knownDatatypes))
	for i, dt := range knownDatatypes {
		m[dt] = byte(i)
	}
	return m
}()

// errBadTerm reports a term that cannot be stored.
var errBadTerm = errors.New("invalid term")

// checkTerm reports whether t can be stored: not the zero term, a known
// kind, and no datatype, language or empty value on IRIs and blank nodes.
func checkTerm(t rdf.Term) error {
	switch t.Kind {
	case rdf.KindIRI, rdf.KindBlank:
		if t.Datatype != "" || t.Lang != "" {
			return fmt.Errorf("%w: %s with a datatype or language", errBadTerm, t.Kind)
		}
		if t.Value == "" {
			return fmt.Errorf("%w: empty %s", errBadTerm, t.Kind)
		}
		return nil
	case rdf.KindLiteral:
		return nil
	case rdf.KindNone:
		return fmt.Errorf("%w: no term", errBadTerm)
	}
	return fmt.Errorf("%w: unknown kind %d", errBadTerm, t.Kind)
}

// appendTerm appends the encoding of t to dst; it fails where checkTerm does.
func appendTerm(dst []byte, t rdf.Term) ([]byte, error) {
	if err := checkTerm(t); err != nil {
		return dst, err
	}
	if t.Kind != rdf.KindLiteral {
		tag := byte(tagIRI)
		if t.Kind == rdf.KindBlank {
			tag = tagBlank
		}
		return append(append(dst, tag), t.Value...), nil
	}
	switch {
	case t.Lang == "" && t.Datatype == rdf.XSDString:
		dst = append(dst, tagString)
	case t.Lang != "" && t.Datatype == rdf.RDFLangString:
		dst = append(dst, tagLangString)
		dst = appendString(dst, t.Lang)
	case t.Lang == "" && t.Datatype != "":
		if code, ok := knownDatatypeCode[t.Datatype]; ok {
			dst = append(dst, tagKnownType, code)
		} else {
			dst = append(dst, tagTyped)
			dst = appendString(dst, t.Datatype)
		}
	default:
		dst = append(dst, tagLiteral)
		dst = appendString(dst, t.Datatype)
		dst = appendString(dst, t.Lang)
	}
	return append(dst, t.Value...), nil
}

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func readString(b []byte) (string, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", nil, errors.New("bad string length")
	}
	end := k + int(n)
	return string(b[k:end]), b[end:], nil
}

// decodeTerm decodes a term encoded by appendTerm.
func decodeTerm(b []byte) (rdf.Term, error) {
	if len(b) == 0 {
		return rdf.Term{}, errors.New("empty term encoding")
	}
	tag, rest := b[0], b[1:]
	var t rdf.Term
	var err error
	switch tag {
	case tagIRI:
		return rdf.Term{Kind: rdf.KindIRI, Value: string(rest)}, nil
	case tagBlank:
		return rdf.Term{Kind: rdf.KindBlank, Value: string(rest)}, nil
	case tagString:
		return rdf.Term{Kind: rdf.KindLiteral, Value: string(rest), Datatype: rdf.XSDString}, nil
	case tagLangString:
		t = rdf.Term{Kind: rdf.KindLiteral, Datatype: rdf.RDFLangString}
		t.Lang, rest, err = readString(rest)
	case tagKnownType:
		if len(rest) == 0 || int(rest[0]) >= len(knownDatatypes) {
			return rdf.Term{}, errors.New("unknown datatype code")
		}
		t = rdf.Term{Kind: rdf.KindLiteral, Datatype: knownDatatypes[rest[0]]}
		rest = rest[1:]
	case tagTyped:
		t = rdf.Term{Kind: rdf.KindLiteral}
		t.Datatype, rest, err = readString(rest)
	case tagLiteral:
		t = rdf.Term{Kind: rdf.KindLiteral}
		t.Datatype, rest, err = readString(rest)
		if err == nil {
			t.Lang, rest, err = readString(rest)
		}
	default:
		return rdf.Term{}, fmt.Errorf("unknown term tag %#x", tag)
	}
	if err != nil {
		return rdf.Term{}, fmt.Errorf("term tag %q: %w", tag, err)
	}
	t.Value = string(rest)
	return t, nil
}

// maxInlineTermKey is the longest term encoding used directly as a key of
// the term→id bucket; longer ones (long literals) are keyed by their SHA-256
// so that keys stay small (bbolt keys are limited to 32 KiB and long keys
// make branch pages shallow).
const maxInlineTermKey = 255

// tagHashedKey starts a hashed term key. Term encodings start with an
// upper-case tag, so the two kinds of keys never collide.
const tagHashedKey = 'h'

// termKey returns the term→id key for a term encoding, and whether it is
// hashed (and so needs the id→term entry to confirm a match).
func termKey(enc []byte) ([]byte, bool) {
	if len(enc) <= maxInlineTermKey {
		return enc, false
	}
	sum := sha256.Sum256(enc)
	return append([]byte{tagHashedKey}, sum[:]...), true
}
