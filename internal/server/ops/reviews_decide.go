package ops

import (
	"context"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/platform/apperr"
	"agora/internal/server/httpx"
	"agora/web/ops"
)

// claimAction runs a claim or an unclaim and returns to the application.
func (h Handler) claimAction(w http.ResponseWriter, r *http.Request, act func(context.Context, account.Account, uuid.UUID) error, flash string) {
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
	httpx.Redirect(w, r, "/ops/reviews/"+id.String())
}

// reviewDecisionOf reads the decision form: the verdict, the overall reason
// and a reason per field ("fr.<field>"); unknown fields are dropped. values
// keeps everything as typed, for showing the form again.
func reviewDecisionOf(r *http.Request) (catalog.Decision, map[string]string) {
	_ = r.ParseForm()
	d := catalog.Decision{Approve: r.PostFormValue("decision") == "approve", Reason: r.PostFormValue("reason"),
		Version: r.PostFormValue("version"), FieldReasons: map[string]string{}}
	values := map[string]string{"reason": d.Reason}
	for k, vs := range r.PostForm {
		field, ok := strings.CutPrefix(k, "fr.")
		if !ok || len(vs) == 0 || !reasonField(field) {
			continue
		}
		d.FieldReasons[field] = vs[0]
		values[k] = vs[0]
	}
	return d, values
}

// decideReview approves or rejects an application. Invalid reasons show the
// page again with what was typed (422); a record already decided, or claimed
// by another reviewer, is a conflict.
func (h Handler) decideReview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	d, values := reviewDecisionOf(r)
	if err := h.Catalog.Decide(ctx, viewer, id, d); err != nil {
		form, ok := httpx.FormOf(err, values)
		if !ok || !apperr.Is(err, apperr.Invalid) {
			httpx.Error(w, r, err)
			return
		}
		// The service names a field's reason "reason_<field>"; the form calls it "fr.<field>".
		errs := make(map[string]string, len(form.Errors))
		for k, v := range form.Errors {
			if f, ok := strings.CutPrefix(k, "reason_"); ok {
				k = ops.ReasonName(f)
			}
			errs[k] = v
		}
		form.Errors = errs
		vm, verr := h.reviewVM(ctx, viewer, id, form)
		if verr != nil {
			httpx.Error(w, r, verr)
			return
		}
		httpx.Render(w, r, http.StatusUnprocessableEntity, ops.ReviewDetailPage(vm))
		return
	}
	flash := "review.rejected_flash"
	if d.Approve {
		flash = "review.approved_flash"
	}
	h.Sessions.Flash(ctx, flash)
	httpx.Redirect(w, r, "/ops/reviews/"+id.String())
}
