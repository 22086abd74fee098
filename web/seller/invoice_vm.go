package seller

import "agora/web/ui"

// InvoiceRow is one buyer's invoice request in the "invoice users" tab.
type InvoiceRow struct {
	ID, Number, OrderNumber, Product, Buyer string
	VATKind, Medium                         string // catalog keys
	Amount, Status, CreatedAt               string
	Due                                     *ui.SLA // pending: the 7-day clock
	Overdue                                 bool
}

// InvoiceListVM is invoice management → invoices to customers (给用户开票).
type InvoiceListVM struct {
	Status, Number   string
	Statuses         []string
	Rows             []InvoiceRow
	Pending, Overdue int
	Page             int
	HasNext          bool
	Next             string // the pager's base with the filters
}

// InvoiceDetailVM is one request with what the seller may do now.
type InvoiceDetailVM struct {
	ID, Number, OrderID, OrderNumber, Product, Buyer string
	Status, VATKind, Medium                          string
	Special, Paper                                   bool
	Title, TaxpayerID, BankInfo, RegAddress          string
	Email, ShipAddress                               string
	Amount                                           string
	FreightCollect                                   bool
	InvoiceNo, IssuedOn                              string
	File                                             *ui.Attachment
	Courier, Waybill, Reason                         string
	CreatedAt                                        string
	Due                                              *ui.SLA
	Refunded                                         string // the amount refunded on the order, "" if none
	Version                                          string
	Today                                            string // the issue date the form suggests

	CanIssue, CanClose, CanReturn bool
	Refusal                       string // why the last button did nothing (catalog key)
	IssueForm, CloseForm          ui.Form
	KeptFile                      *ui.Attachment // the PDF uploaded with a refused issue form
	Timeline                      []ui.TimelineItem
}
