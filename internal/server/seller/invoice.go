package seller

import "github.com/go-chi/chi/v5"

func (h Handler) invoiceRoutes(r chi.Router) {
}
