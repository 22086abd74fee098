package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/ledger"
	"agora/internal/store/pg"
)

// ledgerPage opens an account's balance page in the console.
func ledgerPage(t *testing.T, c *client, acct account.Account) page {
	t.Helper()
	p := c.get("/ops/balances/" + acct.ID.String())
	if p.Status != http.StatusOK {
		t.Fatalf("balance page: %d", p.Status)
	}
	return p
}

// formToken reads the token of the form named (topup or adjust) on p.
func formToken(t *testing.T, p page, form, field string) string {
	t.Helper()
	tok, ok := p.Doc.Find(`[data-form="` + form + `"] input[name="` + field + `"]`).Attr("value")
	if !ok || len(tok) < 16 {
		t.Fatalf("no %s token on the page", form)
	}
	return tok
}

// An admin finds the buyer, tops up once even when the form is posted twice,
// and the buyer sees the money and why it came on the statement.
func TestLedgerAdminTopUpReachesBuyer(t *testing.T) {
	h := newHarness(t)
	h.account("finadmin", account.OpsAdmin)
	payer := h.account("payer", "")
	c := h.client()
	c.login("finadmin", "Passw0rd!x")

	list := c.get("/ops/balances?q=PAY")
	if list.Status != http.StatusOK || text(list, `tr[data-account="`+payer.PublicID+`"] [data-balance]`) != "¥0.00" {
		t.Fatalf("search: %d %q", list.Status, list.Doc.Find("main").Text())
	}
	if list.Doc.Find(`.sidenav a[href="/ops/balances"].active`).Length() != 1 {
		t.Error("the Finance menu does not mark Balances")
	}
	p := ledgerPage(t, c, payer)
	form := url.Values{"amount": {"1,500.50"}, "reason": {"对公转账到账，流水号 20261119-001"}, "token": {formToken(t, p, "topup", "token")}}
	path := "/ops/balances/" + payer.ID.String()
	for i, want := range []string{"The balance was topped up.", "This entry had already been recorded; it was not applied twice."} {
		res := c.post(path+"/topup", form)
		if res.Status != http.StatusSeeOther || res.Location != path {
			t.Fatalf("post %d: %d %q", i, res.Status, res.Location)
		}
		p = ledgerPage(t, c, payer)
		if got := text(p, ".alert-success"); got != want {
			t.Errorf("post %d: flash %q", i, got)
		}
	}
	if got := text(p, "[data-balance]"); got != "¥1,500.50" {
		t.Fatalf("balance %q", got)
	}
	if n := p.Doc.Find("[data-ledger] tbody tr").Length(); n != 1 {
		t.Fatalf("%d ledger rows", n)
	}
	if got := text(p, "[data-ledger] tbody tr [data-amount]"); got != "+¥1,500.50" {
		t.Errorf("amount %q", got)
	}
	if !strings.Contains(text(p, "[data-history]"), "+¥1,500.50 · 对公转账到账") || !strings.Contains(text(p, "[data-history]"), "finadmin") {
		t.Errorf("audit log %q", text(p, "[data-history]"))
	}
	// The new form has a new token: a second, deliberate top-up goes through.
	if next := formToken(t, p, "topup", "token"); next == form.Get("token") {
		t.Fatal("the form token was not renewed")
	}

	b := h.client()
	b.lang = "zh-CN"
	b.login("payer", "Passw0rd!x")
	mine := b.get("/buyer/balance")
	if mine.Status != http.StatusOK || text(mine, "[data-balance]") != "¥1,500.50" {
		t.Fatalf("buyer balance: %d %q", mine.Status, text(mine, "[data-balance]"))
	}
	row := mine.Doc.Find(`[data-statement] tr[data-kind="topup"]`)
	if row.Length() != 1 || !strings.Contains(row.Text(), "充值") || !strings.Contains(row.Text(), "流水号 20261119-001") ||
		strings.Contains(row.Text(), "finadmin") {
		t.Fatalf("statement row %q", row.Text())
	}
	if mine.Doc.Find(`.sidenav a[href="/buyer/balance"].active`).Length() != 1 {
		t.Error("the buyer menu does not mark Balance")
	}
}

// Reviewers read balances but cannot move money; buyers do not see the console at all.
func TestLedgerConsoleAuthorization(t *testing.T) {
	h := newHarness(t)
	h.account("finrev", account.OpsReviewer)
	payer := h.account("payer", "")
	path := "/ops/balances/" + payer.ID.String()

	rev := h.client()
	rev.login("finrev", "Passw0rd!x")
	p := ledgerPage(t, rev, payer)
	if p.Doc.Find("[data-form]").Length() != 0 || p.Doc.Find("[data-readonly]").Length() != 1 {
		t.Fatal("a reviewer is offered the money forms")
	}
	for _, action := range []string{"/topup", "/adjust"} {
		res := rev.post(path+action, url.Values{"amount": {"100"}, "reason": {"reviewer tries"}, "token": {strings.Repeat("a", 32)},
			"adj_direction": {"credit"}, "adj_amount": {"100"}, "adj_reason": {"reviewer tries"}, "adj_token": {strings.Repeat("b", 32)}})
		if res.Status != http.StatusForbidden {
			t.Fatalf("reviewer %s: %d", action, res.Status)
		}
	}

	buyer := h.client()
	buyer.login("payer", "Passw0rd!x")
	for _, get := range []string{"/ops/balances", path} {
		if res := buyer.get(get); res.Status != http.StatusNotFound {
			t.Fatalf("buyer GET %s: %d", get, res.Status)
		}
	}
	if res := buyer.post(path+"/topup", url.Values{"amount": {"100"}, "reason": {"buyer tries"}, "token": {strings.Repeat("c", 32)}}); res.Status != http.StatusNotFound {
		t.Fatalf("buyer POST: %d", res.Status)
	}
	if res := h.client().get("/buyer/balance"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/login") {
		t.Fatalf("anonymous balance: %d %q", res.Status, res.Location)
	}
	if bal, _ := h.svc.ledger.Balance(context.Background(), payer.ID); bal != 0 {
		t.Fatalf("balance moved: %d", bal)
	}
	// An admin's own account is read-only to that admin.
	h.account("selfadmin", account.OpsAdmin)
	self, _ := h.svc.accounts.FindByName(context.Background(), "selfadmin")
	adm := h.client()
	adm.login("selfadmin", "Passw0rd!x")
	if p := ledgerPage(t, adm, self); p.Doc.Find("[data-form]").Length() != 0 {
		t.Fatal("an admin is offered to top up their own balance")
	}
}

