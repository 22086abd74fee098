package seller

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
)

// contentFields are the product form's single-valued fields, by form name.
var contentFields = []string{"name", "name_en", "category_id", "logo_file_id", "summary", "description",
	"support_content", "support_hours", "support_tz", "support_phone", "support_email", "user_guide", "eula", "acceptance",
	"production_url", "delivery", "license_form", "asset_id", "service_days", "ship_from", "carrier", "dispatch_days",
	"warranty_months", "data_format", "update_cycle"}

// maxLogoBody bounds a form post that carries a logo (2 MB) and long texts.
const maxLogoBody = 8 << 20

// contentOf reads the product form as typed.
func contentOf(r *http.Request) catalog.Content {
	v := httpx.Values(r, contentFields...)
	c := catalog.Content{Name: v["name"], NameEn: v["name_en"], CategoryID: v["category_id"], LogoFileID: v["logo_file_id"],
		Summary: v["summary"], Description: v["description"], SupportContent: v["support_content"], SupportHours: v["support_hours"],
		SupportTimeZone: v["support_tz"], SupportPhone: v["support_phone"], SupportEmail: v["support_email"], UserGuide: v["user_guide"],
		EULA: v["eula"], Acceptance: v["acceptance"], ProductionURL: v["production_url"], Delivery: v["delivery"],
		LicenseForm: v["license_form"], AssetID: v["asset_id"], ServiceDays: v["service_days"], ShipFrom: v["ship_from"],
		Carrier: v["carrier"], DispatchDays: v["dispatch_days"], WarrantyMonths: v["warranty_months"], DataFormat: v["data_format"],
		UpdateCycle: v["update_cycle"]}
	ids, names := r.PostForm["spec_id"], r.PostForm["spec_name"]
	billing, prices, trials := r.PostForm["spec_billing"], r.PostForm["spec_price"], r.PostForm["spec_trial"]
	at := func(list []string, i int) string {
		if i < len(list) {
			return httpx.CleanText(list[i])
		}
		return ""
	}
	for i := range names {
		c.Specs = append(c.Specs, catalog.SpecDraft{ID: at(ids, i), Name: names[i], BillingMode: at(billing, i), Price: at(prices, i), TrialDays: at(trials, i)})
	}
	return c
}

// formValues is the content as the form's single-valued fields.
func formValues(c catalog.Content) map[string]string {
	return map[string]string{"name": c.Name, "name_en": c.NameEn, "category_id": c.CategoryID, "logo_file_id": c.LogoFileID,
		"summary": c.Summary, "description": c.Description, "support_content": c.SupportContent, "support_hours": c.SupportHours,
		"support_tz": c.SupportTimeZone, "support_phone": c.SupportPhone, "support_email": c.SupportEmail, "user_guide": c.UserGuide,
		"eula": c.EULA, "acceptance": c.Acceptance, "production_url": c.ProductionURL, "delivery": c.Delivery,
		"license_form": c.LicenseForm, "asset_id": c.AssetID, "service_days": c.ServiceDays, "ship_from": c.ShipFrom,
		"carrier": c.Carrier, "dispatch_days": c.DispatchDays, "warranty_months": c.WarrantyMonths, "data_format": c.DataFormat,
		"update_cycle": c.UpdateCycle}
}

func (h Handler) myApplication(r *http.Request) (catalog.Application, error) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		return catalog.Application{}, err
	}
	return h.Catalog.MyApplication(r.Context(), httpx.MustViewer(r.Context()).ID, id)
}

