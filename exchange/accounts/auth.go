package accounts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Invite invites a person (by e-mail address) into an organisation with a
// role. Editors and admins invite; nobody grants a role above their own,
// and editor and admin roles only in their own organisation (the one that
// runs the map). An earlier pending invitation for the same address is
// replaced. The token (for the link in the e-mail) is returned once; only
// its hash is stored.
func (s *Service) Invite(ctx context.Context, inviter User, email, orgID string, role Role) (Invitation, string, error) {
	return s.InviteWithLanguage(ctx, inviter, email, orgID, role, "")
}

// InviteWithLanguage is Invite with the language of the invitation (its
// e-mail and the new account's language): en, de or fr, or "" for the
// inviter's, so that an editor can invite a partner in the partner's
// language.
func (s *Service) InviteWithLanguage(ctx context.Context, inviter User, email, orgID string, role Role, lang string) (Invitation, string, error) {
	if lang != "" {
		if _, err := validLanguage(lang); err != nil {
			return Invitation{}, "", fmt.Errorf("invite: %w", err)
		}
	}
	inviter, err := s.actor(ctx, inviter)
	if err != nil {
		return Invitation{}, "", fmt.Errorf("invite: %w", err)
	}
	if !inviter.Role.AtLeast(RoleEditor) {
		return Invitation{}, "", fmt.Errorf("invite: %w: editors and admins invite", ErrForbidden)
	}
	if !role.Valid() {
		return Invitation{}, "", fmt.Errorf("invite: %w: %q (want contributor, editor or admin)", ErrInvalidRole, role)
	}
	if !inviter.Role.AtLeast(role) {
		return Invitation{}, "", fmt.Errorf("invite: %w: an %s cannot grant the role %s", ErrForbidden, inviter.Role, role)
	}
	if role.AtLeast(RoleEditor) {
		if err := s.checkStaffOrg(ctx, inviter, orgID); err != nil {
			return Invitation{}, "", fmt.Errorf("invite: %w", err)
		}
	}
	if email, err = ValidateEmail(email); err != nil {
		return Invitation{}, "", fmt.Errorf("invite: %w", err)
	}
	if _, err := s.store.Organisation(ctx, orgID); err != nil {
		return Invitation{}, "", fmt.Errorf("invite: %w", err)
	}
	if _, err := s.store.UserByEmail(ctx, email); err == nil {
		return Invitation{}, "", fmt.Errorf("invite: %w", ErrEmailTaken)
	} else if !errors.Is(err, ErrNotFound) {
		return Invitation{}, "", fmt.Errorf("invite: %w", err)
	}
	if lang == "" {
		if lang, _ = validLanguage(inviter.Language); lang == "" {
			lang = "en"
		}
	}
	now := s.now()
	inv := Invitation{ID: newID(8), Email: email, OrgID: orgID, Role: role, Language: lang,
		InvitedBy: inviter.ID, Created: now, Expires: now.Add(s.opts.InvitationTTL)}
	token := newSecret()
	if err := s.store.CreateInvitation(ctx, secretHash(token), inv); err != nil {
		return Invitation{}, "", fmt.Errorf("invite: %w", err)
	}
	s.log.Info("invitation created", "invitation", inv, "by", inviter)
	return inv, token, nil
}

// Invitation returns the pending invitation of a token (to show the
// invitee what they accept), or ErrBadToken.
func (s *Service) Invitation(ctx context.Context, token string) (Invitation, error) {
	inv, err := s.pendingInvitation(ctx, token)
	if err != nil {
		return Invitation{}, fmt.Errorf("invitation: %w", err)
	}
	return inv, nil
}

func (s *Service) pendingInvitation(ctx context.Context, token string) (Invitation, error) {
	if !wellFormedSecret(token) {
		return Invitation{}, ErrBadToken
	}
	inv, err := s.store.InvitationByHash(ctx, secretHash(token))
	if errors.Is(err, ErrNotFound) {
		return Invitation{}, ErrBadToken
	}
	if err != nil {
		return Invitation{}, err
	}
	if !s.now().Before(inv.Expires) {
		return Invitation{}, ErrBadToken
	}
	return inv, nil
}

