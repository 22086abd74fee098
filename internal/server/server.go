// Package server wires the HTTP side: middleware, sessions and the areas'
// route trees. Nothing imports it but cmd/agora.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/analytics"
	"agora/internal/asset"
	"agora/internal/catalog"
	"agora/internal/config"
	"agora/internal/export"
	"agora/internal/file"
	"agora/internal/inbox"
	"agora/internal/invoice"
	"agora/internal/ledger"
	"agora/internal/merchant"
	"agora/internal/order"
	"agora/internal/platform/clock"
	"agora/internal/platform/i18n"
	"agora/internal/server/httpx"
	"agora/internal/settlement"
	"agora/internal/supervision"
	"agora/internal/unsub"
	"agora/internal/workday"
)

// Deps is everything the HTTP side needs; cmd/agora builds it once.
type Deps struct {
	Config      config.Config
	Log         *slog.Logger
	Clock       clock.Clock
	Pool        *pgxpool.Pool
	I18n        *i18n.Bundle
	Accounts    *account.Service
	Files       *file.Service
	Agreements  *agreement.Service
	Inbox       *inbox.Service
	Calendar    *workday.Service
	Merchants   *merchant.Service
	Catalog     *catalog.Service
	Orders      *order.Service
	Supervision *supervision.Service
	Unsub       *unsub.Service
	Assets      *asset.Service
	Ledger      *ledger.Service
	Exports     *export.Service
	Invoices    *invoice.Service
	Settlement  *settlement.Service
	Analytics   *analytics.Service
	// Ready reports whether the database answers and its schema is current.
	Ready func(ctx context.Context) error
}

// Server is the HTTP handler of the marketplace.
type Server struct {
	deps     Deps
	sessions httpx.Sessions
	registry *prometheus.Registry
	metrics  metrics
	handler  http.Handler
	store    *pgxstore.PostgresStore
}

// New builds the server. Close stops its session cleanup.
func New(d Deps) *Server {
	sm := scs.New()
	// Expired sessions are swept by the store every 10 minutes.
	st := pgxstore.NewWithCleanupInterval(d.Pool, 10*time.Minute)
	sm.Store = st
	sm.Lifetime = d.Config.SessionLifetime
	sm.IdleTimeout = 2 * time.Hour
	sm.Cookie.Name = "agora_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = d.Config.SecureCookies
	sm.Cookie.Path = "/"
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { httpx.Error(w, r, err) }

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s := &Server{deps: d, sessions: httpx.Sessions{SessionManager: sm}, registry: reg, metrics: newMetrics(reg), store: st}
	s.handler = s.routes()
	return s
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Close stops background work of the server.
func (s *Server) Close() { s.store.StopCleanup() }
