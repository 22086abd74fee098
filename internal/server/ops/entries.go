package ops

import (
	"context"
	"net/http"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/server/httpx"
	"agora/web/ops"
	"agora/web/ui"
)

func (h Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ec, err := h.Merchants.EntryCounts(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	cc, err := h.Merchants.CertCounts(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	overdue, err := h.Merchants.EntryOverdue(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	rc, err := h.Catalog.ReviewQueueCounts(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	appeals, err := h.Supervision.OpenAppeals(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, ops.DashboardPage(ops.DashboardVM{EntryPending: ec["pending"], EntryOverdue: overdue,
		CertPending: cc["submitted"], CertLocked: cc["locked"], ReviewPending: rc.Total(), ReviewOverdue: rc.TotalOverdue(),
		AppealsOpen: appeals}))
}

var entryTabs = []ui.Option{{Value: "pending", Label: "status.entry.pending"}, {Value: "rejected", Label: "status.entry.rejected"},
	{Value: "approved", Label: "status.entry.approved"}}

func (h Handler) entryQueue() queue {
	return queue{kind: "entry", title: "ops.entry_queue_title", active: "entries", base: "/ops/entries", tabs: entryTabs,
		list: func(ctx context.Context, status string, page int) ([]merchant.QueueItem, error) {
			return h.Merchants.EntryQueue(ctx, lifecycle.EntryStatus(status), page)
		}}
}

func (h Handler) entryVM(ctx context.Context, viewer account.Account, id uuid.UUID, form ui.Form) (ops.EntryReviewVM, error) {
	app, err := h.Merchants.GetEntry(ctx, id)
	if err != nil {
		return ops.EntryReviewVM{}, err
	}
	owner, err := h.Accounts.Get(ctx, app.AccountID)
	if err != nil {
		return ops.EntryReviewVM{}, err
	}
	items, err := h.Merchants.Timeline(ctx, merchant.ObjectEntry, id)
	if err != nil {
		return ops.EntryReviewVM{}, err
	}
	actor, _ := merchant.OpsActor(viewer)
	return ops.EntryReviewVM{App: httpx.EntryDetail(ctx, h.Files, viewer, app), Account: owner.Name, Form: form,
		CanAct: len(lifecycle.Entry.Allowed(app.Status, actor)) > 0, Timeline: httpx.TimelineView("entry", items)}, nil
}

func (h Handler) showEntry(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm, err := h.entryVM(r.Context(), httpx.MustViewer(r.Context()), id, ui.Form{})
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, ops.EntryReviewPage(vm))
}

func decisionOf(r *http.Request) merchant.Decision {
	return merchant.Decision{Approve: r.PostFormValue("decision") == "approve", Reason: r.PostFormValue("reason"),
		Version: r.PostFormValue("version")}
}

func (h Handler) decideEntry(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	d := decisionOf(r)
	if err := h.Merchants.DecideEntry(ctx, viewer, id, d); err != nil {
		if form, ok := httpx.FormOf(err, map[string]string{"reason": d.Reason}); ok && apperr.Is(err, apperr.Invalid) {
			vm, verr := h.entryVM(ctx, viewer, id, form)
			if verr != nil {
				httpx.Error(w, r, verr)
				return
			}
			httpx.Render(w, r, http.StatusUnprocessableEntity, ops.EntryReviewPage(vm))
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
	httpx.Redirect(w, r, "/ops/entries/"+id.String())
}
