package lifecycle

// UnsubStatus is the status of an unsubscription request (退订, domain §6.2–6.3, A9).
type UnsubStatus string

// Unsubscription states.
const (
	UnsubNone      UnsubStatus = ""
	UnsubPending   UnsubStatus = "pending"   // 待商家审核: the seller reviews the negotiated request
	UnsubEscalated UnsubStatus = "escalated" // the seller left it unanswered past the deadline: operations decide
	UnsubReturning UnsubStatus = "returning" // hardware received: the goods go back; the seller accepts the return within 15 days
	UnsubApproved  UnsubStatus = "approved"  // 已退订: refunded to the buyer's balance, the order unsubscribed
	UnsubRejected  UnsubStatus = "rejected"  // 已驳回: the buyer may apply again or appeal
	UnsubWithdrawn UnsubStatus = "withdrawn" // the buyer took the request back
)

// UnsubEvent is an event of an unsubscription request.
type UnsubEvent string

// Unsubscription events.
const (
	UnsubApply        UnsubEvent = "apply"         // buyer: a negotiated request (supervised order in escrow)
	UnsubStandard     UnsubEvent = "standard"      // buyer: the platform's standard rules (non-supervised), refunded at once
	UnsubApplyReturn  UnsubEvent = "apply_return"  // buyer: return received hardware
	UnsubApprove      UnsubEvent = "approve"       // seller (or operations once escalated), with an opinion and attachments
	UnsubReject       UnsubEvent = "reject"        // seller (or operations once escalated), with an opinion
	UnsubWithdraw     UnsubEvent = "withdraw"      // buyer
	UnsubEscalate     UnsubEvent = "escalate"      // system: the seller's deadline passed
	UnsubAcceptReturn UnsubEvent = "accept_return" // seller: the returned goods arrived as expected
	UnsubProblem      UnsubEvent = "problem"       // seller: the returned goods are not as expected (a dispute follows)
	UnsubAutoAccept   UnsubEvent = "auto_accept"   // system: 15 days after the return without the seller's answer
)

// Unsubscription is the unsubscription machine.
var Unsubscription = &Machine[UnsubStatus, UnsubEvent]{
	Name:   "unsubscription",
	States: []UnsubStatus{UnsubNone, UnsubPending, UnsubEscalated, UnsubReturning, UnsubApproved, UnsubRejected, UnsubWithdrawn},
	Events: []UnsubEvent{UnsubApply, UnsubStandard, UnsubApplyReturn, UnsubApprove, UnsubReject, UnsubWithdraw, UnsubEscalate,
		UnsubAcceptReturn, UnsubProblem, UnsubAutoAccept},
	Transitions: []Transition[UnsubStatus, UnsubEvent]{
		{UnsubNone, UnsubApply, []Actor{Buyer}, UnsubPending},
		{UnsubNone, UnsubStandard, []Actor{Buyer}, UnsubApproved},
		{UnsubNone, UnsubApplyReturn, []Actor{Buyer}, UnsubReturning},
		{UnsubPending, UnsubApprove, []Actor{Seller}, UnsubApproved},
		{UnsubPending, UnsubReject, []Actor{Seller}, UnsubRejected},
		{UnsubPending, UnsubWithdraw, []Actor{Buyer}, UnsubWithdrawn},
		{UnsubPending, UnsubEscalate, []Actor{System}, UnsubEscalated},
		{UnsubEscalated, UnsubApprove, ops, UnsubApproved},
		{UnsubEscalated, UnsubReject, ops, UnsubRejected},
		{UnsubEscalated, UnsubWithdraw, []Actor{Buyer}, UnsubWithdrawn},
		{UnsubReturning, UnsubAcceptReturn, []Actor{Seller}, UnsubApproved},
		{UnsubReturning, UnsubAutoAccept, []Actor{System}, UnsubApproved},
		{UnsubReturning, UnsubProblem, []Actor{Seller}, UnsubRejected},
	},
}

// UnsubOpen reports whether a request in s still blocks an invoice request (domain §6.2).
func UnsubOpen(s UnsubStatus) bool {
	return s == UnsubPending || s == UnsubEscalated || s == UnsubReturning
}

// InvoiceStatus is the status of a buyer's invoice request (给用户开票, domain §8.2, A10).
type InvoiceStatus string

// Invoice states.
const (
	InvoiceNone      InvoiceStatus = ""
	InvoicePending   InvoiceStatus = "pending"   // 待审核: the seller issues within 7 days
	InvoiceIssued    InvoiceStatus = "issued"    // 已完成
	InvoiceCancelled InvoiceStatus = "cancelled" // 已撤销: rejected by the seller, or cancelled at the buyer's request
	InvoiceReturned  InvoiceStatus = "returned"  // 已退回: red-flushed after the order was refunded
)

// InvoiceEvent is an event of an invoice request.
type InvoiceEvent string

// Invoice events.
const (
	InvoiceRequest InvoiceEvent = "request" // buyer
	InvoiceIssue   InvoiceEvent = "issue"   // seller: number, date, PDF or courier
	InvoiceReject  InvoiceEvent = "reject"  // seller, with a reason, while pending
	InvoiceCancel  InvoiceEvent = "cancel"  // seller at the buyer's request, while pending
	InvoiceReturn  InvoiceEvent = "return"  // seller: red-flush after a refund
)

// Invoice is the customer invoice machine.
var Invoice = &Machine[InvoiceStatus, InvoiceEvent]{
	Name:   "invoice",
	States: []InvoiceStatus{InvoiceNone, InvoicePending, InvoiceIssued, InvoiceCancelled, InvoiceReturned},
	Events: []InvoiceEvent{InvoiceRequest, InvoiceIssue, InvoiceReject, InvoiceCancel, InvoiceReturn},
	Transitions: []Transition[InvoiceStatus, InvoiceEvent]{
		{InvoiceNone, InvoiceRequest, []Actor{Buyer}, InvoicePending},
		{InvoicePending, InvoiceIssue, []Actor{Seller}, InvoiceIssued},
		{InvoicePending, InvoiceReject, []Actor{Seller}, InvoiceCancelled},
		{InvoicePending, InvoiceCancel, []Actor{Seller}, InvoiceCancelled},
		{InvoiceIssued, InvoiceReturn, []Actor{Seller}, InvoiceReturned},
	},
}
