package ops

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/server/httpx"
	"agora/web/ops"
	"agora/web/ui"
)

// assetRoutes mounts asset review under /ops/assets (the group needs an operations role).
func (h Handler) assetRoutes(r chi.Router) {
	r.Get("/", h.assetQueue)
	r.Get("/{id}", h.showAsset)
	r.Post("/{id}/claim", h.claimAsset)
	r.Post("/{id}/unclaim", h.unclaimAsset)
	r.Post("/{id}/decision", h.decideAsset)
}

var assetTabs = []ui.Option{{Value: "pending", Label: "status.asset.pending"}, {Value: "scanning", Label: "status.asset.scanning"},
	{Value: "scan_failed", Label: "status.asset.scan_failed"}, {Value: "approved", Label: "status.asset.approved"},
	{Value: "rejected", Label: "status.asset.rejected"}}

func (h Handler) assetQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	status, page := statusParam(r, assetTabs), httpx.Page(r)
	items, err := h.Assets.Queue(ctx, lifecycle.AssetStatus(status), page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	counts, err := h.Assets.Counts(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	overdue, err := h.Assets.Overdue(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := ops.AssetQueueVM{Status: status, Tabs: assetTabs, Counts: counts, Overdue: overdue, Page: page, HasNext: len(items) > asset.QueuePage}
	if vm.HasNext {
		items = items[:asset.QueuePage]
	}
	for _, it := range items {
		row := ops.AssetQueueRow{Href: "/ops/assets/" + it.ID.String(), Number: it.Number, Name: it.Name, Release: it.Release,
			Kind: it.Kind, Status: it.Status, Seller: it.SellerName, ClaimedBy: it.ClaimedByName,
			ClaimedByMe: it.ClaimedBy != nil && *it.ClaimedBy == viewer.ID, SubmittedAt: it.SubmittedAt, UpdatedAt: it.UpdatedAt}
		if it.DueAt != nil {
			row.SLA = &ui.SLA{Due: *it.DueAt, Done: it.DecidedAt != nil}
		}
		vm.Rows = append(vm.Rows, row)
	}
	httpx.Render(w, r, http.StatusOK, ops.AssetQueuePage(vm))
}

func (h Handler) assetReviewVM(ctx context.Context, viewer account.Account, id uuid.UUID, form ui.Form) (ops.AssetReviewVM, error) {
	a, err := h.Assets.Get(ctx, id)
	if err != nil {
		return ops.AssetReviewVM{}, err
	}
	owner, err := h.Accounts.Get(ctx, a.SellerID)
	if err != nil {
		return ops.AssetReviewVM{}, err
	}
	items, err := h.Assets.Timeline(ctx, id)
	if err != nil {
		return ops.AssetReviewVM{}, err
	}
	seller := owner.Name
	if e, err := h.Merchants.MyEntry(ctx, a.SellerID); err == nil && e.CompanyName != "" {
		seller = e.CompanyName // named by company, as in the product review queue
	}
	vm := ops.AssetReviewVM{Asset: httpx.AssetDetailView(ctx, h.Files, viewer, a), Seller: seller,
		SelfCheck: httpx.SelfCheckView(a.SelfCheck), Report: httpx.AssetReportView(ctx, a.Report),
		Timeline: httpx.TimelineView("asset", items), Form: form, Pending: a.Status == lifecycle.AssetPending, ClaimedAt: a.ClaimedAt}
	if vm.Pending {
		mine := a.ClaimedBy != nil && *a.ClaimedBy == viewer.ID
		vm.ClaimedByMe = mine
		if a.ClaimedBy != nil {
			if c, err := h.Accounts.Get(ctx, *a.ClaimedBy); err == nil {
				vm.ClaimedBy = c.Name
			}
		}
		vm.CanClaim = a.ClaimedBy == nil
		vm.CanUnclaim = a.ClaimedBy != nil && (mine || viewer.OpsRole == account.OpsAdmin)
		vm.CanDecide = a.ClaimedBy == nil || mine
	}
	return vm, nil
}

func (h Handler) showAsset(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm, err := h.assetReviewVM(r.Context(), httpx.MustViewer(r.Context()), id, ui.Form{})
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, ops.AssetReviewPage(vm))
}

func (h Handler) claimAsset(w http.ResponseWriter, r *http.Request) {
	h.assetAction(w, r, h.Assets.Claim, "asset.claimed_flash")
}

func (h Handler) unclaimAsset(w http.ResponseWriter, r *http.Request) {
	h.assetAction(w, r, h.Assets.Unclaim, "asset.unclaimed_flash")
}

func (h Handler) assetAction(w http.ResponseWriter, r *http.Request, act func(context.Context, account.Account, uuid.UUID) error, flash string) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := act(ctx, httpx.MustViewer(ctx), id); err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, flash)
	httpx.Redirect(w, r, "/ops/assets/"+id.String())
}

func (h Handler) decideAsset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	d := asset.Decision{Approve: r.PostFormValue("decision") == "approve", Reason: r.PostFormValue("reason"),
		Version: r.PostFormValue("version")}
	if err := h.Assets.Decide(ctx, viewer, id, d); err != nil {
		if form, ok := httpx.FormOf(err, map[string]string{"reason": d.Reason}); ok && apperr.Is(err, apperr.Invalid) {
			vm, verr := h.assetReviewVM(ctx, viewer, id, form)
			if verr != nil {
				httpx.Error(w, r, verr)
				return
			}
			httpx.Render(w, r, http.StatusUnprocessableEntity, ops.AssetReviewPage(vm))
			return
		}
		httpx.Error(w, r, err)
		return
	}
	if d.Approve {
		h.Sessions.Flash(ctx, "review.approved_flash")
	} else {
		h.Sessions.Flash(ctx, "review.rejected_flash")
	}
	httpx.Redirect(w, r, "/ops/assets/"+id.String())
}