// formVM builds the form page from what was typed (c) and the errors of the last attempt.
func (h Handler) formVM(ctx context.Context, viewer account.Account, app catalog.Application, c catalog.Content, errs map[string]string) (seller.ProductFormVM, error) {
	c.AccessType = app.AccessType
	vm := seller.ProductFormVM{AppID: app.ID.String(), Number: app.Number, Kind: app.Kind, AccessType: app.AccessType,
		Status: string(app.Status), ProductName: app.ProductName, Form: ui.Form{Values: formValues(c), Errors: errs},
		SavedAt: app.SavedAt, Supervised: c.Supervised(), MaxSpecs: catalog.MaxSpecs,
		TrialAllowed: app.AccessType != catalog.TypeLicense && app.AccessType != catalog.TypeManual}
	if app.Status != "draft" {
		vm.Reason, vm.FieldReasons = app.Reason, app.FieldReasons
	}
	if app.ProductID != nil {
		vm.ProductID = app.ProductID.String()
	}
	for i, s := range c.Specs {
		vm.Specs = append(vm.Specs, seller.SpecRow{Index: i, ID: s.ID, Name: s.Name, BillingMode: s.BillingMode, Price: s.Price,
			TrialDay: s.TrialDays, Listed: s.ID != ""})
	}
	cats, err := h.Catalog.Categories(ctx)
	if err != nil {
		return vm, err
	}
	lang := ui.Lang(ctx)
	for _, cat := range cats {
		vm.Categories = append(vm.Categories, seller.NamedOption{Value: cat.ID, Label: cat.Name(lang)})
	}
	if catalog.NeedsAsset(app.AccessType) {
		assets, err := h.Assets.ListApproved(ctx, viewer.ID, catalog.AssetKind(app.AccessType))
		if err != nil {
			return vm, err
		}
		for _, a := range assets {
			vm.Assets = append(vm.Assets, seller.NamedOption{Value: a.ID.String(), Label: a.Name + " " + a.Release + " (" + a.Number + ")"})
		}
	}
	if f := httpx.FileLink(ctx, h.Files, viewer, c.LogoFileID); f != nil {
		vm.LogoURL = f.URL
	}
	return vm, nil
}

func (h Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, app catalog.Application, c catalog.Content, errs map[string]string) {
	vm, err := h.formVM(r.Context(), httpx.MustViewer(r.Context()), app, c, errs)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, status, seller.ProductFormPage(vm))
}

func (h Handler) editApplication(w http.ResponseWriter, r *http.Request) {
	app, err := h.myApplication(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if !app.Editable() {
		httpx.Redirect(w, r, "/seller/applications/"+app.ID.String())
		return
	}
	h.renderForm(w, r, http.StatusOK, app, app.Content, nil)
}

// autosave stores the form while the seller types and answers the status line.
func (h Handler) autosave(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		httpx.Error(w, r, apperr.Wrap(apperr.Invalid, "error.form_invalid", err))
		return
	}
	at, err := h.Catalog.SaveDraft(r.Context(), httpx.MustViewer(r.Context()), id, contentOf(r))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, seller.AutosaveStatus(at, true))
}

// editStep is a form button: save what was typed, change the form (add or
// remove a spec, take a logo), and show the form again.
func (h Handler) editStep(change func(r *http.Request, c *catalog.Content) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		viewer := httpx.MustViewer(ctx)
		r.Body = http.MaxBytesReader(w, r.Body, maxLogoBody)
		if err := parseAnyForm(r); err != nil {
			httpx.Error(w, r, err)
			return
		}
		defer func() {
			if r.MultipartForm != nil {
				_ = r.MultipartForm.RemoveAll()
			}
		}()
		app, err := h.myApplication(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		c := contentOf(r)
		changeErr := change(r, &c)
		if _, err := h.Catalog.SaveDraft(ctx, viewer, app.ID, c); err != nil {
			httpx.Error(w, r, err)
			return
		}
		if changeErr != nil {
			form, ok := httpx.FormOf(changeErr, nil)
			if !ok {
				httpx.Error(w, r, changeErr)
				return
			}
			app, _ = h.Catalog.MyApplication(ctx, viewer.ID, app.ID)
			h.renderForm(w, r, http.StatusUnprocessableEntity, app, c, form.Errors)
			return
		}
		if r.URL.Path == "/seller/applications/"+app.ID.String()+"/save" {
			h.Sessions.Flash(ctx, "product.draft_saved")
		}
		httpx.Redirect(w, r, "/seller/applications/"+app.ID.String()+"/edit")
	}
}

func parseAnyForm(r *http.Request) error {
	var err error
	if ct := r.Header.Get("Content-Type"); len(ct) >= 19 && ct[:19] == "multipart/form-data" {
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return apperr.E(apperr.Invalid, "file.request_too_large")
	}
	if err != nil {
		return apperr.Wrap(apperr.Invalid, "error.form_invalid", err)
	}
	return nil
}

