package buyer

import "agora/web/ui"

// InvoiceBoxVM is the invoice section of the buyer's order page: the latest
// request with the seller's answer, and the request form when one may be made.
type InvoiceBoxVM struct {
	OrderID        string
	Amount         string // the invoice amount: what was paid
	FreightCollect bool   // a paper invoice below ¥100 ships freight collect
	Blocked        string // why no request can be made now (catalog key), or ""
	Form           ui.Form
	Latest         *InvoiceView
}

// CanRequest reports whether the form is shown.
func (vm InvoiceBoxVM) CanRequest() bool { return vm.Blocked == "" }

// InvoiceView is one invoice request as the buyer sees it.
type InvoiceView struct {
	ID, Number, OrderID, OrderNumber, Product string
	Status                                    string
	VATKind, Medium                           string // catalog keys
	Special, Paper                            bool
	Title, TaxpayerID, BankInfo, RegAddress   string
	Email, ShipAddress                        string
	Amount                                    string
	FreightCollect                            bool
	InvoiceNo, IssuedOn                       string
	File                                      *ui.Attachment // the issued electronic invoice
	Courier, Waybill                          string
	Reason                                    string
	CreatedAt, DueAt                          string
	Pending, Overdue                          bool
}

// InvoiceListVM is the buyer's invoice list.
type InvoiceListVM struct {
	Status   string
	Statuses []string
	Rows     []InvoiceView
	Page     int
	HasNext  bool
	Next     string // the pager's base with the filter
}

// InvoiceDetailVM is one request with its evidence.
type InvoiceDetailVM struct {
	Invoice  InvoiceView
	Timeline []ui.TimelineItem
}
