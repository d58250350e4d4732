package funcs

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func hashOf(t rdf.Term, h func() hash.Hash) (rdf.Term, error) {
	if !isSimple(t) {
		return rdf.Term{}, errNotSimple
	}
	d := h()
	d.Write([]byte(t.Value))
	return rdf.String(hex.EncodeToString(d.Sum(nil))), nil
}

// MD5 implements MD5: the lower-case hex digest of the UTF-8 string.
func MD5(t rdf.Term) (rdf.Term, error) { return hashOf(t, md5.New) }

// SHA1 implements SHA1.
func SHA1(t rdf.Term) (rdf.Term, error) { return hashOf(t, sha1.New) }

// SHA256 implements SHA256.
func SHA256(t rdf.Term) (rdf.Term, error) { return hashOf(t, sha256.New) }

// SHA384 implements SHA384.
func SHA384(t rdf.Term) (rdf.Term, error) { return hashOf(t, sha512.New384) }

// SHA512 implements SHA512.
func SHA512(t rdf.Term) (rdf.Term, error) { return hashOf(t, sha512.New) }
