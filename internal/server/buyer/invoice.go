package buyer

import (
	"context"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"agora/internal/account"
	"agora/internal/invoice"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/web/buyer"
	"agora/web/ui"
)

func (h Handler) invoiceRoutes(r chi.Router) {
	r.Get("/invoices", h.listInvoices)
	r.Get("/invoices/{id}", h.showInvoice)
	r.Post("/orders/{id}/invoice", h.requestInvoice)
}

var invoiceFields = []string{"vat_kind", "medium", "title", "taxpayer_id", "bank_info", "reg_address", "email", "ship_address"}

var invoiceStatuses = []string{string(lifecycle.InvoicePending), string(lifecycle.InvoiceIssued), string(lifecycle.InvoiceCancelled),
	string(lifecycle.InvoiceReturned)}

// invoiceFormKey carries a refused request form to the order page, which
// renders the invoice section through invoiceVM.
type invoiceFormKey struct{}

// invoiceVM is the order page's invoice section; nil when there is none.
func (h Handler) invoiceVM(ctx context.Context, viewer account.Account, o order.Order) (*buyer.InvoiceBoxVM, error) {
	if h.Invoices == nil || o.Status == lifecycle.OrderPendingPayment || o.Status == lifecycle.OrderCancelled || o.Amount == 0 {
		return nil, nil
	}
	latest, ok, err := h.Invoices.LatestForOrder(ctx, viewer.ID, o.ID)
	if err != nil {
		return nil, err
	}
	why, err := h.Invoices.Blocked(ctx, viewer.ID, o.ID)
	if err != nil {
		return nil, err
	}
	if !ok && why != "" && why != "invoice.unsub_pending" {
		return nil, nil // say, unsubscribed before any request: nothing to show
	}
	if ok && (latest.Status == lifecycle.InvoicePending || latest.Status == lifecycle.InvoiceIssued || why == "invoice.order_not_paid") {
		why = "invoice.already_requested" // the request speaks for itself (after a refund, say)
	}
	form, _ := ctx.Value(invoiceFormKey{}).(ui.Form)
	if form.Values == nil {
		// Start from the order's customer, or from the last request.
		form.Values = map[string]string{"vat_kind": invoice.VATNormal, "medium": invoice.Electronic, "title": o.CustomerName,
			"email": o.ContactEmail, "ship_address": o.ShipAddress}
		if ok {
			form.Values = map[string]string{"vat_kind": latest.VATKind, "medium": latest.Medium, "title": latest.Title,
				"taxpayer_id": latest.TaxpayerID, "bank_info": latest.BankInfo, "reg_address": latest.RegAddress,
				"email": latest.Email, "ship_address": latest.ShipAddress}
		}
	}
	vm := &buyer.InvoiceBoxVM{OrderID: o.ID.String(), Amount: money.Format(o.Amount), FreightCollect: o.Amount < invoice.FreeShippingFrom,
		Blocked: why, Form: form}
	if ok {
		v := invoiceView(ctx, latest)
		v.File = invoiceFile(latest)
		vm.Latest = &v
	}
	return vm, nil
}

func invoiceView(ctx context.Context, i invoice.Invoice) buyer.InvoiceView {
	v := buyer.InvoiceView{ID: i.ID.String(), Number: i.Number, OrderID: i.OrderID.String(), OrderNumber: i.OrderNumber,
		Product: i.ProductName, Status: string(i.Status), VATKind: "invoice.vat_normal", Medium: "invoice.medium_electronic",
		Special: i.VATKind == invoice.VATSpecial, Paper: i.Medium == invoice.Paper, Title: i.Title, TaxpayerID: i.TaxpayerID,
		BankInfo: i.BankInfo, RegAddress: i.RegAddress, Email: i.Email, ShipAddress: i.ShipAddress, Amount: money.Format(i.Amount),
		FreightCollect: i.BuyerPaysShipping(), InvoiceNo: i.InvoiceNo, Courier: i.Courier, Waybill: i.Waybill, Reason: i.Reason,
		CreatedAt: ui.Time(ctx, i.CreatedAt), DueAt: ui.Time(ctx, i.DueAt), Pending: i.Status == lifecycle.InvoicePending,
		Overdue: i.Overdue(ui.C(ctx).Now)}
	if ui.Lang(ctx) == "en" && i.ProductNameEn != "" {
		v.Product = i.ProductNameEn
	}
	if v.Special {
		v.VATKind = "invoice.vat_special"
	}
	if v.Paper {
		v.Medium = "invoice.medium_paper"
	}
	if i.IssuedOn != nil {
		v.IssuedOn = ui.Tr(ctx).Date(*i.IssuedOn)
	}
	return v
}

// invoiceFile links the issued electronic invoice (the seller granted it to
// the buyer when issuing); a returned (red-flushed) one is void.
func invoiceFile(i invoice.Invoice) *ui.Attachment {
	if i.FileID == nil || i.Status != lifecycle.InvoiceIssued {
		return nil
	}
	return &ui.Attachment{Name: i.FileName, URL: "/files/" + i.FileID.String(), Size: i.FileSize}
}

func (h Handler) listInvoices(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	status := r.URL.Query().Get("status")
	if !lifecycle.Invoice.Valid(lifecycle.InvoiceStatus(status)) {
		status = ""
	}
	page := httpx.Page(r)
	list, more, err := h.Invoices.BuyerInvoices(ctx, httpx.MustViewer(ctx).ID, status, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := buyer.InvoiceListVM{Status: status, Statuses: invoiceStatuses, Page: page, HasNext: more,
		Next: "/buyer/invoices?" + url.Values{"status": {status}}.Encode() + "&"}
	for _, i := range list {
		v := invoiceView(ctx, i)
		v.File = invoiceFile(i) // a link only: the list does not read each file's name
		vm.Rows = append(vm.Rows, v)
	}
	httpx.Render(w, r, http.StatusOK, buyer.InvoiceListPage(vm))
}

func (h Handler) showInvoice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	i, err := h.Invoices.BuyerInvoice(ctx, viewer.ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	items, err := h.Invoices.Timeline(ctx, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	v := invoiceView(ctx, i)
	v.File = invoiceFile(i)
	httpx.Render(w, r, http.StatusOK, buyer.InvoiceDetailPage(buyer.InvoiceDetailVM{Invoice: v,
		Timeline: httpx.TimelineView(invoice.ObjectInvoice, items)}))
}

// requestInvoice asks the seller for an invoice; a refused form comes back on
// the order page with what was typed (422), a refusal with its reason (409).
func (h Handler) requestInvoice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vals := httpx.TrimmedValues(r, invoiceFields...)
	_, err = h.Invoices.Request(ctx, httpx.MustViewer(ctx), id, invoice.RequestInput{VATKind: vals["vat_kind"], Medium: vals["medium"],
		Title: vals["title"], TaxpayerID: vals["taxpayer_id"], BankInfo: vals["bank_info"], RegAddress: vals["reg_address"],
		Email: vals["email"], ShipAddress: vals["ship_address"]})
	if err == nil {
		h.Sessions.Flash(ctx, "invoice.flash_requested")
		httpx.Redirect(w, r, "/buyer/orders/"+id.String()+"#invoice")
		return
	}
	if form, ok := httpx.FormOf(err, vals); ok {
		h.renderOrder(w, r.WithContext(context.WithValue(ctx, invoiceFormKey{}, form)), http.StatusUnprocessableEntity,
			orderForms{renew: freshRenewal()})
		return
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Conflict {
		h.renderOrder(w, r.WithContext(context.WithValue(ctx, invoiceFormKey{}, ui.Form{Values: vals, Error: e.Msg})),
			http.StatusConflict, orderForms{renew: freshRenewal()})
		return
	}
	httpx.Error(w, r, err)
}
