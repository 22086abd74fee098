package invoice

import (
	"context"

	"github.com/google/uuid"

	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// PageSize is the number of requests a list page shows.
const PageSize = 20

// BuyerInvoice returns one of the buyer's requests; anyone else's is not found.
func (s *Service) BuyerInvoice(ctx context.Context, buyer, id uuid.UUID) (Invoice, error) {
	r, err := s.st.GetInvoice(ctx, id)
	if err != nil || r.BuyerID != buyer {
		return Invoice{}, store.NotFound(errOr(err), "invoice")
	}
	return s.withOrder(ctx, fromRow(r))
}

// SellerInvoice returns one of the seller's requests; anyone else's is not found.
func (s *Service) SellerInvoice(ctx context.Context, seller, id uuid.UUID) (Invoice, error) {
	r, err := s.st.GetInvoice(ctx, id)
	if err != nil || r.SellerID != seller {
		return Invoice{}, store.NotFound(errOr(err), "invoice")
	}
	return s.withOrder(ctx, fromRow(r))
}

func (s *Service) withOrder(ctx context.Context, i Invoice) (Invoice, error) {
	o, err := s.st.GetOrder(ctx, i.OrderID)
	if err != nil {
		return i, err
	}
	i.OrderNumber, i.ProductName = o.Number, o.ProductName
	return i, nil
}

// BuyerInvoices lists the buyer's requests, newest first.
func (s *Service) BuyerInvoices(ctx context.Context, buyer uuid.UUID, page int) ([]Invoice, bool, error) {
	page = max(page, 1)
	rows, err := s.st.ListBuyerInvoices(ctx, pg.ListBuyerInvoicesParams{BuyerID: buyer, MaxRows: PageSize + 1, Skip: int32((page - 1) * PageSize)})
	if err != nil {
		return nil, false, err
	}
	out := make([]Invoice, len(rows))
	for i, r := range rows {
		out[i] = fromRow(r.Invoice)
		out[i].OrderNumber, out[i].ProductName = r.OrderNumber, r.ProductName
	}
	return trim(out)
}

// SellerInvoices lists the seller's requests ("invoice users" tab), filtered
// by status and by request or order number.
func (s *Service) SellerInvoices(ctx context.Context, seller uuid.UUID, status, number string, page int) ([]Invoice, bool, error) {
	page = max(page, 1)
	if !lifecycle.Invoice.Valid(lifecycle.InvoiceStatus(status)) {
		status = ""
	}
	rows, err := s.st.ListSellerInvoices(ctx, pg.ListSellerInvoicesParams{SellerID: seller, Status: status, Number: number,
		MaxRows: PageSize + 1, Skip: int32((page - 1) * PageSize)})
	if err != nil {
		return nil, false, err
	}
	out := make([]Invoice, len(rows))
	for i, r := range rows {
		out[i] = fromRow(r.Invoice)
		out[i].OrderNumber, out[i].ProductName = r.OrderNumber, r.ProductName
	}
	return trim(out)
}

func trim(out []Invoice) ([]Invoice, bool, error) {
	if len(out) > PageSize {
		return out[:PageSize], true, nil
	}
	return out, false, nil
}

// Timeline returns a request's evidence.
func (s *Service) Timeline(ctx context.Context, id uuid.UUID) ([]evidence.Item, error) {
	return evidence.Timeline(ctx, s.st.Queries, ObjectInvoice, id)
}
