package settlement_test

import (
	"context"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/file"
	"agora/internal/ledger"
	"agora/internal/order"
	"agora/internal/settlement"
	"agora/internal/supervision"
	"agora/internal/testfix"
	"agora/internal/unsub"
)

var bg = context.Background()

// at is a moment in Shanghai.
func at(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, testfix.Shanghai)
}

type shop struct {
	*testfix.Env
	cat    *catalog.Service
	orders *order.Service
	sup    *supervision.Service
	unsub  *unsub.Service
	set    *settlement.Service
	seller account.Account
	buyer  account.Account
}

// newShop starts on 20 October 2026 with a certified seller and a funded buyer.
func newShop(t *testing.T) *shop {
	t.Helper()
	env := testfix.New(t)
	env.Clock.Set(at(2026, 10, 20, 10))
	cat := env.Catalog()
	orders, sup := env.Commerce(cat)
	u := unsub.NewService(env.Store, env.Clock, env.Files, orders, sup, env.Calendar, testfix.Shanghai, env.Log)
	s := &shop{Env: env, cat: cat, orders: orders, sup: sup, unsub: u,
		set: settlement.NewService(env.Store, env.Clock, env.Calendar, testfix.Shanghai, env.Log)}
	s.seller = env.ReadySeller(t, env.Name("seller"))
	s.buyer = env.Seller(t, env.Name("buyer"))
	env.TopUp(t, s.buyer, "20000")
	return s
}

// product lists a product of accessType billed by mode at price.
func (s *shop) product(t *testing.T, accessType, mode, price string) catalog.Product {
	t.Helper()
	c := s.ProductContent(t, s.seller, accessType)
	c.Specs[0].BillingMode, c.Specs[0].Price = mode, price
	return s.ListProduct(t, s.cat, s.seller, c)
}

func (s *shop) buy(t *testing.T, p catalog.Product) order.Order {
	t.Helper()
	o, err := s.orders.Purchase(bg, s.buyer, p.ID, order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: "1",
		CustomerName: "杭州云帆科技有限公司", Phone: "13800138000", Email: "it@yunfan.example.com", Address: "浙江省杭州市西湖区文三路 100 号",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (s *shop) upload(t *testing.T, owner account.Account) file.File {
	return s.Upload(t, owner, supervision.FilePurpose, "验收报告.pdf", testfix.PDF())
}

// deliver takes a supervised order through requirements and delivery; accept finishes it.
func (s *shop) deliver(t *testing.T, o order.Order) {
	t.Helper()
	if _, err := s.sup.SubmitRequirements(bg, s.buyer, o.ID, supervision.RequirementsInput{Text: "请按合同完成系统部署与数据迁移。"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.sup.ConfirmRequirements(bg, s.seller, o.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{s.upload(t, s.seller).ID.String()}}); err != nil {
		t.Fatal(err)
	}
}

func (s *shop) accept(t *testing.T, o order.Order) {
	t.Helper()
	if _, err := s.sup.Accept(bg, s.buyer, o.ID); err != nil {
		t.Fatal(err)
	}
}

func (s *shop) statements(t *testing.T) []settlement.Statement {
	t.Helper()
	out, _, err := s.set.SellerStatements(bg, s.seller.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (s *shop) lines(t *testing.T, st settlement.Statement) []settlement.Line {
	t.Helper()
	out, _, err := s.set.Lines(bg, st, 1)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (s *shop) statement(t *testing.T, st settlement.Statement) settlement.Statement {
	t.Helper()
	got, err := s.set.SellerStatement(bg, s.seller.ID, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// ledger runs check-ledger and returns its problems.
func (s *shop) ledger(t *testing.T) []ledger.Problem {
	t.Helper()
	rep, err := ledger.NewService(s.Store, s.Clock, s.Log).Check(bg)
	if err != nil {
		t.Fatal(err)
	}
	return rep.Problems
}
