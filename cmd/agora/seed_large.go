package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"agora/internal/catalog"
	"agora/internal/config"
	"agora/internal/platform/blob"
	"agora/internal/platform/clock"
	"agora/internal/platform/pgdb"
)

// isLargeSeed reports whether `agora seed` was asked for a generated catalog.
func isLargeSeed(args []string) bool {
	for _, a := range args {
		if strings.HasPrefix(a, "--products") || strings.HasPrefix(a, "-products") {
			return true
		}
	}
	return false
}

// cmdSeedLarge is `agora seed --products N [--sellers M] [--seed S]`: a
// realistic generated catalog in DATABASE_URL, or when that is unset in the
// private development database `make run` uses (make seed-large: 100,000
// products from 10,000 sellers). It refuses to load a second one.
func cmdSeedLarge(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stdout)
	products := fs.Int("products", 100_000, "products to generate")
	sellers := fs.Int("sellers", 0, "sellers (default: one per ten products)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same catalog")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	dsn := cfg.DatabaseURL
	if dsn == "" {
		local, err := pgdb.StartLocal(ctx, filepath.Join(cfg.DataDir, "pg"), stdout)
		if err != nil {
			return err
		}
		defer local.Stop() //nolint:errcheck // stops only a server this command started
		if err := pgdb.EnsureDatabase(ctx, local.DSN("postgres"), "agora"); err != nil {
			return err
		}
		dsn = local.DSN("agora")
	}
	if err := migrateAll(ctx, dsn); err != nil {
		return err
	}
	pool, err := pgdb.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	svc, err := newServices(cfg, pool, clock.System{}, newLogger(cfg, io.Discard))
	if err != nil {
		return err
	}
	if _, err := svc.agreements.Publish(ctx, cooperationAgreement); err != nil {
		return err
	}
	blobs, err := blob.NewDir(cfg.BlobDir)
	if err != nil {
		return err
	}
	began := time.Now()
	fmt.Fprintf(stdout, "generating %d products …\n", *products)
	rep, err := loadCatalog(ctx, svc, blobs, catalog.GenOptions{Products: *products, Sellers: *sellers, Seed: *seed, Now: time.Now(),
		Progress: func(done, total int) {
			if done%2000 == 0 || done == total {
				fmt.Fprintf(stdout, "  %d/%d sellers (%s)\n", done, total, time.Since(began).Round(time.Second))
			}
		}})
	if errors.Is(err, catalog.ErrGenerated) {
		return fmt.Errorf("this database already holds a generated catalog; nothing was added (drop it or point DATABASE_URL elsewhere)")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %d products (%d specs) from %d sellers, %d evidence events, in %s\n",
		rep.Products, rep.Specs, rep.Sellers, rep.Events, time.Since(began).Round(time.Second))
	fmt.Fprintf(stdout, "generated sellers log in as gen-s000001 … with the password %s\n", genPassword)
	return nil
}

// genPassword is every generated seller's password (a demo catalog, not real accounts).
const genPassword = "Seller12345"

// loadCatalog generates the catalog, then refreshes the planner's statistics.
func loadCatalog(ctx context.Context, svc *services, blobs blob.Store, o catalog.GenOptions) (catalog.GenReport, error) {
	o.Password = genPassword
	rep, err := catalog.Generate(ctx, svc.store, blobs, o)
	if err != nil {
		return rep, err
	}
	return rep, svc.store.SeedVacuumAnalyze(ctx)
}
