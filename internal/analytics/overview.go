package analytics

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"agora/internal/platform/money"
	"agora/internal/store/pg"
)

// TopN is how many products the dashboard ranks.
const TopN = 10

// Day is one day's numbers (or, as Overview.Total, the period's).
type Day struct {
	Date           time.Time // midnight UTC carrying the calendar day
	GMV            money.Fen
	PaidOrders     int64
	Refunded       money.Fen
	RefundedOrders int64
	Views          int64
	Visitors       int64 // distinct visitors of the seller's products that day (a total sums the days)
}

// Product is one product's numbers over the period.
type Product struct {
	ID           uuid.UUID
	Number       string
	Name, NameEn string
	GMV          money.Fen
	PaidOrders   int64
	Views        int64
	Visitors     int64 // distinct visitors of this product per day, summed
}

// Overview is a seller's dashboard for a period.
type Overview struct {
	Period Period
	Days   []Day // every day of the period, in order, zeros included
	Total  Day
	Top    []Product // at most TopN: by GMV, then paid orders, then views
}

// RefundRate is the refunded amount as a share of GMV in basis points
// (1 % = 100); ok is false when there was no GMV to divide by.
func (o Overview) RefundRate() (bp int64, ok bool) {
	if o.Total.GMV <= 0 {
		return 0, false
	}
	return int64(o.Total.Refunded) * 10000 / int64(o.Total.GMV), true
}

// Empty reports whether nothing happened in the period: no sale, refund or view.
func (o Overview) Empty() bool {
	t := o.Total
	return t.GMV == 0 && t.PaidOrders == 0 && t.Refunded == 0 && t.Views == 0
}

const dayKey = time.DateOnly

// Overview reads seller's numbers for p: five statements in one read-only
// snapshot, each one pass over a seller-leading index (the sales and the views
// give their daily and per-product sums in the same pass, by grouping sets).
func (s *Service) Overview(ctx context.Context, seller uuid.UUID, p Period) (Overview, error) {
	from, to := p.bounds(s.loc)
	tz := s.loc.String()
	o := Overview{Period: p, Days: make([]Day, p.Days())}
	index := make(map[string]*Day, len(o.Days))
	for i := range o.Days {
		o.Days[i].Date = p.Day(i)
		index[o.Days[i].Date.Format(dayKey)] = &o.Days[i]
	}
	products := map[uuid.UUID]*Product{}
	product := func(id uuid.UUID) *Product {
		if products[id] == nil {
			products[id] = &Product{ID: id}
		}
		return products[id]
	}
	var names []pg.SellerProductNamesRow
	err := s.st.InSnapshot(ctx, func(q *pg.Queries) error {
		sales, err := q.SellerSales(ctx, pg.SellerSalesParams{Tz: tz, SellerID: seller, FromAt: from, ToAt: to})
		if err != nil {
			return err
		}
		for _, r := range sales {
			if r.Day != "" {
				if d := index[r.Day]; d != nil {
					d.GMV, d.PaidOrders = money.Fen(r.GmvFen), r.PaidOrders
				}
			} else {
				pr := product(r.ProductID)
				pr.GMV, pr.PaidOrders = money.Fen(r.GmvFen), r.PaidOrders
			}
		}
		refunds, err := q.SellerRefunds(ctx, pg.SellerRefundsParams{Tz: tz, SellerID: seller, FromAt: from, ToAt: to})
		if err != nil {
			return err
		}
		for _, r := range refunds {
			if d := index[r.Day]; d != nil {
				d.Refunded, d.RefundedOrders = money.Fen(r.RefundFen), r.RefundedOrders
			}
		}
		views, err := q.SellerViews(ctx, pg.SellerViewsParams{SellerID: seller, FirstDay: p.First, LastDay: p.Last})
		if err != nil {
			return err
		}
		for _, r := range views {
			if r.Day != "" {
				if d := index[r.Day]; d != nil {
					d.Views = r.Views
				}
			} else {
				pr := product(r.ProductID)
				pr.Views, pr.Visitors = r.Views, r.Visitors
			}
		}
		visitors, err := q.SellerVisitorsByDay(ctx, pg.SellerVisitorsByDayParams{SellerID: seller, FirstDay: p.First, LastDay: p.Last})
		if err != nil {
			return err
		}
		for _, r := range visitors {
			if d := index[r.Day]; d != nil {
				d.Visitors = r.Visitors
			}
		}
		o.Top = rank(products)
		if len(o.Top) == 0 {
			return nil
		}
		ids := make([]uuid.UUID, len(o.Top))
		for i, t := range o.Top {
			ids[i] = t.ID
		}
		names, err = q.SellerProductNames(ctx, pg.SellerProductNamesParams{SellerID: seller, Ids: ids})
		return err
	})
	if err != nil {
		return Overview{}, err
	}
	for _, n := range names {
		for i := range o.Top {
			if o.Top[i].ID == n.ID {
				o.Top[i].Number, o.Top[i].Name, o.Top[i].NameEn = n.Number, n.Name, n.NameEn
			}
		}
	}
	for _, d := range o.Days {
		o.Total.GMV += d.GMV
		o.Total.PaidOrders += d.PaidOrders
		o.Total.Refunded += d.Refunded
		o.Total.RefundedOrders += d.RefundedOrders
		o.Total.Views += d.Views
		o.Total.Visitors += d.Visitors
	}
	return o, nil
}

// rank orders the products by GMV, paid orders and views and keeps TopN.
func rank(m map[uuid.UUID]*Product) []Product {
	out := make([]Product, 0, len(m))
	for _, p := range m {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b Product) int {
		return cmp.Or(cmp.Compare(b.GMV, a.GMV), cmp.Compare(b.PaidOrders, a.PaidOrders), cmp.Compare(b.Views, a.Views),
			cmp.Compare(a.ID.String(), b.ID.String()))
	})
	return out[:min(len(out), TopN)]
}
