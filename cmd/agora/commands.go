package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/jackc/pgx/v5/pgxpool"

	"agora/internal/config"
	"agora/internal/evidence"
	"agora/internal/platform/clock"
	"agora/internal/platform/pgdb"
	"agora/internal/store"
	"agora/internal/store/pg"
	"agora/migrations"
)

func cmdMigrate(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	dsn, err := requireDSN(cfg)
	if err != nil {
		return err
	}
	if err := migrateAll(ctx, dsn); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

func cmdSeed(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 1 || args[0] != "--demo" {
		return fmt.Errorf("usage: agora seed --demo")
	}
	cfg, pool, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer pool.Close()
	svc, err := newServices(cfg, pool, clock.System{}, newLogger(cfg, io.Discard))
	if err != nil {
		return err
	}
	if err := seedDemo(ctx, svc, clock.System{}); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "demo data loaded")
	return nil
}

func cmdVerify(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	_, pool, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer pool.Close()
	var rep evidence.Report
	err = store.New(pool).InSnapshot(ctx, func(q *pg.Queries) error {
		rep, err = evidence.Verify(ctx, q)
		return err
	})
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, "BROKEN", p.String())
	}
	fmt.Fprintf(stdout, "%d chains, %d events, %d broken\n", rep.Chains, rep.Events, len(rep.Problems))
	if len(rep.Problems) > 0 {
		return exitError{code: 1}
	}
	return nil
}

// cmdWithDB runs a command (make test) against a database server: DATABASE_URL
// if set, else the private cluster under AGORA_DATA_DIR, stopped afterwards if
// this command started it.
func cmdWithDB(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		return fmt.Errorf("usage: agora with-db -- command [args]")
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	dsn := cfg.DatabaseURL
	if dsn == "" {
		local, err := pgdb.StartLocal(ctx, filepath.Join(cfg.DataDir, "pg"), stderr)
		if err != nil {
			return err
		}
		defer local.Stop()
		dsn = local.DSN("postgres")
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "AGORA_TEST_DATABASE_URL="+dsn)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return exitError{code: ee.ExitCode()}
		}
		return err
	}
	return nil
}

// openDB loads the configuration and connects to DATABASE_URL.
func openDB(ctx context.Context, getenv func(string) string) (config.Config, *pgxpool.Pool, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return cfg, nil, err
	}
	dsn, err := requireDSN(cfg)
	if err != nil {
		return cfg, nil, err
	}
	pool, err := pgdb.Open(ctx, dsn)
	return cfg, pool, err
}

// migrateAll applies the application's migrations and the job queue's.
func migrateAll(ctx context.Context, dsn string) error {
	if err := pgdb.Migrate(dsn, migrations.FS); err != nil {
		return err
	}
	pool, err := pgdb.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	return pgdb.MigrateRiver(ctx, pool)
}