// A mistyped amount comes back with its message, what was typed, and the same
// token; the adjustment form names its own fields.
func TestLedgerInvalidAmountKeepsTheForm(t *testing.T) {
	h := newHarness(t)
	h.account("finadmin", account.OpsAdmin)
	payer := h.account("payer", "")
	c := h.client()
	c.login("finadmin", "Passw0rd!x")
	p := ledgerPage(t, c, payer)
	tok := formToken(t, p, "topup", "token")
	path := "/ops/balances/" + payer.ID.String()
	for amount, msg := range map[string]string{"12.345": "at most two decimals", "0": "more than ¥0.00", "2000000": "At most ¥1,000,000.00", "": "Enter an amount"} {
		res := c.post(path+"/topup", url.Values{"amount": {amount}, "reason": {"客户对公转账到账"}, "token": {tok}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%q: %d", amount, res.Status)
		}
		if got := text(res, `[data-form="topup"] [data-field="amount"]`); !strings.Contains(got, msg) {
			t.Errorf("%q: message %q", amount, got)
		}
		if got := text(res, `[data-form="topup"] textarea[name="reason"]`); got != "客户对公转账到账" {
			t.Errorf("%q: reason %q", amount, got)
		}
		if got, _ := res.Doc.Find(`[data-form="topup"] input[name="amount"]`).Attr("value"); got != amount {
			t.Errorf("amount kept as %q", got)
		}
		if got := formToken(t, res, "topup", "token"); got != tok {
			t.Errorf("token changed to %q", got)
		}
	}
	res := c.post(path+"/adjust", url.Values{"adj_amount": {"5"}, "adj_reason": {"x"}, "adj_token": {formToken(t, p, "adjust", "adj_token")}})
	if res.Status != http.StatusUnprocessableEntity || text(res, `[data-form="adjust"] [data-field="adj_direction"]`) == "" ||
		text(res, `[data-form="adjust"] [data-field="adj_reason"]`) == "" || res.Doc.Find(`[data-form="topup"] .field-error`).Length() != 0 {
		t.Fatalf("adjust errors: %d %q", res.Status, res.Doc.Find(".field-error").Text())
	}
	// Decreasing more than the balance holds says so on the amount.
	res = c.post(path+"/adjust", url.Values{"adj_direction": {"debit"}, "adj_amount": {"5"}, "adj_reason": {"扣回多付款项"},
		"adj_token": {formToken(t, p, "adjust", "adj_token")}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(text(res, `[data-field="adj_amount"]`), "never goes below zero") {
		t.Fatalf("debit beyond balance: %d %q", res.Status, text(res, `[data-field="adj_amount"]`))
	}
}

// agora check-ledger passes clean books and names the account of a tampered balance.
func TestLedgerCheckCommand(t *testing.T) {
	h := newHarness(t)
	h.account("finadmin", account.OpsAdmin)
	payer := h.account("payer", "")
	c := h.client()
	c.login("finadmin", "Passw0rd!x")
	p := ledgerPage(t, c, payer)
	c.post("/ops/balances/"+payer.ID.String()+"/topup", url.Values{"amount": {"300"}, "reason": {"线下汇款到账"}, "token": {formToken(t, p, "topup", "token")}})
	env := func(k string) string {
		if k == "DATABASE_URL" {
			return h.cfg.DatabaseURL
		}
		return ""
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"check-ledger"}, env, &out, io.Discard); err != nil {
		t.Fatalf("clean books: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "top-ups ¥300.00") || !strings.Contains(out.String(), "0 discrepancies") {
		t.Fatalf("report:\n%s", out.String())
	}
	if _, err := h.svc.store.Pool.Exec(context.Background(), "UPDATE balances SET balance_fen = 3000000 WHERE account_id = $1", payer.ID); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err := run(context.Background(), []string{"check-ledger"}, env, &out, io.Discard)
	if ee, ok := err.(exitError); !ok || ee.code != 1 {
		t.Fatalf("tampered books: err %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "DISCREPANCY balance account payer") || !strings.Contains(out.String(), "balances of 1 accounts hold ¥30,000.00") {
		t.Fatalf("report does not name the account:\n%s", out.String())
	}
}

// A payment on the buyer's statement names its order and links to it.
func TestLedgerStatementLinksOrders(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	admin := h.account("finadmin", account.OpsAdmin)
	payer := h.account("payer", "")
	if err := seedBalance(ctx, h.svc, admin, payer); err != nil {
		t.Fatal(err)
	}
	seller := rvSeller(t, h, "stmtshop", "账单测试科技有限公司")
	p := rvListed(t, h, seller, rvContent(t, h, seller, catalog.TypeSaaS, "账单测试"))
	order := uuid.Must(uuid.NewV7())
	now := h.Clock.Now()
	// The order row as the order service writes it before payment (only what the schema requires).
	_, err := h.svc.store.Pool.Exec(ctx, `INSERT INTO orders (id, number, kind, buyer_id, seller_id, product_id, spec_id, status,
		access_type, product_name, spec_name, billing_mode, unit_price_fen, quantity, amount_fen, supervised, eula_sha256,
		buyer_name, customer_name, contact_phone, contact_email, idem_key, created_at, pay_by)
		VALUES ($1, 'CS2611191000LEDGR', 'new', $2, $3, $4, $5, 'pending_payment', $6, $7, $8, 'monthly', 9900, 1, 9900, false,
		$9, 'payer', 'payer', '13800138000', 'payer@example.com', 'ledger-link-test-0001', $10, $10)`,
		order, payer.ID, seller.ID, p.ID, p.Specs[0].ID, p.AccessType, p.Name, p.Specs[0].Name, strings.Repeat("0", 64), now)
	if err != nil {
		t.Fatal(err)
	}
	err = h.svc.store.InTx(ctx, func(q *pg.Queries) error {
		_, err := ledger.Post(ctx, q, ledger.Entry{Account: payer.ID, Kind: ledger.KindPayment, Amount: -9900, OrderID: &order, At: now})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	c := h.client()
	c.login("payer", "Passw0rd!x")
	st := c.get("/buyer/balance")
	link := st.Doc.Find(`[data-statement] tr[data-kind="payment"] a[data-order]`)
	if href, _ := link.Attr("href"); href != "/buyer/orders/"+order.String() || strings.TrimSpace(link.Text()) != "CS2611191000LEDGR" {
		t.Fatalf("order link %q %q", href, link.Text())
	}
	if got := text(st, `[data-statement] tr[data-kind="payment"] [data-amount]`); got != "-¥99.00" {
		t.Fatalf("payment amount %q", got)
	}
	if got := text(st, "[data-balance]"); got != "¥49,901.00" {
		t.Fatalf("balance %q", got)
	}
}
