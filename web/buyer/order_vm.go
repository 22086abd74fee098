package buyer

import "agora/web/ui"

// PurchaseVM is the purchase form of one product.
type PurchaseVM struct {
	ProductID  string
	Name       string
	Type       string
	Specs      []PurchaseSpec
	Mode       string // the selected spec's billing mode
	TrialDays  int
	QtyMin     int
	QtyMax     int
	Hardware   bool
	Supervised bool
	EULA       string
	Refusal    string // why this buyer cannot buy (a catalog key); no form then
	Form       ui.Form
	Quote      QuoteVM
}

// PurchaseSpec is a spec the buyer can choose.
type PurchaseSpec struct {
	ID, Name, Mode, Price string
	TrialDays             int
	Selected              bool
}

// QuoteVM is the price box: what the purchase costs and what the balance covers.
type QuoteVM struct {
	Amount   string
	Balance  string
	Short    bool
	Trial    bool
	Quantity string
}

// OrdersVM is the buyer's order list.
type OrdersVM struct {
	Filter   ui.OrderFilter
	Statuses []string
	Rows     []ui.OrderRow
	Page     int
	HasNext  bool
}

// OrderVM is one of the buyer's orders with what they can do next.
type OrderVM struct {
	Order    ui.OrderView
	Timeline []ui.TimelineItem
	Balance  string
	Short    bool
	CanPay   bool
	CanRenew bool
	Mode     string
	QtyMin   int
	QtyMax   int
	EULA     string
	Renew    ui.Form
	Refusal  string // why the last action did nothing (a catalog key)
	// Supervision is the order's service supervision, nil when it has none.
	Supervision *ui.SupervisionView
	// Unsub is the unsubscribe section, nil before payment.
	Unsub *UnsubVM
	// Invoice is the invoice section, nil when the order cannot have one.
	Invoice *InvoiceBoxVM
}
