package ops

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"agora/internal/invoice"
	"agora/internal/lifecycle"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/web/ops"
	"agora/web/ui"
)

// Invoice requests sellers leave past the 7 days reach operations here
// (read-only: operations follow up with the seller).
func (h Handler) invoiceRoutes(r chi.Router) {
	r.Get("/invoices", h.listOverdueInvoices)
	r.Get("/invoices/{id}", h.showInvoice)
}

func overdueRow(ctx context.Context, i invoice.Invoice) ops.InvoiceOverdueRow {
	row := ops.InvoiceOverdueRow{ID: i.ID.String(), Number: i.Number, Seller: i.SellerName, OrderNumber: i.OrderNumber,
		Product: i.ProductName, Buyer: i.BuyerName, VATKind: "invoice.vat_normal", Medium: "invoice.medium_electronic",
		Amount: money.Format(i.Amount), CreatedAt: ui.Time(ctx, i.CreatedAt), DueAt: ui.Time(ctx, i.DueAt)}
	if ui.Lang(ctx) == "en" && i.ProductNameEn != "" {
		row.Product = i.ProductNameEn
	}
	if i.VATKind == invoice.VATSpecial {
		row.VATKind = "invoice.vat_special"
	}
	if i.Medium == invoice.Paper {
		row.Medium = "invoice.medium_paper"
	}
	if now := ui.C(ctx).Now; i.Overdue(now) {
		row.OverdueBy = ui.Span(ctx, now.Sub(i.DueAt))
	}
	return row
}

func (h Handler) listOverdueInvoices(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	page := httpx.Page(r)
	list, more, err := h.Invoices.Overdue(ctx, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := ops.InvoiceOverdueVM{Page: page, HasNext: more}
	for _, i := range list {
		vm.Rows = append(vm.Rows, overdueRow(ctx, i))
	}
	httpx.Render(w, r, http.StatusOK, ops.InvoiceOverduePage(vm))
}

func (h Handler) showInvoice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	i, err := h.Invoices.OpsInvoice(ctx, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	items, err := h.Invoices.Timeline(ctx, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := ops.InvoiceDetailVM{Row: overdueRow(ctx, i), Status: string(i.Status), Title: i.Title,
		Timeline: httpx.TimelineView(invoice.ObjectInvoice, items)}
	if i.Status == lifecycle.InvoicePending {
		vm.Due = &ui.SLA{Due: i.DueAt}
	}
	httpx.Render(w, r, http.StatusOK, ops.InvoiceDetailPage(vm))
}
