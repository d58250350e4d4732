package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// TokenPrefix starts every API token, so that secret scanners (and people)
// recognise one in a leaked file.
const TokenPrefix = "smt_"

// tokenEncoding writes API tokens in lower-case base32 without padding:
// easy to copy, no characters that need escaping anywhere.
var tokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// randomBytes returns n bytes from the system's CSPRNG (crypto/rand.Read
// never fails on supported platforms).
func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// newID returns a random opaque identifier of n bytes in hex.
func newID(n int) string { return hex.EncodeToString(randomBytes(n)) }

// newSecret returns a URL-safe secret of 32 random bytes (256 bits), for
// session, invitation and reset tokens.
func newSecret() string { return base64.RawURLEncoding.EncodeToString(randomBytes(32)) }

// newAPIToken returns the plaintext of a new API token.
func newAPIToken() string { return TokenPrefix + tokenEncoding.EncodeToString(randomBytes(32)) }

// secretHash is the SHA-256 of a secret: what is stored and looked up.
// A secret has 256 bits of entropy, so a fast hash is enough (unlike a
// password, it cannot be guessed from a dictionary). Looking a record up by
// this hash is safe against timing attacks: the time a lookup takes can at
// most reveal something about the hash, and learning bits of a SHA-256
// tells nothing about the secret that would help to forge one.
func secretHash(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

// wellFormedSecret rejects, before any lookup, input that cannot be a
// secret this package issued (wrong length or characters): it bounds the
// work an attacker's junk causes and keeps it out of the logs.
func wellFormedSecret(s string) bool {
	if len(s) != 43 { // base64url of 32 bytes
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

func wellFormedAPIToken(s string) bool {
	rest, ok := strings.CutPrefix(s, TokenPrefix)
	if !ok || len(rest) != 52 { // base32 of 32 bytes
		return false
	}
	_, err := tokenEncoding.DecodeString(rest)
	return err == nil
}
