package main

import (
	"context"

	"agora/internal/account"
	"agora/internal/platform/clock"
)

// seedInvoiceDemo adds the demo's invoices records (issue 5).
func seedInvoiceDemo(ctx context.Context, svc *services, clk clock.Clock, accts, sellers map[string]account.Account) error {
	return nil
}
