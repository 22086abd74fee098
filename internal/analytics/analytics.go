// Package analytics records product views cheaply and serves the seller's
// overview dashboard (domain §6.5): GMV, paid orders, refunds, views, visitors.
//
// What the numbers mean (the dashboard and the CSV say the same):
//
//   - GMV: the amount of the seller's orders paid in the period (by paid_at),
//     renewals included, whatever happened to them afterwards; fen.
//   - Paid orders: how many of those orders had an amount (free trials are paid
//     at ¥0 and are not counted).
//   - Refunds: money refunded in the period (by the refund's ledger row) on the
//     seller's orders — unsubscriptions and arbitration alike — and how many
//     orders it went to; an order refunded on two days counts on each.
//   - Refund rate: refunded amount ÷ GMV of the same period. A refund in the
//     period may be of an order paid earlier, so the rate can exceed 100 %.
//   - Views: product page views (GET, rendered, not by the seller or operations
//     staff, not by bots or scripts), per product and day.
//   - Visitors: distinct visitors of the seller's products per day, summed over
//     the period's days. A visitor is identified only by a hash salted with a
//     salt of the day that is deleted afterwards, so nobody — us included — can
//     link one day's visitors to another's: the same person on two days is two
//     visitor-days, by design.
//
// Days are calendar days of the marketplace's time zone.
package analytics

import (
	"log/slog"
	"sync"
	"time"

	"agora/internal/platform/clock"
	"agora/internal/store"
)

// maxRecording bounds the views being recorded at once; a view arriving when
// that many are in flight is dropped (the database is struggling: the page
// matters more than the count).
const maxRecording = 32

// Service serves analytics.
type Service struct {
	st  *store.Store
	clk clock.Clock
	loc *time.Location
	log *slog.Logger

	mu    sync.Mutex
	salts map[string][]byte // day → salt: a cache of analytics_salts, at most two days

	slots chan struct{}  // views being recorded in the background
	wg    sync.WaitGroup // …which Wait waits for
}

// NewService builds the analytics service.
func NewService(st *store.Store, c clock.Clock, loc *time.Location, log *slog.Logger) *Service {
	return &Service{st: st, clk: c, loc: loc, log: log, salts: map[string][]byte{}, slots: make(chan struct{}, maxRecording)}
}

// Location is the marketplace's time zone, in which days are counted.
func (s *Service) Location() *time.Location { return s.loc }
