package seller

import "agora/web/ui"

// StatementsVM is the seller's statements (账单管理).
type StatementsVM struct {
	Rows    []ui.StatementRow
	Page    int
	HasNext bool
}

// StatementVM is one of the seller's statements with the invoice form.
type StatementVM struct {
	ui.StatementView
	// CanInvoice: the seller must (re)submit the invoice to the platform.
	CanInvoice bool
	ShareInput string // the amount as the total field takes it: 3240.00
	Form       ui.Form
}

// TxRow is one order in the transaction details.
type TxRow struct {
	OrderID, Number, Product string
	Kind, Status             string
	Amount, Refunded         string
	PaidAt                   string
	State                    string
	StatementID              string
	StatementNumber, Period  string
	Reasons                  []TxReason
}

// TxReason is why an order is not billed yet, translated by the page.
type TxReason struct {
	Key  string
	Args []any
	Node string
}

// TransactionsVM is the transaction details (交易明细).
type TransactionsVM struct {
	State, Number string
	Rows          []TxRow
	Page          int
	HasNext       bool
}

// FeeInvoiceRow is one platform-fee invoice request.
type FeeInvoiceRow struct {
	ID, Number, Status, Kind, Email string
	Amount, CreatedAt, IssuedAt     string
	InvoiceNo, FileID               string
}

// FeeInvoicesVM is the platform-fee invoice tab: paid statements to choose and the requests.
type FeeInvoicesVM struct {
	Candidates []ui.StatementRow
	Requests   []FeeInvoiceRow
	Form       ui.Form
	Chosen     map[string]bool
}
