// Package store is the data-access layer: sqlc-generated queries in pg/ and the
// transaction helper every service uses.
package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"agora/internal/platform/apperr"
	"agora/internal/store/pg"
)

// Store wraps the pool and the generated queries.
type Store struct {
	Pool *pgxpool.Pool
	*pg.Queries
}

// New returns a store over pool.
func New(pool *pgxpool.Pool) *Store { return &Store{Pool: pool, Queries: pg.New(pool)} }

// InTx runs fn in one transaction; it commits when fn returns nil and rolls back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(q *pg.Queries) error) error {
	return pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error { return fn(s.Queries.WithTx(tx)) })
}

// InSnapshot runs fn in one read-only, repeatable-read transaction, so every
// query sees the same moment (used for consistency checks on a live database).
func (s *Store) InSnapshot(ctx context.Context, fn func(q *pg.Queries) error) error {
	return pgx.BeginTxFunc(ctx, s.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error { return fn(s.Queries.WithTx(tx)) })
}

// NotFound turns pgx.ErrNoRows into an apperr NotFound and wraps anything else as internal.
func NotFound(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.Wrap(apperr.NotFound, "error.not_found", err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// ErrNoRows is what a query for one row returns when there is none.
var ErrNoRows = pgx.ErrNoRows

// IsNoRows reports whether err is pgx.ErrNoRows.
func IsNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

// IsUniqueViolation reports whether err violates the named unique constraint (any, if empty).
func IsUniqueViolation(err error, constraint string) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return constraint == "" || pe.ConstraintName == constraint
	}
	return false
}
