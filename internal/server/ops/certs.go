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

var certTabs = []ui.Option{{Value: "submitted", Label: "status.cert.submitted"}, {Value: "rejected", Label: "status.cert.rejected"},
	{Value: "locked", Label: "status.cert.locked"}, {Value: "certified", Label: "status.cert.certified"}}

func (h Handler) certQueue() queue {
	return queue{kind: "cert", title: "ops.cert_queue_title", active: "certifications", base: "/ops/certifications", tabs: certTabs,
		list: func(ctx context.Context, status string, page int) ([]merchant.QueueItem, error) {
			return h.Merchants.CertQueue(ctx, lifecycle.CertStatus(status), page)
		}}
}

func (h Handler) certVM(ctx context.Context, viewer account.Account, id uuid.UUID, form ui.Form) (ops.CertReviewVM, error) {
	c, err := h.Merchants.GetCert(ctx, id)
	if err != nil {
		return ops.CertReviewVM{}, err
	}
	owner, err := h.Accounts.Get(ctx, c.AccountID)
	if err != nil {
		return ops.CertReviewVM{}, err
	}
	app, err := h.Merchants.MyEntry(ctx, c.AccountID)
	if err != nil {
		return ops.CertReviewVM{}, err
	}
	items, err := h.Merchants.Timeline(ctx, merchant.ObjectCert, id)
	if err != nil {
		return ops.CertReviewVM{}, err
	}
	actor, _ := merchant.OpsActor(viewer)
	return ops.CertReviewVM{ID: c.ID.String(), Company: app.CompanyName, Account: owner.Name, Status: string(c.Status),
		Version: c.Version, Failures: c.Failures, AttemptsLeft: c.AttemptsLeft(), RejectReason: c.RejectReason,
		SLA:       ui.SLA{Due: c.DueAt, Done: c.DecidedAt != nil},
		Cert:      httpx.CertDetail(c),
		Form:      form,
		CanDecide: lifecycle.Certification.Can(c.Status, lifecycle.CertApprove, actor),
		CanUnlock: lifecycle.Certification.Can(c.Status, lifecycle.CertUnlock, actor),
		Timeline:  httpx.TimelineView("cert", items)}, nil
}

func (h Handler) showCert(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm, err := h.certVM(r.Context(), httpx.MustViewer(r.Context()), id, ui.Form{})
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, ops.CertReviewPage(vm))
}

// certAction runs a decision or an unlock and answers like the entry decision does.
func (h Handler) certAction(w http.ResponseWriter, r *http.Request, act func(ctx context.Context, a account.Account, id uuid.UUID, d merchant.Decision) error, flash string) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	d := decisionOf(r)
	if err := act(ctx, viewer, id, d); err != nil {
		if form, ok := httpx.FormOf(err, map[string]string{"reason": d.Reason}); ok && apperr.Is(err, apperr.Invalid) {
			vm, verr := h.certVM(ctx, viewer, id, form)
			if verr != nil {
				httpx.Error(w, r, verr)
				return
			}
			httpx.Render(w, r, http.StatusUnprocessableEntity, ops.CertReviewPage(vm))
			return
		}
		httpx.Error(w, r, err)
		return
	}
	if flash == "" {
		flash = "review.rejected_flash"
		if d.Approve {
			flash = "review.approved_flash"
		}
	}
	h.Sessions.Flash(ctx, flash)
	httpx.Redirect(w, r, "/ops/certifications/"+id.String())
}

func (h Handler) decideCert(w http.ResponseWriter, r *http.Request) {
	h.certAction(w, r, h.Merchants.DecideCert, "")
}

func (h Handler) unlockCert(w http.ResponseWriter, r *http.Request) {
	h.certAction(w, r, h.Merchants.UnlockCert, "review.unlocked_flash")
}
