package seller

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"agora/internal/platform/apperr"
	"agora/internal/server/httpx"
)

// requireReady lets through only sellers who are admitted and certified
// (domain §2.2); everyone else is told what is missing on the overview.
func (h Handler) requireReady(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		viewer := httpx.MustViewer(r.Context())
		st, err := h.Merchants.Standing(r.Context(), viewer.ID)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if !st.Ready() {
			httpx.Error(w, r, apperr.E(apperr.Forbidden, "seller.not_ready"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func chiParam(r *http.Request, name string) string { return chi.URLParam(r, name) }
