package accounts

import (
	"errors"
	"fmt"
	"time"
)

// Errors the Service and the Store return; test for them with errors.Is.
// The web layer maps each to a page or a status and a translated message.
var (
	// ErrNotFound: no record with that key.
	ErrNotFound = errors.New("not found")
	// ErrExists: a record with that key (an organisation's ID) exists.
	ErrExists = errors.New("already exists")
	// ErrEmailTaken: a user with that e-mail address exists.
	ErrEmailTaken = errors.New("an account with this e-mail address exists")
	// ErrOIDCTaken: another user is linked to that OpenID Connect identity.
	ErrOIDCTaken = errors.New("another account is linked to this OpenID Connect identity")

	// ErrBadCredentials: unknown e-mail address or wrong password (the
	// same error for both, so that it does not tell which accounts exist).
	ErrBadCredentials = errors.New("wrong e-mail address or password")
	// ErrDisabled: the account is disabled.
	ErrDisabled = errors.New("the account is disabled")
	// ErrNoSession: the session token is unknown, expired or revoked.
	ErrNoSession = errors.New("not signed in or the session has expired")
	// ErrBadToken: an invitation, reset or API token that is unknown,
	// expired, used or revoked.
	ErrBadToken = errors.New("the link or token is invalid, expired or already used")
	// ErrNoAccount: an OpenID Connect identity that matches no account
	// (accounts are made by invitation only).
	ErrNoAccount = errors.New("no account for this identity: accounts are created by invitation")
	// ErrForbidden: the acting user's role or organisation does not allow
	// the act.
	ErrForbidden = errors.New("not allowed")
	// ErrLastAdmin: the act would leave no enabled admin.
	ErrLastAdmin = errors.New("this is the last admin: make another user admin first")

	// ErrInvalidEmail, ErrInvalidRole, ErrInvalidOrganisation,
	// ErrInvalidScope and ErrInvalidLanguage mark bad input; the wrapping
	// error says what is wrong.
	ErrInvalidEmail        = errors.New("invalid e-mail address")
	ErrInvalidRole         = errors.New("invalid role")
	ErrInvalidOrganisation = errors.New("invalid organisation")
	ErrInvalidScope        = errors.New("invalid scope")
	ErrInvalidLanguage     = errors.New("invalid language")
	ErrInvalidName         = errors.New("invalid name")

	// ErrPasswordTooShort, ErrPasswordTooLong and ErrPasswordIsEmail say
	// which password rule failed.
	ErrPasswordTooShort = fmt.Errorf("the password must have at least %d characters", MinPasswordLen)
	ErrPasswordTooLong  = fmt.Errorf("the password must have at most %d bytes", MaxPasswordBytes)
	ErrPasswordIsEmail  = errors.New("the password must not be the e-mail address")
)

// ThrottledError is returned by Login (and RequestPasswordReset callers may
// see it) when too many attempts failed recently; the password was not
// checked. RetryAfter says when to try again (for a Retry-After header).
type ThrottledError struct {
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed attempts: try again in %s", e.RetryAfter.Round(time.Second))
}
