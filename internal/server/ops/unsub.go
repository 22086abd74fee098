package ops

import "github.com/go-chi/chi/v5"

func (h Handler) unsubRoutes(r chi.Router) {
}
