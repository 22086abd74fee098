package unsub

import (
	"context"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Page is the list page size.
const Page = 20

func withOrder(u pg.Unsubscription, number, name, nameEn string) Request {
	r := fromRow(u)
	r.OrderNumber, r.ProductName, r.ProductNameEn = number, name, nameEn
	return r
}

func offset(page int) int32 { return int32(max(page-1, 0) * Page) }

// BuyerRequests lists the buyer's requests, newest first; more tells whether another page follows.
func (s *Service) BuyerRequests(ctx context.Context, buyer uuid.UUID, page int) (out []Request, more bool, err error) {
	rows, err := s.st.ListBuyerUnsubscriptions(ctx, pg.ListBuyerUnsubscriptionsParams{BuyerID: buyer, Skip: offset(page), MaxRows: Page + 1})
	for _, r := range rows {
		out = append(out, withOrder(r.Unsubscription, r.OrderNumber, r.ProductName, r.ProductNameEn))
	}
	return trim(out, err)
}

// SellerRequests lists the requests the seller reviews (status "" for all), newest first.
func (s *Service) SellerRequests(ctx context.Context, seller uuid.UUID, status string, page int) (out []Request, more bool, err error) {
	rows, err := s.st.ListSellerUnsubscriptions(ctx, pg.ListSellerUnsubscriptionsParams{SellerID: seller, Status: status,
		Skip: offset(page), MaxRows: Page + 1})
	for _, r := range rows {
		out = append(out, withOrder(r.Unsubscription, r.OrderNumber, r.ProductName, r.ProductNameEn))
	}
	return trim(out, err)
}

// Escalated lists the requests waiting for operations, the closest deadline first.
func (s *Service) Escalated(ctx context.Context, max int) ([]Request, error) {
	out, _, err := s.OpsRequests(ctx, "escalated", 1)
	if len(out) > max {
		out = out[:max]
	}
	return out, err
}

// OpsRequests is operations' list: view "escalated" is the queue of requests
// they decide (the closest deadline first); "all" every request, newest first.
func (s *Service) OpsRequests(ctx context.Context, view string, page int) (out []Request, more bool, err error) {
	if view == "all" {
		rows, err := s.st.ListAllUnsubscriptions(ctx, pg.ListAllUnsubscriptionsParams{Skip: offset(page), MaxRows: Page + 1})
		for _, r := range rows {
			out = append(out, withOrder(r.Unsubscription, r.OrderNumber, r.ProductName, r.ProductNameEn))
		}
		return trim(out, err)
	}
	rows, err := s.st.ListEscalatedUnsubscriptions(ctx, pg.ListEscalatedUnsubscriptionsParams{Skip: offset(page), MaxRows: Page + 1})
	for _, r := range rows {
		out = append(out, withOrder(r.Unsubscription, r.OrderNumber, r.ProductName, r.ProductNameEn))
	}
	return trim(out, err)
}

// EscalatedCount is how many requests wait for operations.
func (s *Service) EscalatedCount(ctx context.Context) (int64, error) {
	return s.st.CountEscalatedUnsubscriptions(ctx)
}

// OrderItems is the evidence of every request of an order, oldest first, for
// the order's merged timeline (kind is the evidence object type). A nil
// service has none.
func (s *Service) OrderItems(ctx context.Context, orderID uuid.UUID) (kind string, out []evidence.Item, err error) {
	if s == nil {
		return ObjectUnsubscription, nil, nil
	}
	rows, err := s.st.OrderUnsubscriptions(ctx, orderID)
	if err != nil {
		return ObjectUnsubscription, nil, err
	}
	for _, u := range rows {
		items, err := s.Timeline(ctx, u.ID)
		if err != nil {
			return ObjectUnsubscription, nil, err
		}
		out = append(out, items...)
	}
	return ObjectUnsubscription, out, nil
}

func trim(out []Request, err error) ([]Request, bool, error) {
	if err != nil {
		return nil, false, err
	}
	if len(out) > Page {
		return out[:Page], true, nil
	}
	return out, false, nil
}

// Detail is a request with what its reviewer may see of the buyer.
type Detail struct {
	Request
	BuyerName  string
	BuyerPhone string // only when the buyer consented
	Paid       int64
}

// ForSeller returns one of the seller's requests (anyone else's is not found);
// the buyer's phone only if the buyer consented.
func (s *Service) ForSeller(ctx context.Context, seller account.Account, id uuid.UUID) (Detail, error) {
	return s.detail(ctx, id, func(u pg.Unsubscription) bool { return u.SellerID == seller.ID && u.Kind != KindStandard })
}

// ForBuyer returns one of the buyer's requests.
func (s *Service) ForBuyer(ctx context.Context, buyer account.Account, id uuid.UUID) (Detail, error) {
	return s.detail(ctx, id, func(u pg.Unsubscription) bool { return u.BuyerID == buyer.ID })
}

// ForOps returns any request, for operations.
func (s *Service) ForOps(ctx context.Context, ops account.Account, id uuid.UUID) (Detail, error) {
	return s.detail(ctx, id, func(pg.Unsubscription) bool { return ops.IsOps() })
}

func (s *Service) detail(ctx context.Context, id uuid.UUID, may func(pg.Unsubscription) bool) (Detail, error) {
	u, err := s.st.GetUnsubscription(ctx, id)
	if err != nil {
		return Detail{}, store.NotFound(err, "unsubscription")
	}
	if !may(u) {
		return Detail{}, apperr.E(apperr.NotFound, "error.not_found")
	}
	o, err := s.st.GetOrder(ctx, u.OrderID)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Request: withOrder(u, o.Number, o.ProductName, o.ProductNameEn), BuyerName: o.BuyerName, Paid: o.AmountFen}
	if u.ShowPhone {
		d.BuyerPhone = o.ContactPhone
	}
	return d, nil
}

// LatestForOrder returns the buyer's latest request on an order, if any (ok false when none).
func (s *Service) LatestForOrder(ctx context.Context, buyer uuid.UUID, orderID uuid.UUID) (Request, bool, error) {
	u, err := s.st.LatestUnsubscription(ctx, orderID)
	if store.IsNoRows(err) {
		return Request{}, false, nil
	}
	if err != nil {
		return Request{}, false, err
	}
	if u.BuyerID != buyer {
		return Request{}, false, nil
	}
	return fromRow(u), true, nil
}
