package seller

import (
	"net/http"

	"agora/internal/merchant"
	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
)

func (h Handler) overview(w http.ResponseWriter, r *http.Request) {
	viewer := httpx.MustViewer(r.Context())
	st, err := h.Merchants.Standing(r.Context(), viewer.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.OverviewVM{Stage: string(st.Stage), IsOps: viewer.IsOps(), Steps: steps(st)}
	vm.NextKey = "stage." + string(st.Stage) + ".next"
	switch st.Stage {
	case merchant.StageNotApplied:
		vm.NextHref, vm.NextLabel = "/seller/entry", "seller.apply_now"
	case merchant.StageEntryRejected:
		vm.NextHref, vm.NextLabel = "/seller/entry", "entry.resubmit"
	case merchant.StageEntryPending:
		vm.NextHref, vm.NextLabel = "/seller/entry", "seller.view_application"
	case merchant.StageCertRequired, merchant.StageCertRejected:
		vm.NextHref, vm.NextLabel = "/seller/certification", "seller.certify_now"
	case merchant.StageCertPending, merchant.StageCertLocked:
		vm.NextHref, vm.NextLabel = "/seller/certification", "seller.view_certification"
	}
	if viewer.IsOps() {
		vm.NextHref = ""
	}
	if st.Entry != nil {
		e := st.Entry
		vm.Entry = &seller.EntrySummary{Number: e.Number, Company: e.CompanyName, Status: string(e.Status),
			SubmittedAt: e.SubmittedAt, SLA: ui.SLA{Due: e.DueAt, Done: e.DecidedAt != nil}, RejectReason: e.RejectReason}
	}
	if st.Cert != nil {
		vm.CertStatus, vm.CertLeft = string(st.Cert.Status), st.Cert.AttemptsLeft()
	}
	httpx.Render(w, r, http.StatusOK, seller.OverviewPage(vm))
}

// steps lays out the road to selling with the state of each step.
func steps(st merchant.Standing) []seller.Step {
	entry := seller.Step{Label: "step.entry", Href: "/seller/entry", Detail: "step.entry_detail", State: "current"}
	review := seller.Step{Label: "step.review", Detail: "step.review_detail", State: "todo"}
	cert := seller.Step{Label: "step.cert", Href: "/seller/certification", Detail: "step.cert_detail", State: "todo"}
	sell := seller.Step{Label: "step.sell", Detail: "step.sell_detail", State: "todo"}
	switch st.Stage {
	case merchant.StageEntryPending:
		entry.State, review.State = "done", "current"
	case merchant.StageEntryRejected:
		entry.State, review.State = "current", "blocked"
	case merchant.StageCertRequired, merchant.StageCertPending, merchant.StageCertRejected:
		entry.State, review.State, cert.State = "done", "done", "current"
	case merchant.StageCertLocked:
		entry.State, review.State, cert.State = "done", "done", "blocked"
	case merchant.StageReady:
		entry.State, review.State, cert.State, sell.State = "done", "done", "done", "done"
	}
	return []seller.Step{entry, review, cert, sell}
}
