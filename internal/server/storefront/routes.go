// Package storefront serves the public marketplace pages.
package storefront

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"agora/internal/server/httpx"
	"agora/web/storefront"
)

// Handler serves the storefront.
type Handler struct{}

// Routes mounts the storefront; it is open to everyone.
func (h Handler) Routes(r chi.Router) {
	r.Get("/", h.home)
}

func (h Handler) home(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, storefront.HomePage())
}
