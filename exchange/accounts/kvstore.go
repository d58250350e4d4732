package accounts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/skillsmap/skillsmap/internal/kv"
)

// ErrLocked is returned by OpenBolt when another process has the file open
// (bbolt allows one process at a time).
var ErrLocked = errors.New("the database is in use by another process (is 'skillsmap serve' running?)")

// lockTimeout is how long OpenBolt waits for another process's lock.
const lockTimeout = 2 * time.Second

// Buckets of the bbolt file. Index keys join parts with a NUL byte, which no
// ID, e-mail address or issuer URL contains.
var (
	bOrgs          = []byte("orgs")           // id → Organisation
	bUsers         = []byte("users")          // id → userRecord
	bUsersByEmail  = []byte("users_by_email") // email → id
	bUsersByOIDC   = []byte("users_by_oidc")  // issuer NUL subject → id
	bUsersByOrg    = []byte("users_by_org")   // org NUL id → ""
	bSessions      = []byte("sessions")       // hash → Session
	bSessionsByUsr = []byte("sessions_by_user")
	bInvites       = []byte("invitations")      // id → inviteRecord
	bInvitesByHash = []byte("invitations_hash") // hash → id
	bInvitesByMail = []byte("invitations_mail") // email → id
	bResets        = []byte("resets")           // hash → PasswordReset
	bResetsByUser  = []byte("resets_by_user")   // user NUL hash → ""
	bTokens        = []byte("tokens")           // id → tokenRecord
	bTokensByHash  = []byte("tokens_hash")      // hash → id
	bTokensByOrg   = []byte("tokens_by_org")    // org NUL id → ""
	allBuckets     = [][]byte{bOrgs, bUsers, bUsersByEmail, bUsersByOIDC, bUsersByOrg, bSessions, bSessionsByUsr,
		bInvites, bInvitesByHash, bInvitesByMail, bResets, bResetsByUser, bTokens, bTokensByHash, bTokensByOrg}
)

// userRecord is a User as stored: with its password hash, which User never
// serialises.
type userRecord struct {
	User
	PasswordHash string `json:"password_hash,omitempty"`
}

type inviteRecord struct {
	Invitation
	Hash []byte `json:"hash"`
}

type tokenRecord struct {
	APIToken
	Hash []byte `json:"hash"`
}

// KVStore is the Store in a kv.DB: a bbolt file (OpenBolt, one instance)
// or Redis (NewKVStore over kv.NewRedis, shared by several instances); one
// transaction per call.
type KVStore struct {
	path string // of the bbolt file; "" in Redis
	db   kv.DB
}

// BoltStore is the name KVStore had when it was bbolt only.
type BoltStore = KVStore

var _ Store = (*KVStore)(nil)