// Invitations returns the pending invitations of an organisation ("" for
// all).
func (s *Service) Invitations(ctx context.Context, orgID string) ([]Invitation, error) {
	return s.store.Invitations(ctx, orgID)
}

// RevokeInvitation deletes a pending invitation (editors and admins).
func (s *Service) RevokeInvitation(ctx context.Context, by User, id string) error {
	by, err := s.actor(ctx, by)
	if err != nil {
		return fmt.Errorf("revoke invitation: %w", err)
	}
	if !by.Role.AtLeast(RoleEditor) {
		return fmt.Errorf("revoke invitation: %w", ErrForbidden)
	}
	if err := s.store.DeleteInvitation(ctx, id); err != nil {
		return fmt.Errorf("revoke invitation: %w", err)
	}
	return nil
}

// AcceptInvitation creates the invited account with a name and a password.
// An invitation is used once: it is deleted with the same write that
// creates the account. Expired and unknown tokens give ErrBadToken. The
// caller signs the new user in with StartSession.
func (s *Service) AcceptInvitation(ctx context.Context, token, name, password string) (User, error) {
	inv, err := s.pendingInvitation(ctx, token)
	if err != nil {
		return User{}, fmt.Errorf("accept invitation: %w", err)
	}
	u, err := s.newUser(ctx, inv.Email, name, inv.OrgID, inv.Role, inv.Language)
	if err != nil {
		return User{}, fmt.Errorf("accept invitation: %w", err)
	}
	if err := CheckPassword(password, u.Email); err != nil {
		return User{}, fmt.Errorf("accept invitation: %w", err)
	}
	if u.PasswordHash, err = s.hasher.hash(ctx, password); err != nil {
		return User{}, fmt.Errorf("accept invitation: %w", err)
	}
	return s.acceptInvitation(ctx, token, u)
}

// AcceptInvitationOIDC creates the invited account linked to an OpenID
// Connect identity instead of a password (the invitation link proves the
// e-mail address; the identity's may differ). Its name comes from the
// identity (or the e-mail address).
func (s *Service) AcceptInvitationOIDC(ctx context.Context, token string, id Identity) (User, error) {
	inv, err := s.pendingInvitation(ctx, token)
	if err != nil {
		return User{}, fmt.Errorf("accept invitation: %w", err)
	}
	if err := id.validate(); err != nil {
		return User{}, fmt.Errorf("accept invitation: %w", err)
	}
	name := id.Name
	if _, err := validName(name); err != nil {
		name = inv.Email
	}
	u, err := s.newUser(ctx, inv.Email, name, inv.OrgID, inv.Role, inv.Language)
	if err != nil {
		return User{}, fmt.Errorf("accept invitation: %w", err)
	}
	u.OIDCIssuer, u.OIDCSubject = id.Issuer, id.Subject
	return s.acceptInvitation(ctx, token, u)
}

func (s *Service) acceptInvitation(ctx context.Context, token string, u User) (User, error) {
	err := s.store.AcceptInvitation(ctx, secretHash(token), u)
	if errors.Is(err, ErrNotFound) {
		return User{}, fmt.Errorf("accept invitation: %w", ErrBadToken)
	}
	if err != nil {
		return User{}, fmt.Errorf("accept invitation: %w", err)
	}
	s.log.Info("invitation accepted", "user", u)
	return u, nil
}

