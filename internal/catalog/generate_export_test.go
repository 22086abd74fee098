package catalog

import (
	"context"

	"github.com/google/uuid"
)

// Hooks for the external tests (package catalog_test, which may use testfix).

// CheckRelease runs the checks an approval runs on a release application.
func (s *Service) CheckRelease(ctx context.Context, seller uuid.UUID, app Application) error {
	_, err := s.check(ctx, s.st.Queries, seller, app)
	return err
}
