package buyer

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"agora/internal/account"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/internal/unsub"
	"agora/web/buyer"
	"agora/web/ui"
)

func (h Handler) unsubRoutes(r chi.Router) {
	r.Get("/unsubscriptions", h.listUnsubs)
	r.Post("/orders/{id}/unsubscribe", h.applyUnsub)
	r.Post("/orders/{id}/unsubscribe/standard", h.standardUnsub)
	r.Post("/orders/{id}/unsubscribe/return", h.returnUnsub)
	r.Post("/unsubscriptions/{id}/withdraw", h.withdrawUnsub)
}

var unsubFields = []string{"amount", "reason", "show_phone", "courier", "waybill"}

// unsubVM is the order page's unsubscribe section; form is the refused form, if any.
func (h Handler) unsubVM(ctx context.Context, viewer account.Account, o order.Order, form ui.Form) (*buyer.UnsubVM, error) {
	if h.Unsub == nil || o.Status == lifecycle.OrderPendingPayment || o.Status == lifecycle.OrderCancelled {
		return nil, nil
	}
	q, err := h.Unsub.Quote(ctx, viewer.ID, o.ID)
	if err != nil {
		return nil, err
	}
	if form.Values == nil {
		form.Values = map[string]string{"amount": money.Format(q.Amount)}
	}
	vm := &buyer.UnsubVM{OrderID: o.ID.String(), Kind: q.Kind, Rule: q.Rule, Amount: money.Format(q.Amount), Paid: money.Format(q.Paid),
		Quota: q.Quota, QuotaLeft: q.QuotaLeft, Unused: q.UnusedDays, Period: q.PeriodDays, Why: q.Why, Form: form}
	latest, ok, err := h.Unsub.LatestForOrder(ctx, viewer.ID, o.ID)
	if err != nil {
		return nil, err
	}
	if ok {
		row := unsubRow(ctx, latest)
		vm.Latest = &row
	}
	return vm, nil
}

func unsubRow(ctx context.Context, r unsub.Request) buyer.UnsubRow {
	row := buyer.UnsubRow{ID: r.ID.String(), Number: r.Number, OrderID: r.OrderID.String(), OrderNumber: r.OrderNumber,
		Product: r.ProductName, Kind: r.Kind, Status: string(r.Status), Rule: r.Rule, Amount: money.Format(r.Amount), Reason: r.Reason,
		Opinion: r.Opinion, Courier: r.Courier, Waybill: r.Waybill, CreatedAt: ui.Time(ctx, r.CreatedAt),
		CanWithdraw: r.Open() && r.Kind == unsub.KindNegotiated}
	if ui.Lang(ctx) == "en" && r.ProductNameEn != "" {
		row.Product = r.ProductNameEn
	}
	if r.Clocked() {
		row.Due = &ui.SLA{Due: *r.DueAt}
	}
	return row
}

func (h Handler) listUnsubs(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	list, more, err := h.Unsub.BuyerRequests(ctx, httpx.MustViewer(ctx).ID, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := buyer.UnsubListVM{Page: page, HasNext: more}
	for _, u := range list {
		vm.Rows = append(vm.Rows, unsubRow(ctx, u))
	}
	httpx.Render(w, r, http.StatusOK, buyer.UnsubListPage(vm))
}

func (h Handler) applyUnsub(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vals := httpx.TrimmedValues(r, unsubFields...)
	_, err = h.Unsub.Apply(ctx, httpx.MustViewer(ctx), id, unsub.ApplyInput{Amount: vals["amount"], Reason: vals["reason"],
		ShowPhone: vals["show_phone"] != ""})
	h.unsubDone(w, r, id.String(), err, vals, "unsub.flash_applied")
}

func (h Handler) standardUnsub(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	_, err = h.Unsub.Standard(ctx, httpx.MustViewer(ctx), id)
	h.unsubDone(w, r, id.String(), err, map[string]string{}, "unsub.flash_refunded")
}

// returnUnsub files the return of received hardware under the buyer's waybill.
func (h Handler) returnUnsub(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vals := httpx.TrimmedValues(r, unsubFields...)
	_, err = h.Unsub.ApplyReturn(ctx, httpx.MustViewer(ctx), id, unsub.ReturnInput{Courier: vals["courier"], Waybill: vals["waybill"],
		Reason: vals["reason"]})
	h.unsubDone(w, r, id.String(), err, vals, "unsub.flash_returned")
}

func (h Handler) withdrawUnsub(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	viewer := httpx.MustViewer(ctx)
	d, err := h.Unsub.ForBuyer(ctx, viewer, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	err = h.Unsub.Withdraw(ctx, viewer, id)
	h.unsubDone(w, r, d.OrderID.String(), err, map[string]string{}, "unsub.flash_withdrawn")
}

// unsubDone answers an unsubscribe action: back to the order with a flash,
// or the order page again with the refused form (422) or the reason (409).
func (h Handler) unsubDone(w http.ResponseWriter, r *http.Request, orderID string, err error, vals map[string]string, flash string) {
	if err == nil {
		h.Sessions.Flash(r.Context(), flash)
		httpx.Redirect(w, r, "/buyer/orders/"+orderID+"#unsubscribe")
		return
	}
	if form, ok := httpx.FormOf(err, vals); ok {
		h.renderOrder(w, r, http.StatusUnprocessableEntity, orderForms{renew: freshRenewal(), unsub: form})
		return
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Conflict {
		h.renderOrder(w, r, http.StatusConflict, orderForms{renew: freshRenewal(), unsub: ui.Form{Values: vals, Error: e.Msg}})
		return
	}
	httpx.Error(w, r, err)
}
