package httpx

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"agora/internal/export"
	"agora/internal/platform/apperr"
	"agora/web/ui"
)

// ExportPages serves an area's export records of its order list: the list
// (a fragment of it to htmx, which polls it while an export is being made),
// one record, and the export request that an order list's filter form posts.
// Another account's export, or one from the other center, is a 404.
type ExportPages struct {
	Service  *export.Service
	Sessions Sessions
	Side     string // export.SideBuyer or export.SideSeller
	Base     string // /buyer/exports
	Orders   string // /buyer/orders
	List     func(vm ui.ExportsVM) templ.Component
	One      func(e ui.ExportView) templ.Component
}

// ServeList shows a page of the viewer's export records.
func (p ExportPages) ServeList(w http.ResponseWriter, r *http.Request) {
	vm, err := p.listVM(r)
	if err != nil {
		Error(w, r, err)
		return
	}
	if IsHTMX(r) {
		Render(w, r, http.StatusOK, ui.ExportList(vm))
		return
	}
	Render(w, r, http.StatusOK, p.List(vm))
}

func (p ExportPages) listVM(r *http.Request) (ui.ExportsVM, error) {
	ctx := r.Context()
	page, err := p.Service.List(ctx, MustViewer(ctx).ID, p.Side, Page(r))
	if err != nil {
		return ui.ExportsVM{}, err
	}
	vm := ui.ExportsVM{Base: p.Base, Orders: p.Orders, Page: page.Page, HasNext: page.HasNext}
	for _, e := range page.Exports {
		vm.Rows = append(vm.Rows, p.view(ctx, e))
	}
	if page.Active {
		vm.Poll = p.Base + "?page=" + strconv.Itoa(page.Page)
	}
	return vm, nil
}

// ServeOne shows one of the viewer's exports.
func (p ExportPages) ServeOne(w http.ResponseWriter, r *http.Request) {
	id, err := UUIDParam(r, "id")
	if err != nil {
		Error(w, r, err)
		return
	}
	e, err := p.Service.Get(r.Context(), MustViewer(r.Context()).ID, p.Side, id)
	if err != nil {
		Error(w, r, err)
		return
	}
	Render(w, r, http.StatusOK, p.One(p.view(r.Context(), e)))
}

// Request queues an export of the order list with the filter the form posted
// (the list's own fields) in the format of the button pressed, then shows the
// export records. Too many unfinished exports show the records with the reason.
func (p ExportPages) Request(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		Error(w, r, apperr.Wrap(apperr.Invalid, "error.form_invalid", err))
		return
	}
	// The filter is read exactly as the list reads its query, so the file holds what the list showed.
	asList := r.Clone(ctx)
	asList.URL.RawQuery = r.PostForm.Encode()
	f, _ := OrderFilter(asList)
	_, err := p.Service.Request(ctx, MustViewer(ctx).ID, p.Side, r.PostForm.Get("format"), ui.Lang(ctx), f)
	if e, ok := apperr.As(err); ok && (e.Kind == apperr.Conflict || e.Kind == apperr.Invalid) && e.Msg != "" {
		vm, lerr := p.listVM(r)
		if lerr != nil {
			Error(w, r, lerr)
			return
		}
		vm.Refusal, vm.Args = e.Msg, e.Args
		status := http.StatusConflict
		if e.Kind == apperr.Invalid {
			status = http.StatusUnprocessableEntity
		}
		Render(w, r, status, p.List(vm))
		return
	}
	if err != nil {
		Error(w, r, err)
		return
	}
	p.Sessions.Flash(ctx, "export.queued")
	Redirect(w, r, p.Base)
}

// view is an export as the list and its page show it.
func (p ExportPages) view(ctx context.Context, e export.Export) ui.ExportView {
	v := ui.ExportView{ID: e.ID.String(), Href: p.Base + "/" + e.ID.String(), Format: strings.ToUpper(e.Format),
		Filter: ExportFilterSummary(ctx, e), Status: string(e.Status), Active: e.Active(), Rows: e.RowsWritten,
		Total: -1, Percent: e.Percent(), Created: ui.Time(ctx, e.CreatedAt), Failure: e.Failure, FileName: e.FileName}
	if e.RowsTotal != nil {
		v.Total = *e.RowsTotal
	}
	if e.FileID != nil || e.Size > 0 {
		v.Size = ui.Size(e.Size)
	}
	if e.ExpiresAt != nil {
		v.Expires = ui.Time(ctx, *e.ExpiresAt)
	}
	if e.FileID != nil {
		v.Download = "/files/" + e.FileID.String()
	}
	return v
}

// ExportFilterSummary says in a line which orders an export holds, with the
// order list's own labels: "Status: Completed; Created: 2026-11-01 – 2026-11-30".
func ExportFilterSummary(ctx context.Context, e export.Export) string {
	f := e.Filter
	var parts []string
	add := func(label, value string) {
		if value != "" {
			parts = append(parts, ui.T(ctx, label)+": "+value)
		}
	}
	add("order.f.number", f.Number)
	add("order.f.product", f.Product)
	add("order.f.customer", f.Customer)
	add("order.f.user", f.UserName)
	if f.Status != "" {
		add("order.f.status", ui.T(ctx, "status.order."+f.Status))
	}
	if f.From != nil || f.To != nil {
		tr := ui.Tr(ctx)
		from, to := "", ""
		if f.From != nil {
			from = tr.Date(*f.From)
		}
		if f.To != nil {
			to = tr.Date(f.To.AddDate(0, 0, -1)) // the list's "to" day is included: the bound is the next midnight
		}
		parts = append(parts, ui.T(ctx, "export.created_range")+": "+strings.TrimSpace(from+" – "+to))
	}
	if len(parts) == 0 {
		return ui.T(ctx, "export.all_orders")
	}
	return strings.Join(parts, "; ")
}
