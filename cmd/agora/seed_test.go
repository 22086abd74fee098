package main

import (
	"context"
	"net/http"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/supervision"
)

// The demo marketplace has a real catalog, made through the real flow, and
// seeding twice changes nothing.
func TestSeedDemoCatalog(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	for range 2 {
		if err := seedDemo(ctx, h.svc, h.Clock); err != nil {
			t.Fatal(err)
		}
	}
	types := map[string]bool{}
	listed, hidden, pendingRelease, pendingChange := 0, 0, 0, 0
	for _, name := range []string{"seller", "secure", "datawise"} {
		a, err := h.svc.accounts.FindByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		products, err := h.svc.catalog.MyProducts(ctx, a.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range products {
			if p.Status == lifecycle.ShelfListed {
				listed++
				types[p.AccessType] = true
			}
			if !p.Public {
				hidden++
			}
		}
		apps, err := h.svc.catalog.MyApplications(ctx, a.ID, false, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, app := range apps {
			if app.Status == lifecycle.AppPending && app.Kind == catalog.KindRelease {
				pendingRelease++
			}
			if app.Status == lifecycle.AppPending && app.Kind == catalog.KindModify {
				pendingChange++
			}
		}
	}
	if listed < 30 {
		t.Errorf("%d listed demo products, want at least 30", listed)
	}
	for _, typ := range catalog.AccessTypes {
		if !types[typ] {
			t.Errorf("no listed demo product of type %s", typ)
		}
	}
	if hidden != 1 || pendingRelease != 1 || pendingChange != 1 {
		t.Errorf("hidden %d, pending releases %d, pending modifications %d; want one each", hidden, pendingRelease, pendingChange)
	}
}

// The demo's catalog shows every state a seller and a reviewer meet: a
// delisted product (its page answers 410), a delisting under review, a
// rejected application, drafts, an asset waiting for review and a product the
// demo buyer may not buy.
func TestSeedDemoCatalogStates(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	for range 2 {
		if err := seedDemo(ctx, h.svc, h.Clock); err != nil {
			t.Fatal(err)
		}
	}
	named := func(name string) account.Account {
		a, err := h.svc.accounts.FindByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	buyer := named("buyer")

	gone, ok, err := productNamed(ctx, h.svc, named("secure"), retired.name)
	if err != nil || !ok || gone.Status != lifecycle.ShelfDelisted {
		t.Fatalf("retired product: %v %v %s", ok, err, gone.Status)
	}
	if p := h.client().get("/products/" + gone.ID.String()); p.Status != http.StatusGone {
		t.Errorf("the delisted product's page answers %d, want 410", p.Status)
	}
	if o, err := h.svc.orders.BuyerOrders(ctx, buyer.ID, order.Filter{Product: retired.name}, 1); err != nil || len(o.Orders) != 1 {
		t.Errorf("the buyer's order of the delisted product: %+v %v", o.Orders, err)
	}

	count := map[string]int{}
	for _, name := range []string{"seller", "secure", "datawise"} {
		apps, err := allApplications(ctx, h.svc, named(name))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			count[name+" "+a.Kind+"/"+string(a.Status)]++
		}
	}
	for _, want := range []string{"secure delist/pending", "seller release/rejected", "datawise modify/rejected"} {
		if count[want] != 1 {
			t.Errorf("%d applications %s, want 1 (all: %v)", count[want], want, count)
		}
	}
	if count["seller release/draft"] != 2 {
		t.Errorf("%d drafts of seller, want 2", count["seller release/draft"])
	}

	datawise := named("datawise")
	list, err := h.svc.assets.List(ctx, datawise.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	pending := 0
	for _, a := range list {
		if a.Status == lifecycle.AssetPending {
			pending++
		}
	}
	if pending != 1 {
		t.Errorf("%d assets of datawise waiting for review, want 1", pending)
	}

	p, ok, err := productNamed(ctx, h.svc, datawise, enterpriseOnly)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if v, err := h.svc.orders.Verdict(ctx, buyer, p, p.Specs[0]); err != nil || v.OK || v.Reason != "buy.enterprise_only" {
		t.Errorf("the demo buyer on an enterprise-only product: %+v %v", v, err)
	}
}

// The demo buyer's orders fill every screen: each node of each supervision
// flow, instant deliveries, a renewal, a trial, a payment waiting, a
// cancellation, an appeal waiting and two decided — all through the real
// services, so money balances and the evidence verifies; seeding again adds nothing.
func TestSeedDemoOrders(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	began := time.Now()
	if err := seedDemo(ctx, h.svc, h.Clock); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded in %s", time.Since(began).Round(time.Millisecond))
	totals := func() [3]int {
		rep, err := h.svc.ledger.Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Errorf("ledger: %v", rep.Problems)
		}
		ev, err := evidence.Verify(ctx, h.svc.store.Queries)
		if err != nil {
			t.Fatal(err)
		}
		if len(ev.Problems) > 0 {
			t.Errorf("evidence: %v", ev.Problems)
		}
		return [3]int{int(rep.Entries), ev.Events, len(demoBuyerOrders(t, h))}
	}
	first := totals()
	began = time.Now()
	if err := seedDemo(ctx, h.svc, h.Clock); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded again in %s", time.Since(began).Round(time.Millisecond))
	if again := totals(); again != first {
		t.Errorf("seeding again changed ledger rows, events, orders from %v to %v", first, again)
	}

	buyer, err := h.svc.accounts.FindByName(ctx, "buyer")
	if err != nil {
		t.Fatal(err)
	}
	orders := demoBuyerOrders(t, h)
	seen := map[string]int{}
	for _, o := range orders {
		seen["order/"+string(o.Status)]++
		if o.Kind == order.KindRenewal {
			seen["renewal"]++
		}
		if o.Trial() {
			seen["trial"]++
		}
		if !o.Supervised {
			continue
		}
		sv, err := h.svc.supervision.Get(ctx, buyer.ID, o.ID)
		if err != nil {
			if o.Status == lifecycle.OrderPendingPayment || o.Status == lifecycle.OrderCancelled {
				continue // never paid: no supervision
			}
			t.Fatal(o.Number, err)
		}
		seen[sv.Flow+"/"+string(sv.Status)]++
		if sv.Frozen {
			seen["frozen"]++
		}
		if sv.Flow == lifecycle.FlowHardware && sv.Status == lifecycle.SupAcceptance && sv.Trackable != nil {
			if *sv.Trackable && sv.AutoAcceptAt != nil && sv.AutoAcceptAt.After(h.Clock.Now()) {
				seen["hardware/auto-accept running"]++
			}
			if !*sv.Trackable && sv.AutoAcceptAt == nil {
				seen["hardware/untrackable"]++
			}
		}
		if sv.Rejections > 0 {
			seen[sv.Flow+"/"+string(sv.Status)+" after a rejection"]++
		}
	}
	want := []string{"order/completed", "order/processing", "order/pending_payment", "order/cancelled", "order/unsubscribed",
		"renewal", "trial", "frozen", "hardware/auto-accept running", "hardware/untrackable", "standard/acceptance after a rejection"}
	for flow, nodes := range map[string][]lifecycle.SupStatus{
		lifecycle.FlowStandard: {lifecycle.SupRequirements, lifecycle.SupConfirming, lifecycle.SupImplementing, lifecycle.SupAcceptance, lifecycle.SupCompleted},
		lifecycle.FlowLicense:  {lifecycle.SupImplementing, lifecycle.SupAcceptance, lifecycle.SupCompleted},
		lifecycle.FlowHardware: {lifecycle.SupImplementing, lifecycle.SupAcceptance, lifecycle.SupCompleted},
	} {
		for _, n := range nodes {
			want = append(want, flow+"/"+string(n))
		}
	}
	for _, w := range want {
		if seen[w] == 0 {
			t.Errorf("no demo order: %s", w)
		}
	}

	open, _, err := h.svc.supervision.AppealQueue(ctx, false, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].Status != lifecycle.AppealOpen || open[0].AskNote == "" {
		t.Errorf("open appeals: %+v; want one, answered after operations asked for material", open)
	} else if items, err := h.svc.supervision.AppealTimeline(ctx, open[0].ID); err != nil || len(items) != 3 {
		t.Errorf("the open appeal's history (filed, asked, answered): %d items %v", len(items), err)
	}
	decided, _, err := h.svc.supervision.AppealQueue(ctx, true, 1)
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]bool{}
	for _, a := range decided {
		outcomes[a.Outcome] = true
		if a.Outcome == supervision.OutcomeUnsubscribe && (a.Refund == nil || *a.Refund <= 0 || *a.Refund >= a.Amount) {
			t.Errorf("the unsubscription refunds %v of %v; want part of it", a.Refund, a.Amount)
		}
	}
	if !outcomes[supervision.OutcomeUnsubscribe] || !outcomes[supervision.OutcomeForceAccept] {
		t.Errorf("decided appeals: %v", outcomes)
	}
}

func demoBuyerOrders(t *testing.T, h *harness) []order.Order {
	t.Helper()
	buyer, err := h.svc.accounts.FindByName(context.Background(), "buyer")
	if err != nil {
		t.Fatal(err)
	}
	var orders []order.Order
	for n := 1; ; n++ {
		pg, err := h.svc.orders.BuyerOrders(context.Background(), buyer.ID, order.Filter{}, n)
		if err != nil {
			t.Fatal(err)
		}
		orders = append(orders, pg.Orders...)
		if !pg.HasNext {
			return orders
		}
	}
}
