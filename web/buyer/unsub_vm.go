package buyer

import "agora/web/ui"

// UnsubVM is the unsubscribe section of an order page: what is possible now
// (the quote) with its form, and the latest request with the seller's answer.
type UnsubVM struct {
	OrderID   string
	Kind      string // negotiated | standard | return | "" (not possible: Why)
	Rule      string // five_day | pro_rata
	Amount    string
	Paid      string
	Quota     int
	QuotaLeft int
	Unused    int
	Period    int
	Why       string
	Form      ui.Form
	Latest    *UnsubRow
}

// UnsubRow is one request as the buyer sees it.
type UnsubRow struct {
	ID, Number, OrderID, OrderNumber, Product string
	Kind, Status, Rule, Amount, Reason        string
	Opinion, Courier, Waybill                 string
	CreatedAt                                 string
	Due                                       *ui.SLA
	CanWithdraw                               bool
}

// UnsubListVM is the buyer's unsubscription list.
type UnsubListVM struct {
	Rows    []UnsubRow
	Page    int
	HasNext bool
}
