package main

import (
	"context"

	"agora/internal/account"
	"agora/internal/platform/clock"
)

// seedSettlementDemo adds the demo's settlement records (issue 5).
func seedSettlementDemo(ctx context.Context, svc *services, clk clock.Clock, accts, sellers map[string]account.Account) error {
	return nil
}
