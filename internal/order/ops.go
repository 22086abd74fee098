package order

import (
	"context"

	"github.com/google/uuid"

	"agora/internal/store"
)

// OrderForOps returns any order, for operations (the arbitration console).
// The console's route group is the authorization: it admits operations only.
func (s *Service) OrderForOps(ctx context.Context, id uuid.UUID) (Order, error) {
	r, err := s.st.GetOrder(ctx, id)
	if err != nil {
		return Order{}, store.NotFound(err, "order")
	}
	return fromRow(r), nil
}
