package order_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/testfix"
)

// TestPurchasePaysFromBalance: an instant product bought with enough balance
// is paid and completed at once; its period starts now.
func TestPurchasePaysFromBalance(t *testing.T) {
	s := newShop(t)
	p := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "199")
	b := s.buyer(t, "1000")
	o := s.buy(t, b, p, form(p, "3"))
	if o.Status != lifecycle.OrderCompleted || o.Amount != 59700 || o.Quantity != 3 || o.Supervised ||
		!strings.HasPrefix(o.Number, "CS2611191000") || o.ProductName != p.Name || o.SpecName != "标准版" {
		t.Fatalf("order: %+v", o)
	}
	now := s.Clock.Now()
	if o.PaidAt == nil || !o.PaidAt.Equal(now) || o.ServiceStart == nil || !o.ServiceStart.Equal(now) ||
		o.ServiceEnd == nil || !o.ServiceEnd.Equal(now.AddDate(0, 3, 0)) {
		t.Errorf("paid %v, service %v – %v", o.PaidAt, o.ServiceStart, o.ServiceEnd)
	}
	if got := s.balance(t, b); got != 100000-59700 {
		t.Errorf("balance %s", money.Format(got))
	}
	if ev := s.events(t, o.ID); !slices.Equal(ev, []string{"place/buyer", "pay/buyer", "complete/system"}) {
		t.Errorf("timeline %v", ev)
	}
	// The seller sees it with the customer's contact; other parties do not see it at all.
	if got, err := s.orders.SellerOrder(bg, s.seller.ID, o.ID); err != nil || got.ContactPhone != "13800138000" {
		t.Errorf("seller's view: %+v %v", got, err)
	}
	other := s.buyer(t, "")
	if _, err := s.orders.BuyerOrder(bg, other.ID, o.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another buyer sees the order: %v", err)
	}
	if _, err := s.orders.SellerOrder(bg, b.ID, o.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the buyer reads it as a seller: %v", err)
	}
	// Later changes of the product do not change the order.
	if o.UnitPrice != 19900 || o.Flow != "" {
		t.Errorf("snapshot: %+v", o)
	}
}

// TestShortBalanceWaitsThenExpires: a purchase the balance cannot cover waits
// for payment; it can be paid after a top-up, and one left unpaid is cancelled
// when its 24-hour window closes.
func TestShortBalanceWaitsThenExpires(t *testing.T) {
	s := newShop(t)
	p := s.product(t, catalog.TypeSaaS, catalog.BillYearly, "999")
	b := s.buyer(t, "100")
	first := s.buy(t, b, p, form(p, "1"))
	second := s.buy(t, b, p, form(p, "2"))
	for _, o := range []order.Order{first, second} {
		if o.Status != lifecycle.OrderPendingPayment || o.PaidAt != nil || !o.PayBy.Equal(s.Clock.Now().Add(24*time.Hour)) {
			t.Fatalf("short order: %+v", o)
		}
	}
	if _, err := s.orders.Pay(bg, b, first.ID); !apperr.Is(err, apperr.Conflict) || apperr.MessageOf(err) != "ledger.insufficient" {
		t.Fatalf("paying without money: %v", err)
	}
	if s.balance(t, b) != 10000 {
		t.Fatal("a refused payment moved money")
	}
	s.topUp(t, b, "900")
	s.Clock.Advance(23 * time.Hour)
	if n := s.timers(t); n != 0 {
		t.Fatalf("%d timers ran before the window closed", n)
	}
	paid, err := s.orders.Pay(bg, b, first.ID)
	if err != nil || paid.Status != lifecycle.OrderCompleted || s.balance(t, b) != 100 {
		t.Fatalf("pay after top-up: %+v %v (balance %d)", paid, err, s.balance(t, b))
	}
	s.Clock.Advance(time.Hour)
	if _, err := s.orders.Pay(bg, b, second.ID); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("paid after the window closed: %v", err)
	}
	if n := s.timers(t); n != 2 {
		t.Fatalf("timers run: %d", n)
	}
	if got := s.order(t, b, second.ID); got.Status != lifecycle.OrderCancelled || got.CancelledAt == nil {
		t.Errorf("expired order: %+v", got)
	}
	if got := s.order(t, b, first.ID); got.Status != lifecycle.OrderCompleted {
		t.Errorf("the timer touched the paid order: %s", got.Status)
	}
	if ev := s.events(t, second.ID); !slices.Equal(ev, []string{"place/buyer", "cancel/system"}) {
		t.Errorf("timeline %v", ev)
	}
}

