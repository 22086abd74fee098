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
	"agora/web/seller"
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
	httpx.Render(w, r, http.StatusOK, ops.DashboardPage(ops.DashboardVM{EntryPending: ec["pending"], EntryOverdue: overdue,
		CertPending: cc["submitted"], CertLocked: cc["locked"]}))
}

var entryTabs = []ui.Option{{Value: "pending", Label: "status.entry.pending"}, {Value: "rejected", Label: "status.entry.rejected"},
	{Value: "approved", Label: "status.entry.approved"}}

func queueRows(items []merchant.QueueItem, base string) []ops.QueueRow {
	rows := make([]ops.QueueRow, len(items))
	for i, it := range items {
		rows[i] = ops.QueueRow{Href: base + "/" + it.ID.String(), Number: it.Number, Company: it.Company, Account: it.AccountName,
			Status: it.Status, Failures: it.Failures, SubmittedAt: it.SubmittedAt, SLA: ui.SLA{Due: it.DueAt, Done: it.DecidedAt != nil}}
	}
	return rows
}

func statusParam(r *http.Request, tabs []ui.Option) string {
	s := r.URL.Query().Get("status")
	for _, t := range tabs {
		if t.Value == s {
			return s
		}
	}
	return tabs[0].Value
}

func (h Handler) entryQueue(w http.ResponseWriter, r *http.Request) {
	status, page := statusParam(r, entryTabs), httpx.Page(r)
	items, err := h.Merchants.EntryQueue(r.Context(), lifecycle.EntryStatus(status), page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	hasNext := len(items) > merchant.Page
	if hasNext {
		items = items[:merchant.Page]
	}
	httpx.Render(w, r, http.StatusOK, ops.QueuePage(ops.QueueVM{Kind: "entry", Title: "ops.entry_queue_title", Active: "entries",
		Base: "/ops/entries", Status: status, Tabs: entryTabs, Rows: queueRows(items, "/ops/entries"), Page: page, HasNext: hasNext}))
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
	return ops.EntryReviewVM{App: h.entryDetail(ctx, viewer, app), Account: owner.Name, Form: form,
		CanAct: len(lifecycle.Entry.Allowed(app.Status, actor)) > 0, Timeline: httpx.TimelineView("entry", items)}, nil
}

func (h Handler) attachment(ctx context.Context, viewer account.Account, id uuid.UUID) ui.Attachment {
	f, err := h.Files.Get(ctx, viewer, id)
	if err != nil {
		return ui.Attachment{Name: "—"}
	}
	return ui.Attachment{Name: f.Name, URL: "/files/" + f.ID.String(), Size: f.Size, SHA: f.SHA256}
}

func (h Handler) entryDetail(ctx context.Context, viewer account.Account, a merchant.Application) seller.EntryDetail {
	return seller.EntryDetail{ID: a.ID.String(), Number: a.Number, Status: string(a.Status), Company: a.CompanyName,
		Website: a.Website, Years: a.YearsInBusiness, Headcount: a.Headcount, Capital: int64(a.RegisteredCapital),
		ContactName: a.ContactName, ContactPhone: a.ContactPhone, ContactEmail: a.ContactEmail, CSPhone: a.CSPhone,
		CSEmail: a.CSEmail, Profile: a.Profile, SLA: ui.SLA{Due: a.DueAt, Done: a.DecidedAt != nil},
		SubmittedAt: a.SubmittedAt, RejectReason: a.RejectReason, Version: a.Version,
		Logo: h.attachment(ctx, viewer, a.LogoFileID), Licence: h.attachment(ctx, viewer, a.LicenceFileID)}
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
