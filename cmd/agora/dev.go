package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"agora/internal/config"
	"agora/internal/platform/clock"
	"agora/internal/platform/pgdb"
)

// cmdDev is `make run`: a private PostgreSQL under AGORA_DATA_DIR when
// DATABASE_URL is unset, migrations, demo data (once), then serve until Ctrl-C.
func cmdDev(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(func(k string) string {
		if k == "AGORA_LOG_FORMAT" && getenv(k) == "" {
			return "text"
		}
		return getenv(k)
	})
	if err != nil {
		return err
	}
	dsn := cfg.DatabaseURL
	if dsn == "" {
		local, err := pgdb.StartLocal(ctx, filepath.Join(cfg.DataDir, "pg"), stdout)
		if err != nil {
			return err
		}
		defer func() {
			if err := local.Stop(); err != nil {
				fmt.Fprintln(stderr, "stopping PostgreSQL:", err)
			}
		}()
		if err := pgdb.EnsureDatabase(ctx, local.DSN("postgres"), "agora"); err != nil {
			return err
		}
		dsn = local.DSN("agora")
	}
	if err := migrateAll(ctx, dsn); err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	pool, err := pgdb.Open(ctx, dsn)
	if err != nil {
		return err
	}
	svc, err := newServices(cfg, pool, clock.System{}, log)
	if err != nil {
		pool.Close()
		return err
	}
	err = seedDemo(ctx, svc, clock.System{})
	pool.Close()
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	return serve(ctx, cfg, dsn, log, func(addr string) {
		fmt.Fprintf(stdout, "\nAgora is running at %s\n\nDemo accounts (name / password):\n", cfg.BaseURL)
		for _, a := range demoAccounts {
			fmt.Fprintf(stdout, "  %-22s %-10s / %s\n", a.role, a.name, a.password)
		}
		fmt.Fprintln(stdout, "\nPress Ctrl-C to stop.")
	})
}
