package httpx

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/platform/apperr"
)

// RequireLogin sends anonymous visitors to the login page.
func RequireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := Viewer(r.Context()); !ok {
			Error(w, r, apperr.E(apperr.Unauthenticated, ""))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireOps lets only operations staff through; others see a 404, so the
// console does not advertise itself.
func RequireOps(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := Viewer(r.Context())
		if !ok {
			Error(w, r, apperr.E(apperr.Unauthenticated, ""))
			return
		}
		if !a.IsOps() {
			NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireAdmin lets only operations admins through.
func RequireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a, _ := Viewer(r.Context()); a.OpsRole != account.OpsAdmin {
			Error(w, r, apperr.E(apperr.Forbidden, "error.admin_only"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// UUIDParam parses a URL parameter as a UUID; a malformed id is simply not found.
func UUIDParam(r *http.Request, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(chi.URLParam(r, name))
	if err != nil {
		return uuid.Nil, apperr.E(apperr.NotFound, "error.not_found")
	}
	return id, nil
}

// Page reads the page query parameter (1 by default).
func Page(r *http.Request) int {
	p, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || p < 1 || p > 100000 {
		return 1
	}
	return p
}
