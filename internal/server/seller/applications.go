package seller

import (
	"context"
	"net/http"
	"sort"
	"strconv"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
)

func appRow(a catalog.Application) seller.ApplicationRow {
	row := seller.ApplicationRow{ID: a.ID.String(), Number: a.Number, Kind: a.Kind, Status: string(a.Status), Title: a.Title,
		AccessType: a.AccessType, SavedAt: a.SavedAt, Editable: a.Editable(),
		Withdrawable: lifecycle.Application.Can(a.Status, lifecycle.AppWithdraw, lifecycle.Applicant),
		Deletable:    lifecycle.Application.Can(a.Status, lifecycle.AppDelete, lifecycle.Applicant)}
	if row.Title == "" {
		row.Title = a.ProductName
	}
	if a.DueAt != nil && a.SubmittedAt != nil {
		row.SLA = &ui.SLA{Due: *a.DueAt, Done: a.Status != lifecycle.AppPending}
	}
	return row
}

func (h Handler) listApplications(drafts bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		page := httpx.Page(r)
		apps, err := h.Catalog.MyApplications(r.Context(), httpx.MustViewer(r.Context()).ID, drafts, page)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		vm := seller.ApplicationsVM{DraftsOnly: drafts, Page: page, HasNext: len(apps) > catalog.ApplicationPage}
		for i, a := range apps {
			if i == catalog.ApplicationPage {
				break
			}
			vm.Rows = append(vm.Rows, appRow(a))
		}
		httpx.Render(w, r, http.StatusOK, seller.ApplicationsPage(vm))
	}
}

func (h Handler) showApplication(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	app, err := h.myApplication(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.ApplicationVM{Row: appRow(app), ProductName: app.ProductName, Reason: app.Reason, ExtraDays: int(app.ExtraDays)}
	if app.ProductID != nil {
		vm.ProductID = app.ProductID.String()
	}
	fields := make([]string, 0, len(app.FieldReasons))
	for f := range app.FieldReasons {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		vm.FieldReasons = append(vm.FieldReasons, seller.FieldNote{Field: f, Reason: app.FieldReasons[f]})
	}
	if app.Kind == catalog.KindDelist {
		vm.Delist = &seller.DelistFacts{SpecName: app.Delist.SpecName, Reason: app.Delist.Reason,
			Proof: httpx.FileLink(ctx, h.Files, viewer, app.Delist.ProofFileID)}
	} else if app.Status != lifecycle.AppDraft {
		vm.Facts, vm.Specs = h.contentFacts(ctx, app.Content)
	}
	items, err := h.Catalog.Timeline(ctx, catalog.ObjectApplication, app.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm.Timeline = httpx.TimelineView("product_application", items)
	for i := range vm.Timeline {
		vm.Timeline[i].Reason = seller.ReviewNotes(ctx, vm.Timeline[i].Reason)
	}
	httpx.Render(w, r, http.StatusOK, seller.ApplicationPage(vm))
}

// contentFacts lists submitted content for reading.
func (h Handler) contentFacts(ctx context.Context, c catalog.Content) ([]seller.Fact, []seller.SpecRow) {
	vals := formValues(c)
	var facts []seller.Fact
	long := map[string]bool{"description": true, "support_content": true, "user_guide": true, "eula": true, "acceptance": true}
	for _, f := range contentFields {
		if f == "logo_file_id" || vals[f] == "" {
			continue
		}
		v := vals[f]
		switch f {
		case "delivery", "license_form":
			v = ui.T(ctx, "product."+f+"."+v)
		}
		facts = append(facts, seller.Fact{Label: seller.FieldLabel(f), Value: v, Long: long[f]})
	}
	specs := make([]seller.SpecRow, len(c.Specs))
	for i, s := range c.Specs {
		specs[i] = seller.SpecRow{Index: i, ID: s.ID, Name: s.Name, BillingMode: s.BillingMode, Price: s.Price, TrialDay: s.TrialDays}
	}
	return facts, specs
}

func priceLabel(ctx context.Context, fen money.Fen, mode string) string {
	return ui.T(ctx, "product.price_per."+mode, "price", money.Format(fen))
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }
