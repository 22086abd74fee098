package account

import (
	"context"

	"github.com/riverqueue/river"
)

// PruneArgs is the periodic job that forgets failed logins older than the throttle window.
type PruneArgs struct{}

// Kind names the job in the queue.
func (PruneArgs) Kind() string { return "prune_login_failures" }

// PruneWorker runs PruneArgs.
type PruneWorker struct {
	river.WorkerDefaults[PruneArgs]
	Accounts *Service
}

// Work deletes the old failures; it is idempotent, so a retried job is harmless.
func (w *PruneWorker) Work(ctx context.Context, _ *river.Job[PruneArgs]) error {
	return w.Accounts.PruneLoginFailures(ctx)
}
