package server

import (
	"encoding/json"
	"io/fs"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"agora/internal/evidence/bundle"
	"agora/internal/server/auth"
	"agora/internal/server/buyer"
	"agora/internal/server/download"
	"agora/internal/server/httpx"
	"agora/internal/server/ops"
	"agora/internal/server/seller"
	"agora/internal/server/storefront"
	"agora/web/static"
)

// routes is the whole URL tree: probes and static files outside the session,
// then every area behind the security, session and viewer middleware.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.observe, s.securityHeaders)

	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	r.Get("/readyz", s.ready)
	r.Handle("/metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	staticFS, _ := fs.Sub(static.FS, ".")
	r.Handle("/static/*", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(staticFS))))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
	}))

	r.Group(func(r chi.Router) {
		r.Use(cop.Handler, cleanInput, s.sessions.LoadAndSave, s.viewer)
		r.NotFound(httpx.NotFound)
		r.MethodNotAllowed(httpx.NotFound)

		a := auth.Handler{Accounts: s.deps.Accounts, Sessions: s.sessions, Config: s.deps.Config}
		a.Routes(r)
		storefront.Handler{Catalog: s.deps.Catalog, Analytics: s.deps.Analytics}.Routes(r)
		download.Handler{Files: s.deps.Files}.Routes(r)
		evidence := bundle.NewService(s.deps.Pool, s.deps.Files, s.deps.Clock)
		r.Route("/buyer", buyer.Handler{Accounts: s.deps.Accounts, Inbox: s.deps.Inbox, Agreements: s.deps.Agreements, Merchants: s.deps.Merchants,
			Orders: s.deps.Orders, Ledger: s.deps.Ledger, Sessions: s.sessions, Supervision: s.deps.Supervision, Unsub: s.deps.Unsub, Files: s.deps.Files,
			Evidence: evidence, Exports: s.deps.Exports, Invoices: s.deps.Invoices}.Routes)
		r.Route("/seller", seller.Handler{Merchants: s.deps.Merchants, Files: s.deps.Files, Agreements: s.deps.Agreements,
			Inbox: s.deps.Inbox, Catalog: s.deps.Catalog, Assets: s.deps.Assets, Orders: s.deps.Orders, Supervision: s.deps.Supervision, Unsub: s.deps.Unsub, Sessions: s.sessions,
			BaseURL: s.deps.Config.BaseURL, Evidence: evidence, Exports: s.deps.Exports,
			Invoices: s.deps.Invoices, Settlement: s.deps.Settlement, Analytics: s.deps.Analytics}.Routes)
		r.Route("/ops", ops.Handler{Accounts: s.deps.Accounts, Merchants: s.deps.Merchants, Calendar: s.deps.Calendar, Files: s.deps.Files,
			Catalog: s.deps.Catalog, Assets: s.deps.Assets, Ledger: s.deps.Ledger, Sessions: s.sessions, Orders: s.deps.Orders,
			Supervision: s.deps.Supervision, Evidence: evidence, Unsub: s.deps.Unsub, Invoices: s.deps.Invoices,
			Settlement: s.deps.Settlement}.Routes)
	})
	return r
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	if err := s.deps.Ready(r.Context()); err != nil {
		httpx.Logger(r.Context()).Warn("not ready", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}
