package account

import (
	"context"
	"math"
	"strings"
	"time"

	"agora/internal/platform/apperr"
	"agora/internal/store/pg"
)

// Login checks name and password from client address addr. After MaxFailures
// failed attempts inside FailureWindow for the same account name or the same
// address, further attempts are refused until the window has passed, with a
// message that says how long to wait; a correct password does not help then.
func (s *Service) Login(ctx context.Context, name, password, addr string) (Account, error) {
	name = strings.TrimSpace(name)
	now := s.clock.Now()
	nameKey := strings.ToLower(name)
	for _, k := range [][2]string{{scopeAccount, nameKey}, {scopeAddress, addr}} {
		if wait, err := s.cooldown(ctx, k[0], k[1], now); err != nil {
			return Account{}, err
		} else if wait > 0 {
			mins := int(math.Ceil(wait.Minutes()))
			return Account{}, apperr.E(apperr.TooMany, "login.throttled", "minutes", mins)
		}
	}
	row, err := s.st.GetAccountByName(ctx, name)
	hash := s.dummy
	if err == nil {
		hash = row.PasswordHash
	}
	ok, cerr := CheckPassword(hash, password)
	if err != nil || cerr != nil || !ok {
		for _, k := range [][2]string{{scopeAccount, nameKey}, {scopeAddress, addr}} {
			if ferr := s.st.RecordLoginFailure(ctx, pg.RecordLoginFailureParams{Scope: k[0], Key: k[1], FailedAt: now}); ferr != nil {
				return Account{}, ferr
			}
		}
		return Account{}, apperr.E(apperr.Invalid, "login.bad_credentials")
	}
	if err := s.st.ClearLoginFailures(ctx, pg.ClearLoginFailuresParams{Scope: scopeAccount, Key: nameKey}); err != nil {
		return Account{}, err
	}
	return fromRow(row), nil
}

// cooldown returns how long key must still wait, zero when it may try.
func (s *Service) cooldown(ctx context.Context, scope, key string, now time.Time) (time.Duration, error) {
	times, err := s.st.RecentLoginFailures(ctx, pg.RecentLoginFailuresParams{Scope: scope, Key: key,
		Since: now.Add(-FailureWindow), MaxRows: MaxFailures})
	if err != nil {
		return 0, err
	}
	if len(times) < MaxFailures {
		return 0, nil
	}
	// The window slides: the door reopens when the oldest of the last
	// MaxFailures failures leaves it, so that is the wait to announce.
	return times[len(times)-1].Add(FailureWindow).Sub(now), nil
}

// PruneLoginFailures deletes failures older than the window.
func (s *Service) PruneLoginFailures(ctx context.Context) error {
	return s.st.PruneLoginFailures(ctx, s.clock.Now().Add(-FailureWindow))
}
