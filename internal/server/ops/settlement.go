package ops

import "github.com/go-chi/chi/v5"

func (h Handler) settlementRoutes(r chi.Router) {
}
