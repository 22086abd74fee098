package ops

import "github.com/go-chi/chi/v5"

// assetRoutes mounts asset review under /ops/assets.
func (h Handler) assetRoutes(r chi.Router) {}
