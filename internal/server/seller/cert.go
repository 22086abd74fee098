package seller

import (
	"context"
	"net/http"
	"strconv"

	"agora/internal/account"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
)

var certFields = []string{"bank_name", "bank_branch", "account_holder", "bank_account", "tax_rate", "taxpayer_type", "tax_id", "version"}

func (h Handler) showCert(w http.ResponseWriter, r *http.Request) {
	vm, err := h.certVM(r.Context(), httpx.MustViewer(r.Context()), ui.Form{})
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, seller.CertPage(vm))
}

func taxOptions() (types, rates []ui.Option) {
	for _, t := range merchant.TaxpayerTypes {
		types = append(types, ui.Option{Value: t, Label: "cert.taxpayer." + t})
	}
	for _, t := range merchant.TaxpayerTypes {
		for _, rate := range merchant.TaxRates[t] {
			rates = append(rates, ui.Option{Value: rate, Label: "cert.rate." + rate})
		}
	}
	return types, rates
}

func (h Handler) certVM(ctx context.Context, viewer account.Account, form ui.Form) (seller.CertVM, error) {
	vm := seller.CertVM{Form: form}
	vm.TaxOptions, vm.RateOptions = taxOptions()
	st, err := h.Merchants.Standing(ctx, viewer.ID)
	if err != nil {
		return vm, err
	}
	if st.Entry == nil || st.Entry.Status != lifecycle.EntryApproved {
		vm.Blocked = "cert.entry_first"
		return vm, nil
	}
	vm.Company = st.Entry.CompanyName
	if st.Cert == nil {
		vm.Editable = true
		if vm.Form.Values == nil {
			vm.Form.Values = map[string]string{"account_holder": vm.Company}
		}
		return vm, nil
	}
	c := st.Cert
	vm.Status, vm.AttemptsLeft, vm.RejectReason = string(c.Status), c.AttemptsLeft(), c.RejectReason
	if c.Status == lifecycle.CertSubmitted {
		vm.SLA = &ui.SLA{Due: c.DueAt}
	}
	cert := httpx.CertDetail(*c)
	vm.Cert = &cert
	vm.Editable = c.Status == lifecycle.CertRejected
	if vm.Editable && vm.Form.Values == nil {
		vm.Form.Values = map[string]string{"bank_name": c.BankName, "bank_branch": c.BankBranch, "account_holder": c.AccountHolder,
			"bank_account": c.BankAccount, "tax_rate": c.TaxRate, "taxpayer_type": c.TaxpayerType, "tax_id": c.TaxID,
			"version": strconv.Itoa(int(c.Version))}
	}
	items, err := h.Merchants.Timeline(ctx, merchant.ObjectCert, c.ID)
	if err != nil {
		return vm, err
	}
	vm.Timeline = httpx.TimelineView("cert", items)
	return vm, nil
}

func (h Handler) submitCert(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	vals := httpx.Values(r, certFields...)
	_, err := h.Merchants.SubmitCert(ctx, viewer, merchant.CertInput{BankName: vals["bank_name"], BankBranch: vals["bank_branch"],
		AccountHolder: vals["account_holder"], BankAccount: vals["bank_account"], TaxRate: vals["tax_rate"],
		TaxpayerType: vals["taxpayer_type"], TaxID: vals["tax_id"], Version: vals["version"]})
	if err != nil {
		if apperr.Is(err, apperr.Conflict) {
			h.Sessions.Flash(ctx, "cert.already_submitted")
			httpx.Redirect(w, r, "/seller/certification")
			return
		}
		form, ok := httpx.FormOf(err, vals)
		if !ok {
			httpx.Error(w, r, err)
			return
		}
		vm, verr := h.certVM(ctx, viewer, form)
		if verr != nil {
			httpx.Error(w, r, verr)
			return
		}
		httpx.Render(w, r, http.StatusUnprocessableEntity, seller.CertPage(vm))
		return
	}
	h.Sessions.Flash(ctx, "cert.submitted")
	httpx.Redirect(w, r, "/seller/certification")
}
