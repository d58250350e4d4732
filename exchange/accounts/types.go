package accounts

import (
	"fmt"
	"log/slog"
	"slices"
	"time"
)

// Role is what a user may do in the exchange. Roles are ordered:
// contributor < editor < admin; each may do what the lower ones may.
type Role string

// The roles, from least to most powerful.
const (
	// RoleContributor writes and submits the practices of its organisation.
	RoleContributor Role = "contributor"
	// RoleEditor also reviews, corrects and publishes practices and invites.
	RoleEditor Role = "editor"
	// RoleAdmin also manages users, roles and organisations.
	RoleAdmin Role = "admin"
)

// Roles lists the valid roles from least to most powerful.
func Roles() []Role { return []Role{RoleContributor, RoleEditor, RoleAdmin} }

func (r Role) rank() int {
	return slices.Index(Roles(), r)
}

// Valid reports whether r is one of the defined roles.
func (r Role) Valid() bool { return r.rank() >= 0 }

// AtLeast reports whether r is a valid role as powerful as min or more.
func (r Role) AtLeast(min Role) bool { return r.Valid() && min.Valid() && r.rank() >= min.rank() }

// ParseRole returns the role named s, or an error listing the valid roles.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", fmt.Errorf("%w: %q (want contributor, editor or admin)", ErrInvalidRole, s)
	}
	return r, nil
}

// Organisation kinds.
const (
	KindCity        = "city"
	KindRegion      = "region"
	KindNGO         = "ngo"
	KindPartnerSite = "partner-site"
	KindOther       = "other"
)

// OrganisationKinds lists the valid values of Organisation.Kind.
func OrganisationKinds() []string {
	return []string{KindCity, KindRegion, KindNGO, KindPartnerSite, KindOther}
}

// Organisation is a city, region, NGO or partner site that shares
// practices. Its name is published with its practices; the rest is not.
type Organisation struct {
	// ID is a stable slug ("city-of-example"): it appears in the IRIs of
	// the organisation's practices and graphs, so it never changes.
	ID      string `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`              // one of OrganisationKinds
	Website string `json:"website,omitempty"` // absolute http(s) URL or ""
	// Country is an ISO 3166-1 alpha-2 code in upper case, or "".
	Country string    `json:"country,omitempty"`
	Created time.Time `json:"created"`
}

// Languages users can choose for pages and e-mails.
var userLanguages = []string{"en", "de", "fr"}

// User is a person with an account. Every user belongs to one organisation
// and has one role.
//
// PasswordHash is never serialised to JSON, and String and LogValue leave
// out the hash and the e-mail address, so that logging a User or writing
// it into an API answer does not leak them.
type User struct {
	// ID is random and opaque (32 hex digits); it never changes.
	ID string `json:"id"`
	// Email is trimmed and in lower case; it is unique among users.
	Email string `json:"email"`
	Name  string `json:"name"`
	OrgID string `json:"org"`
	Role  Role   `json:"role"`
	// Language is the user's language for pages and e-mails: en, de or fr.
	Language string `json:"language"`
	// PasswordHash is an argon2id PHC string; "" when no password is set
	// (an account that signs in with OpenID Connect only).
	PasswordHash string `json:"-"`
	// OIDCIssuer and OIDCSubject link the account to an OpenID Connect
	// identity; both are "" when it is not linked.
	OIDCIssuer  string    `json:"oidc_issuer,omitempty"`
	OIDCSubject string    `json:"oidc_subject,omitempty"`
	Created     time.Time `json:"created"`
	LastLogin   time.Time `json:"last_login,omitzero"`
	Disabled    bool      `json:"disabled,omitempty"`
}

// String describes the user without personal data beyond the ID.
func (u User) String() string {
	return fmt.Sprintf("user %s (%s of %s)", u.ID, u.Role, u.OrgID)
}

// LogValue logs the user's ID, organisation and role only.
func (u User) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", u.ID), slog.String("org", u.OrgID), slog.String("role", string(u.Role)))
}

// HasPassword reports whether the user can sign in with a password.
func (u User) HasPassword() bool { return u.PasswordHash != "" }

// Invitation lets one person create an account in an organisation with a
// role. Its secret token is sent by e-mail and stored only as a hash; an
// invitation is deleted when it is accepted.
type Invitation struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	OrgID string `json:"org"`
	Role  Role   `json:"role"`
	// Language of the invitation e-mail and the new account (the
	// inviter's language).
	Language  string    `json:"language"`
	InvitedBy string    `json:"invited_by"` // user ID, or OperatorID
	Created   time.Time `json:"created"`
	Expires   time.Time `json:"expires"`
}

// LogValue logs the invitation without the invitee's e-mail address.
func (i Invitation) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", i.ID), slog.String("org", i.OrgID), slog.String("role", string(i.Role)))
}

// Session is a signed-in browser. The session token (a cookie) is stored
// only as its SHA-256.
type Session struct {
	UserID   string    `json:"user"`
	Created  time.Time `json:"created"`
	LastSeen time.Time `json:"last_seen"`
	// CSRFToken is a random secret bound to the session, for the web layer
	// to put into forms and compare with what a form posts back.
	CSRFToken string `json:"csrf"`
}

// Scope is a permission of an API token.
type Scope string

// The API token scopes.
const (
	// ScopePracticesRead reads the organisation's practices, drafts included.
	ScopePracticesRead Scope = "practices:read"
	// ScopePracticesWrite creates, changes and submits them.
	ScopePracticesWrite Scope = "practices:write"
)

// Scopes lists the valid API token scopes.
func Scopes() []Scope { return []Scope{ScopePracticesRead, ScopePracticesWrite} }

// Valid reports whether s is a defined scope.
func (s Scope) Valid() bool { return slices.Contains(Scopes(), s) }

// APIToken lets a program act for an organisation through the API. The
// token's plaintext is shown once, when it is created; only its SHA-256 is
// stored.
type APIToken struct {
	ID      string    `json:"id"`
	OrgID   string    `json:"org"`
	Name    string    `json:"name"`
	Scopes  []Scope   `json:"scopes"`
	Created time.Time `json:"created"`
	// CreatedBy is the ID of the user who created the token. The token
	// belongs to the organisation and outlives that user's account.
	CreatedBy string    `json:"created_by"`
	LastUsed  time.Time `json:"last_used,omitzero"`
	// Revoked is when the token was revoked; zero while it is valid.
	Revoked time.Time `json:"revoked,omitzero"`
}

// Has reports whether the token carries the scope.
func (t APIToken) Has(s Scope) bool { return slices.Contains(t.Scopes, s) }

// Active reports whether the token has not been revoked.
func (t APIToken) Active() bool { return t.Revoked.IsZero() }
