package main

import (
	"agora/internal/lifecycle"
	"agora/internal/settlement"
)

// settlementKeys are the keys settlement pages build: statuses and events of
// statements and platform-fee invoices, line kinds, rule scopes, billing
// states, CSV headers, invoice kinds and inbox topics.
func settlementKeys() []string {
	var keys []string
	for _, s := range lifecycle.Statement.States[1:] {
		keys = append(keys, "status.statement."+string(s))
	}
	for _, e := range lifecycle.Statement.Events {
		keys = append(keys, "event.statement."+string(e))
	}
	for _, s := range lifecycle.FeeInvoice.States[1:] {
		keys = append(keys, "status.fee_invoice."+string(s))
	}
	for _, e := range lifecycle.FeeInvoice.Events {
		keys = append(keys, "event.fee_invoice."+string(e))
	}
	for _, k := range []string{"new", "renewal", "refund"} {
		keys = append(keys, "settlement.kind."+k)
	}
	for _, k := range []string{"default", "access_type", "product"} {
		keys = append(keys, "settlement.scope."+k)
	}
	for _, k := range []string{settlement.Billed, settlement.ToBeBilled, settlement.NotBilled} {
		keys = append(keys, "settlement.state."+k)
	}
	for _, k := range []string{"seq", "kind", "order", "product", "occurred", "gross", "rate", "fee", "share", "entry", "reverses"} {
		keys = append(keys, "settlement.csv."+k)
	}
	for _, k := range []string{"digital_special", "digital_normal"} {
		keys = append(keys, "settlement.fee_kind."+k)
	}
	for _, topic := range settlement.InboxTopics {
		keys = append(keys, "inbox."+topic+".subject", "inbox."+topic+".body")
	}
	return keys
}
