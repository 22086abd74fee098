package main

import (
	"context"
	"fmt"
	"io"

	"agora/internal/ledger"
	"agora/internal/platform/clock"
	"agora/internal/platform/money"
	"agora/internal/store"
)

// cmdCheckLedger proves that money is conserved (see ledger.Service.Check),
// prints every discrepancy and the totals, and exits 1 if there is any.
func cmdCheckLedger(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	cfg, pool, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer pool.Close()
	rep, err := ledger.NewService(store.New(pool), clock.System{}, newLogger(cfg, io.Discard)).Check(ctx)
	if err != nil {
		return err
	}
	printLedgerReport(stdout, rep)
	if !rep.OK() {
		return exitError{code: 1}
	}
	return nil
}

func printLedgerReport(w io.Writer, rep ledger.Report) {
	for _, p := range rep.Problems {
		fmt.Fprintln(w, "DISCREPANCY", p.String())
	}
	fmt.Fprintf(w, "top-ups %s, adjustments %s, refunds %s, payments %s; balances of %d accounts hold %s\n",
		money.Format(rep.TopUps), money.Format(rep.Adjustments), money.Format(rep.Refunds), money.Format(rep.Payments),
		rep.Accounts, money.Format(rep.Balances))
	fmt.Fprintf(w, "settlement: billed %s = platform fees %s + seller shares %s\n", money.Format(rep.Billed), money.Format(rep.Fees),
		money.Format(rep.Shares))
	fmt.Fprintf(w, "%d ledger rows, %d discrepancies\n", rep.Entries, len(rep.Problems))
}
