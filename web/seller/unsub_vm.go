package seller

import "agora/web/ui"

// UnsubRow is one unsubscription request in the seller's list.
type UnsubRow struct {
	ID, Number, OrderNumber, Product, Amount, Kind, Status, CreatedAt string
	Due                                                               *ui.SLA
	Overdue                                                           bool
}

// UnsubListVM is after-sales → unsubscription management.
type UnsubListVM struct {
	Status   string
	Statuses []string
	Rows     []UnsubRow
	Page     int
	HasNext  bool
}

// UnsubDetailVM is one request with the review form.
type UnsubDetailVM struct {
	ID, Number, OrderID, OrderNumber, Product string
	Status, Amount, Paid, Reason, Opinion     string
	Kind, Courier, Waybill                    string
	BuyerName, BuyerPhone                     string // the phone only with the buyer's consent
	CreatedAt                                 string
	Due                                       *ui.SLA
	CanReview                                 bool
	Form                                      ui.Form // kept_files / kept_names: uploads of a refused attempt
	Timeline                                  []ui.TimelineItem
}
