// Package account signs people up, logs them in (with throttling of failed
// attempts) and finds accounts.
package account

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"agora/internal/platform/apperr"
	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// OpsRole is an account's role in operations, empty for everyone else.
type OpsRole string

// Operations roles.
const (
	OpsNone     OpsRole = ""
	OpsReviewer OpsRole = "reviewer"
	OpsAdmin    OpsRole = "admin"
)

// Account is a person's account as the rest of the app sees it.
type Account struct {
	ID        uuid.UUID
	PublicID  string // 32 hex characters, shown to the user and used to add specified users
	Name      string
	Email     string
	OpsRole   OpsRole
	Identity  string // individual | enterprise (an admitted seller), for sales targets
	CreatedAt time.Time
}

// IsOps reports whether the account works in operations.
func (a Account) IsOps() bool { return a.OpsRole != OpsNone }

func fromRow(r pg.Account) Account {
	return Account{ID: r.ID, PublicID: r.PublicID, Name: r.Name, Email: r.Email, OpsRole: OpsRole(r.OpsRole), Identity: r.Identity, CreatedAt: r.CreatedAt}
}

// Throttle settings: this many failures inside the window close the door for the window.
const (
	MaxFailures   = 5
	FailureWindow = 15 * time.Minute
	scopeAccount  = "account"
	scopeAddress  = "addr"
)

// Service manages accounts.
type Service struct {
	st    *store.Store
	clock clock.Clock
	log   *slog.Logger
	dummy string // a hash to check against when the name is unknown, so timing does not tell
}

// NewService returns an account service.
func NewService(st *store.Store, c clock.Clock, log *slog.Logger) *Service {
	dummy, _ := HashPassword("not-a-real-password-0")
	return &Service{st: st, clock: c, log: log, dummy: dummy}
}

// SignupInput is what the sign-up form sends.
type SignupInput struct {
	Name, Email, Password, Confirm string
}

func newPublicID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ValidatePassword checks the password rule: at least 8 characters with letters
// and digits, no spaces. It returns a catalog key or "".
func ValidatePassword(pw string) string {
	var letter, digit bool
	for _, r := range pw {
		switch {
		case unicode.IsSpace(r):
			return "account.password_space"
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	if utf8.RuneCountInString(pw) < 8 || utf8.RuneCountInString(pw) > 128 || !letter || !digit {
		return "account.password_rule"
	}
	return ""
}

func validName(name string) bool {
	n := utf8.RuneCountInString(name)
	if n < 3 || n > 32 {
		return false
	}
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// phoneRe accepts telephone numbers as people write them: an optional +,
// digits with spaces or hyphens, from five-digit service hotlines (95588) to
// international numbers.
var phoneRe = regexp.MustCompile(`^\+?[0-9][0-9 \-]{3,18}[0-9]$`)

// ValidPhone reports whether s is a telephone number.
func ValidPhone(s string) bool { return phoneRe.MatchString(s) }

// ValidEmail reports whether s is a plain e-mail address.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254 && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

// Signup creates an account. Validation errors carry per-field catalog keys.
func (s *Service) Signup(ctx context.Context, in SignupInput) (Account, error) {
	in.Name, in.Email = strings.TrimSpace(in.Name), strings.TrimSpace(in.Email)
	v := apperr.Validation{}
	if !validName(in.Name) {
		v.Add("name", "account.name_rule")
	}
	if !ValidEmail(in.Email) {
		v.Add("email", "account.email_invalid")
	}
	if k := ValidatePassword(in.Password); k != "" {
		v.Add("password", k)
	}
	if in.Confirm != in.Password {
		v.Add("confirm", "account.password_mismatch")
	}
	if _, ok := v["name"]; !ok {
		taken, err := s.st.AccountNameTaken(ctx, in.Name)
		if err != nil {
			return Account{}, err
		}
		if taken {
			v.Add("name", "account.name_taken")
		}
	}
	if err := v.Err(); err != nil {
		return Account{}, err
	}
	return s.create(ctx, in.Name, in.Email, in.Password, OpsNone)
}

func (s *Service) create(ctx context.Context, name, email, password string, role OpsRole) (Account, error) {
	hash, err := HashPassword(password)
	if err != nil {
		return Account{}, err
	}
	row, err := s.st.CreateAccount(ctx, pg.CreateAccountParams{ID: uuid.Must(uuid.NewV7()), PublicID: newPublicID(),
		Name: name, Email: email, PasswordHash: hash, OpsRole: string(role), CreatedAt: s.clock.Now()})
	if store.IsUniqueViolation(err, "accounts_name_key") {
		// Lost a race with another sign-up for the same name.
		return Account{}, &apperr.Error{Kind: apperr.Invalid, Msg: "error.form_invalid", Fields: map[string]string{"name": "account.name_taken"}}
	}
	if err != nil {
		return Account{}, err
	}
	return fromRow(row), nil
}

// CreateStaff creates an operations account (used by seeding and admin tooling).
func (s *Service) CreateStaff(ctx context.Context, name, email, password string, role OpsRole) (Account, error) {
	return s.create(ctx, name, email, password, role)
}

// Get returns the account with id.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Account, error) {
	row, err := s.st.GetAccount(ctx, id)
	if err != nil {
		return Account{}, store.NotFound(err, "account")
	}
	return fromRow(row), nil
}

// FindByName returns the account called name (any letter case).
func (s *Service) FindByName(ctx context.Context, name string) (Account, error) {
	row, err := s.st.GetAccountByName(ctx, name)
	if err != nil {
		return Account{}, store.NotFound(err, "account")
	}
	return fromRow(row), nil
}
