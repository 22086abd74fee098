package main

import (
	"context"

	"agora/internal/account"
	"agora/internal/platform/clock"
)

// seedAnalyticsDemo adds the demo's analytics records (issue 5).
func seedAnalyticsDemo(ctx context.Context, svc *services, clk clock.Clock, accts, sellers map[string]account.Account) error {
	return nil
}
