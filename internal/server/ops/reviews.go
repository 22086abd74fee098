package ops

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"agora/internal/catalog"
	"agora/internal/server/httpx"
	"agora/web/ops"
	"agora/web/ui"
)

// reviewRoutes mounts the product review queue under /ops/reviews.
func (h Handler) reviewRoutes(r chi.Router) {
	r.Get("/", h.reviewQueue)
	r.Get("/{id}", h.showReview)
	r.Post("/{id}/claim", h.claimReview)
	r.Post("/{id}/unclaim", h.unclaimReview)
	r.Post("/{id}/decision", h.decideReview)
}

var pendingClaims = []ui.Option{{Value: catalog.ClaimAll, Label: "review.claim.all"}, {Value: catalog.ClaimMine, Label: "review.claim.mine"},
	{Value: catalog.ClaimUnclaimed, Label: "review.claim.unclaimed"}}

var decidedClaims = []ui.Option{{Value: catalog.ClaimAll, Label: "review.claim.all"}, {Value: catalog.ClaimMine, Label: "review.decided.mine"}}

// reviewFilter reads the queue's filter from the query string.
func reviewFilter(r *http.Request) (ops.ReviewFilterVM, catalog.ReviewFilter) {
	q := r.URL.Query()
	f := catalog.ReviewFilter{Kind: q.Get("kind"), Claim: q.Get("claim"), Overdue: q.Get("overdue") == "1", Search: q.Get("q"),
		Viewer: httpx.MustViewer(r.Context()).ID}.Clean()
	vm := ops.ReviewFilterVM{View: "pending", Kind: f.Kind, Claim: f.Claim, Overdue: f.Overdue, Q: f.Search}
	if q.Get("view") == "decided" {
		vm.View, vm.Overdue, f.Overdue = "decided", false, false
		if f.Claim == catalog.ClaimUnclaimed {
			f.Claim, vm.Claim = catalog.ClaimAll, catalog.ClaimAll
		}
	}
	return vm, f
}

// queueURL is the queue with filter f, ending in "&" so a page or view can follow.
func queueURL(f ops.ReviewFilterVM, withView bool) string {
	v := url.Values{}
	if withView {
		v.Set("view", f.View)
	}
	if f.Kind != "" {
		v.Set("kind", f.Kind)
	}
	if f.Claim != catalog.ClaimAll {
		v.Set("claim", f.Claim)
	}
	if f.Overdue {
		v.Set("overdue", "1")
	}
	if f.Q != "" {
		v.Set("q", f.Q)
	}
	if len(v) == 0 {
		return "/ops/reviews?"
	}
	return "/ops/reviews?" + v.Encode() + "&"
}

// reviewQueue serves the queue: pending records most urgent first, or the
// records decided lately, newest first.
func (h Handler) reviewQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	fvm, f := reviewFilter(r)
	page := httpx.Page(r)
	counts, err := h.Catalog.ReviewQueueCounts(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	var items []catalog.ReviewItem
	if fvm.View == "decided" {
		items, err = h.Catalog.ReviewDecisions(ctx, f, page)
	} else {
		items, err = h.Catalog.ReviewQueue(ctx, f, page)
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	hasNext := len(items) > catalog.ReviewPage
	if hasNext {
		items = items[:catalog.ReviewPage]
	}
	vm := ops.ReviewQueueVM{
		Filter:   fvm,
		Claims:   pendingClaims,
		Page:     page,
		HasNext:  hasNext,
		PagerURL: queueURL(fvm, true),
		ViewURL:  queueURL(ops.ReviewFilterVM{Kind: fvm.Kind, Claim: fvm.Claim, Q: fvm.Q}, false),
		Total:    counts.Total(),
		Overdue:  counts.TotalOverdue(),
	}
	if fvm.View == "decided" {
		vm.Claims = decidedClaims
	}
	all := fvm
	all.Kind = ""
	vm.Kinds = append(vm.Kinds, ops.ReviewKindTab{Kind: "", Label: "review.kind.all", Href: queueURL(all, true),
		Count: counts.Total(), Overdue: counts.TotalOverdue()})
	for _, k := range catalog.ReviewKinds {
		one := fvm
		one.Kind = k
		vm.Kinds = append(vm.Kinds, ops.ReviewKindTab{Kind: k, Label: "review.kind." + k, Href: queueURL(one, true),
			Count: counts.Pending[k], Overdue: counts.Overdue[k]})
	}
	for _, it := range items {
		row := ops.ReviewRow{Href: it.Href(), Kind: it.Kind, Number: it.Number, Company: it.Company, Title: it.Title,
			SpecName: it.SpecName, AccessType: it.AccessType, SubmittedAt: it.SubmittedAt, ExtraDays: it.ExtraDays,
			Claimer: it.ClaimerName, ClaimedByMe: it.ClaimedBy != nil && *it.ClaimedBy == viewer.ID,
			Status: it.Status, DecidedAt: it.DecidedAt, Decider: it.DeciderName, StatusKind: catalog.ObjectApplication}
		if it.Kind == catalog.ReviewAsset {
			row.StatusKind = "asset"
		}
		if it.DueAt != nil {
			row.SLA = &ui.SLA{Due: *it.DueAt, Done: fvm.View == "decided"}
		}
		vm.Rows = append(vm.Rows, row)
	}
	httpx.Render(w, r, http.StatusOK, ops.ReviewQueuePage(vm))
}

// claimReview marks the record as the viewer's, so no other reviewer works on it.
func (h Handler) claimReview(w http.ResponseWriter, r *http.Request) {
	h.claimAction(w, r, h.Catalog.Claim, "review.claimed_flash")
}

// unclaimReview releases the viewer's claim (an admin may release anyone's).
func (h Handler) unclaimReview(w http.ResponseWriter, r *http.Request) {
	h.claimAction(w, r, h.Catalog.Unclaim, "review.unclaimed_flash")
}
