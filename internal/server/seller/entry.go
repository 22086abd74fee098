package seller

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
)

// maxEntryBody bounds the whole multipart request. It is well above both file
// limits together, so an oversized file is reported on its own field by the
// upload check while the rest of the form survives; only abuse hits this bound.
const maxEntryBody = 40 << 20

var entryFields = []string{"company_name", "website", "years_in_business", "headcount", "registered_capital",
	"contact_name", "contact_phone", "contact_email", "cs_phone", "cs_email", "profile", "agree", "version",
	"logo_file_id", "licence_file_id"}

func (h Handler) showEntry(w http.ResponseWriter, r *http.Request) {
	viewer := httpx.MustViewer(r.Context())
	vm, err := h.entryVM(r.Context(), viewer, ui.Form{})
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, seller.EntryPage(vm))
}

// entryVM builds the page; form carries what was typed (nil values: prefill from the application).
func (h Handler) entryVM(ctx context.Context, viewer account.Account, form ui.Form) (seller.EntryVM, error) {
	vm := seller.EntryVM{Form: form, IsOps: viewer.IsOps()}
	cur, err := h.Agreements.Current(ctx, agreement.SellerCooperation)
	if err != nil {
		return vm, err
	}
	vm.AgreementID, vm.AgreementVer = cur.ID.String(), cur.Version
	vm.AgreementTitle = httpx.AgreementTitle(ui.Lang(ctx), cur)
	app, err := h.Merchants.MyEntry(ctx, viewer.ID)
	switch {
	case apperr.Is(err, apperr.NotFound):
		vm.Editable = !viewer.IsOps()
	case err != nil:
		return vm, err
	default:
		detail := httpx.EntryDetail(ctx, h.Files, viewer, app)
		vm.App = &detail
		vm.Editable = app.Status == lifecycle.EntryRejected
		if vm.Form.Values == nil && vm.Editable {
			vm.Form.Values = prefill(app)
		}
		items, err := h.Merchants.Timeline(ctx, merchant.ObjectEntry, app.ID)
		if err != nil {
			return vm, err
		}
		vm.Timeline = httpx.TimelineView("entry", items)
	}
	vm.Logo = httpx.FileLink(ctx, h.Files, viewer, vm.Form.V("logo_file_id"))
	vm.Licence = httpx.FileLink(ctx, h.Files, viewer, vm.Form.V("licence_file_id"))
	return vm, nil
}

func prefill(a merchant.Application) map[string]string {
	return map[string]string{"company_name": a.CompanyName, "website": a.Website,
		"years_in_business": strconv.Itoa(int(a.YearsInBusiness)), "headcount": strconv.Itoa(int(a.Headcount)),
		"registered_capital": money.Format(a.RegisteredCapital)[len("¥"):], "contact_name": a.ContactName,
		"contact_phone": a.ContactPhone, "contact_email": a.ContactEmail, "cs_phone": a.CSPhone, "cs_email": a.CSEmail,
		"profile": a.Profile, "version": strconv.Itoa(int(a.Version)),
		"logo_file_id": a.LogoFileID.String(), "licence_file_id": a.LicenceFileID.String()}
}

// upload stores one file field of the entry form if the applicant chose a
// file; it returns the file id to use (the new one, or the one kept from before).
func (h Handler) upload(r *http.Request, field, purpose string, vals map[string]string, v apperr.Validation) {
	f, hdr, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return
	}
	if err != nil {
		v.Add(field, "file.unreadable")
		return
	}
	defer f.Close()
	stored, err := h.Files.Upload(r.Context(), httpx.MustViewer(r.Context()).ID, purpose, hdr.Filename, f)
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			v.Add(field, e.Msg)
			return
		}
		v.Add(field, "file.unreadable")
		httpx.Logger(r.Context()).Error("upload", "err", err)
		return
	}
	vals[field+"_file_id"] = stored.ID.String()
}

func (h Handler) submitEntry(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	r.Body = http.MaxBytesReader(w, r.Body, maxEntryBody)
	fileErrs := apperr.Validation{}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if !errors.As(err, &tooBig) {
			httpx.Error(w, r, apperr.Wrap(apperr.Invalid, "error.form_invalid", err))
			return
		}
		httpx.Error(w, r, apperr.E(apperr.Invalid, "file.request_too_large"))
		return
	}
	defer func() {
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	}()
	vals := httpx.Values(r, entryFields...)
	if len(fileErrs) == 0 {
		h.upload(r, "logo", "entry_logo", vals, fileErrs)
		h.upload(r, "licence", "entry_licence", vals, fileErrs)
	}
	in := merchant.EntryInput{CompanyName: vals["company_name"], Website: vals["website"],
		LogoFileID: vals["logo_file_id"], LicenceFileID: vals["licence_file_id"],
		YearsInBusiness: vals["years_in_business"], Headcount: vals["headcount"], RegisteredCapital: vals["registered_capital"],
		ContactName: vals["contact_name"], ContactPhone: vals["contact_phone"], ContactEmail: vals["contact_email"],
		CSPhone: vals["cs_phone"], CSEmail: vals["cs_email"], Profile: vals["profile"],
		AgreementID: r.PostFormValue("agreement_id"), Agreed: vals["agree"] == "yes", Version: vals["version"]}
	var err error
	if len(fileErrs) > 0 {
		// A chosen file was refused: submit nothing (not even with a file kept
		// from before), but report the form's other problems alongside.
		verr := h.Merchants.ValidateEntry(ctx, viewer.ID, in)
		if verr != nil && !apperr.Is(verr, apperr.Invalid) {
			err = verr
		} else {
			for k, m := range apperr.FieldsOf(verr) {
				fileErrs.Add(k, m) // the upload's own message stays first
			}
			err = fileErrs.Err()
		}
	} else {
		_, err = h.Merchants.SubmitEntry(ctx, viewer, in)
	}
	if err != nil {
		if apperr.Is(err, apperr.Conflict) {
			// A double submit or a stale form: the application exists; show where it stands.
			h.Sessions.Flash(ctx, "entry.already_submitted")
			httpx.Redirect(w, r, "/seller/entry")
			return
		}
		form, ok := httpx.FormOf(err, vals)
		if !ok {
			httpx.Error(w, r, err)
			return
		}
		vm, verr := h.entryVM(ctx, viewer, form)
		if verr != nil {
			httpx.Error(w, r, verr)
			return
		}
		httpx.Render(w, r, http.StatusUnprocessableEntity, seller.EntryPage(vm))
		return
	}
	h.Sessions.Flash(ctx, "entry.submitted")
	httpx.Redirect(w, r, "/seller/entry")
}

func (h Handler) showCurrentAgreement(w http.ResponseWriter, r *http.Request) {
	cur, err := h.Agreements.Current(r.Context(), agreement.SellerCooperation)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	lang := ui.Lang(r.Context())
	httpx.Render(w, r, http.StatusOK, seller.AgreementPage(httpx.AgreementTitle(lang, cur), cur.Version, httpx.AgreementBody(lang, cur), ""))
}
