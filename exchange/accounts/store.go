package accounts

import (
	"context"
	"time"
)

// Store keeps the accounts. It is CRUD-level: the Service holds the rules,
// the Store keeps the records, their secondary indices (e-mail, OpenID
// Connect identity, organisation, secret hash) and the atomicity of each
// call. Every secret is passed as its SHA-256 (32 bytes); plaintexts never
// reach a Store.
//
// Lookups that find nothing return an error wrapping ErrNotFound.
// Implementations must be safe for concurrent use.
type Store interface {
	// CreateOrganisation adds o; ErrExists when its ID is taken.
	CreateOrganisation(ctx context.Context, o Organisation) error
	// UpdateOrganisation replaces the organisation with o's ID.
	UpdateOrganisation(ctx context.Context, o Organisation) error
	Organisation(ctx context.Context, id string) (Organisation, error)
	// Organisations returns all organisations ordered by ID.
	Organisations(ctx context.Context) ([]Organisation, error)

	// CreateUser adds u; ErrEmailTaken when its e-mail is taken,
	// ErrOIDCTaken when its OpenID Connect identity is, ErrExists when its
	// ID is.
	CreateUser(ctx context.Context, u User) error
	// UpdateUser replaces the user with u's ID and its indices. With
	// revokeSessions it also deletes every session and pending password
	// reset of the user, in the same transaction.
	UpdateUser(ctx context.Context, u User, revokeSessions bool) error
	// DeleteUser removes the user, its index entries, its sessions and its
	// password resets.
	DeleteUser(ctx context.Context, id string) error
	User(ctx context.Context, id string) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	UserByOIDC(ctx context.Context, issuer, subject string) (User, error)
	// Users returns the users of an organisation ("" for all), ordered by
	// e-mail address.
	Users(ctx context.Context, orgID string) ([]User, error)

	// CreateSession stores a session under the hash of its token.
	CreateSession(ctx context.Context, hash []byte, s Session) error
	Session(ctx context.Context, hash []byte) (Session, error)
	// Sessions returns the sessions of a user, in no particular order
	// (expired ones that Cleanup has not removed yet included).
	Sessions(ctx context.Context, userID string) ([]Session, error)
	// TouchSession sets the session's LastSeen.
	TouchSession(ctx context.Context, hash []byte, lastSeen time.Time) error
	// DeleteSession removes a session; removing a missing one is no error.
	DeleteSession(ctx context.Context, hash []byte) error

	// CreateInvitation stores an invitation under the hash of its token,
	// replacing any pending invitation for the same e-mail address.
	CreateInvitation(ctx context.Context, hash []byte, inv Invitation) error
	InvitationByHash(ctx context.Context, hash []byte) (Invitation, error)
	// Invitations returns the pending invitations of an organisation ("" for
	// all), ordered by creation time.
	Invitations(ctx context.Context, orgID string) ([]Invitation, error)
	// DeleteInvitation removes the invitation with that ID.
	DeleteInvitation(ctx context.Context, id string) error
	// AcceptInvitation deletes the invitation with that hash and creates u,
	// in one transaction: ErrNotFound when the invitation is gone (used),
	// so that it can be used once only.
	AcceptInvitation(ctx context.Context, hash []byte, u User) error

	// CreateReset stores a password reset under the hash of its token.
	CreateReset(ctx context.Context, hash []byte, r PasswordReset) error
	Reset(ctx context.Context, hash []byte) (PasswordReset, error)
	// ConsumeReset deletes the reset with that hash (ErrNotFound when it is
	// gone) and updates u like UpdateUser(ctx, u, true), in one
	// transaction.
	ConsumeReset(ctx context.Context, hash []byte, u User) error

	// CreateToken stores an API token under the hash of its plaintext.
	CreateToken(ctx context.Context, hash []byte, t APIToken) error
	TokenByHash(ctx context.Context, hash []byte) (APIToken, error)
	Token(ctx context.Context, id string) (APIToken, error)
	// UpdateToken replaces the token with t's ID (its hash stays).
	UpdateToken(ctx context.Context, t APIToken) error
	// Tokens returns the tokens of an organisation, revoked ones included,
	// ordered by creation time.
	Tokens(ctx context.Context, orgID string) ([]APIToken, error)

	// DeleteExpired removes the invitations and resets that expired before
	// now and the sessions last seen before idleBefore or created before
	// createdBefore; it returns how many records it removed.
	DeleteExpired(ctx context.Context, now, idleBefore, createdBefore time.Time) (int, error)

	Close() error
}

// PasswordReset is a pending password reset; its token is sent by e-mail
// and stored only as a hash.
type PasswordReset struct {
	UserID  string    `json:"user"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
}

// compacter is implemented by stores whose deleted data can linger in the
// file until it is rewritten (bbolt reuses freed pages without clearing
// them); the Service compacts after deleting a user's personal data.
type compacter interface {
	Compact(ctx context.Context) error
}