// Login checks an e-mail address and password and starts a session. After
// MaxFailuresPerEmail failures for the address or MaxFailuresPerIP from
// the client address within ThrottleWindow, it fails with a
// *ThrottledError before looking at the password. An unknown address and a
// wrong password give ErrBadCredentials and take about the same time.
// clientIP may be "" when unknown (then only the address is throttled).
func (s *Service) Login(ctx context.Context, email, password, clientIP string) (User, string, error) {
	email = NormalizeEmail(email)
	now := s.now()
	ek, ik := emailKey(email), ipKey(clientIP)
	wait := s.opts.Throttle.Wait(ek, s.opts.MaxFailuresPerEmail, now)
	if clientIP != "" {
		wait = max(wait, s.opts.Throttle.Wait(ik, s.opts.MaxFailuresPerIP, now))
	}
	if wait > 0 {
		s.log.Warn("login throttled", "client", clientIP, "retry_after", wait)
		return User{}, "", &ThrottledError{RetryAfter: wait}
	}
	fail := func() (User, string, error) {
		s.opts.Throttle.Fail(ek, now)
		if clientIP != "" {
			s.opts.Throttle.Fail(ik, now)
		}
		s.log.Info("login failed", "client", clientIP)
		return User{}, "", ErrBadCredentials
	}
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return User{}, "", fmt.Errorf("login: %w", err)
	}
	phc := u.PasswordHash
	if err != nil || phc == "" {
		phc = s.hasher.dummyHash() // same work as for a real account
	}
	ok, verr := s.hasher.verify(ctx, password, phc)
	if ctx.Err() != nil {
		return User{}, "", fmt.Errorf("login: %w", ctx.Err())
	}
	if err != nil || u.PasswordHash == "" || !ok {
		if verr != nil && u.PasswordHash != "" {
			s.log.Error("login: stored password hash unreadable", "user", u, "err", verr)
		}
		return fail()
	}
	if u.Disabled {
		return User{}, "", fmt.Errorf("login: %w", ErrDisabled)
	}
	s.opts.Throttle.Reset(ek)
	var rehash string
	if NeedsRehash(u.PasswordHash, s.opts.Argon2) {
		rehash, _ = s.hasher.hash(ctx, password) // on failure the old hash stays
	}
	verified := u.PasswordHash
	u, err = s.mutateUser(ctx, u.ID, false, func(f *User) error {
		switch {
		case f.Disabled:
			return ErrDisabled
		case f.PasswordHash != verified: // changed while we checked it
			return ErrBadCredentials
		}
		if rehash != "" {
			f.PasswordHash = rehash
		}
		f.LastLogin = now
		return nil
	})
	if errors.Is(err, ErrNotFound) {
		return User{}, "", ErrBadCredentials // deleted meanwhile
	}
	if err != nil {
		return User{}, "", fmt.Errorf("login: %w", err)
	}
	token, _, err := s.StartSession(ctx, u)
	if err != nil {
		return User{}, "", fmt.Errorf("login: %w", err)
	}
	s.log.Info("login", "user", u, "client", clientIP)
	return u, token, nil
}

// StartSession signs a user in (after Login, AcceptInvitation,
// LoginOIDC): it returns the session token for the cookie, which is
// returned only here.
func (s *Service) StartSession(ctx context.Context, u User) (string, Session, error) {
	now := s.now()
	sess := Session{UserID: u.ID, Created: now, LastSeen: now, CSRFToken: newSecret()}
	token := newSecret()
	if err := s.store.CreateSession(ctx, secretHash(token), sess); err != nil {
		return "", Session{}, fmt.Errorf("start session: %w", err)
	}
	return token, sess, nil
}

// Authenticate returns the user and session of a session token. A session
// ends after SessionIdle without use or SessionMax after sign-in, and when
// the user is disabled or deleted: then ErrNoSession. LastSeen is written
// at most once a minute, not on every request.
func (s *Service) Authenticate(ctx context.Context, token string) (User, Session, error) {
	if !wellFormedSecret(token) {
		return User{}, Session{}, ErrNoSession
	}
	hash := secretHash(token)
	sess, err := s.store.Session(ctx, hash)
	if errors.Is(err, ErrNotFound) {
		return User{}, Session{}, ErrNoSession
	}
	if err != nil {
		return User{}, Session{}, fmt.Errorf("authenticate: %w", err)
	}
	now := s.now()
	if !now.Before(s.SessionExpires(sess)) {
		if err := s.store.DeleteSession(ctx, hash); err != nil {
			s.log.Warn("authenticate: deleting an expired session failed", "err", err)
		}
		return User{}, Session{}, ErrNoSession
	}
	u, err := s.store.User(ctx, sess.UserID)
	if err != nil || u.Disabled {
		if err == nil || errors.Is(err, ErrNotFound) {
			_ = s.store.DeleteSession(ctx, hash)
			return User{}, Session{}, ErrNoSession
		}
		return User{}, Session{}, fmt.Errorf("authenticate: %w", err)
	}
	if now.Sub(sess.LastSeen) >= touchInterval {
		if err := s.store.TouchSession(ctx, hash, now); err != nil && !errors.Is(err, ErrNotFound) {
			return User{}, Session{}, fmt.Errorf("authenticate: %w", err)
		}
		sess.LastSeen = now
	}
	return u, sess, nil
}

