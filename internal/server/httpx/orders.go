package httpx

import (
	"context"
	"net/http"
	"strings"
	"time"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/money"
	"agora/web/ui"
)

// The views of an order are shared by the buyer center and the seller center.

// OrderStatuses are the statuses an order list filters by.
var OrderStatuses = []string{string(lifecycle.OrderPendingPayment), string(lifecycle.OrderProcessing),
	string(lifecycle.OrderCompleted), string(lifecycle.OrderCancelled), string(lifecycle.OrderUnsubscribed)}

// OrderFilter reads an order list's filters; dates are days in the viewer's zone.
func OrderFilter(r *http.Request) (order.Filter, ui.OrderFilter) {
	q := r.URL.Query()
	in := ui.OrderFilter{Number: q.Get("number"), Customer: q.Get("customer"), UserName: q.Get("user"), Product: q.Get("product"),
		Status: q.Get("status"), From: q.Get("from"), To: q.Get("to")}
	f := order.Filter{Number: in.Number, Customer: in.Customer, UserName: in.UserName, Product: in.Product, Status: in.Status}
	loc := ui.Tr(r.Context()).Location()
	if d, err := time.ParseInLocation(time.DateOnly, in.From, loc); err == nil {
		f.From = &d
	} else {
		in.From = ""
	}
	if d, err := time.ParseInLocation(time.DateOnly, in.To, loc); err == nil {
		end := d.AddDate(0, 0, 1) // the whole last day
		f.To = &end
	} else {
		in.To = ""
	}
	return f, in
}

// OrderRows turns orders into list lines linking under base (/buyer/orders/ or /seller/orders/).
func OrderRows(ctx context.Context, orders []order.Order, base string) []ui.OrderRow {
	out := make([]ui.OrderRow, len(orders))
	for i, o := range orders {
		out[i] = orderRow(ctx, o, base)
	}
	return out
}

func orderRow(ctx context.Context, o order.Order, base string) ui.OrderRow {
	name := o.ProductName
	if ui.Lang(ctx) == "en" && o.ProductNameEn != "" {
		name = o.ProductNameEn
	}
	row := ui.OrderRow{ID: o.ID.String(), Number: o.Number, Href: base + o.ID.String(), Product: name, Spec: o.SpecName,
		Kind: o.Kind, Status: string(o.Status), Amount: money.Format(o.Amount), Quantity: OrderQuantity(ctx, o),
		Created: ui.Time(ctx, o.CreatedAt), Customer: o.CustomerName, BuyerName: o.BuyerName, Phone: o.ContactPhone,
		Email: o.ContactEmail, Frozen: o.Frozen}
	if o.Status == lifecycle.OrderProcessing && o.SupStatus != "" {
		row.Node = "sup.node." + o.Flow + "." + string(o.SupStatus)
	}
	return row
}

// OrderQuantity says what an order buys: "3 months", "2 units", "a 14-day trial".
func OrderQuantity(ctx context.Context, o order.Order) string {
	if o.Trial() {
		return ui.T(ctx, "order.qty.trial", "n", o.TrialDays)
	}
	return ui.T(ctx, "order.qty."+o.BillingMode, "n", o.Quantity)
}

// OrderDetail is an order's details under base.
func OrderDetail(ctx context.Context, o order.Order, base string) ui.OrderView {
	v := ui.OrderView{OrderRow: orderRow(ctx, o, base), ProductURL: "/products/" + o.ProductID.String(), BillingMode: o.BillingMode,
		UnitPrice: ui.T(ctx, "order.price_per."+o.BillingMode, "price", money.Format(o.UnitPrice)), Trial: o.Trial(),
		Supervised: o.Supervised, Flow: o.Flow, Address: o.ShipAddress}
	if o.Status == lifecycle.OrderPendingPayment {
		v.PayBy = ui.Time(ctx, o.PayBy)
	}
	v.Paid = timeOr(ctx, o.PaidAt)
	v.Completed = timeOr(ctx, o.CompletedAt)
	if o.Status == lifecycle.OrderUnsubscribed {
		v.Unsubscribed = timeOr(ctx, o.CancelledAt)
	} else {
		v.Cancelled = timeOr(ctx, o.CancelledAt)
	}
	v.ServiceStart = timeOr(ctx, o.ServiceStart)
	v.ServiceEnd = timeOr(ctx, o.ServiceEnd)
	if o.RenewsID != nil {
		v.RenewsHref = base + o.RenewsID.String()
	}
	return v
}

func timeOr(ctx context.Context, t *time.Time) string {
	if t == nil {
		return ""
	}
	return ui.Time(ctx, *t)
}

// Periodic reports whether a billing mode buys periods (for renewal forms).
func Periodic(mode string) bool {
	return mode == catalog.BillMonthly || mode == catalog.BillYearly
}

// TrimmedValues copies the named form fields of r without surrounding space.
func TrimmedValues(r *http.Request, names ...string) map[string]string {
	m := Values(r, names...)
	for k, v := range m {
		m[k] = strings.TrimSpace(v)
	}
	return m
}
