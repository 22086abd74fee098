package file

import (
	"context"
	"io"

	"github.com/google/uuid"

	"agora/internal/platform/apperr"
	"agora/internal/store"
)

// PublicLogo opens a product logo for anyone. The caller has checked that the
// product showing it is on sale; here the file must be an image uploaded as a
// product logo, so no other upload (a licence, say) can be reached this way.
func (s *Service) PublicLogo(ctx context.Context, id uuid.UUID) (File, io.ReadCloser, error) {
	row, err := s.st.GetFile(ctx, id)
	if err != nil {
		return File{}, nil, store.NotFound(err, "file")
	}
	if row.Purpose != "product_logo" || (row.ContentType != PNG && row.ContentType != JPEG) {
		return File{}, nil, apperr.E(apperr.NotFound, "error.not_found")
	}
	rc, err := s.blobs.Open(ctx, row.BlobKey)
	if err != nil {
		return File{}, nil, err
	}
	return fromRow(row), rc, nil
}
