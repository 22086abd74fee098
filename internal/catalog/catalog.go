// Package catalog runs products: release applications and their drafts,
// modifications, hiding, delisting, sales configuration, and the storefront's
// view of what is on sale.
package catalog

import (
	"log/slog"

	"agora/internal/asset"
	"agora/internal/file"
	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/workday"
)

// Object types in the evidence log.
const (
	ObjectApplication = "product_application"
	ObjectProduct     = "product"
	ObjectSpec        = "product_spec"
)

// Service runs the catalog.
type Service struct {
	st       *store.Store
	clock    clock.Clock
	files    *file.Service
	assets   *asset.Service
	calendar *workday.Service
	log      *slog.Logger
}

// NewService returns a catalog service.
func NewService(st *store.Store, c clock.Clock, files *file.Service, assets *asset.Service, cal *workday.Service, log *slog.Logger) *Service {
	return &Service{st: st, clock: c, files: files, assets: assets, calendar: cal, log: log}
}
