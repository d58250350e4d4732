package accounts

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// CreateToken makes an API token for the acting user's organisation with
// the given scopes. Its plaintext (smt_ and 52 base32 characters) is
// returned once, to be shown to the user; only its SHA-256 is stored.
func (s *Service) CreateToken(ctx context.Context, by User, name string, scopes []Scope) (APIToken, string, error) {
	by, err := s.actor(ctx, by)
	if err != nil || isOperator(by) {
		return APIToken{}, "", fmt.Errorf("create token: %w: a member of the organisation creates its tokens", ErrForbidden)
	}
	if name, err = validName(name); err != nil {
		return APIToken{}, "", fmt.Errorf("create token: %w", err)
	}
	if len(scopes) == 0 {
		return APIToken{}, "", fmt.Errorf("create token: %w: give at least one scope", ErrInvalidScope)
	}
	var sc []Scope
	for _, scope := range scopes {
		if !scope.Valid() {
			return APIToken{}, "", fmt.Errorf("create token: %w: %q (want practices:read or practices:write)", ErrInvalidScope, scope)
		}
		if !slices.Contains(sc, scope) {
			sc = append(sc, scope)
		}
	}
	t := APIToken{ID: newID(8), OrgID: by.OrgID, Name: name, Scopes: sc, Created: s.now(), CreatedBy: by.ID}
	plaintext := newAPIToken()
	if err := s.store.CreateToken(ctx, secretHash(plaintext), t); err != nil {
		return APIToken{}, "", fmt.Errorf("create token: %w", err)
	}
	s.log.Info("API token created", "token", t.ID, "org", t.OrgID, "by", by)
	return t, plaintext, nil
}

// AuthenticateToken returns the token and organisation of an API token's
// plaintext; revoked and unknown tokens (and those of a deleted
// organisation) give ErrBadToken. LastUsed is written at most once a
// minute.
func (s *Service) AuthenticateToken(ctx context.Context, plaintext string) (APIToken, Organisation, error) {
	if !wellFormedAPIToken(plaintext) {
		return APIToken{}, Organisation{}, ErrBadToken
	}
	t, err := s.store.TokenByHash(ctx, secretHash(plaintext))
	if errors.Is(err, ErrNotFound) {
		return APIToken{}, Organisation{}, ErrBadToken
	}
	if err != nil {
		return APIToken{}, Organisation{}, fmt.Errorf("authenticate token: %w", err)
	}
	if !t.Active() {
		return APIToken{}, Organisation{}, ErrBadToken
	}
	org, err := s.store.Organisation(ctx, t.OrgID)
	if errors.Is(err, ErrNotFound) {
		return APIToken{}, Organisation{}, ErrBadToken
	}
	if err != nil {
		return APIToken{}, Organisation{}, fmt.Errorf("authenticate token: %w", err)
	}
	if now := s.now(); now.Sub(t.LastUsed) >= touchInterval {
		t.LastUsed = now
		if err := s.store.UpdateToken(ctx, t); err != nil {
			return APIToken{}, Organisation{}, fmt.Errorf("authenticate token: %w", err)
		}
	}
	return t, org, nil
}

// RevokeToken revokes an API token of the acting user's organisation
// (admins: of any organisation). Revoking a revoked token changes nothing.
func (s *Service) RevokeToken(ctx context.Context, by User, id string) (APIToken, error) {
	by, err := s.actor(ctx, by)
	if err != nil {
		return APIToken{}, fmt.Errorf("revoke token: %w", err)
	}
	t, err := s.store.Token(ctx, id)
	if err != nil {
		return APIToken{}, fmt.Errorf("revoke token: %w", err)
	}
	if t.OrgID != by.OrgID && !by.Role.AtLeast(RoleAdmin) {
		return APIToken{}, fmt.Errorf("revoke token: %w: the token belongs to another organisation", ErrForbidden)
	}
	if !t.Active() {
		return t, nil
	}
	t.Revoked = s.now()
	if err := s.store.UpdateToken(ctx, t); err != nil {
		return APIToken{}, fmt.Errorf("revoke token: %w", err)
	}
	s.log.Info("API token revoked", "token", t.ID, "org", t.OrgID, "by", by)
	return t, nil
}

// Tokens returns the API tokens of an organisation, revoked ones included.
func (s *Service) Tokens(ctx context.Context, orgID string) ([]APIToken, error) {
	return s.store.Tokens(ctx, orgID)
}
