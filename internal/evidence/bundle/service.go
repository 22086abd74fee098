package bundle

import (
	"context"
	"io"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/file"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/store/pg"
	"agora/internal/supervision"
)

// Whose copy of an order's evidence is asked for.
const (
	AsBuyer  = "buyer"
	AsSeller = "seller"
	AsOps    = "ops"
)

// ObjectUnsubscription is the evidence object type of unsubscription requests
// (unsub.ObjectUnsubscription; the unsub package sits above this one).
const ObjectUnsubscription = "unsubscription"

// Service hands out the evidence of orders to the people allowed to see it.
type Service struct {
	st    *store.Store
	files *file.Service
	clock clock.Clock
}

// NewService returns the evidence-bundle service.
func NewService(pool *pgxpool.Pool, files *file.Service, c clock.Clock) *Service {
	return &Service{st: store.New(pool), files: files, clock: c}
}

// Order loads the evidence of an order for viewer as its buyer, its seller or
// operations: the order's chain, its supervision's, each appeal's and each
// unsubscription request's, read in one snapshot. Anyone else — and a party asking under the other party's role
// — finds nothing (NotFound). Attachments are read with the viewer's rights:
// what one party attached to the order is shared with the other.
func (s *Service) Order(ctx context.Context, viewer account.Account, as string, orderID uuid.UUID) (*Bundle, error) {
	var b *Bundle
	err := s.st.InSnapshot(ctx, func(q *pg.Queries) error {
		o, err := q.GetOrder(ctx, orderID)
		if err != nil {
			return store.NotFound(err, "order")
		}
		if !mayRead(viewer, as, o) {
			return apperr.E(apperr.NotFound, "error.not_found")
		}
		appeals, err := q.OrderAppeals(ctx, o.ID)
		if err != nil {
			return err
		}
		slices.Reverse(appeals) // oldest first
		chains := []ChainRef{{Type: order.ObjectOrder, ID: o.ID, Label: o.Number}, {Type: supervision.ObjectSupervision, ID: o.ID, Label: o.Number}}
		for _, a := range appeals {
			chains = append(chains, ChainRef{Type: supervision.ObjectAppeal, ID: a.ID, Label: a.Number})
		}
		unsubs, err := q.OrderUnsubscriptions(ctx, o.ID)
		if err != nil {
			return err
		}
		for _, u := range unsubs {
			chains = append(chains, ChainRef{Type: ObjectUnsubscription, ID: u.ID, Label: u.Number})
		}
		b, err = Load(ctx, q, chains)
		if err != nil {
			return err
		}
		b.OrderID, b.OrderNumber = o.ID.String(), o.Number
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.ExportedAt = evidence.FormatAt(s.clock.Now())
	b.ExportedBy = viewer.Name
	b.open = func(ctx context.Context, id uuid.UUID) (io.ReadCloser, error) {
		_, rc, err := s.files.Open(ctx, viewer, id)
		return rc, err
	}
	return b, nil
}

// Appeal loads, for operations, the evidence of the order an appeal is about.
func (s *Service) Appeal(ctx context.Context, viewer account.Account, appealID uuid.UUID) (*Bundle, error) {
	if !viewer.IsOps() {
		return nil, apperr.E(apperr.NotFound, "error.not_found")
	}
	a, err := s.st.GetAppeal(ctx, appealID)
	if err != nil {
		return nil, store.NotFound(err, "appeal")
	}
	return s.Order(ctx, viewer, AsOps, a.OrderID)
}

func mayRead(viewer account.Account, as string, o pg.Order) bool {
	switch as {
	case AsBuyer:
		return o.BuyerID == viewer.ID
	case AsSeller:
		return o.SellerID == viewer.ID
	case AsOps:
		return viewer.IsOps()
	}
	return false
}
