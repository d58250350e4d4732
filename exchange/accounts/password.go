package accounts

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Password rules.
const (
	// MinPasswordLen is the least number of characters (not bytes).
	MinPasswordLen = 12
	// MaxPasswordBytes bounds the work one hash costs.
	MaxPasswordBytes = 1024
)

// Argon2Params are the argon2id parameters of new password hashes. Each
// hash records its own parameters, so raising them later keeps old hashes
// valid (they are rehashed at the next successful login, see NeedsRehash).
type Argon2Params struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32 // memory in KiB
	Threads   uint8
	KeyLen    uint32 // bytes of hash
	SaltLen   uint32 // bytes of salt
}

// DefaultArgon2 follows the argon2id recommendation of RFC 9106 for
// memory-constrained servers with a second pass: 64 MiB, t=2, p=2.
var DefaultArgon2 = Argon2Params{Time: 2, MemoryKiB: 64 * 1024, Threads: 2, KeyLen: 32, SaltLen: 16}

// Bounds of parameters read back from a stored hash: a corrupted or
// tampered record must not make one login cost gigabytes or minutes.
const (
	maxArgonMemoryKiB = 1024 * 1024
	maxArgonTime      = 64
	maxArgonKeyLen    = 128
	minArgonKeyLen    = 16
	minArgonSaltLen   = 8
	maxArgonSaltLen   = 64
)

func (p Argon2Params) validate() error {
	switch {
	case p.Time < 1 || p.Time > maxArgonTime:
		return fmt.Errorf("argon2 time %d out of range 1..%d", p.Time, maxArgonTime)
	case p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxArgonMemoryKiB:
		return fmt.Errorf("argon2 memory %d KiB out of range (at least 8 KiB per thread, at most 1 GiB)", p.MemoryKiB)
	case p.Threads < 1:
		return errors.New("argon2 threads must be at least 1")
	case p.KeyLen < minArgonKeyLen || p.KeyLen > maxArgonKeyLen:
		return fmt.Errorf("argon2 key length %d out of range %d..%d", p.KeyLen, minArgonKeyLen, maxArgonKeyLen)
	case p.SaltLen < minArgonSaltLen || p.SaltLen > maxArgonSaltLen:
		return fmt.Errorf("argon2 salt length %d out of range %d..%d", p.SaltLen, minArgonSaltLen, maxArgonSaltLen)
	}
	return nil
}

// CheckPassword applies the password rules; the error says which failed
// (ErrPasswordTooShort, ErrPasswordTooLong or ErrPasswordIsEmail).
func CheckPassword(password, email string) error {
	if len(password) > MaxPasswordBytes {
		return ErrPasswordTooLong
	}
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return ErrPasswordTooShort
	}
	if email != "" && strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(email)) {
		return ErrPasswordIsEmail
	}
	return nil
}

// hasher hashes and verifies passwords with a bound on concurrent work:
// each argon2id call holds MemoryKiB of memory, so a burst of logins must
// queue rather than exhaust memory.
type hasher struct {
	params Argon2Params
	sem    chan struct{}
	// dummy is a hash of a random password with the current parameters:
	// verified against when the e-mail is unknown, so that the answer
	// takes as long as for a wrong password. Made at first use, so that
	// commands that never check a password do not pay for it.
	dummyOnce sync.Once
	dummy     string
}

func newHasher(p Argon2Params, concurrency int) (*hasher, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if concurrency < 1 {
		concurrency = 1
	}
	return &hasher{params: p, sem: make(chan struct{}, concurrency)}, nil
}

// dummyHash returns the hash to verify against for unknown accounts.
func (h *hasher) dummyHash() string {
	h.dummyOnce.Do(func() {
		// The parameters were validated, so hashing cannot fail.
		h.dummy, _ = HashPassword(string(randomBytes(16)), h.params)
	})
	return h.dummy
}

func (h *hasher) acquire(ctx context.Context) error {
	select {
	case h.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *hasher) release() { <-h.sem }

// hash returns the PHC string of password with the current parameters.
func (h *hasher) hash(ctx context.Context, password string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return HashPassword(password, h.params)
}

// verify reports whether password matches the PHC string.
func (h *hasher) verify(ctx context.Context, password, phc string) (bool, error) {
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	return VerifyPassword(password, phc)
}

// HashPassword returns the argon2id hash of password as a PHC string:
// $argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash> (unpadded standard base64).
func HashPassword(password string, p Argon2Params) (string, error) {
	if err := p.validate(); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	if len(password) > MaxPasswordBytes {
		return "", fmt.Errorf("hash password: %w", ErrPasswordTooLong)
	}
	salt := randomBytes(int(p.SaltLen))
	key := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches a PHC string made by
// HashPassword, whatever parameters it was made with. The comparison takes
// constant time. An error means the string is not a valid argon2id hash.
func VerifyPassword(password, phc string) (bool, error) {
	p, salt, key, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	if len(password) > MaxPasswordBytes {
		return false, nil
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether a PHC string was made with parameters other
// than p (or is not a valid argon2id hash): the caller then hashes the
// password again after a successful login.
func NeedsRehash(phc string, p Argon2Params) bool {
	got, salt, key, err := parsePHC(phc)
	if err != nil {
		return true
	}
	return got.Time != p.Time || got.MemoryKiB != p.MemoryKiB || got.Threads != p.Threads ||
		uint32(len(key)) != p.KeyLen || uint32(len(salt)) != p.SaltLen
}

// parsePHC reads $argon2id$v=19$m=…,t=…,p=…$salt$hash, bounding every
// parameter.
func parsePHC(phc string) (p Argon2Params, salt, key []byte, err error) {
	bad := func(why string) (Argon2Params, []byte, []byte, error) {
		return Argon2Params{}, nil, nil, fmt.Errorf("password hash: %s", why)
	}
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return bad("not an argon2id PHC string")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return bad("unsupported argon2 version " + parts[2])
	}
	var m, t uint32
	var threads uint8
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &threads); err != nil || n != 3 ||
		parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", m, t, threads) {
		return bad("bad parameters " + parts[3])
	}
	if salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil {
		return bad("bad salt encoding")
	}
	if key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil {
		return bad("bad hash encoding")
	}
	p = Argon2Params{Time: t, MemoryKiB: m, Threads: threads, KeyLen: uint32(len(key)), SaltLen: uint32(len(salt))}
	if err := p.validate(); err != nil {
		return bad(err.Error())
	}
	return p, salt, key, nil
}
