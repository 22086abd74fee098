package seller

import (
	"context"
	"net/http"
	"sort"
	"strconv"

	"github.com/google/uuid"

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
	if a.DueAt != nil && a.SubmittedAt != nil && a.Status == lifecycle.AppPending {
		row.SLA = &ui.SLA{Due: *a.DueAt} // a decided application has no deadline left to show
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
		vm.Facts, vm.Specs = h.contentFacts(ctx, viewer.ID, app.Content)
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

// contentFacts lists submitted content for reading: the category by its name
// in the viewer's language, the delivery asset by number and name, prices
// formatted with their billing unit.
func (h Handler) contentFacts(ctx context.Context, viewer uuid.UUID, c catalog.Content) ([]seller.Fact, []seller.SpecRow) {
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
		case "category_id":
			v = h.categoryName(ctx, v)
		case "asset_id":
			v = h.assetLabel(ctx, viewer, v)
		}
		label := seller.FieldLabel(f)
		if f == "name_en" {
			label = "product.name_en_fact" // the form's label says "(optional)"
		}
		facts = append(facts, seller.Fact{Label: label, Value: v, Long: long[f]})
	}
	specs := make([]seller.SpecRow, len(c.Specs))
	for i, s := range c.Specs {
		price := s.Price
		if fen, err := money.Parse(s.Price); err == nil {
			price = priceLabel(ctx, fen, s.BillingMode)
		}
		specs[i] = seller.SpecRow{Index: i, ID: s.ID, Name: s.Name, BillingMode: s.BillingMode, Price: price, TrialDay: s.TrialDays}
	}
	return facts, specs
}

// categoryName is a category's name in the viewer's language (its id if unknown).
func (h Handler) categoryName(ctx context.Context, id string) string {
	cats, err := h.Catalog.Categories(ctx)
	if err != nil {
		return id
	}
	for _, c := range cats {
		if c.ID == id {
			return c.Name(ui.Lang(ctx))
		}
	}
	return id
}

// assetLabel names one of the seller's assets as the product form lists them:
// "<name> <release> (<number>)"; the id when it is not (or no longer) theirs.
func (h Handler) assetLabel(ctx context.Context, seller uuid.UUID, id string) string {
	aid, err := uuid.Parse(id)
	if err != nil {
		return id
	}
	a, err := h.Assets.Mine(ctx, seller, aid)
	if err != nil {
		return id
	}
	return a.Name + " " + a.Release + " (" + a.Number + ")"
}

// priceLabel is a price with its billing unit, as the storefront shows it: "¥99.00/month".
func priceLabel(ctx context.Context, fen money.Fen, mode string) string {
	return money.Format(fen) + ui.T(ctx, "shop.per."+mode)
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }
