package accounts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/skillsmap/skillsmap/vocab"
)

// Defaults of Options.
const (
	DefaultSessionIdle   = 7 * 24 * time.Hour
	DefaultSessionMax    = 30 * 24 * time.Hour
	DefaultInvitationTTL = 7 * 24 * time.Hour
	DefaultResetTTL      = time.Hour
	// DefaultMaxFailuresPerEmail and DefaultMaxFailuresPerIP are the failed
	// logins allowed within ThrottleWindow before attempts are throttled.
	DefaultMaxFailuresPerEmail = 5
	DefaultMaxFailuresPerIP    = 20
	// DefaultMaxResetsPerEmail bounds the reset e-mails one address gets
	// within ThrottleWindow.
	DefaultMaxResetsPerEmail = 3
	// touchInterval: Authenticate writes LastSeen at most this often.
	touchInterval = time.Minute
)

// OperatorID is the ID of Operator: no user has it (user IDs are hex).
const OperatorID = "operator"

// Operator returns the acting user for the server's command line: the
// person who runs the server may do what an admin may, in any
// organisation. The web layer never uses it.
func Operator(lang string) User {
	if !slices.Contains(userLanguages, lang) {
		lang = "en"
	}
	return User{ID: OperatorID, Name: "operator", Role: RoleAdmin, Language: lang}
}

func isOperator(u User) bool { return u.ID == OperatorID }

// Options configure a Service. Zero values take the defaults.
type Options struct {
	// Now is the clock (time.Now by default); tests move it.
	Now func() time.Time
	// SessionIdle ends a session not used for this long (7 days);
	// SessionMax ends any session this long after sign-in (30 days).
	SessionIdle, SessionMax time.Duration
	// InvitationTTL (7 days) and ResetTTL (1 hour) bound the validity of
	// invitation and password reset links.
	InvitationTTL, ResetTTL time.Duration
	// Throttle counts failed logins (default: NewMemoryThrottle(0)).
	Throttle Throttle
	// MaxFailuresPerEmail (5) and MaxFailuresPerIP (20) are the failed
	// logins allowed within ThrottleWindow before throttling.
	MaxFailuresPerEmail, MaxFailuresPerIP int
	// Argon2 are the parameters of new password hashes (DefaultArgon2);
	// tests lower them.
	Argon2 Argon2Params
	// HashConcurrency bounds concurrent password hashes, each of which
	// holds Argon2.MemoryKiB (default: GOMAXPROCS, at least 2).
	HashConcurrency int
	// ReservedIDs cannot be organisation IDs: the configured harvest
	// sources' IDs, which name graphs and IRIs of their own.
	ReservedIDs []string
	// Logger receives security events (default slog.Default()).
	Logger *slog.Logger
}

// Service is the business logic of accounts over a Store. It is safe for
// concurrent use.
type Service struct {
	store  Store
	opts   Options
	hasher *hasher
	log    *slog.Logger
	// adminMu serialises the acts that could remove the last admin, so
	// that two concurrent ones cannot both pass the check.
	adminMu sync.Mutex
	// userMu serialises read-modify-write of user records (mutateUser), so
	// that two acts on one user never undo each other's change. Lock
	// order: adminMu before userMu.
	userMu sync.Mutex
}

