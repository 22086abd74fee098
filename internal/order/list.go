package order

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/lifecycle"
	"agora/internal/store/pg"
)

// PageSize is the number of orders a list page shows.
const PageSize = 20

// Filter is the order list's search form (domain §6.1).
type Filter struct {
	Number   string
	Customer string // the customer's name (seller's list)
	UserName string // the buyer's account name (seller's list)
	Product  string
	Status   string
	From, To *time.Time // creation time, To exclusive
}

func (f Filter) clean() Filter {
	f.Number, f.Customer, f.UserName, f.Product = strings.TrimSpace(f.Number), strings.TrimSpace(f.Customer),
		strings.TrimSpace(f.UserName), strings.TrimSpace(f.Product)
	if !lifecycle.Order.Valid(lifecycle.OrderStatus(f.Status)) {
		f.Status = ""
	}
	return f
}

// Page is one page of a list.
type Page struct {
	Orders  []Order
	Page    int
	HasNext bool
}

// listed is an order of a list with its supervision node.
type listed struct {
	o      pg.Order
	node   *string
	frozen *bool
}

func page(rows []listed, n int) Page {
	p := Page{Page: n}
	for i, r := range rows {
		if i == PageSize {
			p.HasNext = true
			break
		}
		o := fromRow(r.o)
		if r.node != nil {
			o.SupStatus = lifecycle.SupStatus(*r.node)
		}
		o.Frozen = r.frozen != nil && *r.frozen
		p.Orders = append(p.Orders, o)
	}
	return p
}

// BuyerOrders lists the buyer's orders, newest first.
func (s *Service) BuyerOrders(ctx context.Context, buyer uuid.UUID, f Filter, n int) (Page, error) {
	f, n = f.clean(), max(n, 1)
	rows, err := s.st.ListBuyerOrders(ctx, pg.ListBuyerOrdersParams{BuyerID: buyer, Status: f.Status, Number: f.Number,
		Product: f.Product, CreatedFrom: f.From, CreatedTo: f.To, MaxRows: PageSize + 1, Skip: int32((n - 1) * PageSize)})
	if err != nil {
		return Page{}, err
	}
	out := make([]listed, len(rows))
	for i, r := range rows {
		out[i] = listed{r.Order, r.SupStatus, r.SupFrozen}
	}
	return page(out, n), nil
}

// SellerOrders lists the seller's orders, newest first.
func (s *Service) SellerOrders(ctx context.Context, seller uuid.UUID, f Filter, n int) (Page, error) {
	f, n = f.clean(), max(n, 1)
	rows, err := s.st.ListSellerOrders(ctx, pg.ListSellerOrdersParams{SellerID: seller, Status: f.Status, Number: f.Number,
		Product: f.Product, Customer: f.Customer, UserName: f.UserName, CreatedFrom: f.From, CreatedTo: f.To,
		MaxRows: PageSize + 1, Skip: int32((n - 1) * PageSize)})
	if err != nil {
		return Page{}, err
	}
	out := make([]listed, len(rows))
	for i, r := range rows {
		out[i] = listed{r.Order, r.SupStatus, r.SupFrozen}
	}
	return page(out, n), nil
}
