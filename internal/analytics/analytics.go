// Package analytics records product views cheaply and serves the seller's
// overview dashboard (domain §6.5): GMV, paid orders, refunds, views, visitors.
package analytics

import (
	"log/slog"
	"time"

	"agora/internal/platform/clock"
	"agora/internal/store"
)

// Service serves analytics.
type Service struct {
	st  *store.Store
	clk clock.Clock
	loc *time.Location
	log *slog.Logger
}

// NewService builds the analytics service.
func NewService(st *store.Store, c clock.Clock, loc *time.Location, log *slog.Logger) *Service {
	return &Service{st: st, clk: c, loc: loc, log: log}
}
