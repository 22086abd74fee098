package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"agora/internal/catalog"
	"agora/internal/file"
	"agora/internal/ledger"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/i18n"
	"agora/internal/server/httpx"
	"agora/internal/supervision"
	"agora/web/locales"
)

// TestCatalogsComplete: both languages define the same keys, and every key the
// code names — literally or by the patterns it builds — exists.
func TestCatalogsComplete(t *testing.T) {
	b, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	zh, en := b.Keys("zh-CN"), b.Keys("en")
	for _, k := range zh {
		if !b.Has("en", k) {
			t.Errorf("%s: missing in en", k)
		}
	}
	for _, k := range en {
		if !b.Has("zh-CN", k) {
			t.Errorf("%s: missing in zh-CN", k)
		}
	}
	prefixes := map[string]bool{}
	for _, k := range en {
		prefixes[k[:strings.Index(k, ".")]] = true
	}
	lit := regexp.MustCompile(`"([a-z_]+\.[a-z0-9_.]*[a-z0-9])"`)
	root := filepath.Join("..", "..")
	used := map[string]string{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == "var" || d.Name() == ".git" || d.Name() == "pg") {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return err
		}
		if strings.HasSuffix(p, "_templ.go") || strings.HasSuffix(p, "_test.go") || !(strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".templ")) {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			if prefixes[m[1][:strings.Index(m[1], ".")]] {
				used[m[1]] = p
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in the code; the scan is broken", len(used))
	}
	var dynamic []string
	for _, s := range lifecycle.Entry.States[1:] {
		dynamic = append(dynamic, "status.entry."+string(s))
	}
	for _, s := range lifecycle.Certification.States[1:] {
		dynamic = append(dynamic, "status.cert."+string(s))
	}
	for _, e := range lifecycle.Entry.Events {
		dynamic = append(dynamic, "event.entry."+string(e))
	}
	for _, e := range lifecycle.Certification.Events {
		dynamic = append(dynamic, "event.cert."+string(e))
	}
	for _, a := range []lifecycle.Actor{lifecycle.Applicant, lifecycle.Reviewer, lifecycle.Admin, lifecycle.System} {
		dynamic = append(dynamic, "role."+string(a))
	}
	for _, st := range []merchant.Stage{merchant.StageNotApplied, merchant.StageEntryPending, merchant.StageEntryRejected,
		merchant.StageCertRequired, merchant.StageCertPending, merchant.StageCertRejected, merchant.StageCertLocked, merchant.StageReady} {
		dynamic = append(dynamic, "stage."+string(st), "stage."+string(st)+".next")
	}
	for purpose := range file.Rules {
		dynamic = append(dynamic, "file.type_"+purpose, "file.too_large_"+purpose)
	}
	for _, topic := range []string{"entry_approved", "entry_rejected", "cert_certified", "cert_rejected", "cert_locked", "cert_unlocked"} {
		dynamic = append(dynamic, "inbox."+topic+".subject", "inbox."+topic+".body")
	}
	for _, tp := range merchant.TaxpayerTypes {
		dynamic = append(dynamic, "cert.taxpayer."+tp)
		for _, r := range merchant.TaxRates[tp] {
			dynamic = append(dynamic, "cert.rate."+r)
		}
	}
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		dynamic = append(dynamic, "weekday."+d)
	}
	dynamic = append(dynamic, reviewKeys()...)
	dynamic = append(dynamic, orderKeys()...)
	dynamic = append(dynamic, supervisionKeys()...)
	for _, st := range lifecycle.Invoice.States[1:] {
		dynamic = append(dynamic, "status.invoice."+string(st))
	}
	for _, e := range lifecycle.Invoice.Events {
		dynamic = append(dynamic, "event.invoice."+string(e))
	}
	for _, topic := range []string{"invoice_requested", "invoice_issued", "invoice_rejected", "invoice_cancelled", "invoice_returned"} {
		dynamic = append(dynamic, "inbox."+topic+".subject", "inbox."+topic+".body")
	}
	dynamic = append(dynamic, arbitrationKeys()...)
	for _, st := range lifecycle.Unsubscription.States[1:] {
		dynamic = append(dynamic, "status.unsub."+string(st))
	}
	for _, e := range lifecycle.Unsubscription.Events {
		dynamic = append(dynamic, "event.unsubscription."+string(e))
	}
	for _, k := range []string{"negotiated", "standard", "return"} {
		dynamic = append(dynamic, "unsub.kind_"+k)
	}
	for _, topic := range []string{"unsub_applied", "unsub_standard", "unsub_approved", "unsub_rejected", "unsub_withdrawn", "unsub_escalated"} {
		dynamic = append(dynamic, "inbox."+topic+".subject", "inbox."+topic+".body")
	}
	for _, st := range lifecycle.Export.States[1:] {
		dynamic = append(dynamic, "status.export."+string(st))
	}
	for _, e := range lifecycle.Export.Events {
		dynamic = append(dynamic, "event.export."+string(e))
	}
	for _, k := range ledger.Kinds {
		dynamic = append(dynamic, "ledger.kind."+k)
	}
	dynamic = append(dynamic, "event.account."+ledger.EventTopUp, "event.account."+ledger.EventAdjust)
	dynamic = append(dynamic, settlementKeys()...)
	for _, k := range dynamic {
		used[k] = "(built by code)"
	}
	for k, where := range used {
		if !b.Has("en", k) || !b.Has("zh-CN", k) {
			t.Errorf("key %q used in %s is missing from a catalog", k, where)
		}
	}
}

// reviewKeys are the keys the product reviews build: statuses and events of
// applications, products and specs, inbox topics, and the labels of form
// fields and their values.
func reviewKeys() []string {
	var keys []string
	for _, s := range lifecycle.Application.States[1:] {
		keys = append(keys, "status.product_application."+string(s))
	}
	for _, e := range lifecycle.Application.Events {
		keys = append(keys, "event.product_application."+string(e))
	}
	keys = append(keys, "event.product_application.claim", "event.product_application.unclaim")
	for _, s := range lifecycle.Shelf.States[1:] {
		keys = append(keys, "status.product."+string(s), "status.product_spec."+string(s))
	}
	for _, e := range lifecycle.Shelf.Events {
		keys = append(keys, "event.product."+string(e), "event.product_spec."+string(e))
	}
	for _, e := range []string{"revise", "hide", "show", "set_target", "add_buyers", "remove_buyers", "add_trial", "remove_trial"} {
		keys = append(keys, "event.product."+e)
	}
	for _, e := range []string{"hide", "show", "set_sales"} {
		keys = append(keys, "event.product_spec."+e)
	}
	for _, kind := range []string{catalog.KindRelease, catalog.KindModify, catalog.KindDelist} {
		for _, result := range []string{"approved", "rejected"} {
			topic := "inbox.product_" + kind + "_" + result
			keys = append(keys, topic+".subject", topic+".body")
		}
	}
	keys = append(keys, "review.kind.all")
	for _, k := range catalog.ReviewKinds {
		keys = append(keys, "review.kind."+k)
	}
	for _, t := range catalog.AccessTypes {
		keys = append(keys, "review.type."+t)
		for _, f := range catalog.ContentFields(t) {
			keys = append(keys, "review.field."+f)
		}
	}
	for _, f := range catalog.SpecFields {
		keys = append(keys, "review.spec_field."+f)
	}
	for _, m := range catalog.BillingModes {
		keys = append(keys, "review.billing."+m)
	}
	for _, s := range []string{catalog.SpecAdded, catalog.SpecChanged, catalog.SpecUnchanged, catalog.SpecDelisted, catalog.SpecRemoved} {
		keys = append(keys, "review.spec_state."+s)
	}
	return append(keys, "review.delivery."+catalog.DeliveryInstant, "review.delivery."+catalog.DeliverySupervised,
		"review.license_form."+catalog.LicenseAuthCode, "review.license_form."+catalog.LicenseFile)
}

// orderKeys are the keys the order pages build: statuses, events, roles,
// billing modes, flows and quantity rules.
func orderKeys() []string {
	keys := []string{"role." + string(lifecycle.Buyer), "role." + string(lifecycle.Seller)}
	for _, s := range lifecycle.Order.States[1:] {
		keys = append(keys, "status.order."+string(s))
	}
	for _, e := range lifecycle.Order.Events {
		keys = append(keys, "event.order."+string(e))
	}
	for _, m := range catalog.BillingModes {
		keys = append(keys, "order.billing."+m, "order.qty."+m, "order.price_per."+m, "order.quantity_of."+m, "order.quantity_rule."+m)
	}
	for _, f := range []string{lifecycle.FlowStandard, lifecycle.FlowLicense, lifecycle.FlowHardware} {
		keys = append(keys, "order.flow."+f)
	}
	return keys
}

// supervisionKeys are the keys the supervision and appeal views build.
func supervisionKeys() []string {
	var keys []string
	for _, st := range lifecycle.StandardFlow.States[1:] {
		keys = append(keys, "status.supervision."+string(st))
	}
	for _, e := range lifecycle.StandardFlow.Events {
		keys = append(keys, "event.supervision."+string(e))
	}
	for _, e := range []string{"courier_signed", "appeal_filed", "appeal_withdrawn", "appeal_decided"} {
		keys = append(keys, "event.supervision."+e)
	}
	for _, st := range lifecycle.Appeal.States[1:] {
		keys = append(keys, "status.appeal."+string(st))
	}
	for _, e := range lifecycle.Appeal.Events {
		keys = append(keys, "event.appeal."+string(e))
	}
	for _, o := range supervision.Outcomes {
		keys = append(keys, "appeal.outcome."+o)
	}
	keys = append(keys, "appeal.ground."+supervision.GroundNoAcceptance, "appeal.ground."+supervision.GroundOther)
	for _, st := range []string{"requirements", "confirming", "implementing", "acceptance"} {
		keys = append(keys, "sup.your_turn."+st)
	}
	for _, who := range []string{"buyer", "seller"} {
		keys = append(keys, "sup.waiting_for."+who, "sup.untrackable."+who, "sup.appeal_by."+who, "sup.asked."+who)
	}
	keys = append(keys, "sup.waiting_for.operations")
	for _, f := range []string{lifecycle.FlowStandard, lifecycle.FlowLicense, lifecycle.FlowHardware} {
		keys = append(keys, "sup.deliver."+f)
		for _, st := range httpx.FlowNodes[f] {
			keys = append(keys, "sup.node."+f+"."+string(st))
		}
	}
	for _, step := range []string{"submit_requirements", "confirm_requirements", "return_requirements", "deliver", "accept", "reject_delivery", "appeal", "answer", "withdraw"} {
		keys = append(keys, "sup.done."+step)
	}
	for _, topic := range []string{"supervision_step", "supervision_remind_buyer", "appeal_filed", "appeal_withdrawn", "appeal_decided", "appeal_material_asked"} {
		keys = append(keys, "inbox."+topic+".subject", "inbox."+topic+".body")
	}
	return keys
}
