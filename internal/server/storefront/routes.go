// Package storefront serves the public marketplace pages: home, catalog and
// search, product pages and product logos. Everything here is open to everyone.
package storefront

import (
	"github.com/go-chi/chi/v5"

	"agora/internal/analytics"
	"agora/internal/catalog"
)

// Handler serves the storefront.
type Handler struct {
	Catalog   *catalog.Service
	Analytics *analytics.Service // counts product page views; nil counts nothing
}

// Routes mounts the storefront; it is open to everyone.
func (h Handler) Routes(r chi.Router) {
	r.Get("/", h.home)
	r.Get("/products", h.search)
	r.Get("/products/{id}", h.product)
	r.Get("/products/{id}/logo", h.logo)
}