func noChange(*http.Request, *catalog.Content) error { return nil }

func addSpec(_ *http.Request, c *catalog.Content) error {
	if len(c.Specs) < catalog.MaxSpecs {
		mode := catalog.BillMonthly
		if n := len(c.Specs); n > 0 {
			mode = c.Specs[n-1].BillingMode
		}
		c.Specs = append(c.Specs, catalog.SpecDraft{BillingMode: mode})
	}
	return nil
}

func removeSpec(r *http.Request, c *catalog.Content) error {
	i, err := strconv.Atoi(chi.URLParam(r, "index"))
	// A listed spec is never removed here: it can only be delisted.
	if err == nil && i >= 0 && i < len(c.Specs) && c.Specs[i].ID == "" && len(c.Specs) > 1 {
		c.Specs = append(c.Specs[:i], c.Specs[i+1:]...)
	}
	return nil
}

// takeLogo stores the chosen logo and puts it on the form.
func (h Handler) takeLogo(r *http.Request, c *catalog.Content) error {
	f, hdr, err := r.FormFile("logo")
	if errors.Is(err, http.ErrMissingFile) {
		return (apperr.Validation{"logo": "product.logo_choose"}).Err()
	}
	if err != nil {
		return (apperr.Validation{"logo": "file.unreadable"}).Err()
	}
	defer f.Close()
	stored, err := h.Files.Upload(r.Context(), httpx.MustViewer(r.Context()).ID, catalog.LogoPurpose, hdr.Filename, f)
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			return (apperr.Validation{"logo": e.Msg}).Err()
		}
		return err
	}
	c.LogoFileID = stored.ID.String()
	return nil
}

// submitApplication saves and submits; an invalid form comes back with every
// problem marked and nothing lost.
func (h Handler) submitApplication(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	if err := parseAnyForm(r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	app, err := h.myApplication(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	c := contentOf(r)
	submitted, err := h.Catalog.Submit(ctx, viewer, app.ID, c)
	if apperr.Is(err, apperr.Conflict) {
		// A second click on submit finds the first one went through.
		if now, rerr := h.Catalog.MyApplication(ctx, viewer.ID, app.ID); rerr == nil && now.Status == lifecycle.AppPending {
			h.Sessions.Flash(ctx, "product.submitted")
			httpx.Redirect(w, r, "/seller/applications/"+app.ID.String())
			return
		}
	}
	if err != nil {
		form, ok := httpx.FormOf(err, nil)
		if !ok {
			httpx.Error(w, r, err)
			return
		}
		app, _ = h.Catalog.MyApplication(ctx, viewer.ID, app.ID)
		h.renderForm(w, r, http.StatusUnprocessableEntity, app, c, form.Errors)
		return
	}
	h.Sessions.Flash(ctx, "product.submitted")
	httpx.Redirect(w, r, "/seller/applications/"+submitted.ID.String())
}

// newProduct lets the seller choose the access type of a new release.
func (h Handler) newProduct(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, seller.NewProductPage(catalog.AccessTypes, ""))
}

func (h Handler) startRelease(w http.ResponseWriter, r *http.Request) {
	app, err := h.Catalog.StartRelease(r.Context(), httpx.MustViewer(r.Context()), r.PostFormValue("access_type"))
	if err != nil {
		if apperr.Is(err, apperr.Invalid) {
			httpx.Render(w, r, http.StatusUnprocessableEntity, seller.NewProductPage(catalog.AccessTypes, "product.type_required"))
			return
		}
		httpx.Error(w, r, err)
		return
	}
	httpx.Redirect(w, r, "/seller/applications/"+app.ID.String()+"/edit")
}

func (h Handler) applicationAction(do func(ctx context.Context, seller account.Account, id uuid.UUID) error, flash, next string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := httpx.UUIDParam(r, "id")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if err := do(r.Context(), httpx.MustViewer(r.Context()), id); err != nil {
			httpx.Error(w, r, err)
			return
		}
		h.Sessions.Flash(r.Context(), flash)
		if next == "" {
			next = "/seller/applications/" + id.String()
		}
		httpx.Redirect(w, r, next)
	}
}
