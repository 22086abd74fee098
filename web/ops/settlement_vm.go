package ops

import "agora/web/ui"

// BillRunRow is one billed period.
type BillRunRow struct {
	Period, Digest, StartedAt, By string
	Statements                    int
	Lines                         int64
	Verified                      string // the last verification's time, or ""
	VerifyOK                      bool
}

// SettlementVM is the operations settlement page: bill runs, the run and
// verify forms (admins) and the statements.
type SettlementVM struct {
	Runs       []BillRunRow
	RunForm    ui.Form
	Verified   *VerifyView
	Status     string
	Period     string
	Statuses   []string
	Statements []ui.StatementRow
	Sellers    map[string]string
	Page       int
	HasNext    bool
}

// VerifyView is what re-running a period found.
type VerifyView struct {
	Period, Digest, Stored string
	OK                     bool
	Statements             int
	Lines                  int64
	Mismatches             []string
}

// OpsStatementVM is a statement with the actions its status allows.
type OpsStatementVM struct {
	ui.StatementView
	Form ui.Form
	// Actions the statement's status allows now.
	CanSend, CanRequisition, CanReviewInvoice, CanPay bool
}

// FeeRuleRow is one fee rule.
type FeeRuleRow struct {
	Scope, Target, Rate, From, Note, CreatedAt string
	PlatformInvoices                           bool
}

// FeeRulesVM is the fee rules page with the form for a new rule.
type FeeRulesVM struct {
	Rules       []FeeRuleRow
	Form        ui.Form
	AccessTypes []ui.Option
}

// OpsFeeInvoiceRow is one platform-fee invoice request.
type OpsFeeInvoiceRow struct {
	ID, Number, Seller, Status, Kind, Email string
	Amount, CreatedAt, InvoiceNo, FileID    string
	Version                                 string
	Statements                              string
}

// OpsFeeInvoicesVM lists the requests; pending ones carry the issue form.
type OpsFeeInvoicesVM struct {
	Rows   []OpsFeeInvoiceRow
	Form   ui.Form
	FormID string // the request the form's errors belong to
}