// NewService returns a Service over store.
func NewService(store Store, opts Options) (*Service, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SessionIdle <= 0 {
		opts.SessionIdle = DefaultSessionIdle
	}
	if opts.SessionMax <= 0 {
		opts.SessionMax = DefaultSessionMax
	}
	if opts.InvitationTTL <= 0 {
		opts.InvitationTTL = DefaultInvitationTTL
	}
	if opts.ResetTTL <= 0 {
		opts.ResetTTL = DefaultResetTTL
	}
	if opts.Throttle == nil {
		opts.Throttle = NewMemoryThrottle(0)
	}
	if opts.MaxFailuresPerEmail <= 0 {
		opts.MaxFailuresPerEmail = DefaultMaxFailuresPerEmail
	}
	if opts.MaxFailuresPerIP <= 0 {
		opts.MaxFailuresPerIP = DefaultMaxFailuresPerIP
	}
	if opts.Argon2 == (Argon2Params{}) {
		opts.Argon2 = DefaultArgon2
	}
	if opts.HashConcurrency <= 0 {
		opts.HashConcurrency = max(2, runtime.GOMAXPROCS(0))
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	h, err := newHasher(opts.Argon2, opts.HashConcurrency)
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	return &Service{store: store, opts: opts, hasher: h, log: opts.Logger}, nil
}

// Store returns the service's store.
func (s *Service) Store() Store { return s.store }

func (s *Service) now() time.Time { return s.opts.Now().UTC() }

// NormalizeEmail trims an e-mail address and puts it in lower case, the
// form in which it is stored and compared.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// ValidateEmail normalises an e-mail address and checks that it is a bare
// address (no display name) that net/mail accepts.
func ValidateEmail(email string) (string, error) {
	e := NormalizeEmail(email)
	if e == "" {
		return "", fmt.Errorf("%w: empty", ErrInvalidEmail)
	}
	if len(e) > 254 {
		return "", fmt.Errorf("%w: longer than 254 characters", ErrInvalidEmail)
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Name != "" || a.Address != e {
		return "", fmt.Errorf("%w: %q is not of the form name@example.org", ErrInvalidEmail, e)
	}
	return e, nil
}

func validName(name string) (string, error) {
	n := strings.TrimSpace(name)
	if n == "" {
		return "", fmt.Errorf("%w: empty", ErrInvalidName)
	}
	if utf8.RuneCountInString(n) > 200 || !utf8.ValidString(n) {
		return "", fmt.Errorf("%w: at most 200 characters of valid text", ErrInvalidName)
	}
	if strings.IndexFunc(n, unicode.IsControl) >= 0 {
		return "", fmt.Errorf("%w: control characters", ErrInvalidName)
	}
	return n, nil
}

func validLanguage(lang string) (string, error) {
	if lang == "" {
		return "en", nil
	}
	if !slices.Contains(userLanguages, lang) {
		return "", fmt.Errorf("%w: %q (want en, de or fr)", ErrInvalidLanguage, lang)
	}
	return lang, nil
}

// orgIDPattern: what a source ID may be too (sourceconfig.Source), so that
// organisation and source IDs share one namespace in IRIs.
var orgIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// ValidOrganisationID reports whether id may be an organisation's ID: 1–63
// lower-case ASCII letters, digits or '-', starting with a letter or digit
// (reserved IDs aside, which only the Service knows).
func ValidOrganisationID(id string) bool { return orgIDPattern.MatchString(id) }

// maxOrgIDLen is the longest ID made from a name.
const maxOrgIDLen = 63

// OrganisationID returns the ID CreateOrganisation derives from a name: the
// lower-case ASCII slug of vocab.Slug, cut at a word boundary to 63 bytes.
func OrganisationID(name string) string {
	id := vocab.Slug(name)
	for len(id) > maxOrgIDLen {
		i := strings.LastIndexByte(id[:maxOrgIDLen+1], '-')
		if i <= 0 {
			id = id[:maxOrgIDLen]
			break
		}
		id = id[:i]
	}
	return strings.Trim(id, "-")
}

func (s *Service) validOrganisation(o Organisation) (Organisation, error) {
	var err error
	if o.Name, err = validName(o.Name); err != nil {
		return o, fmt.Errorf("%w: name: %w", ErrInvalidOrganisation, err)
	}
	if o.ID == "" {
		if o.ID = OrganisationID(o.Name); o.ID == "" {
			return o, fmt.Errorf("%w: the name %q has no letters or digits to make an id from; give an id", ErrInvalidOrganisation, o.Name)
		}
	}
	if !orgIDPattern.MatchString(o.ID) {
		return o, fmt.Errorf("%w: id %q must be 1–63 lower-case letters, digits or '-', starting with a letter or digit", ErrInvalidOrganisation, o.ID)
	}
	if slices.Contains(s.opts.ReservedIDs, o.ID) {
		return o, fmt.Errorf("organisation id %q: %w: it is the id of a configured harvest source; choose another id", o.ID, ErrExists)
	}
	if o.Kind == "" {
		o.Kind = KindOther
	}
	if !slices.Contains(OrganisationKinds(), o.Kind) {
		return o, fmt.Errorf("%w: kind %q (want %s)", ErrInvalidOrganisation, o.Kind, strings.Join(OrganisationKinds(), ", "))
	}
	if o.Website = strings.TrimSpace(o.Website); o.Website != "" {
		u, err := url.Parse(o.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return o, fmt.Errorf("%w: website %q is not an absolute http(s) URL", ErrInvalidOrganisation, o.Website)
		}
	}
	if o.Country = strings.ToUpper(strings.TrimSpace(o.Country)); o.Country != "" {
		r, err := language.ParseRegion(o.Country)
		if len(o.Country) != 2 || err != nil || !r.IsCountry() {
			return o, fmt.Errorf("%w: country %q is not an ISO 3166-1 alpha-2 code such as DE or FR", ErrInvalidOrganisation, o.Country)
		}
	}
	return o, nil
}

// CreateOrganisation adds an organisation. An empty ID is derived from the
// name (OrganisationID); an ID that exists or is reserved (a harvest
// source's) is refused with an error wrapping ErrExists. The caller checks
// that the acting user may create organisations (editors and admins).
func (s *Service) CreateOrganisation(ctx context.Context, o Organisation) (Organisation, error) {
	o, err := s.validOrganisation(o)
	if err != nil {
		return Organisation{}, fmt.Errorf("create organisation: %w", err)
	}
	o.Created = s.now()
	if err := s.store.CreateOrganisation(ctx, o); err != nil {
		if errors.Is(err, ErrExists) {
			return Organisation{}, fmt.Errorf("create organisation: id %q is taken: %w; give another id or name", o.ID, ErrExists)
		}
		return Organisation{}, fmt.Errorf("create organisation: %w", err)
	}
	s.log.Info("organisation created", "org", o.ID)
	return o, nil
}

// UpdateOrganisation changes an organisation's name, kind, website and
// country (its ID and creation time stay). Admins may change any
// organisation, editors their own.
func (s *Service) UpdateOrganisation(ctx context.Context, by User, o Organisation) (Organisation, error) {
	by, err := s.actor(ctx, by)
	if err != nil {
		return Organisation{}, fmt.Errorf("update organisation: %w", err)
	}
	if !by.Role.AtLeast(RoleAdmin) && !(by.Role.AtLeast(RoleEditor) && by.OrgID == o.ID) {
		return Organisation{}, fmt.Errorf("update organisation: %w: admins only, or editors of the organisation", ErrForbidden)
	}
	old, err := s.store.Organisation(ctx, o.ID)
	if err != nil {
		return Organisation{}, fmt.Errorf("update organisation: %w", err)
	}
	if o, err = s.validOrganisation(o); err != nil {
		return Organisation{}, fmt.Errorf("update organisation: %w", err)
	}
	o.Created = old.Created
	if err := s.store.UpdateOrganisation(ctx, o); err != nil {
		return Organisation{}, fmt.Errorf("update organisation: %w", err)
	}
	return o, nil
}

// Organisation returns the organisation with that ID.
func (s *Service) Organisation(ctx context.Context, id string) (Organisation, error) {
	return s.store.Organisation(ctx, id)
}

// Organisations returns all organisations, ordered by ID.
func (s *Service) Organisations(ctx context.Context) ([]Organisation, error) {
	return s.store.Organisations(ctx)
}

// User returns the user with that ID.
func (s *Service) User(ctx context.Context, id string) (User, error) { return s.store.User(ctx, id) }

// UserByEmail returns the user with that e-mail address (normalised first).
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	return s.store.UserByEmail(ctx, NormalizeEmail(email))
}

// Users returns the users of an organisation, or all users for "", ordered
// by e-mail address.
func (s *Service) Users(ctx context.Context, orgID string) ([]User, error) {
	return s.store.Users(ctx, orgID)
}

// actor returns the current record of the acting user: a User value the
// caller holds may be stale (its role changed) or made up. The operator
// is taken as it is.
func (s *Service) actor(ctx context.Context, by User) (User, error) {
	if isOperator(by) {
		return by, nil
	}
	u, err := s.store.User(ctx, by.ID)
	if err != nil {
		return User{}, fmt.Errorf("%w: the acting user does not exist", ErrForbidden)
	}
	if u.Disabled {
		return User{}, fmt.Errorf("%w: the acting user is disabled", ErrForbidden)
	}
	return u, nil
}

// AddUser creates a user with a password, without invitation: for the
// first admin, from the command line. The organisation must exist.
func (s *Service) AddUser(ctx context.Context, email, name, orgID string, role Role, password string) (User, error) {
	u, err := s.newUser(ctx, email, name, orgID, role, "en")
	if err != nil {
		return User{}, fmt.Errorf("add user: %w", err)
	}
	if err := CheckPassword(password, u.Email); err != nil {
		return User{}, fmt.Errorf("add user: %w", err)
	}
	if u.PasswordHash, err = s.hasher.hash(ctx, password); err != nil {
		return User{}, fmt.Errorf("add user: %w", err)
	}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return User{}, fmt.Errorf("add user: %w", err)
	}
	s.log.Info("user added", "user", u)
	return u, nil
}

