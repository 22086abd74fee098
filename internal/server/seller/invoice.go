package seller

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"agora/internal/evidence"
	"agora/internal/invoice"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
)

// maxInvoiceBody caps the issue form with its PDF (the file rule allows 10 MB).
const maxInvoiceBody = 11 << 20

func (h Handler) invoiceRoutes(r chi.Router) {
	r.Get("/invoices", h.listInvoices)
	r.Get("/invoices/{id}", h.showInvoice)
	r.Post("/invoices/{id}/issue", h.issueInvoice)
	r.Post("/invoices/{id}/reject", h.closeInvoice(lifecycle.InvoiceReject))
	r.Post("/invoices/{id}/cancel", h.closeInvoice(lifecycle.InvoiceCancel))
	r.Post("/invoices/{id}/return", h.closeInvoice(lifecycle.InvoiceReturn))
}

var invoiceStatuses = []string{string(lifecycle.InvoicePending), string(lifecycle.InvoiceIssued), string(lifecycle.InvoiceCancelled),
	string(lifecycle.InvoiceReturned)}

func invoiceKinds(i invoice.Invoice) (vat, medium string) {
	vat, medium = "invoice.vat_normal", "invoice.medium_electronic"
	if i.VATKind == invoice.VATSpecial {
		vat = "invoice.vat_special"
	}
	if i.Medium == invoice.Paper {
		medium = "invoice.medium_paper"
	}
	return vat, medium
}

func (h Handler) listInvoices(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	q := r.URL.Query()
	status, number := q.Get("status"), strings.ToUpper(strings.TrimSpace(httpx.CleanText(q.Get("number"))))
	if !lifecycle.Invoice.Valid(lifecycle.InvoiceStatus(status)) {
		status = ""
	}
	if len(number) > 40 {
		number = number[:40]
	}
	page := httpx.Page(r)
	list, more, err := h.Invoices.SellerInvoices(ctx, viewer.ID, status, number, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	pending, overdue, err := h.Invoices.Waiting(ctx, viewer.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	now := ui.C(ctx).Now
	vm := seller.InvoiceListVM{Status: status, Number: number, Statuses: invoiceStatuses, Pending: pending, Overdue: overdue,
		Page: page, HasNext: more, Next: "/seller/invoices?" + url.Values{"status": {status}, "number": {number}}.Encode() + "&"}
	for _, i := range list {
		row := seller.InvoiceRow{ID: i.ID.String(), Number: i.Number, OrderNumber: i.OrderNumber, Product: i.ProductName,
			Buyer: i.BuyerName, Amount: money.Format(i.Amount), Status: string(i.Status), CreatedAt: ui.Time(ctx, i.CreatedAt),
			Overdue: i.Overdue(now)}
		row.VATKind, row.Medium = invoiceKinds(i)
		if ui.Lang(ctx) == "en" && i.ProductNameEn != "" {
			row.Product = i.ProductNameEn
		}
		if i.Status == lifecycle.InvoicePending {
			row.Due = &ui.SLA{Due: i.DueAt}
		}
		vm.Rows = append(vm.Rows, row)
	}
	httpx.Render(w, r, http.StatusOK, seller.InvoiceListPage(vm))
}

// invoicePage is what the detail page shows again after a button: the
// refused form, or why nothing happened.
type invoicePage struct {
	issue, close ui.Form
	refusal      string
}

func (h Handler) showInvoice(w http.ResponseWriter, r *http.Request) {
	h.renderInvoice(w, r, http.StatusOK, invoicePage{})
}

func (h Handler) renderInvoice(w http.ResponseWriter, r *http.Request, status int, p invoicePage) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	i, err := h.Invoices.SellerInvoice(ctx, viewer.ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	items, err := h.Invoices.Timeline(ctx, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.InvoiceDetailVM{ID: i.ID.String(), Number: i.Number, OrderID: i.OrderID.String(), OrderNumber: i.OrderNumber,
		Product: i.ProductName, Buyer: i.BuyerName, Status: string(i.Status), Special: i.VATKind == invoice.VATSpecial,
		Paper: i.Medium == invoice.Paper, Title: i.Title, TaxpayerID: i.TaxpayerID, BankInfo: i.BankInfo, RegAddress: i.RegAddress,
		Email: i.Email, ShipAddress: i.ShipAddress, Amount: money.Format(i.Amount), FreightCollect: i.BuyerPaysShipping(),
		InvoiceNo: i.InvoiceNo, Courier: i.Courier, Waybill: i.Waybill, Reason: i.Reason, CreatedAt: ui.Time(ctx, i.CreatedAt),
		Version: strconv.Itoa(int(i.Version)), Today: ui.Tr(ctx).Date(ui.C(ctx).Now),
		CanIssue: i.Status == lifecycle.InvoicePending, CanClose: i.Status == lifecycle.InvoicePending, CanReturn: i.Returnable(),
		Refusal: p.refusal, IssueForm: p.issue, CloseForm: p.close, Timeline: httpx.TimelineView(invoice.ObjectInvoice, items)}
	vm.VATKind, vm.Medium = invoiceKinds(i)
	if ui.Lang(ctx) == "en" && i.ProductNameEn != "" {
		vm.Product = i.ProductNameEn
	}
	if i.Status == lifecycle.InvoicePending {
		vm.Due = &ui.SLA{Due: i.DueAt}
	}
	if i.IssuedOn != nil {
		vm.IssuedOn = ui.Tr(ctx).Date(*i.IssuedOn)
	}
	if i.FileID != nil {
		vm.File = &ui.Attachment{Name: i.FileName, URL: "/files/" + i.FileID.String(), Size: i.FileSize}
	}
	if i.Refunded > 0 {
		vm.Refunded = money.Format(i.Refunded)
	}
	if vm.IssueForm.Values == nil {
		vm.IssueForm.Values = map[string]string{"issued_on": vm.Today}
	}
	if fid := vm.IssueForm.V("file_id"); fid != "" {
		vm.KeptFile = httpx.FileLink(ctx, h.Files, viewer, fid)
	}
	httpx.Render(w, r, status, seller.InvoiceDetailPage(vm))
}

// issueInvoice records the issued invoice: number and date, and the PDF
// (uploaded here) or the courier. Nothing is stored for a request that is
// someone else's or already handled.
func (h Handler) issueInvoice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	cur, err := h.Invoices.SellerInvoice(ctx, viewer.ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxInvoiceBody)
	err = r.ParseMultipartForm(2 << 20)
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
	}
	defer func() {
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	}()
	vals := httpx.TrimmedValues(r, "invoice_no", "issued_on", "courier", "waybill", "version", "file_id")
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		h.renderInvoice(w, r, http.StatusUnprocessableEntity, invoicePage{issue: ui.Form{Values: vals,
			Errors: map[string]string{"file": "file.too_large_invoice"}}})
		return
	}
	if err != nil {
		httpx.Error(w, r, apperr.Wrap(apperr.Invalid, "error.form_invalid", err))
		return
	}
	if cur.Status != lifecycle.InvoicePending || vals["version"] != "" && vals["version"] != strconv.Itoa(int(cur.Version)) {
		h.renderInvoice(w, r, http.StatusConflict, invoicePage{refusal: "invoice.already_handled"})
		return
	}
	if cur.Medium == invoice.Electronic && r.MultipartForm != nil {
		if fhs := r.MultipartForm.File["file"]; len(fhs) > 0 && fhs[0].Size > 0 {
			f, err := fhs[0].Open()
			if err != nil {
				httpx.Error(w, r, err)
				return
			}
			stored, err := h.Files.Upload(ctx, viewer.ID, invoice.FilePurpose, fhs[0].Filename, f)
			f.Close()
			if err != nil {
				if form, ok := httpx.FormOf(err, vals); ok {
					h.renderInvoice(w, r, http.StatusUnprocessableEntity, invoicePage{issue: ui.Form{Values: vals,
						Errors: map[string]string{"file": form.Error}}})
					return
				}
				httpx.Error(w, r, err)
				return
			}
			vals["file_id"] = stored.ID.String()
		}
	}
	_, err = h.Invoices.Issue(ctx, viewer, id, invoice.IssueInput{InvoiceNo: vals["invoice_no"], IssuedOn: vals["issued_on"],
		FileID: vals["file_id"], Courier: vals["courier"], Waybill: vals["waybill"], Version: vals["version"]})
	if form, ok := httpx.FormOf(err, vals); ok && form.Errors["file"] != "" {
		vals["file_id"] = "" // not the seller's invoice PDF: do not offer it again
	}
	h.invoiceDone(w, r, err, vals, true, "invoice.flash_issued")
}

