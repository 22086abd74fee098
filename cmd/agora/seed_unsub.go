package main

import (
	"context"

	"agora/internal/account"
	"agora/internal/platform/clock"
)

// seedUnsubDemo adds the demo's unsub records (issue 5).
func seedUnsubDemo(ctx context.Context, svc *services, clk clock.Clock, accts, sellers map[string]account.Account) error {
	return nil
}