func (s *Service) newUser(ctx context.Context, email, name, orgID string, role Role, lang string) (User, error) {
	var err error
	u := User{ID: newID(16), OrgID: orgID, Role: role, Created: s.now()}
	if u.Email, err = ValidateEmail(email); err != nil {
		return User{}, err
	}
	if u.Name, err = validName(name); err != nil {
		return User{}, err
	}
	if !role.Valid() {
		return User{}, fmt.Errorf("%w: %q (want contributor, editor or admin)", ErrInvalidRole, role)
	}
	if u.Language, err = validLanguage(lang); err != nil {
		return User{}, err
	}
	if _, err := s.store.Organisation(ctx, orgID); err != nil {
		return User{}, err
	}
	return u, nil
}

// UpdateProfile changes a user's name and language. Users change their
// own profile; admins anyone's.
func (s *Service) UpdateProfile(ctx context.Context, by User, userID, name, lang string) (User, error) {
	by, err := s.actor(ctx, by)
	if err != nil {
		return User{}, fmt.Errorf("update profile: %w", err)
	}
	if by.ID != userID && !by.Role.AtLeast(RoleAdmin) {
		return User{}, fmt.Errorf("update profile: %w", ErrForbidden)
	}
	name, err = validName(name)
	if err != nil {
		return User{}, fmt.Errorf("update profile: %w", err)
	}
	if lang, err = validLanguage(lang); err != nil {
		return User{}, fmt.Errorf("update profile: %w", err)
	}
	u, err := s.mutateUser(ctx, userID, false, func(u *User) error {
		u.Name, u.Language = name, lang
		return nil
	})
	if err != nil {
		return User{}, fmt.Errorf("update profile: %w", err)
	}
	return u, nil
}

