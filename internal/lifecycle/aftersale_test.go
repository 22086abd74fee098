package lifecycle

import "testing"

func TestUnsubscriptionMachine(t *testing.T) {
	exhaust(t, Unsubscription, map[string]UnsubStatus{
		"|apply|buyer":                   UnsubPending,
		"|standard|buyer":                UnsubApproved,
		"|apply_return|buyer":            UnsubReturning,
		"pending|approve|seller":         UnsubApproved,
		"pending|reject|seller":          UnsubRejected,
		"pending|withdraw|buyer":         UnsubWithdrawn,
		"pending|escalate|system":        UnsubEscalated,
		"escalated|approve|reviewer":     UnsubApproved,
		"escalated|approve|admin":        UnsubApproved,
		"escalated|reject|reviewer":      UnsubRejected,
		"escalated|reject|admin":         UnsubRejected,
		"escalated|withdraw|buyer":       UnsubWithdrawn,
		"returning|accept_return|seller": UnsubApproved,
		"returning|auto_accept|system":   UnsubApproved,
		"returning|problem|seller":       UnsubRejected,
	})
	for _, s := range []UnsubStatus{UnsubApproved, UnsubRejected, UnsubWithdrawn} {
		if !Unsubscription.Terminal(s) || UnsubOpen(s) {
			t.Errorf("%s must be terminal and not open", s)
		}
	}
	for _, s := range []UnsubStatus{UnsubPending, UnsubEscalated, UnsubReturning} {
		if !UnsubOpen(s) {
			t.Errorf("%s blocks invoices", s)
		}
	}
}

func TestInvoiceMachine(t *testing.T) {
	exhaust(t, Invoice, map[string]InvoiceStatus{
		"|request|buyer":        InvoicePending,
		"pending|issue|seller":  InvoiceIssued,
		"pending|reject|seller": InvoiceCancelled,
		"pending|cancel|seller": InvoiceCancelled,
		"issued|return|seller":  InvoiceReturned,
	})
}

func TestStatementMachine(t *testing.T) {
	exhaust(t, Statement, map[string]StatementStatus{
		"|generate|system":                       StatementGenerated,
		"generated|send|reviewer":                StatementSent,
		"generated|send|admin":                   StatementSent,
		"generated|send|system":                  StatementSent,
		"sent|requisition|reviewer":              StatementRequisition,
		"sent|requisition|admin":                 StatementRequisition,
		"sent|requisition|system":                StatementRequisition,
		"requisition|request_invoice|system":     StatementAwaitingInvoice,
		"requisition|pay|reviewer":               StatementPaid,
		"requisition|pay|admin":                  StatementPaid,
		"awaiting_invoice|submit_invoice|seller": StatementInvoiceReview,
		"invoice_rejected|submit_invoice|seller": StatementInvoiceReview,
		"invoice_review|reject_invoice|reviewer": StatementInvoiceRejected,
		"invoice_review|reject_invoice|admin":    StatementInvoiceRejected,
		"invoice_review|accept_invoice|reviewer": StatementPaying,
		"invoice_review|accept_invoice|admin":    StatementPaying,
		"paying|pay|reviewer":                    StatementPaid,
		"paying|pay|admin":                       StatementPaid,
	})
	if !Statement.Terminal(StatementPaid) {
		t.Error("paid must be terminal")
	}
}

func TestFeeInvoiceMachine(t *testing.T) {
	exhaust(t, FeeInvoice, map[string]FeeInvoiceStatus{
		"|request|seller":          FeeInvoiceRequested,
		"requested|issue|reviewer": FeeInvoiceIssued,
		"requested|issue|admin":    FeeInvoiceIssued,
	})
}
