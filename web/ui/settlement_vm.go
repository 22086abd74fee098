package ui

// StatementRow is one statement in a list.
type StatementRow struct {
	ID, Number, Period, Status string
	Joint                      bool
	Lines                      int
	Gross, Fee, Share          string
	CreatedAt                  string
}

// LineRow is one statement line with what explains it.
type LineRow struct {
	Seq                       int
	Kind                      string
	OrderID, OrderNumber      string
	Product                   string
	OccurredAt                string
	Gross, Fee, Share         string
	Rate, RuleScope, RuleFrom string
	RuleNote                  string
	Original                  string // refunds: the payment's line
}

// StatementView is one statement: totals, lines, the invoice to the platform and the evidence.
type StatementView struct {
	StatementRow
	Base          string // /seller/settlement or /ops/settlement
	OrderBase     string // /seller/orders/ for links to the orders; empty: no links
	Version       string
	Digest        string
	RequisitionNo string
	InvoiceNo     string
	InvoiceTotal  string
	InvoiceDate   string
	InvoiceFileID string
	Reason        string
	PayoutRef     string
	PaidAt        string
	SellerName    string
	SendDue       *SLA
	Items         []LineRow
	Page          int
	HasNext       bool
	Timeline      []TimelineItem
}
