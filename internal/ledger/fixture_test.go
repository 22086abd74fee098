package ledger_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/ledger"
	"agora/internal/platform/money"
	"agora/internal/store/pg"
	"agora/internal/testfix"
)

var bg = context.Background()

// bank is one test's ledger: its own database, the service, an admin and a buyer.
type bank struct {
	*testfix.Env
	svc   *ledger.Service
	admin account.Account
	buyer account.Account
}

func newBank(t *testing.T) *bank {
	t.Helper()
	t.Parallel()
	env := testfix.New(t)
	return &bank{Env: env, svc: ledger.NewService(env.Store, env.Clock, env.Log), admin: env.Admin(t), buyer: env.Seller(t, env.Name("buyer"))}
}

// token returns a fresh form token.
func token() string { return strings.ReplaceAll(uuid.NewString(), "-", "") }

// topUp credits yuan to acct as the bank's admin.
func (b *bank) topUp(t *testing.T, acct account.Account, yuan string) ledger.Result {
	t.Helper()
	res, err := b.svc.TopUp(bg, b.admin, acct.ID, ledger.OpsInput{Amount: yuan, Reason: "线下汇款到账 bank transfer", Token: token()})
	if err != nil {
		t.Fatalf("top up %s: %v", yuan, err)
	}
	return res
}

// balance reads acct's balance.
func (b *bank) balance(t *testing.T, acct account.Account) money.Fen {
	t.Helper()
	f, err := b.svc.Balance(bg, acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// product lists a SaaS product of a fresh seller, for orders to point at.
func (b *bank) product(t *testing.T) catalog.Product {
	t.Helper()
	seller := b.ReadySeller(t, b.Name("shop"))
	cat := b.Catalog()
	return b.ListProduct(t, cat, seller, b.ProductContent(t, seller, catalog.TypeSaaS))
}

// orders inserts n pending orders of amount by buyer for p, as the order
// service would before payment, and returns their ids.
func (b *bank) orders(t *testing.T, buyer account.Account, p catalog.Product, amount money.Fen, n int) []uuid.UUID {
	t.Helper()
	ids := make([]uuid.UUID, n)
	now := b.Clock.Now()
	for i := range ids {
		ids[i] = uuid.Must(uuid.NewV7())
		_, err := b.DB.Pool.Exec(bg, `INSERT INTO orders (id, number, kind, buyer_id, seller_id, product_id, spec_id, status,
			access_type, product_name, spec_name, billing_mode, unit_price_fen, quantity, amount_fen, supervised, eula_sha256,
			buyer_name, customer_name, contact_phone, contact_email, idem_key, created_at, pay_by)
			VALUES ($1, $2, 'new', $3, $4, $5, $6, 'pending_payment', $7, $8, $9, 'one_time', $10, 1, $10, false, $11,
			$12, $12, '13800138000', 'buyer@example.com', $13, $14, $15)`,
			ids[i], fmt.Sprintf("CS%s%05d", strings.ToUpper(ids[i].String()[24:30]), i), buyer.ID, p.SellerID, p.ID, p.Specs[0].ID,
			p.AccessType, p.Name, p.Specs[0].Name, int64(amount), strings.Repeat("a", 64), buyer.Name, token(), now, now.Add(24*60*60*1e9))
		if err != nil {
			t.Fatalf("insert order: %v", err)
		}
	}
	return ids
}

// pay posts the payment of order and completes it, as the order service does, in its own transaction.
func (b *bank) pay(acct account.Account, order uuid.UUID, amount money.Fen) error {
	err := b.Store.InTx(bg, func(q *pg.Queries) error {
		_, err := ledger.Post(bg, q, ledger.Entry{Account: acct.ID, Kind: ledger.KindPayment, Amount: -amount, OrderID: &order, At: b.Clock.Now()})
		return err
	})
	if err != nil {
		return err
	}
	return b.setStatus(bg, order, "completed")
}

// setStatus moves an order as the order service would after a movement of its money.
func (b *bank) setStatus(ctx context.Context, order uuid.UUID, status string) error {
	_, err := b.DB.Pool.Exec(ctx, `UPDATE orders SET status = $2 WHERE id = $1`, order, status)
	return err
}

// refund posts a refund of order.
func (b *bank) refund(t *testing.T, acct account.Account, order uuid.UUID, amount money.Fen) {
	t.Helper()
	err := b.Store.InTx(bg, func(q *pg.Queries) error {
		_, err := ledger.Post(bg, q, ledger.Entry{Account: acct.ID, Kind: ledger.KindRefund, Amount: amount, OrderID: &order, At: b.Clock.Now()})
		return err
	})
	if err == nil {
		err = b.setStatus(bg, order, "unsubscribed")
	}
	if err != nil {
		t.Fatal(err)
	}
}

// check runs Check and returns the problems as text.
func (b *bank) check(t *testing.T) (ledger.Report, []string) {
	t.Helper()
	rep, err := b.svc.Check(bg)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range rep.Problems {
		out = append(out, p.String())
	}
	return rep, out
}

// exec runs SQL that tampers with the books, as an intruder would.
func (b *bank) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := b.DB.Pool.Exec(bg, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
