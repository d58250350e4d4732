package store

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestIDEncodingSortsLikeNumbers(t *testing.T) {
	ids := []uint64{0, 1, 2, 255, 256, 65535, 65536, 1<<24 - 1, 1 << 24, 1<<32 + 5, 1<<56 - 1, 1 << 56, math.MaxUint64}
	rng := rand.New(rand.NewPCG(1, 1))
	for range 500 {
		ids = append(ids, rng.Uint64()>>rng.IntN(64))
	}
	slices.Sort(ids)
	var prev []byte
	for i, id := range ids {
		enc := appendID(nil, id)
		got, rest, err := readID(append(enc, 0xAA))
		if err != nil || got != id || !bytes.Equal(rest, []byte{0xAA}) {
			t.Fatalf("readID(appendID(%d)) = %d, %x, %v", id, got, rest, err)
		}
		if i > 0 && ids[i-1] != id && bytes.Compare(prev, enc) >= 0 {
			t.Fatalf("encoding of %d (%x) does not sort after %d (%x)", id, enc, ids[i-1], prev)
		}
		prev = enc
	}
	if n := len(appendID(nil, 1<<24-1)); n != 4 {
		t.Errorf("ids below 2^24 take %d bytes, want 4", n)
	}
}

func TestReadIDRejectsBadInput(t *testing.T) {
	for _, b := range [][]byte{nil, {9}, {2, 1}, {1, 0}, {3, 0, 1, 2}} {
		if _, _, err := readID(b); err == nil {
			t.Errorf("readID(%x) succeeded", b)
		}
	}
	if _, err := decodeIDValue([]byte{1, 5, 0}); err == nil {
		t.Error("decodeIDValue accepted trailing bytes")
	}
}

func TestTermEncodingRoundTrip(t *testing.T) {
	for _, term := range roundTripTerms() {
		enc, err := appendTerm(nil, term)
		if err != nil {
			t.Fatalf("appendTerm(%#v): %v", term, err)
		}
		back, err := decodeTerm(enc)
		if err != nil || back != term {
			t.Errorf("decodeTerm(appendTerm(%#v)) = %#v, %v", term, back, err)
		}
	}
	// Well-known datatypes take one byte.
	enc, _ := appendTerm(nil, rdf.Literal("1", rdf.XSDInteger))
	if len(enc) != 3 {
		t.Errorf("xsd:integer literal encodes in %d bytes, want 3", len(enc))
	}
}

func TestDecodeTermRejectsBadInput(t *testing.T) {
	for _, b := range [][]byte{nil, {'?'}, {tagKnownType}, {tagKnownType, 250}, {tagLangString, 10, 'e'}, {tagLiteral, 0x80}} {
		if _, err := decodeTerm(b); err == nil {
			t.Errorf("decodeTerm(%x) succeeded", b)
		}
	}
}

func TestTermKeyHashesLongTerms(t *testing.T) {
	short := bytes.Repeat([]byte{'a'}, maxInlineTermKey)
	if k, hashed := termKey(short); hashed || !bytes.Equal(k, short) {
		t.Error("a short term was hashed")
	}
	long := bytes.Repeat([]byte{'a'}, maxInlineTermKey+1)
	k, hashed := termKey(long)
	if !hashed || len(k) != 33 || k[0] != tagHashedKey {
		t.Errorf("a long term got key %x (hashed %v)", k, hashed)
	}
}

func FuzzTermEncoding(f *testing.F) {
	f.Add(uint8(rdf.KindLiteral), "v", rdf.XSDString, "")
	f.Add(uint8(rdf.KindLiteral), "v", rdf.RDFLangString, "en")
	f.Add(uint8(rdf.KindIRI), "http://ex.org/", "", "")
	f.Add(uint8(rdf.KindLiteral), "", "", "x")
	f.Fuzz(func(t *testing.T, kind uint8, value, datatype, lang string) {
		term := rdf.Term{Kind: rdf.Kind(kind), Value: value, Datatype: datatype, Lang: lang}
		enc, err := appendTerm(nil, term)
		if err != nil {
			if checkTerm(term) == nil {
				t.Fatalf("appendTerm refused %#v that checkTerm accepts", term)
			}
			return
		}
		back, err := decodeTerm(enc)
		if err != nil || back != term {
			t.Fatalf("round trip of %#v gave %#v, %v", term, back, err)
		}
	})
}

func FuzzDecodeTerm(f *testing.F) {
	f.Add([]byte{tagLiteral, 2, 'd', 't', 1, 'e', 'x'})
	f.Fuzz(func(t *testing.T, b []byte) {
		term, err := decodeTerm(b) // must not panic
		if err != nil {
			return
		}
		enc, err := appendTerm(nil, term)
		if err != nil {
			return // e.g. an IRI with an empty value
		}
		if again, err := decodeTerm(enc); err != nil || again != term {
			t.Fatalf("re-encoding %#v gave %#v, %v", term, again, err)
		}
	})
}