// TestBuyerCancels: the buyer may cancel an unpaid order, not a paid one.
func TestBuyerCancels(t *testing.T) {
	s := newShop(t)
	p := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "50")
	b := s.buyer(t, "")
	o := s.buy(t, b, p, form(p, "1"))
	other := s.buyer(t, "")
	if err := s.orders.Cancel(bg, other, o.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("another buyer cancels: %v", err)
	}
	if err := s.orders.Cancel(bg, b, o.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.orders.Cancel(bg, b, o.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("second cancel: %v", err)
	}
	s.topUp(t, b, "100")
	if _, err := s.orders.Pay(bg, b, o.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("paid a cancelled order: %v", err)
	}
	if s.timers(t) != 1 || s.order(t, b, o.ID).Status != lifecycle.OrderCancelled {
		t.Error("the timer of a cancelled order")
	}
}

// TestSamePurchaseTwiceBuysOnce: a double click, a retry or a replayed form
// with the same token yields one order and one payment.
func TestSamePurchaseTwiceBuysOnce(t *testing.T) {
	s := newShop(t)
	p := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "100")
	b := s.buyer(t, "1000")
	in := form(p, "1")
	got := make([]order.Order, 6)
	fns := make([]func() error, len(got))
	for i := range fns {
		fns[i] = func() (err error) { got[i], err = s.orders.Purchase(bg, b, p.ID, in); return err }
	}
	for _, err := range testfix.Race(fns...) {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range got[1:] {
		if o.ID != got[0].ID {
			t.Fatalf("two orders: %s %s", got[0].Number, o.Number)
		}
	}
	if s.balance(t, b) != 90000 {
		t.Errorf("balance %d: charged more than once", s.balance(t, b))
	}
	page, _ := s.orders.BuyerOrders(bg, b.ID, order.Filter{}, 1)
	if len(page.Orders) != 1 {
		t.Errorf("orders: %d", len(page.Orders))
	}
	// Paying the paid order again changes nothing.
	if _, err := s.orders.Pay(bg, b, got[0].ID); !apperr.Is(err, apperr.Conflict) || s.balance(t, b) != 90000 {
		t.Errorf("second payment: %v", err)
	}
}

// TestConcurrentPurchasesNeverOverdraw: many purchases at once against one
// balance pay exactly as many as it covers; the rest wait for payment.
func TestConcurrentPurchasesNeverOverdraw(t *testing.T) {
	s := newShop(t)
	p := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "100")
	b := s.buyer(t, "500")
	fns := make([]func() error, 12)
	for i := range fns {
		fns[i] = func() error { _, err := s.orders.Purchase(bg, b, p.ID, form(p, "1")); return err }
	}
	for _, err := range testfix.Race(fns...) {
		if err != nil {
			t.Fatal(err)
		}
	}
	page, _ := s.orders.BuyerOrders(bg, b.ID, order.Filter{}, 1)
	paid := 0
	for _, o := range page.Orders {
		if o.Status == lifecycle.OrderCompleted {
			paid++
		}
	}
	if paid != 5 || len(page.Orders) != 12 || s.balance(t, b) != 0 {
		t.Errorf("%d of %d paid, balance %d", paid, len(page.Orders), s.balance(t, b))
	}
}

