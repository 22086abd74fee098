package pgdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// MigrateRiver applies the job queue's own migrations (River keeps its tables
// in the same database so jobs commit with the transitions that schedule them).
func MigrateRiver(ctx context.Context, pool *pgxpool.Pool) error {
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return err
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("pgdb: river migrations: %w", err)
	}
	return nil
}

// CheckRiver reports ErrSchema unless River's migrations are complete.
func CheckRiver(ctx context.Context, pool *pgxpool.Pool) error {
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return err
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("pgdb: river schema: %w", err)
	}
	if !res.OK {
		return fmt.Errorf("%w: job queue: %s (run `agora migrate`)", ErrSchema, strings.Join(res.Messages, "; "))
	}
	return nil
}