// OpenBolt opens or creates the accounts database at path (mode 0600; its
// directory is created). It fails with ErrLocked when another process has
// it open.
func OpenBolt(path string) (*KVStore, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("accounts: open %s: %w", path, err)
	}
	db, err := kv.OpenBolt(path, kv.BoltOptions{LockTimeout: lockTimeout, MapFreelist: true})
	if errors.Is(err, kv.ErrLocked) {
		return nil, fmt.Errorf("accounts: open %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	s, err := NewKVStore(db)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.path = path
	return s, nil
}

// NewKVStore returns the accounts in db, creating its buckets; Close
// closes db.
func NewKVStore(db kv.DB) (*KVStore, error) {
	err := db.Update(func(tx kv.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("accounts: open: %w", err)
	}
	return &KVStore{db: db}, nil
}

// Path returns the bbolt file's path ("" when the accounts are in Redis).
func (s *KVStore) Path() string { return s.path }

// Close closes the database.
func (s *KVStore) Close() error { return s.db.Close() }

// Compact rewrites the database's files with their live data only, where
// deleted data can linger in them: bbolt reuses freed pages without
// clearing them, Redis's append-only file keeps every command until it is
// rewritten (kv.Compacter). The Service compacts after deleting a user.
func (s *KVStore) Compact(ctx context.Context) error {
	c, ok := s.db.(kv.Compacter)
	if !ok {
		return nil
	}
	if err := c.Compact(ctx); err != nil {
		return fmt.Errorf("accounts: %w", err)
	}
	return nil
}

// view and update run fn in a transaction. With Redis fn may run more
// than once: it must reset what it collects.
func (s *KVStore) view(ctx context.Context, fn func(tx kv.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}

func (s *KVStore) update(ctx context.Context, fn func(tx kv.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(fn)
}

func key(parts ...string) []byte { return []byte(joinKey(parts...)) }

func joinKey(parts ...string) string {
	var b bytes.Buffer
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString(p)
	}
	return b.String()
}

func put(tx kv.Tx, bucket, k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Bucket(bucket).Put(k, data)
}

func get(tx kv.Tx, bucket, k []byte, v any) error {
	data := tx.Bucket(bucket).Get(k)
	if data == nil {
		return ErrNotFound
	}
	return json.Unmarshal(data, v)
}

// Organisations.

// CreateOrganisation implements Store.
func (s *KVStore) CreateOrganisation(ctx context.Context, o Organisation) error {
	return s.update(ctx, func(tx kv.Tx) error {
		if tx.Bucket(bOrgs).Get([]byte(o.ID)) != nil {
			return fmt.Errorf("organisation %q: %w", o.ID, ErrExists)
		}
		return put(tx, bOrgs, []byte(o.ID), o)
	})
}

// UpdateOrganisation implements Store.
func (s *KVStore) UpdateOrganisation(ctx context.Context, o Organisation) error {
	return s.update(ctx, func(tx kv.Tx) error {
		if tx.Bucket(bOrgs).Get([]byte(o.ID)) == nil {
			return fmt.Errorf("organisation %q: %w", o.ID, ErrNotFound)
		}
		return put(tx, bOrgs, []byte(o.ID), o)
	})
}

// Organisation implements Store.
func (s *KVStore) Organisation(ctx context.Context, id string) (Organisation, error) {
	var o Organisation
	err := s.view(ctx, func(tx kv.Tx) error { return get(tx, bOrgs, []byte(id), &o) })
	if err != nil {
		return Organisation{}, fmt.Errorf("organisation %q: %w", id, err)
	}
	return o, nil
}

// Organisations implements Store.
func (s *KVStore) Organisations(ctx context.Context) ([]Organisation, error) {
	var out []Organisation
	err := s.view(ctx, func(tx kv.Tx) error {
		out = nil // the transaction may run again
		return tx.Bucket(bOrgs).ForEach(func(_, v []byte) error {
			var o Organisation
			if err := json.Unmarshal(v, &o); err != nil {
				return err
			}
			out = append(out, o)
			return nil
		})
	})
	return out, err
}

// Users.

func getUser(tx kv.Tx, id []byte) (userRecord, error) {
	var r userRecord
	if err := get(tx, bUsers, id, &r); err != nil {
		return r, err
	}
	r.User.PasswordHash = r.PasswordHash
	return r, nil
}

func putUser(tx kv.Tx, u User) error {
	return put(tx, bUsers, []byte(u.ID), userRecord{User: u, PasswordHash: u.PasswordHash})
}

// indexUser adds u's index entries, refusing an e-mail or OIDC identity
// that belongs to another user.
func indexUser(tx kv.Tx, u User) error {
	emails := tx.Bucket(bUsersByEmail)
	if u.Email != "" {
		if id := emails.Get([]byte(u.Email)); id != nil && string(id) != u.ID {
			return ErrEmailTaken
		}
		if err := emails.Put([]byte(u.Email), []byte(u.ID)); err != nil {
			return err
		}
	}
	if u.OIDCIssuer != "" || u.OIDCSubject != "" {
		k := key(u.OIDCIssuer, u.OIDCSubject)
		oidc := tx.Bucket(bUsersByOIDC)
		if id := oidc.Get(k); id != nil && string(id) != u.ID {
			return ErrOIDCTaken
		}
		if err := oidc.Put(k, []byte(u.ID)); err != nil {
			return err
		}
	}
	return tx.Bucket(bUsersByOrg).Put(key(u.OrgID, u.ID), nil)
}

func unindexUser(tx kv.Tx, u User) error {
	if u.Email != "" {
		if err := tx.Bucket(bUsersByEmail).Delete([]byte(u.Email)); err != nil {
			return err
		}
	}
	if u.OIDCIssuer != "" || u.OIDCSubject != "" {
		if err := tx.Bucket(bUsersByOIDC).Delete(key(u.OIDCIssuer, u.OIDCSubject)); err != nil {
			return err
		}
	}
	return tx.Bucket(bUsersByOrg).Delete(key(u.OrgID, u.ID))
}

// CreateUser implements Store.
func (s *KVStore) CreateUser(ctx context.Context, u User) error {
	return s.update(ctx, func(tx kv.Tx) error { return createUser(tx, u) })
}

func createUser(tx kv.Tx, u User) error {
	if tx.Bucket(bUsers).Get([]byte(u.ID)) != nil {
		return fmt.Errorf("user %s: %w", u.ID, ErrExists)
	}
	if err := indexUser(tx, u); err != nil {
		return err
	}
	return putUser(tx, u)
}

// UpdateUser implements Store.
func (s *KVStore) UpdateUser(ctx context.Context, u User, revokeSessions bool) error {
	return s.update(ctx, func(tx kv.Tx) error { return updateUser(tx, u, revokeSessions) })
}

func updateUser(tx kv.Tx, u User, revokeSessions bool) error {
	old, err := getUser(tx, []byte(u.ID))
	if err != nil {
		return fmt.Errorf("user %s: %w", u.ID, err)
	}
	if err := unindexUser(tx, old.User); err != nil {
		return err
	}
	if err := indexUser(tx, u); err != nil {
		return err
	}
	if revokeSessions {
		if err := deleteUserSecrets(tx, u.ID); err != nil {
			return err
		}
	}
	return putUser(tx, u)
}

// deleteUserSecrets removes every session and password reset of a user.
func deleteUserSecrets(tx kv.Tx, userID string) error {
	for _, b := range []struct{ index, records []byte }{{bSessionsByUsr, bSessions}, {bResetsByUser, bResets}} {
		index, records := tx.Bucket(b.index), tx.Bucket(b.records)
		prefix := key(userID, "")
		var keys [][]byte
		c := index.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			keys = append(keys, bytes.Clone(k))
		}
		for _, k := range keys {
			if err := records.Delete(k[len(prefix):]); err != nil {
				return err
			}
			if err := index.Delete(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// DeleteUser implements Store.
func (s *KVStore) DeleteUser(ctx context.Context, id string) error {
	return s.update(ctx, func(tx kv.Tx) error {
		old, err := getUser(tx, []byte(id))
		if err != nil {
			return fmt.Errorf("user %s: %w", id, err)
		}
		if err := unindexUser(tx, old.User); err != nil {
			return err
		}
		if err := deleteUserSecrets(tx, id); err != nil {
			return err
		}
		return tx.Bucket(bUsers).Delete([]byte(id))
	})
}

// User implements Store.
func (s *KVStore) User(ctx context.Context, id string) (User, error) {
	var r userRecord
	err := s.view(ctx, func(tx kv.Tx) (err error) {
		r, err = getUser(tx, []byte(id))
		return err
	})
	if err != nil {
		return User{}, fmt.Errorf("user %s: %w", id, err)
	}
	return r.User, nil
}

func (s *KVStore) userByIndex(ctx context.Context, bucket, k []byte) (User, error) {
	var r userRecord
	err := s.view(ctx, func(tx kv.Tx) (err error) {
		id := tx.Bucket(bucket).Get(k)
		if id == nil {
			return ErrNotFound
		}
		r, err = getUser(tx, id)
		return err
	})
	return r.User, err
}

// UserByEmail implements Store.
func (s *KVStore) UserByEmail(ctx context.Context, email string) (User, error) {
	u, err := s.userByIndex(ctx, bUsersByEmail, []byte(email))
	if err != nil {
		return User{}, fmt.Errorf("user by e-mail: %w", err)
	}
	return u, nil
}

// UserByOIDC implements Store.
func (s *KVStore) UserByOIDC(ctx context.Context, issuer, subject string) (User, error) {
	u, err := s.userByIndex(ctx, bUsersByOIDC, key(issuer, subject))
	if err != nil {
		return User{}, fmt.Errorf("user by OpenID Connect identity: %w", err)
	}
	return u, nil
}

// Users implements Store.
func (s *KVStore) Users(ctx context.Context, orgID string) ([]User, error) {
	var out []User
	err := s.view(ctx, func(tx kv.Tx) error {
		out = nil // the transaction may run again
		add := func(id []byte) error {
			r, err := getUser(tx, id)
			if err != nil {
				return fmt.Errorf("user %s: %w", id, err)
			}
			out = append(out, r.User)
			return nil
		}
		if orgID == "" {
			return tx.Bucket(bUsers).ForEach(func(k, _ []byte) error { return add(k) })
		}
		prefix := key(orgID, "")
		c := tx.Bucket(bUsersByOrg).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if err := add(k[len(prefix):]); err != nil {
				return err
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Email < out[j].Email })
	return out, err
}

// Sessions.

// CreateSession implements Store.
func (s *KVStore) CreateSession(ctx context.Context, hash []byte, sess Session) error {
	return s.update(ctx, func(tx kv.Tx) error {
		if tx.Bucket(bUsers).Get([]byte(sess.UserID)) == nil {
			return fmt.Errorf("session of user %s: %w", sess.UserID, ErrNotFound)
		}
		if err := put(tx, bSessions, hash, sess); err != nil {
			return err
		}
		return tx.Bucket(bSessionsByUsr).Put(key(sess.UserID, string(hash)), nil)
	})
}

// Session implements Store.
func (s *KVStore) Session(ctx context.Context, hash []byte) (Session, error) {
	var sess Session
	err := s.view(ctx, func(tx kv.Tx) error { return get(tx, bSessions, hash, &sess) })
	if err != nil {
		return Session{}, fmt.Errorf("session: %w", err)
	}
	return sess, nil
}

// Sessions implements Store.
func (s *KVStore) Sessions(ctx context.Context, userID string) ([]Session, error) {
	var out []Session
	err := s.view(ctx, func(tx kv.Tx) error {
		out = nil // the transaction may run again
		prefix := key(userID, "")
		c := tx.Bucket(bSessionsByUsr).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			var sess Session
			if err := get(tx, bSessions, k[len(prefix):], &sess); err != nil {
				if errors.Is(err, ErrNotFound) {
					continue
				}
				return err
			}
			out = append(out, sess)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sessions of user %s: %w", userID, err)
	}
	return out, nil
}

// TouchSession implements Store.
func (s *KVStore) TouchSession(ctx context.Context, hash []byte, lastSeen time.Time) error {
	return s.update(ctx, func(tx kv.Tx) error {
		var sess Session
		if err := get(tx, bSessions, hash, &sess); err != nil {
			return fmt.Errorf("session: %w", err)
		}
		sess.LastSeen = lastSeen
		return put(tx, bSessions, hash, sess)
	})
}

// DeleteSession implements Store.
func (s *KVStore) DeleteSession(ctx context.Context, hash []byte) error {
	return s.update(ctx, func(tx kv.Tx) error { return deleteSession(tx, hash) })
}

func deleteSession(tx kv.Tx, hash []byte) error {
	var sess Session
	if err := get(tx, bSessions, hash, &sess); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		return err
	}
	if err := tx.Bucket(bSessionsByUsr).Delete(key(sess.UserID, string(hash))); err != nil {
		return err
	}
	return tx.Bucket(bSessions).Delete(hash)
}

// Invitations.

// CreateInvitation implements Store.
func (s *KVStore) CreateInvitation(ctx context.Context, hash []byte, inv Invitation) error {
	return s.update(ctx, func(tx kv.Tx) error {
		if old := tx.Bucket(bInvitesByMail).Get([]byte(inv.Email)); old != nil {
			if err := deleteInvitation(tx, bytes.Clone(old)); err != nil {
				return err
			}
		}
		if err := put(tx, bInvites, []byte(inv.ID), inviteRecord{Invitation: inv, Hash: hash}); err != nil {
			return err
		}
		if err := tx.Bucket(bInvitesByHash).Put(hash, []byte(inv.ID)); err != nil {
			return err
		}
		return tx.Bucket(bInvitesByMail).Put([]byte(inv.Email), []byte(inv.ID))
	})
}

func deleteInvitation(tx kv.Tx, id []byte) error {
	var r inviteRecord
	if err := get(tx, bInvites, id, &r); err != nil {
		return err
	}
	if err := tx.Bucket(bInvitesByHash).Delete(r.Hash); err != nil {
		return err
	}
	if err := tx.Bucket(bInvitesByMail).Delete([]byte(r.Email)); err != nil {
		return err
	}
	return tx.Bucket(bInvites).Delete(id)
}

func invitationByHash(tx kv.Tx, hash []byte) (inviteRecord, error) {
	var r inviteRecord
	id := tx.Bucket(bInvitesByHash).Get(hash)
	if id == nil {
		return r, ErrNotFound
	}
	err := get(tx, bInvites, id, &r)
	return r, err
}

// InvitationByHash implements Store.
func (s *KVStore) InvitationByHash(ctx context.Context, hash []byte) (Invitation, error) {
	var r inviteRecord
	err := s.view(ctx, func(tx kv.Tx) (err error) {
		r, err = invitationByHash(tx, hash)
		return err
	})
	if err != nil {
		return Invitation{}, fmt.Errorf("invitation: %w", err)
	}
	return r.Invitation, nil
}

// Invitations implements Store.
func (s *KVStore) Invitations(ctx context.Context, orgID string) ([]Invitation, error) {
	var out []Invitation
	err := s.view(ctx, func(tx kv.Tx) error {
		out = nil // the transaction may run again
		return tx.Bucket(bInvites).ForEach(func(_, v []byte) error {
			var r inviteRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			if orgID == "" || r.OrgID == orgID {
				out = append(out, r.Invitation)
			}
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out, err
}

// DeleteInvitation implements Store.
func (s *KVStore) DeleteInvitation(ctx context.Context, id string) error {
	return s.update(ctx, func(tx kv.Tx) error {
		if err := deleteInvitation(tx, []byte(id)); err != nil {
			return fmt.Errorf("invitation %s: %w", id, err)
		}
		return nil
	})
}

// AcceptInvitation implements Store.
func (s *KVStore) AcceptInvitation(ctx context.Context, hash []byte, u User) error {
	return s.update(ctx, func(tx kv.Tx) error {
		r, err := invitationByHash(tx, hash)
		if err != nil {
			return fmt.Errorf("invitation: %w", err)
		}
		if err := deleteInvitation(tx, []byte(r.ID)); err != nil {
			return err
		}
		return createUser(tx, u)
	})
}

// Password resets.

// CreateReset implements Store.
func (s *KVStore) CreateReset(ctx context.Context, hash []byte, r PasswordReset) error {
	return s.update(ctx, func(tx kv.Tx) error {
		if tx.Bucket(bUsers).Get([]byte(r.UserID)) == nil {
			return fmt.Errorf("reset for user %s: %w", r.UserID, ErrNotFound)
		}
		if err := put(tx, bResets, hash, r); err != nil {
			return err
		}
		return tx.Bucket(bResetsByUser).Put(key(r.UserID, string(hash)), nil)
	})
}

// Reset implements Store.
func (s *KVStore) Reset(ctx context.Context, hash []byte) (PasswordReset, error) {
	var r PasswordReset
	if err := s.view(ctx, func(tx kv.Tx) error { return get(tx, bResets, hash, &r) }); err != nil {
		return PasswordReset{}, fmt.Errorf("password reset: %w", err)
	}
	return r, nil
}

// ConsumeReset implements Store.
func (s *KVStore) ConsumeReset(ctx context.Context, hash []byte, u User) error {
	return s.update(ctx, func(tx kv.Tx) error {
		if tx.Bucket(bResets).Get(hash) == nil {
			return fmt.Errorf("password reset: %w", ErrNotFound)
		}
		return updateUser(tx, u, true) // deletes every reset of the user, this one too
	})
}

// API tokens.

// CreateToken implements Store.
func (s *KVStore) CreateToken(ctx context.Context, hash []byte, t APIToken) error {
	return s.update(ctx, func(tx kv.Tx) error {
		if tx.Bucket(bTokens).Get([]byte(t.ID)) != nil {
			return fmt.Errorf("token %s: %w", t.ID, ErrExists)
		}
		if err := put(tx, bTokens, []byte(t.ID), tokenRecord{APIToken: t, Hash: hash}); err != nil {
			return err
		}
		if err := tx.Bucket(bTokensByHash).Put(hash, []byte(t.ID)); err != nil {
			return err
		}
		return tx.Bucket(bTokensByOrg).Put(key(t.OrgID, t.ID), nil)
	})
}

// TokenByHash implements Store.
func (s *KVStore) TokenByHash(ctx context.Context, hash []byte) (APIToken, error) {
	var r tokenRecord
	err := s.view(ctx, func(tx kv.Tx) error {
		id := tx.Bucket(bTokensByHash).Get(hash)
		if id == nil {
			return ErrNotFound
		}
		return get(tx, bTokens, id, &r)
	})
	if err != nil {
		return APIToken{}, fmt.Errorf("token: %w", err)
	}
	return r.APIToken, nil
}

// Token implements Store.
func (s *KVStore) Token(ctx context.Context, id string) (APIToken, error) {
	var r tokenRecord
	if err := s.view(ctx, func(tx kv.Tx) error { return get(tx, bTokens, []byte(id), &r) }); err != nil {
		return APIToken{}, fmt.Errorf("token %s: %w", id, err)
	}
	return r.APIToken, nil
}

// UpdateToken implements Store.
func (s *KVStore) UpdateToken(ctx context.Context, t APIToken) error {
	return s.update(ctx, func(tx kv.Tx) error {
		var r tokenRecord
		if err := get(tx, bTokens, []byte(t.ID), &r); err != nil {
			return fmt.Errorf("token %s: %w", t.ID, err)
		}
		if r.OrgID != t.OrgID {
			return fmt.Errorf("token %s: the organisation of a token cannot change", t.ID)
		}
		r.APIToken = t
		return put(tx, bTokens, []byte(t.ID), r)
	})
}

// Tokens implements Store.
func (s *KVStore) Tokens(ctx context.Context, orgID string) ([]APIToken, error) {
	var out []APIToken
	err := s.view(ctx, func(tx kv.Tx) error {
		out = nil // the transaction may run again
		prefix := key(orgID, "")
		c := tx.Bucket(bTokensByOrg).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			var r tokenRecord
			if err := get(tx, bTokens, k[len(prefix):], &r); err != nil {
				return err
			}
			out = append(out, r.APIToken)
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out, err
}

// DeleteExpired implements Store.
func (s *KVStore) DeleteExpired(ctx context.Context, now, idleBefore, createdBefore time.Time) (int, error) {
	n := 0
	err := s.update(ctx, func(tx kv.Tx) error {
		n = 0
		var sessions, resets, invites [][]byte
		err := tx.Bucket(bSessions).ForEach(func(k, v []byte) error {
			var sess Session
			if err := json.Unmarshal(v, &sess); err != nil {
				return err
			}
			if sess.LastSeen.Before(idleBefore) || sess.Created.Before(createdBefore) {
				sessions = append(sessions, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		err = tx.Bucket(bResets).ForEach(func(k, v []byte) error {
			var r PasswordReset
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			if !now.Before(r.Expires) {
				resets = append(resets, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		err = tx.Bucket(bInvites).ForEach(func(k, v []byte) error {
			var r inviteRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			if !now.Before(r.Expires) {
				invites = append(invites, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, h := range sessions {
			if err := deleteSession(tx, h); err != nil {
				return err
			}
		}
		for _, h := range resets {
			var r PasswordReset
			if err := get(tx, bResets, h, &r); err != nil {
				return err
			}
			if err := tx.Bucket(bResetsByUser).Delete(key(r.UserID, string(h))); err != nil {
				return err
			}
			if err := tx.Bucket(bResets).Delete(h); err != nil {
				return err
			}
		}
		for _, id := range invites {
			if err := deleteInvitation(tx, id); err != nil {
				return err
			}
		}
		n = len(sessions) + len(resets) + len(invites)
		return nil
	})
	return n, err
}
