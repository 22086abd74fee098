package account_test

import (
	"sync"
	"testing"

	"agora/internal/account"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
)

// A burst of parallel wrong guesses gets exactly MaxFailures tries, not one per request.
func TestLoginThrottleHoldsUnderParallelBurst(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	env.Seller(t, "burst")
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = env.Accounts.Login(ctx, "burst", "wrong-passw0rd", "10.9.9.9")
		}()
	}
	wg.Wait()
	var bad, throttled int
	for _, err := range errs {
		switch {
		case apperr.Is(err, apperr.Invalid):
			bad++
		case apperr.Is(err, apperr.TooMany):
			throttled++
		default:
			t.Fatalf("unexpected %v", err)
		}
	}
	if bad != account.MaxFailures || throttled != n-account.MaxFailures {
		t.Fatalf("%d guesses checked, %d throttled; want %d and %d", bad, throttled, account.MaxFailures, n-account.MaxFailures)
	}
}