// closeInvoice rejects or cancels a pending request, or returns an issued
// invoice, with the seller's reason.
func (h Handler) closeInvoice(ev lifecycle.InvoiceEvent) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := httpx.UUIDParam(r, "id")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		vals := httpx.Values(r, "reason", "version")
		run, flash := h.Invoices.Reject, "invoice.flash_rejected"
		switch ev {
		case lifecycle.InvoiceCancel:
			run, flash = h.Invoices.Cancel, "invoice.flash_cancelled"
		case lifecycle.InvoiceReturn:
			run, flash = h.Invoices.Return, "invoice.flash_returned"
		}
		err = run(ctx, httpx.MustViewer(ctx), id, vals["reason"], vals["version"])
		h.invoiceDone(w, r, err, vals, false, flash)
	}
}

// invoiceDone answers a button on the detail page: back to it with a flash,
// or the page again with the refused form (422) or the reason (409).
func (h Handler) invoiceDone(w http.ResponseWriter, r *http.Request, err error, vals map[string]string, issue bool, flash string) {
	if err == nil {
		h.Sessions.Flash(r.Context(), flash)
		httpx.Redirect(w, r, "/seller/invoices/"+chi.URLParam(r, "id"))
		return
	}
	if form, ok := httpx.FormOf(err, vals); ok {
		p := invoicePage{close: form}
		if issue {
			p = invoicePage{issue: form}
		}
		h.renderInvoice(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Conflict {
		msg := e.Msg
		if msg == evidence.ErrAlreadyHandled || msg == "" {
			msg = "invoice.already_handled"
		}
		h.renderInvoice(w, r, http.StatusConflict, invoicePage{refusal: msg})
		return
	}
	httpx.Error(w, r, err)
}
