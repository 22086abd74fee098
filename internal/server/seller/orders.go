package seller

import (
	"net/http"

	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
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
	h.renderOrder(w, r, http.StatusOK, "", ui.Form{})
}

// renderOrder shows the order with the form of a refused supervision step.
func (h Handler) renderOrder(w http.ResponseWriter, r *http.Request, status int, step string, form ui.Form) {
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
	timeline, err := httpx.OrderTimeline(ctx, h.Orders, h.Supervision, o.ID, h.Unsub)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.OrderVM{Order: httpx.OrderDetail(ctx, o, "/seller/orders/"), Timeline: timeline}
	if vm.Supervision, err = httpx.SupervisionPanel(ctx, h.Supervision, viewer, o, "/seller/orders/"+o.ID.String(), step, form); err != nil {
		httpx.Error(w, r, err)
		return
	}
	if o.RenewsID != nil {
		if root, err := h.Orders.SellerOrder(ctx, viewer.ID, *o.RenewsID); err == nil {
			vm.Order.RenewsNumber = root.Number
		}
	}
	vm.Order.ProductURL = "/seller/products/" + o.ProductID.String()
	httpx.Render(w, r, status, seller.OrderPage(vm))
}
