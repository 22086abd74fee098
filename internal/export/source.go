package export

import (
	"context"
	"time"

	"github.com/google/uuid"

	"agora/internal/store"
	"agora/internal/store/pg"
)

// line is one order as the export writes it.
type line struct {
	ID            uuid.UUID
	Number        string
	ProductName   string
	ProductNameEn string
	SpecName      string
	BillingMode   string
	Quantity      int32
	TrialDays     int32
	AmountFen     int64
	Status        string
	CreatedAt     time.Time
	PaidAt        *time.Time
	CustomerName  string
	BuyerName     string
	ContactPhone  string
	ContactEmail  string
}

// source reads the orders of one export: the owner's list on its side, with
// its filter, created before the export was requested (so the file shows the
// list as it was when the button was pressed, however long the job waits).
type source struct {
	st    *store.Store
	side  string
	owner uuid.UUID
	f     filterJSON
	until time.Time // exclusive upper bound of created_at
}

func (s *Service) source(e Export) *source {
	f := e.Filter
	// The request's moment, to the microsecond PostgreSQL keeps, included.
	until := e.CreatedAt.Truncate(time.Microsecond).Add(time.Microsecond)
	if f.To != nil && f.To.Before(until) {
		until = *f.To
	}
	return &source{st: s.st, side: e.Side, owner: e.OwnerID, until: until, f: filterJSON{Number: f.Number,
		Customer: f.Customer, UserName: f.UserName, Product: f.Product, Status: f.Status, From: f.From}}
}

func (src *source) count(ctx context.Context) (int64, error) {
	f := src.f
	if src.side == SideSeller {
		return src.st.CountSellerExportOrders(ctx, pg.CountSellerExportOrdersParams{SellerID: src.owner, BeforeAt: src.until,
			Status: f.Status, Number: f.Number, Product: f.Product, Customer: f.Customer, UserName: f.UserName, CreatedFrom: f.From})
	}
	return src.st.CountBuyerExportOrders(ctx, pg.CountBuyerExportOrdersParams{BuyerID: src.owner, BeforeAt: src.until,
		Status: f.Status, Number: f.Number, Product: f.Product, CreatedFrom: f.From})
}

// each calls fn with every order, newest first, reading n at a time below a
// moving (created_at, id) cursor; after each page it calls page with the rows so far.
func (src *source) each(ctx context.Context, n int, fn func(line) error, page func(rows int64) error) (int64, error) {
	f := src.f
	at, id := src.until, uuid.Nil // (until, nil) excludes exactly the orders created at or after until
	var rows int64
	for {
		var batch []line
		if src.side == SideSeller {
			rs, err := src.st.ExportSellerOrders(ctx, pg.ExportSellerOrdersParams{SellerID: src.owner, BeforeAt: at, BeforeID: id,
				Status: f.Status, Number: f.Number, Product: f.Product, Customer: f.Customer, UserName: f.UserName,
				CreatedFrom: f.From, MaxRows: int32(n)})
			if err != nil {
				return rows, err
			}
			batch = make([]line, len(rs))
			for i, r := range rs {
				batch[i] = line(r)
			}
		} else {
			rs, err := src.st.ExportBuyerOrders(ctx, pg.ExportBuyerOrdersParams{BuyerID: src.owner, BeforeAt: at, BeforeID: id,
				Status: f.Status, Number: f.Number, Product: f.Product, CreatedFrom: f.From, MaxRows: int32(n)})
			if err != nil {
				return rows, err
			}
			batch = make([]line, len(rs))
			for i, r := range rs {
				batch[i] = line(r)
			}
		}
		for _, l := range batch {
			if err := fn(l); err != nil {
				return rows, err
			}
			rows++
		}
		if len(batch) > 0 {
			if err := page(rows); err != nil {
				return rows, err
			}
		}
		if len(batch) < n {
			return rows, nil
		}
		last := batch[len(batch)-1]
		at, id = last.CreatedAt, last.ID
	}
}