// SessionExpires returns when a session ends unless used again: the
// earlier of LastSeen+SessionIdle and Created+SessionMax. The web layer
// sets its cookie's expiry from it.
func (s *Service) SessionExpires(sess Session) time.Time {
	idle := sess.LastSeen.Add(s.opts.SessionIdle)
	if abs := sess.Created.Add(s.opts.SessionMax); abs.Before(idle) {
		return abs
	}
	return idle
}

// Logout ends the session of a token; an unknown token is no error.
func (s *Service) Logout(ctx context.Context, token string) error {
	if !wellFormedSecret(token) {
		return nil
	}
	if err := s.store.DeleteSession(ctx, secretHash(token)); err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	return nil
}

// RevokeSessions ends every session of a user ("sign out everywhere") and
// cancels their pending password resets.
func (s *Service) RevokeSessions(ctx context.Context, userID string) error {
	if _, err := s.mutateUser(ctx, userID, true, func(*User) error { return nil }); err != nil {
		return fmt.Errorf("revoke sessions: %w", err)
	}
	return nil
}

// Sessions returns the sessions of a user that have not ended, the most
// recently used first, so that the user can see where they are signed in.
func (s *Service) Sessions(ctx context.Context, userID string) ([]Session, error) {
	all, err := s.store.Sessions(ctx, userID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := all[:0]
	for _, sess := range all {
		if now.Before(s.SessionExpires(sess)) {
			out = append(out, sess)
		}
	}
	slices.SortFunc(out, func(a, b Session) int { return b.LastSeen.Compare(a.LastSeen) })
	return out, nil
}

// resetKey names the throttle counter of reset requests for an address.
func resetKey(email string) string { return "reset:" + email }

// RequestPasswordReset makes a password reset token for the account of an
// e-mail address, for the caller to send to that address. ok is false
// (with no error) when there is no such enabled account: the caller shows
// the same page either way. More than DefaultMaxResetsPerEmail requests
// for one address within ThrottleWindow give a *ThrottledError, whether or
// not the account exists, so that nobody can flood a mailbox.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) (User, string, bool, error) {
	email = NormalizeEmail(email)
	now := s.now()
	rk := resetKey(email)
	if wait := s.opts.Throttle.Wait(rk, DefaultMaxResetsPerEmail, now); wait > 0 {
		return User{}, "", false, &ThrottledError{RetryAfter: wait}
	}
	s.opts.Throttle.Fail(rk, now)
	u, err := s.store.UserByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) || (err == nil && u.Disabled) {
		return User{}, "", false, nil
	}
	if err != nil {
		return User{}, "", false, fmt.Errorf("request password reset: %w", err)
	}
	token := newSecret()
	r := PasswordReset{UserID: u.ID, Created: now, Expires: now.Add(s.opts.ResetTTL)}
	if err := s.store.CreateReset(ctx, secretHash(token), r); err != nil {
		return User{}, "", false, fmt.Errorf("request password reset: %w", err)
	}
	s.log.Info("password reset requested", "user", u)
	return u, token, true, nil
}

// PasswordReset returns the pending reset of a token without using it up,
// so that the page a reset link opens can say at once that the link has
// expired; ErrBadToken when it is unknown, expired or used.
func (s *Service) PasswordReset(ctx context.Context, token string) (PasswordReset, error) {
	if !wellFormedSecret(token) {
		return PasswordReset{}, ErrBadToken
	}
	r, err := s.store.Reset(ctx, secretHash(token))
	if errors.Is(err, ErrNotFound) || (err == nil && !s.now().Before(r.Expires)) {
		return PasswordReset{}, ErrBadToken
	}
	if err != nil {
		return PasswordReset{}, fmt.Errorf("password reset: %w", err)
	}
	return r, nil
}

