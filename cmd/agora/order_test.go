package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"agora/internal/account"
	"agora/internal/ledger"
	"agora/internal/platform/money"
	"agora/internal/store/pg"
)

// fund tops up acct's balance by yuan as an operations admin would.
func fund(t testing.TB, h *harness, acct account.Account, yuan string) {
	t.Helper()
	amount, err := money.Parse(yuan)
	if err != nil {
		t.Fatal(err)
	}
	admin := h.account("fund-"+acct.Name, account.OpsAdmin)
	err = h.svc.store.InTx(context.Background(), func(q *pg.Queries) error {
		_, err := ledger.Post(context.Background(), q, ledger.Entry{Account: acct.ID, Kind: ledger.KindTopUp, Amount: amount,
			ActorID: &admin.ID, Reason: "测试充值", At: h.Clock.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// purchaseForm reads the purchase form's hidden and prefilled fields.
func purchaseForm(t *testing.T, p page) url.Values {
	t.Helper()
	v := url.Values{}
	for _, name := range []string{"token", "eula_sha256", "customer_name", "email", "quantity"} {
		val, ok := p.Doc.Find(`[data-purchase] input[name="` + name + `"]`).Attr("value")
		if !ok {
			t.Fatalf("purchase form lacks %s", name)
		}
		v.Set(name, val)
	}
	spec, _ := p.Doc.Find(`[data-purchase] input[name="spec_id"][checked]`).Attr("value")
	v.Set("spec_id", spec)
	return v
}

// TestPurchaseThroughPages: from the product page to a paid order, as a buyer
// would click it; the form keeps what was typed on an error, a double submit
// buys once, and the seller sees the order with the customer's contact.
func TestPurchaseThroughPages(t *testing.T) {
	h := newHarness(t)
	seller := readySeller(t, h, "ordseller", "订单科技有限公司")
	p := releaseProduct(t, h, seller, h.account("ordrev", account.OpsReviewer), "订单云SaaS版")
	buyer := h.account("ordbuyer", "")
	fund(t, h, buyer, "1000")
	c := h.client()
	c.login(buyer.Name, "Passw0rd!x")

	product := c.get("/products/" + p.ID.String())
	buy := attr(product, "[data-buy]", "href")
	if !strings.HasPrefix(buy, "/buyer/buy/"+p.ID.String()+"?spec=") {
		t.Fatalf("buy link %q", buy)
	}
	form := c.get(buy)
	if form.Status != http.StatusOK || text(form, "[data-quote-amount]") != "¥199.00" {
		t.Fatalf("purchase form: %d, amount %q", form.Status, text(form, "[data-quote-amount]"))
	}
	vals := purchaseForm(t, form)
	vals.Set("quantity", "3")
	vals.Set("customer_name", "杭州云帆科技有限公司")
	vals.Set("accept_eula", "1")

	// No phone: the error is on the field and everything typed stays.
	bad := c.post("/buyer/buy/"+p.ID.String(), vals)
	if bad.Status != http.StatusUnprocessableEntity || bad.Doc.Find(`.field-error[data-field="phone"]`).Length() != 1 {
		t.Fatalf("missing phone: %d %q", bad.Status, bad.Doc.Find(".field-error").Text())
	}
	if v, _ := bad.Doc.Find(`input[name="customer_name"]`).Attr("value"); v != "杭州云帆科技有限公司" {
		t.Errorf("typed customer lost: %q", v)
	}
	if v, _ := bad.Doc.Find(`input[name="token"]`).Attr("value"); v != vals.Get("token") {
		t.Errorf("the form's token changed on an error")
	}

	vals.Set("phone", "0571-8888 6666")
	first := c.post("/buyer/buy/"+p.ID.String(), vals)
	again := c.post("/buyer/buy/"+p.ID.String(), vals) // a double click
	if first.Status != http.StatusSeeOther || !strings.HasPrefix(first.Location, "/buyer/orders/") || again.Location != first.Location {
		t.Fatalf("purchase: %d %q, again %q", first.Status, first.Location, again.Location)
	}
	order := c.get(first.Location)
	if order.Doc.Find(`[data-status="completed"]`).Length() == 0 || text(order, "[data-order-amount]") != "¥597.00" ||
		text(order, ".alert-success") != "Paid. The service is ready." {
		t.Fatalf("order page: %q", text(order, "[data-order-facts]"))
	}
	if bal := c.get("/buyer/orders"); bal.Doc.Find("[data-order]").Length() != 1 {
		t.Fatalf("buyer's list: %d orders", bal.Doc.Find("[data-order]").Length())
	}
	number := text(order, "[data-order-number]")

	// The seller finds it by number and by customer, with the contact for delivery.
	sc := h.client()
	sc.login(seller.Name, "Passw0rd!x")
	for _, q := range []string{"number=" + number, "customer=" + url.QueryEscape("云帆"), "user=ordbuy", "status=completed"} {
		list := sc.get("/seller/orders?" + q)
		if list.Doc.Find(`[data-order="`+number+`"]`).Length() != 1 || !strings.Contains(list.Doc.Find("[data-orders]").Text(), "0571-8888 6666") {
			t.Errorf("seller's list with %s: %q", q, list.Doc.Find("[data-orders], [data-empty]").Text())
		}
	}
	if list := sc.get("/seller/orders?status=cancelled"); list.Doc.Find("[data-order]").Length() != 0 {
		t.Error("status filter ignored")
	}
	if sp := sc.get(strings.Replace(first.Location, "/buyer/", "/seller/", 1)); sp.Status != http.StatusOK || text(sp, "[data-customer]") == "" {
		t.Errorf("seller's order page: %d", sp.Status)
	}
	// Nobody else sees it.
	other := h.client()
	other.login(h.account("ordother", "").Name, "Passw0rd!x")
	if p := other.get(first.Location); p.Status != http.StatusNotFound {
		t.Errorf("another buyer: %d", p.Status)
	}
	if p := other.get(strings.Replace(first.Location, "/buyer/", "/seller/", 1)); p.Status == http.StatusOK {
		t.Errorf("another account as seller: %d", p.Status)
	}
}

// TestPayLaterThroughPages: a short balance leaves the order waiting; the
// buyer tops up and pays from the order page, once.
func TestPayLaterThroughPages(t *testing.T) {
	h := newHarness(t)
	seller := readySeller(t, h, "paylater", "稍后支付科技有限公司")
	p := releaseProduct(t, h, seller, h.account("paylater-ops", account.OpsReviewer), "稍后云SaaS版")
	buyer := h.account("paylater-buyer", "")
	c := h.client()
	c.login(buyer.Name, "Passw0rd!x")
	form := c.get("/buyer/buy/" + p.ID.String())
	if form.Doc.Find("[data-quote-short]").Length() != 1 {
		t.Fatal("an empty balance is not called short")
	}
	vals := purchaseForm(t, form)
	vals.Set("phone", "13800138000")
	vals.Set("accept_eula", "1")
	placed := c.post("/buyer/buy/"+p.ID.String(), vals)
	if placed.Status != http.StatusSeeOther {
		t.Fatalf("place: %d %q", placed.Status, placed.Doc.Find(".alert, .field-error").Text())
	}
	order := c.get(placed.Location)
	if order.Doc.Find(`[data-status="pending_payment"]`).Length() == 0 || order.Doc.Find("[data-pay]").Length() != 1 {
		t.Fatalf("waiting order: %q", text(order, "[data-order-facts]"))
	}
	refused := c.post(placed.Location+"/pay", url.Values{})
	if refused.Status != http.StatusConflict || attr(refused, "[data-refusal]", "data-refusal") != "ledger.insufficient" ||
		refused.Doc.Find("[data-pay]").Length() != 1 {
		t.Fatalf("pay without money: %d %q", refused.Status, text(refused, ".alert"))
	}
	fund(t, h, buyer, "500")
	c.post(placed.Location+"/pay", url.Values{})
	c.post(placed.Location+"/pay", url.Values{}) // two tabs
	paid := c.get(placed.Location)
	if paid.Doc.Find(`[data-status="completed"]`).Length() == 0 {
		t.Fatalf("after paying: %q", text(paid, "[data-order-facts]"))
	}
	if b, _ := h.svc.orders.Balance(context.Background(), buyer.ID); b != 50000-19900 {
		t.Errorf("balance %d: paid more than once", b)
	}
}
