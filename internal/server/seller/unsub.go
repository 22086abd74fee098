package seller

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/internal/unsub"
	"agora/web/seller"
	"agora/web/ui"
)

// maxReviewBody caps a review with its attachments.
const maxReviewBody = 60 << 20

func (h Handler) unsubRoutes(r chi.Router) {
	r.Get("/unsubscriptions", h.listUnsubs)
	r.Get("/unsubscriptions/{id}", h.showUnsub)
	r.Post("/unsubscriptions/{id}", h.reviewUnsub)
}

var unsubStatuses = []string{string(lifecycle.UnsubPending), string(lifecycle.UnsubReturning), string(lifecycle.UnsubEscalated),
	string(lifecycle.UnsubApproved), string(lifecycle.UnsubRejected), string(lifecycle.UnsubWithdrawn)}

func (h Handler) listUnsubs(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	status := q.Get("status")
	valid := status == ""
	for _, s := range unsubStatuses {
		valid = valid || s == status
	}
	if !valid {
		status = ""
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	list, more, err := h.Unsub.SellerRequests(ctx, httpx.MustViewer(ctx).ID, status, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	now := ui.C(ctx).Now
	vm := seller.UnsubListVM{Status: status, Statuses: unsubStatuses, Page: page, HasNext: more}
	for _, u := range list {
		row := seller.UnsubRow{ID: u.ID.String(), Number: u.Number, OrderNumber: u.OrderNumber, Product: u.ProductName,
			Amount: money.Format(u.Amount), Kind: u.Kind, Status: string(u.Status), CreatedAt: ui.Time(ctx, u.CreatedAt), Overdue: u.Overdue(now)}
		if ui.Lang(ctx) == "en" && u.ProductNameEn != "" {
			row.Product = u.ProductNameEn
		}
		if u.Clocked() {
			row.Due = &ui.SLA{Due: *u.DueAt}
		}
		vm.Rows = append(vm.Rows, row)
	}
	httpx.Render(w, r, http.StatusOK, seller.UnsubListPage(vm))
}

func (h Handler) showUnsub(w http.ResponseWriter, r *http.Request) {
	h.renderUnsub(w, r, http.StatusOK, ui.Form{Values: map[string]string{}})
}

func (h Handler) renderUnsub(w http.ResponseWriter, r *http.Request, status int, form ui.Form) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	d, err := h.Unsub.ForSeller(ctx, httpx.MustViewer(ctx), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	items, err := h.Unsub.Timeline(ctx, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.UnsubDetailVM{ID: d.ID.String(), Number: d.Number, OrderID: d.OrderID.String(), OrderNumber: d.OrderNumber,
		Product: d.ProductName, Status: string(d.Status), Amount: money.Format(d.Amount), Paid: money.Format(money.Fen(d.Paid)),
		Reason: d.Reason, Opinion: d.Opinion, BuyerName: d.BuyerName, BuyerPhone: d.BuyerPhone, CreatedAt: ui.Time(ctx, d.CreatedAt),
		Kind: d.Kind, Courier: d.Courier, Waybill: d.Waybill,
		CanReview: d.Status == lifecycle.UnsubPending || d.Status == lifecycle.UnsubReturning, Form: form,
		Timeline: httpx.TimelineView(unsub.ObjectUnsubscription, items)}
	if d.Clocked() {
		vm.Due = &ui.SLA{Due: *d.DueAt}
	}
	if ui.Lang(ctx) == "en" && d.ProductNameEn != "" {
		vm.Product = d.ProductNameEn
	}
	httpx.Render(w, r, status, seller.UnsubDetailPage(vm))
}

// reviewUnsub approves or rejects with an opinion and uploaded attachments
// (on a return: accepts it or reports a problem). Files uploaded by a refused
// attempt are kept and carried in the form, so they need not be sent again.
func (h Handler) reviewUnsub(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	// Only the request's seller stores files here.
	if _, err := h.Unsub.ForSeller(ctx, viewer, id); err != nil {
		httpx.Error(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxReviewBody)
	err = r.ParseMultipartForm(4 << 20)
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
	}
	defer func() {
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	}()
	vals := httpx.Values(r, "opinion", "decision", "kept_files")
	files := splitIDs(vals["kept_files"])
	refused := func(status int, form ui.Form) {
		h.keepFiles(ctx, viewer.ID, &form, files)
		h.renderUnsub(w, r, status, form)
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		refused(http.StatusUnprocessableEntity, ui.Form{Values: vals, Errors: map[string]string{"files": "unsub.too_large"}})
		return
	}
	if err != nil {
		httpx.Error(w, r, apperr.Wrap(apperr.Invalid, "error.form_invalid", err))
		return
	}
	if r.MultipartForm != nil {
		if len(files)+len(r.MultipartForm.File["files"]) > unsub.MaxFiles {
			refused(http.StatusUnprocessableEntity, ui.Form{Values: vals, Errors: map[string]string{"files": "unsub.too_many_files"}})
			return
		}
		for _, fh := range r.MultipartForm.File["files"] {
			f, err := fh.Open()
			if err != nil {
				continue
			}
			stored, err := h.Files.Upload(ctx, viewer.ID, unsub.FilePurpose, fh.Filename, f)
			f.Close()
			if err != nil {
				if form, ok := httpx.FormOf(err, vals); ok {
					refused(http.StatusUnprocessableEntity, ui.Form{Values: vals, Errors: map[string]string{"files": form.Error}})
					return
				}
				httpx.Error(w, r, err)
				return
			}
			files = append(files, stored.ID.String())
		}
	}
	in := unsub.ReviewInput{Opinion: vals["opinion"], Files: files}
	flash := "unsub.flash_approved"
	if vals["decision"] == "reject" {
		err, flash = h.Unsub.Reject(ctx, viewer, id, in), "unsub.flash_rejected"
	} else {
		err = h.Unsub.Approve(ctx, viewer, id, in)
	}
	if err == nil {
		h.Sessions.Flash(ctx, flash)
		httpx.Redirect(w, r, "/seller/unsubscriptions/"+id.String())
		return
	}
	if form, ok := httpx.FormOf(err, vals); ok {
		refused(http.StatusUnprocessableEntity, form)
		return
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Conflict {
		refused(http.StatusConflict, ui.Form{Values: vals, Error: e.Msg})
		return
	}
	httpx.Error(w, r, err)
}

// keepFiles carries the seller's uploads into a re-rendered form: their ids
// in a hidden field, their names shown.
func (h Handler) keepFiles(ctx context.Context, seller uuid.UUID, form *ui.Form, ids []string) {
	var kept, names []string
	for _, raw := range ids {
		id, err := uuid.Parse(raw)
		if err != nil {
			continue
		}
		if f, err := h.Files.Owned(ctx, seller, id, unsub.FilePurpose); err == nil && !slices.Contains(kept, f.ID.String()) {
			kept, names = append(kept, f.ID.String()), append(names, f.Name)
		}
	}
	if form.Values == nil {
		form.Values = map[string]string{}
	}
	form.Values["kept_files"] = strings.Join(kept, ",")
	form.Values["kept_names"] = strings.Join(names, ", ")
}

func splitIDs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
