package seller

import (
	"net/http"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
)

// salesForms carries a failed sales-configuration form back onto the page.
type salesForms struct {
	target, buyers, trial ui.Form
	spec                  string // the spec whose row failed
	specForm              ui.Form
}

func (h Handler) showSales(w http.ResponseWriter, r *http.Request) {
	h.renderSales(w, r, http.StatusOK, salesForms{})
}

func (h Handler) renderSales(w http.ResponseWriter, r *http.Request, status int, forms salesForms) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	p, err := h.myProduct(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if !lifecycle.OnSale(p.Status) {
		httpx.Error(w, r, apperr.E(apperr.Conflict, "product.not_on_sale"))
		return
	}
	pv, err := h.productVM(ctx, viewer, p, false)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.SalesVM{Product: pv, SpecTargets: catalog.SpecTargets(p.Target), SpecForms: map[string]ui.Form{},
		TargetForm: forms.target, BuyersForm: forms.buyers, TrialForm: forms.trial}
	if vm.TargetForm.Values == nil {
		vm.TargetForm.Values = map[string]string{"target": p.Target}
		if p.AssocProduct != nil {
			if a, err := h.Catalog.MyProduct(ctx, viewer.ID, *p.AssocProduct); err == nil {
				vm.TargetForm.Values["assoc_number"] = a.Number
			}
		}
	}
	if forms.spec != "" {
		vm.SpecForms[forms.spec] = forms.specForm
	}
	for _, s := range p.Specs {
		if s.TrialDays > 0 && lifecycle.OnSale(s.Status) && p.AccessType == catalog.TypeSaaS {
			vm.HasTrial = true
		}
	}
	for scope, dst := range map[string]*[]seller.Member{catalog.ScopeBuyers: &vm.Buyers, catalog.ScopeTrial: &vm.TrialMembers} {
		list, err := h.Catalog.Audience(ctx, p.ID, scope)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		for _, m := range list {
			*dst = append(*dst, seller.Member{ID: m.AccountID.String(), Name: m.Name, PublicID: m.PublicID})
		}
	}
	httpx.Render(w, r, status, seller.SalesPage(vm))
}

// salesDone answers a sales-configuration post: back to the page with a
// message, or the page again with the failed form's errors.
func (h Handler) salesDone(w http.ResponseWriter, r *http.Request, err error, vals map[string]string, put func(*salesForms, ui.Form)) {
	if err != nil {
		form, ok := httpx.FormOf(err, vals)
		if !ok {
			httpx.Error(w, r, err)
			return
		}
		var forms salesForms
		put(&forms, form)
		h.renderSales(w, r, http.StatusUnprocessableEntity, forms)
		return
	}
	h.Sessions.Flash(r.Context(), "sales.saved")
	httpx.Redirect(w, r, "/seller/products/"+chiParam(r, "id")+"/sales")
}

func (h Handler) setTarget(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vals := httpx.Values(r, "target", "assoc_number")
	err = h.Catalog.SetTarget(r.Context(), httpx.MustViewer(r.Context()), id, vals["target"], vals["assoc_number"])
	h.salesDone(w, r, err, vals, func(f *salesForms, form ui.Form) { f.target = form })
}

func (h Handler) setSpecSales(w http.ResponseWriter, r *http.Request) {
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
	vals := httpx.Values(r, "target", "limit", "until_expiry", "trial_restricted", "version")
	err = h.Catalog.SetSpecSales(r.Context(), httpx.MustViewer(r.Context()), id, spec, catalog.SpecSalesInput{Target: vals["target"],
		LimitPerUser: vals["limit"], LimitUntilExpiry: vals["until_expiry"] == "yes", TrialRestricted: vals["trial_restricted"] == "yes",
		Version: vals["version"]})
	h.salesDone(w, r, err, vals, func(f *salesForms, form ui.Form) { f.spec, f.specForm = spec.String(), form })
}

func (h Handler) addMember(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	scope := chiParam(r, "scope")
	vals := httpx.Values(r, "member_name", "member_id")
	err = h.Catalog.AddMember(r.Context(), httpx.MustViewer(r.Context()), id, scope, vals["member_name"], vals["member_id"])
	h.salesDone(w, r, err, vals, func(f *salesForms, form ui.Form) {
		if scope == catalog.ScopeTrial {
			f.trial = form
		} else {
			f.buyers = form
		}
	})
}

func (h Handler) removeMember(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	member, err := httpx.UUIDParam(r, "account")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	err = h.Catalog.RemoveMember(r.Context(), httpx.MustViewer(r.Context()), id, chiParam(r, "scope"), member)
	h.salesDone(w, r, err, nil, func(*salesForms, ui.Form) {})
}
