package supervision_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/file"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/order/ordertest"
	"agora/internal/supervision"
	"agora/internal/testfix"
)

var bg = context.Background()

type shop struct {
	*testfix.Env
	cat    *catalog.Service
	orders *order.Service
	sup    *supervision.Service
	seller account.Account
}

func newShop(t *testing.T) *shop {
	t.Helper()
	env := testfix.New(t)
	cat := env.Catalog()
	orders, sup := env.Commerce(cat)
	return &shop{Env: env, cat: cat, orders: orders, sup: sup, seller: env.ReadySeller(t, env.Name("seller"))}
}

// paid buys a product of accessType (billed by mode) for a new buyer with
// contact phone, and returns the buyer and the paid order.
func (s *shop) paid(t *testing.T, accessType, mode, phone string) (account.Account, order.Order) {
	t.Helper()
	c := s.ProductContent(t, s.seller, accessType)
	c.Specs[0].BillingMode = mode
	p := s.ListProduct(t, s.cat, s.seller, c)
	b := s.Seller(t, s.Name("buyer"))
	s.TopUp(t, b, "1000")
	o, err := s.orders.Purchase(bg, b, p.ID, order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: "1",
		CustomerName: "杭州云帆科技有限公司", Phone: phone, Email: "it@yunfan.example.com", Address: "浙江省杭州市西湖区文三路 100 号",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != lifecycle.OrderProcessing {
		t.Fatalf("a supervised order after payment: %s", o.Status)
	}
	return b, o
}

// upload stores a supervision file (a PDF) for owner.
func (s *shop) upload(t *testing.T, owner account.Account, name string) file.File {
	t.Helper()
	return s.Upload(t, owner, supervision.FilePurpose, name, testfix.PDF())
}

func (s *shop) get(t *testing.T, viewer account.Account, id uuid.UUID) supervision.Supervision {
	t.Helper()
	sv, err := s.sup.Get(bg, viewer.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

func (s *shop) order(t *testing.T, buyer account.Account, id uuid.UUID) order.Order {
	t.Helper()
	o, err := s.orders.BuyerOrder(bg, buyer.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (s *shop) autoAccept(t *testing.T) int {
	return ordertest.Run[supervision.AutoAcceptArgs](t, s.DB.Pool, &supervision.AutoAcceptWorker{Supervision: s.sup})
}

func (s *shop) events(t *testing.T, id uuid.UUID) []string {
	t.Helper()
	items, err := s.sup.Timeline(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Event + "/" + it.ActorRole
	}
	return out
}

// ok returns a function that fails t on an error and passes the value on:
// ok[supervision.Supervision](t)(s.sup.Accept(…)).
func ok[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