// TestSupervisedOrderWaitsForDelivery: a manual service is paid and then
// processed under supervision, not completed.
func TestSupervisedOrderWaitsForDelivery(t *testing.T) {
	s := newShop(t)
	for typ, flow := range map[string]string{catalog.TypeManual: lifecycle.FlowStandard, catalog.TypeData: lifecycle.FlowStandard,
		catalog.TypeLicense: lifecycle.FlowLicense, catalog.TypeHardware: lifecycle.FlowHardware} {
		p := s.product(t, typ, catalog.BillOneTime, "3000")
		b := s.buyer(t, "5000")
		o := s.buy(t, b, p, form(p, "1"))
		if o.Status != lifecycle.OrderProcessing || !o.Supervised || o.Flow != flow || o.ServiceStart != nil {
			t.Errorf("%s: %+v", typ, o)
		}
		if typ == catalog.TypeHardware && o.ShipAddress == "" {
			t.Error("hardware order without an address")
		}
		if typ != catalog.TypeHardware && o.ShipAddress != "" {
			t.Errorf("%s order keeps an address", typ)
		}
	}
}

// TestRenewal: a completed periodic order renews at today's price, continues
// where the service ends and skips supervision.
func TestRenewal(t *testing.T) {
	s := newShop(t)
	p := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "100")
	b := s.buyer(t, "1000")
	o := s.buy(t, b, p, form(p, "2"))
	s.Clock.Advance(10 * 24 * time.Hour)
	r, err := s.orders.Renew(bg, b, o.ID, order.RenewInput{Quantity: "3", AcceptEULA: true,
		EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind != order.KindRenewal || r.RenewsID == nil || *r.RenewsID != o.ID || r.Status != lifecycle.OrderCompleted ||
		r.Amount != 30000 || r.ServiceStart == nil || !r.ServiceStart.Equal(*o.ServiceEnd) ||
		!r.ServiceEnd.Equal(o.ServiceEnd.AddDate(0, 3, 0)) {
		t.Fatalf("renewal: %+v (original ends %v)", r, o.ServiceEnd)
	}
	// Renewing the renewal continues the same chain.
	r2, err := s.orders.Renew(bg, b, r.ID, order.RenewInput{Quantity: "1", AcceptEULA: true,
		EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil || *r2.RenewsID != o.ID || !r2.ServiceStart.Equal(*r.ServiceEnd) {
		t.Fatalf("second renewal: %+v %v", r2, err)
	}
	if s.balance(t, b) != 100000-20000-30000-10000 {
		t.Errorf("balance %d", s.balance(t, b))
	}
	one := s.product(t, catalog.TypeManual, catalog.BillOneTime, "10")
	m := s.buy(t, b, one, form(one, "1"))
	if _, err := s.orders.Renew(bg, b, m.ID, order.RenewInput{Quantity: "1", AcceptEULA: true,
		EULASHA256: order.EULAHash(one.Content.EULA), Token: order.NewToken()}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("renewed a one-time order: %v", err)
	}
}

// TestPurchaseFormErrors: each wrong field is named; nothing is ordered.
func TestPurchaseFormErrors(t *testing.T) {
	s := newShop(t)
	p := s.product(t, catalog.TypeHardware, catalog.BillOneTime, "2999")
	b := s.buyer(t, "10000")
	in := form(p, "0")
	in.CustomerName, in.Phone, in.Email, in.Address, in.AcceptEULA, in.Trial = "x", "电话", "nope", "杭州", false, true
	_, err := s.orders.Purchase(bg, b, p.ID, in)
	want := map[string]string{"quantity": "", "customer_name": "order.customer_name_rule", "phone": "order.phone_rule",
		"email": "order.email_rule", "address": "order.address_rule", "eula": "order.eula_required", "trial": "order.no_trial"}
	got := apperr.FieldsOf(err)
	for f, msg := range want {
		if got[f] == "" || (msg != "" && got[f] != msg) {
			t.Errorf("%s: got %q", f, got[f])
		}
	}
	// An agreement changed since the page was shown must be read again.
	in = form(p, "1")
	in.EULASHA256 = order.EULAHash("旧版协议")
	if _, err := s.orders.Purchase(bg, b, p.ID, in); apperr.FieldsOf(err)["eula"] != "order.eula_changed" {
		t.Errorf("changed agreement: %v", err)
	}
	in = form(p, "1")
	in.Token = "short"
	if _, err := s.orders.Purchase(bg, b, p.ID, in); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("bad token: %v", err)
	}
	if page, _ := s.orders.BuyerOrders(bg, b.ID, order.Filter{}, 1); len(page.Orders) != 0 || s.balance(t, b) != 1000000 {
		t.Errorf("a refused purchase left %d orders", len(page.Orders))
	}
}

// TestSalesConfigurationAtPurchase: targets, purchase limits, one trial per
// buyer and product, and restricted trials are enforced when buying.
func TestSalesConfigurationAtPurchase(t *testing.T) {
	s := newShop(t)
	p := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "100", func(c *catalog.Content) {
		c.Specs[0].TrialDays = "14"
	})
	b := s.buyer(t, "1000")
	sp := p.Specs[0]

	// A trial is free, lasts the trial days and is taken once per product.
	in := form(p, "5")
	in.Trial = true
	trial := s.buy(t, b, p, in)
	if trial.Amount != 0 || trial.TrialDays != 14 || trial.Quantity != 1 || trial.Status != lifecycle.OrderCompleted ||
		!trial.ServiceEnd.Equal(s.Clock.Now().AddDate(0, 0, 14)) || s.balance(t, b) != 100000 {
		t.Fatalf("trial: %+v", trial)
	}
	in.Token = order.NewToken()
	if _, err := s.orders.Purchase(bg, b, p.ID, in); apperr.FieldsOf(err)["trial"] != "order.trial_used" {
		t.Errorf("second trial: %v", err)
	}

	// A purchase limit of one per buyer.
	if err := s.cat.SetSpecSales(bg, s.seller, p.ID, sp.ID, catalog.SpecSalesInput{Target: catalog.TargetAll, LimitPerUser: "1",
		TrialRestricted: true, Version: testfix.Version(sp.Version)}); err != nil {
		t.Fatal(err)
	}
	p = s.MyProduct(t, s.cat, s.seller, p.ID)
	s.buy(t, b, p, form(p, "1"))
	if _, err := s.orders.Purchase(bg, b, p.ID, form(p, "1")); !apperr.Is(err, apperr.Conflict) || apperr.MessageOf(err) != "order.limit_reached" {
		t.Errorf("over the limit: %v", err)
	}
	// A restricted trial is for the seller's trial exceptions only.
	c := s.buyer(t, "")
	in = form(p, "1")
	in.Trial = true
	if _, err := s.orders.Purchase(bg, c, p.ID, in); apperr.FieldsOf(err)["trial"] != "order.trial_restricted" {
		t.Errorf("restricted trial: %v", err)
	}
	if err := s.cat.AddMember(bg, s.seller, p.ID, catalog.ScopeTrial, c.Name, c.PublicID); err != nil {
		t.Fatal(err)
	}
	if o, err := s.orders.Purchase(bg, c, p.ID, in); err != nil || o.TrialDays != 14 {
		t.Errorf("excepted buyer's trial: %+v %v", o, err)
	}

	// Specified users only: anyone else is refused with the catalog's reason.
	if err := s.cat.SetTarget(bg, s.seller, p.ID, catalog.TargetSpecified, ""); err != nil {
		t.Fatal(err)
	}
	d := s.buyer(t, "1000")
	if _, err := s.orders.Purchase(bg, d, p.ID, form(p, "1")); !apperr.Is(err, apperr.Forbidden) || apperr.MessageOf(err) != "buy.specified_only" {
		t.Errorf("unlisted buyer: %v", err)
	}
	// The seller cannot buy their own product.
	if _, err := s.orders.Purchase(bg, s.seller, p.ID, form(p, "1")); apperr.MessageOf(err) != "buy.own_product" {
		t.Errorf("own product: %v", err)
	}
}

// TestDelistedSpecIsNotSold: a delisted product is neither bought nor paid for.
func TestDelistedSpecIsNotSold(t *testing.T) {
	s := newShop(t)
	p := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "100")
	b := s.buyer(t, "1000")
	pending := s.buyer(t, "")
	o := s.buy(t, pending, p, form(p, "1"))
	app, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "产品停止销售。"})
	if err != nil {
		t.Fatal(err)
	}
	s.ApproveApp(t, s.cat, app)
	if _, err := s.orders.Purchase(bg, b, p.ID, form(p, "1")); !apperr.Is(err, apperr.Conflict) || apperr.MessageOf(err) != "buy.not_on_sale" {
		t.Errorf("bought a delisted product: %v", err)
	}
	s.topUp(t, pending, "100")
	if _, err := s.orders.Pay(bg, pending, o.ID); apperr.MessageOf(err) != "buy.not_on_sale" {
		t.Errorf("paid for a delisted product: %v", err)
	}
}

