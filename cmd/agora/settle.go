package main

import (
	"context"
	"fmt"
	"io"

	"agora/internal/platform/clock"
	"agora/internal/settlement"
	"agora/internal/store"
	"agora/internal/workday"
)

// cmdSettle runs (--run YYYYMM) or re-checks (--verify YYYYMM) the bill run of a period.
func cmdSettle(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 2 || (args[0] != "--verify" && args[0] != "--run") {
		return fmt.Errorf("usage: agora settle --verify YYYYMM | --run YYYYMM")
	}
	p, err := settlement.ParsePeriod(args[1])
	if err != nil {
		return fmt.Errorf("period %q: want YYYYMM, e.g. 202610", args[1])
	}
	cfg, pool, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	log := newLogger(cfg, io.Discard)
	svc := settlement.NewService(st, clock.System{}, workday.NewService(st, clock.System{}, cfg.Location), cfg.Location, log)
	if args[0] == "--run" {
		r, err := svc.RunPeriod(ctx, p, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "billed %s: %d statements, %d lines, digest %s\n", p, r.Statements, r.Lines, r.Digest)
		return nil
	}
	v, err := svc.Verify(ctx, p)
	if err != nil {
		return err
	}
	printVerification(stdout, v)
	if !v.OK() {
		return exitError{code: 1}
	}
	return nil
}

func printVerification(w io.Writer, v settlement.Verification) {
	for _, m := range v.Mismatches {
		fmt.Fprintf(w, "MISMATCH statement %s %s: %s\n", m.Number, m.StatementID, m.Detail)
	}
	verdict := "OK: identical statements"
	if !v.OK() {
		verdict = "DIFFERS"
	}
	fmt.Fprintf(w, "%s %s — %d statements, %d lines; digest re-computed %s, stored %s\n", verdict, v.Period, v.Statements, v.Lines,
		v.Digest, v.Stored)
}
