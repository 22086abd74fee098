package main

import (
	"context"

	"agora/internal/account"
	"agora/internal/ledger"
)

// demoTopUpToken is the form token of the demo buyer's top-up: seeding again
// finds the row it made and moves no money.
const demoTopUpToken = "demo-seed-buyer-topup-2026"

// seedBalance gives the demo buyer money to buy with: a top-up by the demo
// admin, through the same service the console uses.
func seedBalance(ctx context.Context, svc *services, admin, buyer account.Account) error {
	_, err := svc.ledger.TopUp(ctx, admin, buyer.ID, ledger.OpsInput{Amount: "50,000.00",
		Reason: "企业对公转账到账，银行流水号 DEMO-20261101-0001（演示数据）", Token: demoTopUpToken})
	return err
}
