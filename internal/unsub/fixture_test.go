package unsub_test

import (
	"context"
	"testing"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/ledger"
	"agora/internal/order"
	"agora/internal/order/ordertest"
	"agora/internal/platform/money"
	"agora/internal/supervision"
	"agora/internal/testfix"
	"agora/internal/unsub"
)

var bg = context.Background()

type shop struct {
	*testfix.Env
	cat    *catalog.Service
	orders *order.Service
	sup    *supervision.Service
	unsub  *unsub.Service
	seller account.Account
}

func newShop(t *testing.T) *shop {
	t.Helper()
	env := testfix.New(t)
	cat := env.Catalog()
	orders, sup := env.Commerce(cat)
	u := unsub.NewService(env.Store, env.Clock, env.Files, orders, sup, env.Calendar, testfix.Shanghai, env.Log)
	return &shop{Env: env, cat: cat, orders: orders, sup: sup, unsub: u, seller: env.ReadySeller(t, env.Name("seller"))}
}

// buy lists a product of accessType billed by mode at price and has buyer (a
// new one when nil) buy it; the order is paid.
func (s *shop) buy(t *testing.T, buyer *account.Account, accessType, mode, price string) (account.Account, order.Order) {
	t.Helper()
	c := s.ProductContent(t, s.seller, accessType)
	c.Specs[0].BillingMode, c.Specs[0].Price = mode, price
	p := s.ListProduct(t, s.cat, s.seller, c)
	var b account.Account
	if buyer != nil {
		b = *buyer
	} else {
		b = s.Seller(t, s.Name("buyer"))
		s.TopUp(t, b, "10000")
	}
	o, err := s.orders.Purchase(bg, b, p.ID, order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: "1",
		CustomerName: "杭州云帆科技有限公司", Phone: "13800138000", Email: "it@yunfan.example.com", Address: "浙江省杭州市西湖区文三路 100 号",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}
	return b, o
}

func (s *shop) balance(t *testing.T, a account.Account) money.Fen {
	t.Helper()
	b, err := s.orders.Balance(bg, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (s *shop) order(t *testing.T, b account.Account, o order.Order) order.Order {
	t.Helper()
	o, err := s.orders.BuyerOrder(bg, b.ID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (s *shop) quote(t *testing.T, b account.Account, o order.Order) unsub.Quote {
	t.Helper()
	q, err := s.unsub.Quote(bg, b.ID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func (s *shop) escalate(t *testing.T) int {
	return ordertest.Run[unsub.EscalateArgs](t, s.DB.Pool, &unsub.EscalateWorker{Unsub: s.unsub})
}

func (s *shop) ledgerClean(t *testing.T) {
	t.Helper()
	rep, err := ledger.NewService(s.Store, s.Clock, s.Log).Check(bg)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("ledger: %+v", rep.Problems)
	}
}
