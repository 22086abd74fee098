package ops

import (
	"time"

	"agora/web/ui"
)

// UnsubQueueVM is operations' unsubscription console: the escalated requests
// they decide (closest deadline first), or every request read-only.
type UnsubQueueVM struct {
	View     string // escalated | all
	Rows     []UnsubQueueRow
	Open     int64 // escalated requests, all pages
	Page     int
	HasNext  bool
	PagerURL string
}

// UnsubQueueRow is one request of the console.
type UnsubQueueRow struct {
	Href, Number, OrderNumber, Product string
	Kind, Status, Amount               string
	Created                            time.Time
	SLA                                *ui.SLA // the running clock: seller, return or operations
}

// UnsubDetailVM is one request as an operations reviewer reads and decides it.
type UnsubDetailVM struct {
	ID, Number, Kind, Status string
	Amount, Reason, Opinion  string
	Courier, Waybill         string
	BuyerName, BuyerPhone    string
	Seller                   string
	Created                  time.Time
	SLA                      *ui.SLA
	DecidedBy                string
	DecidedAt                *time.Time
	Order                    ui.OrderView
	Timeline                 []MergedItem
	EvidenceURL              string
	Alert                    string
	CanDecide                bool
	Form                     ui.Form
	PaidText                 string
}
