package testfix

import (
	"context"
	"testing"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/ledger"
	"agora/internal/order"
	"agora/internal/platform/money"
	"agora/internal/store/pg"
	"agora/internal/supervision"
)

// Commerce returns the order and supervision services over e, wired as
// cmd/agora/wire.go does (supervision supervises paid supervised orders).
// Call it once per test with the test's catalog service.
func (e *Env) Commerce(cat *catalog.Service) (*order.Service, *supervision.Service) {
	orders := order.NewService(e.Store, e.Clock, cat, Shanghai, e.Log)
	sup := supervision.NewService(e.Store, e.Clock, e.Files, orders, e.Calendar, Shanghai, e.Log)
	return orders, sup
}

// TopUp credits acct's balance with yuan as an operations admin would.
func (e *Env) TopUp(t testing.TB, acct account.Account, yuan string) {
	t.Helper()
	amount, err := money.Parse(yuan)
	if err != nil {
		t.Fatal(err)
	}
	admin := e.Admin(t)
	err = e.Store.InTx(context.Background(), func(q *pg.Queries) error {
		_, err := ledger.Post(context.Background(), q, ledger.Entry{Account: acct.ID, Kind: ledger.KindTopUp, Amount: amount,
			ActorID: &admin.ID, Reason: "测试充值", At: e.Clock.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
