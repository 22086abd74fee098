package seller

import (
	"net/http"

	"agora/internal/server/httpx"
	"agora/web/seller"
)

// listOrders is the seller's order list with the customers' contacts for delivery (domain §6.1).
func (h Handler) listOrders(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, in := httpx.OrderFilter(r)
	page, err := h.Orders.SellerOrders(ctx, httpx.MustViewer(ctx).ID, f, httpx.Page(r))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, seller.OrdersPage(seller.OrdersVM{Filter: in, Statuses: httpx.OrderStatuses,
		Rows: httpx.OrderRows(ctx, page.Orders, "/seller/orders/"), Page: page.Page, HasNext: page.HasNext}))
}

// showOrder is one of the seller's orders and its history; anyone else's is a 404.
func (h Handler) showOrder(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	o, err := h.Orders.SellerOrder(ctx, viewer.ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	items, err := h.Orders.Timeline(ctx, o.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.OrderVM{Order: httpx.OrderDetail(ctx, o, "/seller/orders/"), Timeline: httpx.TimelineView("order", items)}
	if o.RenewsID != nil {
		if root, err := h.Orders.SellerOrder(ctx, viewer.ID, *o.RenewsID); err == nil {
			vm.Order.RenewsNumber = root.Number
		}
	}
	vm.Order.ProductURL = "/seller/products/" + o.ProductID.String()
	httpx.Render(w, r, http.StatusOK, seller.OrderPage(vm))
}