// TestAssociatedTargetAtPurchase: a product sold only to buyers of another of
// the seller's products is sold to whoever paid for that one.
func TestAssociatedTargetAtPurchase(t *testing.T) {
	s := newShop(t)
	base := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "100")
	addon := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "50")
	if err := s.cat.SetTarget(bg, s.seller, addon.ID, catalog.TargetAssociated, base.Number); err != nil {
		t.Fatal(err)
	}
	addon = s.MyProduct(t, s.cat, s.seller, addon.ID)
	b := s.buyer(t, "1000")
	if _, err := s.orders.Purchase(bg, b, addon.ID, form(addon, "1")); apperr.MessageOf(err) != "buy.associated_only" {
		t.Fatalf("bought the add-on without the base product: %v", err)
	}
	s.buy(t, b, base, form(base, "1"))
	if o, err := s.orders.Purchase(bg, b, addon.ID, form(addon, "1")); err != nil || o.Status != lifecycle.OrderCompleted {
		t.Fatalf("a buyer of the base product: %+v %v", o, err)
	}
	// An unpaid order of the base product does not count.
	poor := s.buyer(t, "")
	s.buy(t, poor, base, form(base, "1"))
	if _, err := s.orders.Purchase(bg, poor, addon.ID, form(addon, "1")); apperr.MessageOf(err) != "buy.associated_only" {
		t.Errorf("an unpaid base order opened the add-on: %v", err)
	}
}

