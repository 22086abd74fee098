package order_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/ledger"
	"agora/internal/order"
	"agora/internal/order/ordertest"
	"agora/internal/platform/money"
	"agora/internal/store/pg"
	"agora/internal/testfix"
)

var bg = context.Background()

// shop is one test's marketplace: a seller with products, and the order service.
type shop struct {
	*testfix.Env
	cat    *catalog.Service
	orders *order.Service
	seller account.Account
	admin  account.Account
}

func newShop(t *testing.T) *shop {
	t.Helper()
	env := testfix.New(t)
	cat := env.Catalog()
	orders, _ := env.Commerce(cat)
	s := &shop{Env: env, cat: cat, orders: orders}
	s.seller = env.ReadySeller(t, env.Name("seller"))
	s.admin = env.Admin(t)
	return s
}

// product lists a product of accessType whose first spec is billed by mode at price (yuan).
func (s *shop) product(t *testing.T, accessType, mode, price string, edit ...func(*catalog.Content)) catalog.Product {
	t.Helper()
	c := s.ProductContent(t, s.seller, accessType)
	c.Specs[0].BillingMode, c.Specs[0].Price = mode, price
	for _, f := range edit {
		f(&c)
	}
	return s.ListProduct(t, s.cat, s.seller, c)
}

// buyer signs up a buyer with balance yuan topped up by operations.
func (s *shop) buyer(t *testing.T, balance string) account.Account {
	t.Helper()
	b := s.Seller(t, s.Name("buyer"))
	if balance != "" {
		s.topUp(t, b, balance)
	}
	return b
}

func (s *shop) topUp(t *testing.T, acct account.Account, yuan string) {
	t.Helper()
	amount, err := money.Parse(yuan)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Store.InTx(bg, func(q *pg.Queries) error {
		_, err := ledger.Post(bg, q, ledger.Entry{Account: acct.ID, Kind: ledger.KindTopUp, Amount: amount,
			ActorID: &s.admin.ID, Reason: "测试充值", At: s.Clock.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (s *shop) balance(t *testing.T, acct account.Account) money.Fen {
	t.Helper()
	b, err := s.Store.GetBalance(bg, acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	return money.Fen(b)
}

// form is a complete purchase form for p's first spec.
func form(p catalog.Product, qty string) order.PurchaseInput {
	return order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: qty, CustomerName: "杭州云帆科技有限公司",
		Phone: "13800138000", Email: "it@yunfan.example.com", Address: "浙江省杭州市西湖区文三路 100 号",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()}
}

func (s *shop) buy(t *testing.T, buyer account.Account, p catalog.Product, in order.PurchaseInput) order.Order {
	t.Helper()
	o, err := s.orders.Purchase(bg, buyer, p.ID, in)
	if err != nil {
		t.Fatalf("purchase: %v", err)
	}
	return o
}

func (s *shop) order(t *testing.T, buyer account.Account, id uuid.UUID) order.Order {
	t.Helper()
	o, err := s.orders.BuyerOrder(bg, buyer.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (s *shop) timers(t *testing.T) int { return ordertest.RunTimers(t, s.DB.Pool, s.orders) }

// events lists "event/role" of an order's timeline.
func (s *shop) events(t *testing.T, id uuid.UUID) []string {
	t.Helper()
	items, err := s.orders.Timeline(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Event + "/" + it.ActorRole
	}
	return out
}
