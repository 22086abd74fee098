package ops

import "agora/web/ui"

// InvoiceOverdueRow is a buyer's invoice request its seller left past the 7 days.
type InvoiceOverdueRow struct {
	ID, Number, Seller, OrderNumber, Product, Buyer string
	VATKind, Medium                                 string // catalog keys
	Amount, CreatedAt, DueAt, OverdueBy             string
}

// InvoiceOverdueVM is the operations list of overdue invoice requests.
type InvoiceOverdueVM struct {
	Rows    []InvoiceOverdueRow
	Page    int
	HasNext bool
}

// InvoiceDetailVM is one request, read-only, with its evidence.
type InvoiceDetailVM struct {
	Row      InvoiceOverdueRow
	Status   string
	Title    string
	Due      *ui.SLA
	Timeline []ui.TimelineItem
}