// TestLimitUntilExpiryCountsRenewals: "buy again only after the previous one
// expires" looks at the end of the renewed service, not of the first period.
func TestLimitUntilExpiryCountsRenewals(t *testing.T) {
	s := newShop(t)
	p := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "100")
	sp := p.Specs[0]
	if err := s.cat.SetSpecSales(bg, s.seller, p.ID, sp.ID, catalog.SpecSalesInput{Target: catalog.TargetAll, LimitPerUser: "1",
		LimitUntilExpiry: true, Version: testfix.Version(sp.Version)}); err != nil {
		t.Fatal(err)
	}
	p = s.MyProduct(t, s.cat, s.seller, p.ID)
	b := s.buyer(t, "1000")
	o := s.buy(t, b, p, form(p, "1"))
	if _, err := s.orders.Renew(bg, b, o.ID, order.RenewInput{Quantity: "2", AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA),
		Token: order.NewToken()}); err != nil {
		t.Fatal(err)
	}
	s.Clock.Advance(40 * 24 * time.Hour) // past the first month, inside the renewal
	if _, err := s.orders.Purchase(bg, b, p.ID, form(p, "1")); apperr.MessageOf(err) != "order.limit_reached" {
		t.Fatalf("bought again while the renewed service runs: %v", err)
	}
	s.Clock.Advance(60 * 24 * time.Hour) // past the renewal too
	if _, err := s.orders.Purchase(bg, b, p.ID, form(p, "1")); err != nil {
		t.Fatalf("buying after everything expired: %v", err)
	}
}