// mutateUser applies fn to the current record of a user and writes it back
// (with revoke, also ending its sessions and pending resets) under userMu.
// fn must be quick: no password hashing under the lock.
func (s *Service) mutateUser(ctx context.Context, id string, revoke bool, fn func(*User) error) (User, error) {
	s.userMu.Lock()
	defer s.userMu.Unlock()
	u, err := s.store.User(ctx, id)
	if err != nil {
		return User{}, err
	}
	if err := fn(&u); err != nil {
		return User{}, err
	}
	if err := s.store.UpdateUser(ctx, u, revoke); err != nil {
		return User{}, err
	}
	return u, nil
}

// SetRole changes a user's role (admins only). Editors and admins belong to
// the organisation that runs the map: an admin grants those roles only in
// their own organisation. The last enabled admin keeps the role.
func (s *Service) SetRole(ctx context.Context, by User, userID string, role Role) (User, error) {
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	by, err := s.actor(ctx, by)
	if err != nil {
		return User{}, fmt.Errorf("set role: %w", err)
	}
	if !by.Role.AtLeast(RoleAdmin) {
		return User{}, fmt.Errorf("set role: %w: admins only", ErrForbidden)
	}
	if !role.Valid() {
		return User{}, fmt.Errorf("set role: %w: %q", ErrInvalidRole, role)
	}
	u, err := s.mutateUser(ctx, userID, false, func(u *User) error {
		if role.AtLeast(RoleEditor) {
			if err := s.checkStaffOrg(ctx, by, u.OrgID); err != nil {
				return err
			}
		}
		if u.Role == RoleAdmin && role != RoleAdmin {
			if err := s.checkNotLastAdmin(ctx, *u); err != nil {
				return err
			}
		}
		u.Role = role
		return nil
	})
	if err != nil {
		return User{}, fmt.Errorf("set role: %w", err)
	}
	s.log.Info("role changed", "user", u, "by", by)
	return u, nil
}

// DisableUser stops a user from signing in and ends their sessions (admins
// only; not the last enabled admin). The account and its data stay.
func (s *Service) DisableUser(ctx context.Context, by User, userID string) (User, error) {
	return s.setDisabled(ctx, by, userID, true)
}

