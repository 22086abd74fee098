// Command agora is the marketplace: one binary that serves every portal and
// carries the operational subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ee exitError
		if errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		fmt.Fprintln(os.Stderr, "agora:", err)
		os.Exit(1)
	}
}

// exitError ends the process with a code after the command printed its own report.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

const usage = `usage: agora <command>

commands:
  serve           serve the marketplace (default; refuses a database whose schema is not current)
  dev             what "make run" does: private PostgreSQL if DATABASE_URL is unset, migrate, demo data, serve
  migrate         apply the database migrations
  seed --demo     load the demo marketplace (idempotent)
  seed --products N [--sellers M] [--seed S]
                  generate a realistic catalog of N products (make seed-large: 100,000)
  verify-events   check every hash chain of the evidence log; exits 1 naming each broken object
  verify-bundle FILE.zip
                  check a downloaded evidence bundle offline (hash chains and attachments' SHA-256);
                  prints OK or each problem, exits 1 on problems
  check-ledger    prove money is conserved (balances = their ledger rows, orders never refunded beyond
                  payment, totals add up); exits 1 listing each discrepancy
  settle --verify YYYYMM
                  re-run a billed period from the orders and the ledger as of its end and compare every
                  statement (lines, totals, digest) with what was stored; exits 1 naming each difference
  settle --run YYYYMM
                  bill a closed period now (the monthly job bills the previous month on the 3rd working rule)
  with-db -- CMD  run CMD with AGORA_TEST_DATABASE_URL pointing at a database server (private one if needed)
`

// run is the whole program, with its inputs passed in so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return cmdServe(ctx, getenv, stdout, stderr)
	case "dev":
		return cmdDev(ctx, getenv, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, getenv, stdout)
	case "seed":
		if isLargeSeed(args) {
			return cmdSeedLarge(ctx, args, getenv, stdout)
		}
		return cmdSeed(ctx, args, getenv, stdout)
	case "verify-events":
		return cmdVerify(ctx, getenv, stdout)
	case "verify-bundle":
		return cmdVerifyBundle(args, stdout)
	case "check-ledger":
		return cmdCheckLedger(ctx, getenv, stdout)
	case "settle":
		return cmdSettle(ctx, args, getenv, stdout)
	case "with-db":
		return cmdWithDB(ctx, args, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
