package invoice

import (
	"context"
	"time"

	"github.com/google/uuid"

	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// PageSize is the number of requests a list page shows.
const PageSize = 20

// BuyerInvoice returns one of the buyer's requests; anyone else's is not found.
func (s *Service) BuyerInvoice(ctx context.Context, buyer, id uuid.UUID) (Invoice, error) {
	return s.detail(ctx, id, func(r pg.Invoice) bool { return r.BuyerID == buyer })
}

// SellerInvoice returns one of the seller's requests; anyone else's is not found.
func (s *Service) SellerInvoice(ctx context.Context, seller, id uuid.UUID) (Invoice, error) {
	return s.detail(ctx, id, func(r pg.Invoice) bool { return r.SellerID == seller })
}

// OpsInvoice returns any request, for operations (the route group checks the role).
func (s *Service) OpsInvoice(ctx context.Context, id uuid.UUID) (Invoice, error) {
	return s.detail(ctx, id, func(pg.Invoice) bool { return true })
}

func (s *Service) detail(ctx context.Context, id uuid.UUID, may func(pg.Invoice) bool) (Invoice, error) {
	r, err := s.st.GetInvoiceDetail(ctx, id)
	if err != nil || !may(r.Invoice) {
		return Invoice{}, store.NotFound(errOr(err), "invoice")
	}
	i := fromRow(r.Invoice)
	i.OrderNumber, i.ProductName, i.ProductNameEn = r.OrderNumber, r.ProductName, r.ProductNameEn
	i.OrderStatus, i.BuyerName, i.SellerName = lifecycle.OrderStatus(r.OrderStatus), r.BuyerName, r.SellerName
	i.Refunded = money.Fen(max(r.RefundedFen, -r.RefundedFen))
	if i.FileID != nil {
		// The parties may both read the PDF (the seller uploaded it and
		// granted it to the buyer when issuing).
		f, err := s.st.GetFile(ctx, *i.FileID)
		if err != nil {
			return Invoice{}, err
		}
		i.FileName, i.FileSize = f.Name, f.Size
	}
	return i, nil
}

// Returnable reports whether the seller may red-flush the invoice now: issued,
// and the order was refunded.
func (i Invoice) Returnable() bool { return i.Status == lifecycle.InvoiceIssued && i.Refunded > 0 }

// LatestForOrder returns the buyer's most recent request for one of their
// orders, if there is one.
func (s *Service) LatestForOrder(ctx context.Context, buyer, orderID uuid.UUID) (Invoice, bool, error) {
	r, err := s.st.LatestInvoiceOfOrder(ctx, orderID)
	if store.IsNoRows(err) || err == nil && r.BuyerID != buyer {
		return Invoice{}, false, nil
	}
	if err != nil {
		return Invoice{}, false, err
	}
	i, err := s.BuyerInvoice(ctx, buyer, r.ID)
	return i, err == nil, err
}

// BuyerInvoices lists the buyer's requests, newest first, optionally of one status.
func (s *Service) BuyerInvoices(ctx context.Context, buyer uuid.UUID, status string, page int) ([]Invoice, bool, error) {
	page = max(page, 1)
	rows, err := s.st.ListBuyerInvoices(ctx, pg.ListBuyerInvoicesParams{BuyerID: buyer, Status: validStatus(status),
		MaxRows: PageSize + 1, Skip: int32((page - 1) * PageSize)})
	if err != nil {
		return nil, false, err
	}
	out := make([]Invoice, len(rows))
	for i, r := range rows {
		out[i] = fromRow(r.Invoice)
		out[i].OrderNumber, out[i].ProductName, out[i].ProductNameEn = r.OrderNumber, r.ProductName, r.ProductNameEn
	}
	return trim(out)
}

// SellerInvoices lists the seller's requests ("invoice users" tab), filtered
// by status and by request or order number: pending ones first, the nearest
// deadline on top.
func (s *Service) SellerInvoices(ctx context.Context, seller uuid.UUID, status, number string, page int) ([]Invoice, bool, error) {
	page = max(page, 1)
	rows, err := s.st.ListSellerInvoices(ctx, pg.ListSellerInvoicesParams{SellerID: seller, Status: validStatus(status), Number: number,
		MaxRows: PageSize + 1, Skip: int32((page - 1) * PageSize)})
	if err != nil {
		return nil, false, err
	}
	out := make([]Invoice, len(rows))
	for i, r := range rows {
		out[i] = fromRow(r.Invoice)
		out[i].OrderNumber, out[i].ProductName, out[i].ProductNameEn = r.OrderNumber, r.ProductName, r.ProductNameEn
		out[i].BuyerName = r.BuyerName
	}
	return trim(out)
}

// Waiting counts the seller's pending requests and those past the 7 days.
func (s *Service) Waiting(ctx context.Context, seller uuid.UUID) (pending, overdue int, err error) {
	r, err := s.st.CountSellerPendingInvoices(ctx, pg.CountSellerPendingInvoicesParams{SellerID: seller, Now: s.clock.Now()})
	return int(r.Pending), int(r.Overdue), err
}

// Overdue lists the requests sellers left past the 7 days, for operations:
// the oldest deadline first.
func (s *Service) Overdue(ctx context.Context, page int) ([]Invoice, bool, error) {
	page = max(page, 1)
	rows, err := s.st.OverdueInvoices(ctx, pg.OverdueInvoicesParams{Now: s.clock.Now(), MaxRows: PageSize + 1,
		Skip: int32((page - 1) * PageSize)})
	if err != nil {
		return nil, false, err
	}
	out := make([]Invoice, len(rows))
	for i, r := range rows {
		out[i] = fromRow(r.Invoice)
		out[i].OrderNumber, out[i].ProductName, out[i].ProductNameEn = r.OrderNumber, r.ProductName, r.ProductNameEn
		out[i].BuyerName, out[i].SellerName = r.BuyerName, r.SellerName
	}
	return trim(out)
}

// Now is the service's clock, for pages that show how long is left.
func (s *Service) Now() time.Time { return s.clock.Now() }

func validStatus(status string) string {
	if status == "" || !lifecycle.Invoice.Valid(lifecycle.InvoiceStatus(status)) {
		return ""
	}
	return status
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
