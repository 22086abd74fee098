package account_test

import (
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
)

// fail makes n failed logins as name from addr, each refused as bad credentials.
func fail(t *testing.T, env *testfix.Env, name, addr string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		_, err := env.Accounts.Login(ctx, name, "wrong-passw0rd", addr)
		testfix.WantKind(t, err, apperr.Invalid, "login.bad_credentials")
	}
}

// throttled fails t unless the login is refused as throttled, and returns the announced wait.
func throttled(t *testing.T, err error) int {
	t.Helper()
	e := testfix.WantKind(t, err, apperr.TooMany, "login.throttled")
	if len(e.Args) != 2 || e.Args[0] != "minutes" {
		t.Fatalf("throttled message args %v, want minutes N", e.Args)
	}
	return e.Args[1].(int)
}

func TestLoginThrottledPerAccountName(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	acme := env.Seller(t, "acme")
	fail(t, env, "ACME", "10.0.0.1", 2) // letter case does not matter
	fail(t, env, "acme", "10.0.0.2", account.MaxFailures-2)

	// The sixth attempt is refused even with the right password, from any address.
	_, err := env.Accounts.Login(ctx, "acme", testfix.Password, "10.0.0.9")
	if m := throttled(t, err); m != 15 {
		t.Errorf("wait %d minutes, want 15", m)
	}
	env.Clock.Advance(14*time.Minute + 30*time.Second)
	_, err = env.Accounts.Login(ctx, "Acme", testfix.Password, "10.0.0.9")
	if m := throttled(t, err); m != 1 {
		t.Errorf("half a minute left should read as 1 minute, got %d", m)
	}
	// Other accounts from other addresses are unaffected.
	env.Seller(t, "bystander")
	if _, err := env.Accounts.Login(ctx, "bystander", testfix.Password, "10.0.0.9"); err != nil {
		t.Errorf("another account should log in: %v", err)
	}

	env.Clock.Advance(30 * time.Second)
	got, err := env.Accounts.Login(ctx, "acme", testfix.Password, "10.0.0.9")
	if err != nil || got.ID != acme.ID {
		t.Fatalf("after 15 minutes login should work: %v", err)
	}
	// A success starts the count again: four more failures do not lock the account.
	fail(t, env, "acme", "10.0.0.3", account.MaxFailures-1)
	if _, err := env.Accounts.Login(ctx, "acme", testfix.Password, "10.0.0.4"); err != nil {
		t.Errorf("failures before a success should not count: %v", err)
	}
}

func TestLoginThrottledPerAddress(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	env.Seller(t, "victim")
	for _, name := range []string{"alice", "bob", "carol", "dave", "erin"} {
		fail(t, env, name, "203.0.113.7", 1)
	}
	_, err := env.Accounts.Login(ctx, "victim", testfix.Password, "203.0.113.7")
	throttled(t, err)
	if _, err := env.Accounts.Login(ctx, "victim", testfix.Password, "198.51.100.1"); err != nil {
		t.Fatalf("the same account from another address should log in: %v", err)
	}
	env.Clock.Advance(account.FailureWindow)
	if _, err := env.Accounts.Login(ctx, "victim", testfix.Password, "203.0.113.7"); err != nil {
		t.Fatalf("the address should be let in again after the window: %v", err)
	}
}

// A throttled person is told how long to wait; the door must stay shut until
// then and open when the time is up. Failures here are a minute apart.
func TestLoginThrottleWaitIsAccurate(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	env.Seller(t, "acme")
	for i := 0; i < account.MaxFailures; i++ {
		if i > 0 {
			env.Clock.Advance(time.Minute)
		}
		fail(t, env, "acme", "10.0.0.1", 1)
	}
	_, err := env.Accounts.Login(ctx, "acme", testfix.Password, "10.0.0.2")
	wait := throttled(t, err)
	env.Clock.Advance(time.Duration(wait-1) * time.Minute)
	if _, err := env.Accounts.Login(ctx, "acme", testfix.Password, "10.0.0.2"); !apperr.Is(err, apperr.TooMany) {
		t.Fatalf("told to wait %d minutes, but login worked after %d (err %v)", wait, wait-1, err)
	}
	env.Clock.Advance(time.Minute)
	if _, err := env.Accounts.Login(ctx, "acme", testfix.Password, "10.0.0.2"); err != nil {
		t.Fatalf("after the announced %d minutes login should work: %v", wait, err)
	}
}
