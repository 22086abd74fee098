package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"agora/internal/platform/apperr"
	"agora/internal/platform/i18n"
	"agora/internal/server/httpx"
	"agora/web/ui"
)

// statusWriter records the status code for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// observe gives each request an id, a logger and a client address, recovers
// panics into the error page, and logs and counts every response.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		ip := clientIP(r, s.deps.Config.TrustProxy)
		log := s.deps.Log.With("request_id", id)
		ctx := httpx.WithLogger(httpx.WithRequestID(httpx.WithClientIP(r.Context(), ip), id), log)
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", id)
		defer func() {
			if rec := recover(); rec != nil {
				if rec == http.ErrAbortHandler {
					panic(rec)
				}
				log.Error("panic", "panic", fmt.Sprint(rec))
				if sw.status == 0 {
					httpx.Error(sw, r, fmt.Errorf("panic: %v", rec))
				}
			}
			route := "unmatched"
			if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
				route = rc.RoutePattern()
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			d := time.Since(start)
			s.metrics.requests.WithLabelValues(r.Method, route, fmt.Sprint(status)).Inc()
			s.metrics.duration.WithLabelValues(r.Method, route).Observe(d.Seconds())
			if !strings.HasPrefix(r.URL.Path, "/static/") {
				log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
					slog.String("route", route), slog.Int("status", status), slog.Int("bytes", sw.bytes),
					slog.Duration("duration", d), slog.String("ip", ip))
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

func clientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		// The trusted proxy appends the address it saw; anything left of it came
		// from the client and may be forged, so take the last entry.
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// csp allows only the app's own scripts and styles: no inline script, no eval.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.deps.Config.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// viewer loads the language, the logged-in account and the page chrome.
func (s *Server) viewer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		tr := s.deps.I18n.For(i18n.Pick(r, s.deps.Config.DefaultLang), s.deps.Config.Location)
		chrome := ui.Chrome{Path: r.URL.RequestURI(), RequestID: httpx.RequestID(ctx), Now: s.deps.Clock.Now()}
		if id, ok := s.sessions.AccountID(ctx); ok {
			acct, err := s.deps.Accounts.Get(ctx, id)
			if err == nil {
				ctx = httpx.WithViewer(ctx, acct)
				unread, _ := s.deps.Inbox.Unread(ctx, acct.ID)
				chrome.Viewer = ui.Viewer{LoggedIn: true, Name: acct.Name, PublicID: acct.PublicID, IsOps: acct.IsOps(),
					IsAdmin: acct.OpsRole == "admin", Unread: unread}
			} else if apperr.Is(err, apperr.NotFound) {
				_ = s.sessions.Logout(ctx) // the account is gone; forget the session
			} else {
				httpx.Error(w, r.WithContext(ui.WithTranslator(ctx, tr)), err)
				return
			}
		}
		if r.Method == http.MethodGet {
			chrome.Flash = s.sessions.PopFlash(ctx)
		}
		ctx = ui.WithChrome(ui.WithTranslator(ctx, tr), chrome)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) metrics {
	m := metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "agora_http_requests_total",
			Help: "HTTP requests by method, route and status."}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "agora_http_request_duration_seconds",
			Help: "HTTP request latency by method and route.", Buckets: prometheus.DefBuckets}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}
