package seller

import "github.com/go-chi/chi/v5"

// assetRoutes mounts my assets (我的资产) under /seller/assets; the group is already ready-only.
func (h Handler) assetRoutes(r chi.Router) {}