// ResetPassword sets a new password with a reset token (used once) and
// ends every session of the user. The caller signs the user in afresh
// with StartSession.
func (s *Service) ResetPassword(ctx context.Context, token, newPassword string) (User, error) {
	if !wellFormedSecret(token) {
		return User{}, fmt.Errorf("reset password: %w", ErrBadToken)
	}
	hash := secretHash(token)
	r, err := s.store.Reset(ctx, hash)
	if errors.Is(err, ErrNotFound) || (err == nil && !s.now().Before(r.Expires)) {
		return User{}, fmt.Errorf("reset password: %w", ErrBadToken)
	}
	if err != nil {
		return User{}, fmt.Errorf("reset password: %w", err)
	}
	u, err := s.store.User(ctx, r.UserID)
	if errors.Is(err, ErrNotFound) {
		return User{}, fmt.Errorf("reset password: %w", ErrBadToken)
	}
	if err != nil {
		return User{}, fmt.Errorf("reset password: %w", err)
	}
	if u.Disabled {
		return User{}, fmt.Errorf("reset password: %w", ErrDisabled)
	}
	if err := CheckPassword(newPassword, u.Email); err != nil {
		return User{}, fmt.Errorf("reset password: %w", err)
	}
	newHash, err := s.hasher.hash(ctx, newPassword)
	if err != nil {
		return User{}, fmt.Errorf("reset password: %w", err)
	}
	if u, err = s.consumeReset(ctx, hash, r.UserID, newHash); err != nil {
		if errors.Is(err, ErrNotFound) {
			return User{}, fmt.Errorf("reset password: %w", ErrBadToken)
		}
		return User{}, fmt.Errorf("reset password: %w", err)
	}
	s.opts.Throttle.Reset(emailKey(u.Email))
	s.log.Info("password reset", "user", u)
	return u, nil
}

// consumeReset sets the password hash on the current record of the user
// and uses the reset up, under userMu.
func (s *Service) consumeReset(ctx context.Context, resetHash []byte, userID, passwordHash string) (User, error) {
	s.userMu.Lock()
	defer s.userMu.Unlock()
	u, err := s.store.User(ctx, userID)
	if err != nil {
		return User{}, err
	}
	if u.Disabled {
		return User{}, ErrDisabled
	}
	u.PasswordHash = passwordHash
	if err := s.store.ConsumeReset(ctx, resetHash, u); err != nil {
		return User{}, err
	}
	return u, nil
}

// ChangePassword changes a signed-in user's password after checking the
// current one (an account without a password, linked to OpenID Connect,
// sets its first with current ""). It ends every session of the user and
// returns a new session token for the caller's browser. Wrong current
// passwords count as failed logins.
func (s *Service) ChangePassword(ctx context.Context, by User, current, newPassword string) (string, error) {
	u, err := s.actor(ctx, by)
	if err != nil || isOperator(u) {
		return "", fmt.Errorf("change password: %w", ErrForbidden)
	}
	now := s.now()
	ek := emailKey(u.Email)
	if wait := s.opts.Throttle.Wait(ek, s.opts.MaxFailuresPerEmail, now); wait > 0 {
		return "", &ThrottledError{RetryAfter: wait}
	}
	if u.PasswordHash != "" {
		ok, err := s.hasher.verify(ctx, current, u.PasswordHash)
		if err != nil || !ok {
			s.opts.Throttle.Fail(ek, now)
			return "", fmt.Errorf("change password: %w", ErrBadCredentials)
		}
	}
	if err := CheckPassword(newPassword, u.Email); err != nil {
		return "", fmt.Errorf("change password: %w", err)
	}
	newHash, err := s.hasher.hash(ctx, newPassword)
	if err != nil {
		return "", fmt.Errorf("change password: %w", err)
	}
	verified := u.PasswordHash
	u, err = s.mutateUser(ctx, u.ID, true, func(f *User) error {
		if f.PasswordHash != verified { // changed while we checked it
			return ErrBadCredentials
		}
		f.PasswordHash = newHash
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("change password: %w", err)
	}
	token, _, err := s.StartSession(ctx, u)
	if err != nil {
		return "", fmt.Errorf("change password: %w", err)
	}
	s.log.Info("password changed", "user", u)
	return token, nil
}
