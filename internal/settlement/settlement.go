// Package settlement bills sellers monthly (domain §7): which order lines are
// billable and why not, the bill run, fee rules, statements and their states,
// the seller's invoice to the platform, and the platform-fee invoice.
package settlement

import (
	"log/slog"
	"time"

	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/workday"
)

// Service runs settlement.
type Service struct {
	st  *store.Store
	clk clock.Clock
	cal *workday.Service
	loc *time.Location
	log *slog.Logger
}

// NewService builds the settlement service.
func NewService(st *store.Store, c clock.Clock, cal *workday.Service, loc *time.Location, log *slog.Logger) *Service {
	return &Service{st: st, clk: c, cal: cal, loc: loc, log: log}
}

// InboxTopics are the messages settlement sends to sellers.
var InboxTopics = []string{"statement_generated", "statement_sent", "statement_invoice_due", "statement_invoice_rejected",
	"statement_paid", "fee_invoice_issued"}
