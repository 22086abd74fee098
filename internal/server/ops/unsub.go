package ops

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence/bundle"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/internal/unsub"
	"agora/web/ops"
	"agora/web/ui"
)

// unsubRoutes mounts the unsubscription console: the queue of requests whose
// seller let the deadline pass, every request read-only, and the decision.
func (h Handler) unsubRoutes(r chi.Router) {
	r.Get("/unsubscriptions", h.unsubQueue)
	r.Get("/unsubscriptions/{id}", h.showUnsub)
	r.Post("/unsubscriptions/{id}", h.decideUnsub)
	r.Get("/unsubscriptions/{id}/evidence.zip", h.unsubEvidence)
}

func unsubClock(u unsub.Request) *ui.SLA {
	if !u.Clocked() {
		return nil
	}
	return &ui.SLA{Due: *u.DueAt}
}

func (h Handler) unsubQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	view := "escalated"
	if r.URL.Query().Get("view") == "all" {
		view = "all"
	}
	page := httpx.Page(r)
	list, more, err := h.Unsub.OpsRequests(ctx, view, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	open, err := h.Unsub.EscalatedCount(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := ops.UnsubQueueVM{View: view, Open: open, Page: page, HasNext: more, PagerURL: "/ops/unsubscriptions?view=" + view + "&"}
	for _, u := range list {
		row := ops.UnsubQueueRow{Href: "/ops/unsubscriptions/" + u.ID.String(), Number: u.Number, OrderNumber: u.OrderNumber,
			Product: u.ProductName, Kind: u.Kind, Status: string(u.Status), Amount: money.Format(u.Amount), Created: u.CreatedAt,
			SLA: unsubClock(u)}
		if ui.Lang(ctx) == "en" && u.ProductNameEn != "" {
			row.Product = u.ProductNameEn
		}
		vm.Rows = append(vm.Rows, row)
	}
	httpx.Render(w, r, http.StatusOK, ops.UnsubQueuePage(vm))
}

// unsubVM builds the page of request id for an operations viewer.
func (h Handler) unsubVM(ctx context.Context, viewer account.Account, id uuid.UUID) (ops.UnsubDetailVM, error) {
	d, err := h.Unsub.ForOps(ctx, viewer, id)
	if err != nil {
		return ops.UnsubDetailVM{}, err
	}
	o, err := h.Orders.OrderForOps(ctx, d.OrderID)
	if err != nil {
		return ops.UnsubDetailVM{}, err
	}
	ev, err := h.Evidence.Order(ctx, viewer, bundle.AsOps, d.OrderID)
	if err != nil {
		return ops.UnsubDetailVM{}, err
	}
	vm := ops.UnsubDetailVM{ID: d.ID.String(), Number: d.Number, Kind: d.Kind, Status: string(d.Status), Amount: money.Format(d.Amount),
		Reason: d.Reason, Opinion: d.Opinion, Courier: d.Courier, Waybill: d.Waybill, BuyerName: d.BuyerName, BuyerPhone: d.BuyerPhone,
		Created: d.CreatedAt, SLA: unsubClock(d.Request), DecidedAt: d.DecidedAt, Order: httpx.OrderDetail(ctx, o, "/ops/orders/"),
		Timeline: mergedTimeline(ev.Merged()), EvidenceURL: "/ops/unsubscriptions/" + d.ID.String() + "/evidence.zip",
		PaidText: money.Format(o.Amount), Form: ui.Form{Values: map[string]string{"amount": money.Input(d.Amount)}}}
	vm.Order.RenewsHref = ""
	if d.DecidedBy != nil {
		vm.DecidedBy = h.accountName(ctx, *d.DecidedBy)
	}
	vm.Seller = h.accountName(ctx, o.SellerID)
	if e, err := h.Merchants.MyEntry(ctx, o.SellerID); err == nil && e.CompanyName != "" {
		vm.Seller = e.CompanyName + " · " + vm.Seller
	}
	if actor, err := merchant.OpsActor(viewer); err == nil {
		vm.CanDecide = lifecycle.Unsubscription.Can(d.Status, lifecycle.UnsubApprove, actor)
	}
	return vm, nil
}

func (h Handler) showUnsub(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm, err := h.unsubVM(r.Context(), httpx.MustViewer(r.Context()), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, ops.UnsubOpsPage(vm))
}

// decideUnsub approves (with the refund granted) or rejects an escalated request.
func (h Handler) decideUnsub(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	viewer := httpx.MustViewer(ctx)
	vals := httpx.TrimmedValues(r, "amount", "opinion", "decision")
	in := unsub.ReviewInput{Opinion: vals["opinion"], Amount: vals["amount"]}
	flash := "unsub.flash_approved"
	if vals["decision"] == "reject" {
		err, flash = h.Unsub.Reject(ctx, viewer, id, in), "unsub.flash_rejected"
	} else {
		err = h.Unsub.Approve(ctx, viewer, id, in)
	}
	if err == nil {
		h.Sessions.Flash(ctx, flash)
		httpx.Redirect(w, r, "/ops/unsubscriptions/"+id.String())
		return
	}
	form, invalid := httpx.FormOf(err, vals)
	conflict := apperr.Is(err, apperr.Conflict)
	if !invalid && !conflict {
		httpx.Error(w, r, err)
		return
	}
	vm, verr := h.unsubVM(ctx, viewer, id)
	if verr != nil {
		httpx.Error(w, r, verr)
		return
	}
	status := http.StatusUnprocessableEntity
	if conflict {
		status, vm.Alert = http.StatusConflict, "error.already_handled"
		if e, ok := apperr.As(err); ok && e.Msg != "" {
			vm.Alert = e.Msg
		}
	} else {
		vm.Form = form
	}
	httpx.Render(w, r, status, ops.UnsubOpsPage(vm))
}

func (h Handler) unsubEvidence(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	viewer := httpx.MustViewer(ctx)
	d, err := h.Unsub.ForOps(ctx, viewer, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	b, err := h.Evidence.Order(ctx, viewer, bundle.AsOps, d.OrderID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.ServeBundle(w, r, b)
}