// EnableUser lets a disabled user sign in again (admins only).
func (s *Service) EnableUser(ctx context.Context, by User, userID string) (User, error) {
	return s.setDisabled(ctx, by, userID, false)
}

func (s *Service) setDisabled(ctx context.Context, by User, userID string, disabled bool) (User, error) {
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	by, err := s.actor(ctx, by)
	if err != nil {
		return User{}, fmt.Errorf("disable user: %w", err)
	}
	if !by.Role.AtLeast(RoleAdmin) {
		return User{}, fmt.Errorf("disable user: %w: admins only", ErrForbidden)
	}
	u, err := s.mutateUser(ctx, userID, disabled, func(u *User) error {
		if disabled && u.Role == RoleAdmin {
			if err := s.checkNotLastAdmin(ctx, *u); err != nil {
				return err
			}
		}
		u.Disabled = disabled
		return nil
	})
	if err != nil {
		return User{}, fmt.Errorf("disable user: %w", err)
	}
	s.log.Info("user disabled or enabled", "user", u, "disabled", disabled, "by", by)
	return u, nil
}

// checkStaffOrg fails with ErrForbidden unless orgID is the organisation
// that runs the map, where editors and admins belong: the acting user's
// own; for the operator, the organisation of the existing admins (any
// organisation while there is no admin yet).
func (s *Service) checkStaffOrg(ctx context.Context, by User, orgID string) error {
	staff := []string{by.OrgID}
	if isOperator(by) {
		users, err := s.store.Users(ctx, "")
		if err != nil {
			return err
		}
		staff = nil
		for _, u := range users {
			if u.Role == RoleAdmin && !slices.Contains(staff, u.OrgID) {
				staff = append(staff, u.OrgID)
			}
		}
		if len(staff) == 0 {
			return nil
		}
	}
	if slices.Contains(staff, orgID) {
		return nil
	}
	return fmt.Errorf("%w: editors and admins belong to the organisation that runs the map (%s), not to %s",
		ErrForbidden, strings.Join(staff, ", "), orgID)
}

// checkNotLastAdmin fails with ErrLastAdmin when u is the only enabled
// admin.
func (s *Service) checkNotLastAdmin(ctx context.Context, u User) error {
	users, err := s.store.Users(ctx, "")
	if err != nil {
		return err
	}
	for _, o := range users {
		if o.ID != u.ID && o.Role == RoleAdmin && !o.Disabled {
			return nil
		}
	}
	if u.Role == RoleAdmin && !u.Disabled {
		return ErrLastAdmin
	}
	return nil
}

// DeleteUser deletes a user's account and personal data: e-mail address,
// name, password hash, OpenID Connect link, sessions and pending password
// resets. The organisation and what it owns (practices, API tokens,
// invitations the user sent) stay; records that name the user by ID keep
// an ID that no longer resolves to a person. Users delete their own
// account, admins any; the last enabled admin cannot be deleted.
func (s *Service) DeleteUser(ctx context.Context, by User, userID string) error {
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	by, err := s.actor(ctx, by)
	if err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	if by.ID != userID && !by.Role.AtLeast(RoleAdmin) {
		return fmt.Errorf("delete user: %w: users delete their own account, admins any", ErrForbidden)
	}
	u, err := s.store.User(ctx, userID)
	if err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	if err := s.checkNotLastAdmin(ctx, u); err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	if err := s.store.DeleteUser(ctx, userID); err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	s.opts.Throttle.Reset(emailKey(u.Email))
	s.opts.Throttle.Reset(resetKey(u.Email))
	if c, ok := s.store.(compacter); ok {
		if err := c.Compact(ctx); err != nil {
			// The deletion is committed; only the old bytes may linger.
			s.log.Error("accounts: compacting after a deletion failed; deleted data may stay in the file until the next compaction", "err", err)
		}
	}
	s.log.Info("user deleted", "user", userID, "org", u.OrgID, "by", by)
	return nil
}

// Cleanup removes expired sessions, invitations and password resets; run
// it now and then (serve: daily).
func (s *Service) Cleanup(ctx context.Context) (int, error) {
	now := s.now()
	n, err := s.store.DeleteExpired(ctx, now, now.Add(-s.opts.SessionIdle), now.Add(-s.opts.SessionMax))
	if err != nil {
		return n, fmt.Errorf("accounts cleanup: %w", err)
	}
	return n, nil
}
