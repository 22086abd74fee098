package seller

import (
	"context"
	"errors"
	"net/http"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
)

func (h Handler) listProducts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	page := httpx.Page(r)
	list, err := h.Catalog.MyProducts(ctx, httpx.MustViewer(ctx).ID, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.ProductsVM{Page: page, HasNext: len(list) > catalog.ProductPage}
	for i, p := range list {
		if i == catalog.ProductPage {
			break
		}
		row := seller.ProductRow{ID: p.ID.String(), Number: p.Number, Name: p.Name, NameEn: p.NameEn, AccessType: p.AccessType,
			Status: string(p.Status), Public: p.Public, SpecsOnSale: p.SpecsOnSale, ListedAt: p.ListedAt, HasOpenChange: p.HasOpenChange}
		if p.MinPrice != nil {
			row.MinPrice = priceLabel(ctx, *p.MinPrice, p.PriceMode)
		}
		vm.Rows = append(vm.Rows, row)
	}
	httpx.Render(w, r, http.StatusOK, seller.ProductsPage(vm))
}

func (h Handler) myProduct(r *http.Request) (catalog.Product, error) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		return catalog.Product{}, err
	}
	return h.Catalog.MyProduct(r.Context(), httpx.MustViewer(r.Context()).ID, id)
}

// productVM is the product's business information as its seller sees it.
func (h Handler) productVM(ctx context.Context, viewer account.Account, p catalog.Product, withHistory bool) (seller.ProductVM, error) {
	url := h.BaseURL + "/products/" + p.ID.String()
	vm := seller.ProductVM{ID: p.ID.String(), Number: p.Number, Name: p.Name, NameEn: p.NameEn, AccessType: p.AccessType,
		Status: string(p.Status), Public: p.Public, OnSale: lifecycle.OnSale(p.Status), URL: url, Summary: p.Summary,
		Target: p.Target, ListedAt: p.ListedAt, Category: p.CategoryID}
	if cats, err := h.Catalog.Categories(ctx); err == nil {
		for _, c := range cats {
			if c.ID == p.CategoryID {
				vm.Category = c.Name(ui.Lang(ctx))
			}
		}
	}
	if p.LogoFileID != nil {
		vm.LogoURL = "/files/" + p.LogoFileID.String()
	}
	for _, s := range p.Specs {
		vm.Specs = append(vm.Specs, seller.SpecLine{ID: s.ID.String(), Name: s.Name, BillingMode: s.BillingMode,
			Price: priceLabel(ctx, s.Price, s.BillingMode), Status: string(s.Status), TrialDays: int(s.TrialDays), Public: s.Public,
			URL: url + "?spec=" + s.ID.String(), Target: s.Target, LimitPerUser: int(s.LimitPerUser), LimitUntilExpiry: s.LimitUntilExpiry,
			TrialRestricted: s.TrialRestricted, Version: itoa(s.Version), OnSale: lifecycle.OnSale(s.Status)})
	}
	if !withHistory {
		return vm, nil
	}
	if open, err := h.Catalog.OpenChange(ctx, viewer.ID, p.ID); err == nil {
		row := appRow(open)
		vm.OpenChange = &row
	}
	pending, err := h.Catalog.PendingDelistings(ctx, p.ID)
	if err != nil {
		return vm, err
	}
	for _, d := range pending {
		vm.PendingDelist = append(vm.PendingDelist, appRow(d))
	}
	items, err := h.Catalog.Timeline(ctx, catalog.ObjectProduct, p.ID)
	if err != nil {
		return vm, err
	}
	vm.Timeline = httpx.TimelineView("product", items)
	return vm, nil
}

func (h Handler) showProduct(w http.ResponseWriter, r *http.Request) {
	p, err := h.myProduct(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm, err := h.productVM(r.Context(), httpx.MustViewer(r.Context()), p, true)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, seller.ProductPage(vm))
}

func (h Handler) modifyProduct(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	app, err := h.Catalog.StartModification(r.Context(), httpx.MustViewer(r.Context()), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if app.Editable() {
		httpx.Redirect(w, r, "/seller/applications/"+app.ID.String()+"/edit")
		return
	}
	httpx.Redirect(w, r, "/seller/applications/"+app.ID.String())
}

func (h Handler) setPublic(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	public := r.PostFormValue("public") == "true"
	if err := h.Catalog.SetPublic(r.Context(), httpx.MustViewer(r.Context()), id, public); err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.Sessions.Flash(r.Context(), "product.visibility_"+visibility(public))
	httpx.Redirect(w, r, "/seller/products/"+id.String())
}

func (h Handler) setSpecPublic(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	spec, err := httpx.UUIDParam(r, "spec")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	public := r.PostFormValue("public") == "true"
	if err := h.Catalog.SetSpecPublic(r.Context(), httpx.MustViewer(r.Context()), id, spec, public); err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.Sessions.Flash(r.Context(), "product.spec_visibility_"+visibility(public))
	httpx.Redirect(w, r, "/seller/products/"+id.String())
}

func visibility(public bool) string {
	if public {
		return "public"
	}
	return "hidden"
}

func (h Handler) showDelist(w http.ResponseWriter, r *http.Request) {
	h.renderDelist(w, r, http.StatusOK, ui.Form{Values: map[string]string{"spec_id": r.URL.Query().Get("spec")}})
}

func (h Handler) renderDelist(w http.ResponseWriter, r *http.Request, status int, form ui.Form) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	p, err := h.myProduct(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if p.Status != lifecycle.ShelfListed {
		httpx.Error(w, r, apperr.E(apperr.Conflict, "product.delist_pending_or_done"))
		return
	}
	pv, err := h.productVM(ctx, viewer, p, false)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, status, seller.DelistPage(seller.DelistVM{Product: pv, Form: form,
		Proof: httpx.FileLink(ctx, h.Files, viewer, form.V("proof_file_id"))}))
}

func (h Handler) requestDelist(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	r.Body = http.MaxBytesReader(w, r.Body, 16<<20)
	if err := parseAnyForm(r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	defer func() {
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	}()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vals := httpx.Values(r, "spec_id", "reason", "proof_file_id")
	if f, hdr, ferr := r.FormFile("proof"); ferr == nil {
		stored, uerr := h.Files.Upload(ctx, viewer.ID, catalog.DelistProofPurpose, hdr.Filename, f)
		f.Close()
		if uerr != nil {
			form, ok := httpx.FormOf(uploadErr(uerr, "proof"), vals)
			if !ok {
				httpx.Error(w, r, uerr)
				return
			}
			h.renderDelist(w, r, http.StatusUnprocessableEntity, form)
			return
		}
		vals["proof_file_id"] = stored.ID.String()
	} else if !errors.Is(ferr, http.ErrMissingFile) {
		h.renderDelist(w, r, http.StatusUnprocessableEntity, ui.Form{Values: vals, Errors: map[string]string{"proof": "file.unreadable"}})
		return
	}
	app, err := h.Catalog.RequestDelist(ctx, viewer, id, catalog.DelistInput{SpecID: vals["spec_id"], Reason: vals["reason"], ProofFileID: vals["proof_file_id"]})
	if err != nil {
		if form, ok := httpx.FormOf(err, vals); ok {
			h.renderDelist(w, r, http.StatusUnprocessableEntity, form)
			return
		}
		httpx.Error(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "product.delist_submitted")
	httpx.Redirect(w, r, "/seller/applications/"+app.ID.String())
}

// uploadErr puts an upload's refusal on field; other errors pass through.
func uploadErr(err error, field string) error {
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
		return (apperr.Validation{field: e.Msg}).Err()
	}
	return err
}
