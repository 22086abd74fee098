// Package asset runs sellers' assets (我的资产): image assets and software
// packages, their upload or bucket import, the automated security scan and
// the operations review. Image and package products deliver an approved asset.
package asset

import (
	"context"
	"log/slog"

	"github.com/google/uuid"

	"agora/internal/file"
	"agora/internal/platform/apperr"
	"agora/internal/platform/blob"
	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/workday"
)

// Object type in the evidence log.
const ObjectAsset = "asset"

// Kinds of asset.
const (
	KindImage   = "image"
	KindPackage = "package"
)

// Service runs assets.
type Service struct {
	st       *store.Store
	clock    clock.Clock
	files    *file.Service
	blobs    blob.Store
	calendar *workday.Service
	log      *slog.Logger
}

// NewService returns an asset service.
func NewService(st *store.Store, c clock.Clock, files *file.Service, blobs blob.Store, cal *workday.Service, log *slog.Logger) *Service {
	return &Service{st: st, clock: c, files: files, blobs: blobs, calendar: cal, log: log}
}

// Usable is an approved asset a product may deliver.
type Usable struct {
	ID      uuid.UUID
	Number  string
	Kind    string
	Name    string
	Release string
}

// Approved returns seller's approved asset id of kind, or an Invalid error
// keyed "product.asset_required" when there is none.
func (s *Service) Approved(ctx context.Context, seller, id uuid.UUID, kind string) (Usable, error) {
	return Usable{}, apperr.E(apperr.Invalid, "product.asset_required")
}

// ListApproved lists seller's approved assets of kind, newest first, for the product form.
func (s *Service) ListApproved(ctx context.Context, seller uuid.UUID, kind string) ([]Usable, error) {
	return nil, nil
}
