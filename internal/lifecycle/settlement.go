package lifecycle

// StatementStatus is the status of a seller's monthly statement (账单, domain §7.6–7.7, A11).
type StatementStatus string

// Statement states, for general goods; the invoice steps apply where the
// domain requires the seller to invoice the platform (§7.8).
const (
	StatementNone            StatementStatus = ""
	StatementGenerated       StatementStatus = "generated"        // 已出账: the bill run made it
	StatementSent            StatementStatus = "sent"             // 审核并发送: operations reviewed and sent it
	StatementRequisition     StatementStatus = "requisition"      // 待申付: a payment requisition number exists
	StatementAwaitingInvoice StatementStatus = "awaiting_invoice" // 待开票: the seller invoices the platform
	StatementInvoiceReview   StatementStatus = "invoice_review"   // 发票审核: operations check the invoice
	StatementInvoiceRejected StatementStatus = "invoice_rejected" // 申请被驳回: fix the invoice and submit again
	StatementPaying          StatementStatus = "paying"           // 付款中: the invoice was accepted
	StatementPaid            StatementStatus = "paid"             // 已支付
)

// StatementEvent is an event of a statement.
type StatementEvent string

// Statement events.
const (
	StatementGenerate         StatementEvent = "generate"        // system: the monthly bill run
	StatementSend             StatementEvent = "send"            // operations (or system): reviewed and sent to the seller
	StatementRaiseRequisition StatementEvent = "requisition"     // operations (or system): payment requisition created
	StatementRequestInvoice   StatementEvent = "request_invoice" // system: the seller must invoice the platform
	StatementSubmitInvoice    StatementEvent = "submit_invoice"  // seller: an invoice whose total equals the statement's
	StatementRejectInvoice    StatementEvent = "reject_invoice"  // operations
	StatementAcceptInvoice    StatementEvent = "accept_invoice"  // operations: the invoice is right; payment follows
	StatementPay              StatementEvent = "pay"             // operations: paid to the seller's bank account
)

// Statement is the statement machine.
var Statement = &Machine[StatementStatus, StatementEvent]{
	Name: "statement",
	States: []StatementStatus{StatementNone, StatementGenerated, StatementSent, StatementRequisition, StatementAwaitingInvoice,
		StatementInvoiceReview, StatementInvoiceRejected, StatementPaying, StatementPaid},
	Events: []StatementEvent{StatementGenerate, StatementSend, StatementRaiseRequisition, StatementRequestInvoice, StatementSubmitInvoice,
		StatementRejectInvoice, StatementAcceptInvoice, StatementPay},
	Transitions: []Transition[StatementStatus, StatementEvent]{
		{StatementNone, StatementGenerate, []Actor{System}, StatementGenerated},
		{StatementGenerated, StatementSend, []Actor{Reviewer, Admin, System}, StatementSent},
		{StatementSent, StatementRaiseRequisition, []Actor{Reviewer, Admin, System}, StatementRequisition},
		{StatementRequisition, StatementRequestInvoice, []Actor{System}, StatementAwaitingInvoice},
		{StatementRequisition, StatementPay, ops, StatementPaid},
		{StatementAwaitingInvoice, StatementSubmitInvoice, []Actor{Seller}, StatementInvoiceReview},
		{StatementInvoiceRejected, StatementSubmitInvoice, []Actor{Seller}, StatementInvoiceReview},
		{StatementInvoiceReview, StatementRejectInvoice, ops, StatementInvoiceRejected},
		{StatementInvoiceReview, StatementAcceptInvoice, ops, StatementPaying},
		{StatementPaying, StatementPay, ops, StatementPaid},
	},
}

// FeeInvoiceStatus is the status of a platform-fee invoice request (平台费发票, A12).
type FeeInvoiceStatus string

// Platform-fee invoice states.
const (
	FeeInvoiceNone      FeeInvoiceStatus = ""
	FeeInvoiceRequested FeeInvoiceStatus = "requested" // 申请中
	FeeInvoiceIssued    FeeInvoiceStatus = "issued"    // 已开具
)

// FeeInvoiceEvent is an event of a platform-fee invoice request.
type FeeInvoiceEvent string

// Platform-fee invoice events.
const (
	FeeInvoiceRequest FeeInvoiceEvent = "request" // seller: for selected paid statements
	FeeInvoiceIssue   FeeInvoiceEvent = "issue"   // operations: the invoice is made
)

// FeeInvoice is the platform-fee invoice machine.
var FeeInvoice = &Machine[FeeInvoiceStatus, FeeInvoiceEvent]{
	Name:   "fee_invoice",
	States: []FeeInvoiceStatus{FeeInvoiceNone, FeeInvoiceRequested, FeeInvoiceIssued},
	Events: []FeeInvoiceEvent{FeeInvoiceRequest, FeeInvoiceIssue},
	Transitions: []Transition[FeeInvoiceStatus, FeeInvoiceEvent]{
		{FeeInvoiceNone, FeeInvoiceRequest, []Actor{Seller}, FeeInvoiceRequested},
		{FeeInvoiceRequested, FeeInvoiceIssue, ops, FeeInvoiceIssued},
	},
}
