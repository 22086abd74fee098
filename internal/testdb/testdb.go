// Package testdb gives each test its own PostgreSQL database, cloned from a
// template that is migrated once per set of migrations.
package testdb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"agora/internal/platform/pgdb"
	"agora/migrations"
)

var (
	once     sync.Once
	adminDSN string
	tmplName string
	setupErr error
)

// AdminDSN returns a DSN to the server's maintenance database: from
// AGORA_TEST_DATABASE_URL or DATABASE_URL, else the private cluster under
// $AGORA_DATA_DIR/pg (default: var/pg of the repository), started if needed and
// shared between test processes.
func AdminDSN() (string, error) {
	for _, k := range []string{"AGORA_TEST_DATABASE_URL", "DATABASE_URL"} {
		if v := os.Getenv(k); v != "" {
			return v, nil
		}
	}
	data := os.Getenv("AGORA_DATA_DIR")
	if data == "" {
		root, err := repoRoot()
		if err != nil {
			return "", err
		}
		data = filepath.Join(root, "var")
	}
	dir := filepath.Join(data, "pg")
	if err := os.MkdirAll(data, 0o755); err != nil {
		return "", err
	}
	lock, err := os.OpenFile(filepath.Join(data, "pg.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", err
	}
	l, err := pgdb.StartLocal(context.Background(), dir, os.Stderr)
	if err != nil {
		return "", err
	}
	return l.DSN("postgres"), nil
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("testdb: go.mod not found")
		}
		dir = parent
	}
}

// withDB returns dsn with its database name replaced.
func withDB(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + name
	return u.String()
}

func migrationsHash() string {
	h := sha256.New()
	// River's migrations are part of the template too: a River upgrade rebuilds it.
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if strings.HasPrefix(d.Path, "github.com/riverqueue/river") {
				h.Write([]byte(d.Path + "@" + d.Version))
			}
		}
	}
	_ = fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(migrations.FS, p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func setup() {
	ctx := context.Background()
	if adminDSN, setupErr = AdminDSN(); setupErr != nil {
		return
	}
	tmplName = "agora_tmpl_" + migrationsHash()
	admin, err := pgdb.Open(ctx, adminDSN)
	if err != nil {
		setupErr = err
		return
	}
	defer admin.Close()
	conn, err := admin.Acquire(ctx)
	if err != nil {
		setupErr = err
		return
	}
	defer conn.Release()
	// Test binaries run in parallel processes; one of them builds the template.
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(727274)"); err != nil {
		setupErr = err
		return
	}
	defer conn.Exec(ctx, "SELECT pg_advisory_unlock(727274)") //nolint:errcheck
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", tmplName).Scan(&exists); err != nil {
		setupErr = err
		return
	}
	if exists {
		return
	}
	building := tmplName + "_build"
	_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+building)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+building); err != nil {
		setupErr = err
		return
	}
	if err := pgdb.Migrate(withDB(adminDSN, building), migrations.FS); err != nil {
		setupErr = err
		return
	}
	pool, err := pgdb.Open(ctx, withDB(adminDSN, building))
	if err != nil {
		setupErr = err
		return
	}
	err = pgdb.MigrateRiver(ctx, pool)
	pool.Close()
	if err != nil {
		setupErr = err
		return
	}
	_, setupErr = conn.Exec(ctx, "ALTER DATABASE "+building+" RENAME TO "+tmplName)
}

// DB is one test's database.
type DB struct {
	DSN  string
	Pool *pgxpool.Pool
}

// New creates a fresh, migrated database for t and drops it when t ends.
func New(t testing.TB) *DB {
	t.Helper()
	once.Do(setup)
	if setupErr != nil {
		t.Fatalf("testdb: %v", setupErr)
	}
	ctx := context.Background()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "agora_t_" + hex.EncodeToString(b)
	admin, err := pgdb.Open(ctx, adminDSN)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+tmplName); err != nil {
		admin.Close()
		t.Fatalf("testdb: create: %v", err)
	}
	dsn := withDB(adminDSN, name)
	pool, err := pgdb.Open(ctx, dsn)
	if err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Close()
		_, _ = admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	return &DB{DSN: dsn, Pool: pool}
}
