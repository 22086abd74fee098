// Package pgdb opens PostgreSQL pools and applies and checks migrations.
package pgdb

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5" // pgx5:// driver
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Open connects a pool and checks that the database answers.
func Open(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("pgdb: parse DATABASE_URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgdb: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgdb: ping: %w", err)
	}
	return pool, nil
}

func migrateURL(dsn string) string {
	for _, p := range []string{"postgres://", "postgresql://"} {
		if strings.HasPrefix(dsn, p) {
			return "pgx5://" + strings.TrimPrefix(dsn, p)
		}
	}
	return dsn
}

func newMigrate(dsn string, files fs.FS) (*migrate.Migrate, error) {
	src, err := iofs.New(files, ".")
	if err != nil {
		return nil, fmt.Errorf("pgdb: migrations: %w", err)
	}
	m, err := migrate.NewWithSourceInstance("iofs", src, migrateURL(dsn))
	if err != nil {
		return nil, fmt.Errorf("pgdb: migrate: %w", err)
	}
	return m, nil
}

// Migrate applies every pending up migration.
func Migrate(dsn string, files fs.FS) error {
	m, err := newMigrate(dsn, files)
	if err != nil {
		return err
	}
	defer m.Close()
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("pgdb: migrate up: %w", err)
	}
	return nil
}

// Latest returns the highest migration version in files.
func Latest(files fs.FS) (uint, error) {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return 0, err
	}
	var max uint
	for _, e := range entries {
		n, _, ok := strings.Cut(e.Name(), "_")
		if !ok || !strings.HasSuffix(e.Name(), ".up.sql") {
			continue
		}
		v, err := strconv.ParseUint(n, 10, 32)
		if err == nil && uint(v) > max {
			max = uint(v)
		}
	}
	return max, nil
}

// ErrSchema is returned when the database schema is dirty or not at the latest version.
var ErrSchema = errors.New("database schema is not current")

// CheckSchema reports ErrSchema unless the database is clean and at the latest migration.
func CheckSchema(dsn string, files fs.FS) error {
	latest, err := Latest(files)
	if err != nil {
		return err
	}
	m, err := newMigrate(dsn, files)
	if err != nil {
		return err
	}
	defer m.Close()
	version, dirty, err := m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return fmt.Errorf("%w: no migrations applied (run `agora migrate`)", ErrSchema)
	}
	if err != nil {
		return fmt.Errorf("pgdb: schema version: %w", err)
	}
	if dirty {
		return fmt.Errorf("%w: version %d is dirty", ErrSchema, version)
	}
	if version != latest {
		return fmt.Errorf("%w: at version %d, this binary expects %d (run `agora migrate`)", ErrSchema, version, latest)
	}
	return nil
}
