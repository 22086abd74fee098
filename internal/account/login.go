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
//
// Attempts for one name or address are serialised (an advisory lock held for
// the transaction), so a burst of parallel guesses cannot all slip past the count.
func (s *Service) Login(ctx context.Context, name, password, addr string) (Account, error) {
	name = strings.TrimSpace(name)
	now := s.clock.Now()
	keys := [][2]string{{scopeAccount, strings.ToLower(name)}, {scopeAddress, addr}}
	var out Account
	var loginErr error
	err := s.st.InTx(ctx, func(q *pg.Queries) error {
		for _, k := range keys {
			if err := q.LockLoginKey(ctx, pg.LockLoginKeyParams{Scope: k[0], Key: k[1]}); err != nil {
				return err
			}
		}
		for _, k := range keys {
			wait, err := cooldown(ctx, q, k[0], k[1], now)
			if err != nil {
				return err
			}
			if wait > 0 {
				loginErr = apperr.E(apperr.TooMany, "login.throttled", "minutes", int(math.Ceil(wait.Minutes())))
				return nil
			}
		}
		row, err := q.GetAccountByName(ctx, name)
		hash := s.dummy // an unknown name costs the same time as a wrong password
		if err == nil {
			hash = row.PasswordHash
		}
		ok, cerr := CheckPassword(hash, password)
		if err != nil || cerr != nil || !ok {
			for _, k := range keys {
				if ferr := q.RecordLoginFailure(ctx, pg.RecordLoginFailureParams{Scope: k[0], Key: k[1], FailedAt: now}); ferr != nil {
					return ferr
				}
			}
			loginErr = apperr.E(apperr.Invalid, "login.bad_credentials")
			return nil
		}
		out = fromRow(row)
		return q.ClearLoginFailures(ctx, pg.ClearLoginFailuresParams{Scope: scopeAccount, Key: keys[0][1]})
	})
	if err != nil {
		return Account{}, err
	}
	return out, loginErr
}

// cooldown returns how long key must still wait, zero when it may try.
func cooldown(ctx context.Context, q *pg.Queries, scope, key string, now time.Time) (time.Duration, error) {
	times, err := q.RecentLoginFailures(ctx, pg.RecentLoginFailuresParams{Scope: scope, Key: key,
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
