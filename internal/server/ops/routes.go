// Package ops serves the operations console: review queues with SLA clocks,
// decisions, unlocking, product reviews with claims and field reasons, and the
// working-day calendar.
package ops

import (
	"agora/internal/invoice"
	"agora/internal/settlement"
	"agora/internal/unsub"
	"github.com/go-chi/chi/v5"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/catalog"
	"agora/internal/evidence/bundle"
	"agora/internal/file"
	"agora/internal/ledger"
	"agora/internal/merchant"
	"agora/internal/order"
	"agora/internal/server/httpx"
	"agora/internal/supervision"
	"agora/internal/workday"
)

// Handler serves /ops.
type Handler struct {
	Accounts  *account.Service
	Merchants *merchant.Service
	Calendar  *workday.Service
	Files     *file.Service
	Catalog   *catalog.Service
	Assets    *asset.Service
	Ledger    *ledger.Service
	Orders    *order.Service
	// Supervision and Evidence serve arbitration and the courier tracker.
	Supervision *supervision.Service
	Evidence    *bundle.Service
	Unsub       *unsub.Service
	Invoices    *invoice.Service
	Settlement  *settlement.Service
	Sessions    httpx.Sessions
}

// Routes lists every console route. The whole group needs an operations role;
// changing the calendar, unlocking certifications and moving money by hand
// (top-ups, adjustments) need an admin.
func (h Handler) Routes(r chi.Router) {
	r.Use(httpx.RequireOps)
	r.Get("/", h.dashboard)
	r.Get("/entries", h.entryQueue().serve)
	r.Get("/entries/{id}", h.showEntry)
	r.Post("/entries/{id}/decision", h.decideEntry)
	r.Get("/certifications", h.certQueue().serve)
	r.Get("/certifications/{id}", h.showCert)
	r.Post("/certifications/{id}/decision", h.decideCert)
	r.With(httpx.RequireAdmin).Post("/certifications/{id}/unlock", h.unlockCert)
	r.Route("/reviews", h.reviewRoutes)
	r.Route("/assets", h.assetRoutes)
	r.Route("/appeals", h.appealRoutes)
	h.unsubRoutes(r)
	h.invoiceRoutes(r)
	h.settlementRoutes(r)
	r.Get("/courier", h.showCourier)
	r.Post("/courier", h.recordCourier)
	r.Get("/balances", h.listBalances)
	r.Get("/balances/{account}", h.showBalance)
	r.With(httpx.RequireAdmin).Post("/balances/{account}/topup", h.topUp)
	r.With(httpx.RequireAdmin).Post("/balances/{account}/adjust", h.adjust)
	r.Get("/calendar", h.showCalendar)
	r.With(httpx.RequireAdmin).Post("/calendar", h.setDay)
	r.With(httpx.RequireAdmin).Post("/calendar/{day}/delete", h.removeDay)
}
