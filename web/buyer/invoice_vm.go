package buyer

// InvoiceBoxVM is the invoice section of the buyer's order page.
type InvoiceBoxVM struct{}
