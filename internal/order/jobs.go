package order

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
)

// ExpireArgs is the timer that cancels an order left unpaid for PayWindow.
type ExpireArgs struct {
	OrderID uuid.UUID `json:"order_id"`
}

// Kind names the job in River.
func (ExpireArgs) Kind() string { return "order_expire" }

// ExpireWorker runs payment-window timers.
type ExpireWorker struct {
	river.WorkerDefaults[ExpireArgs]
	Orders *Service
}

// Work cancels the order if it is still unpaid; early, it waits again.
func (w *ExpireWorker) Work(ctx context.Context, job *river.Job[ExpireArgs]) error {
	wait, err := w.Orders.Expire(ctx, job.Args.OrderID)
	if err != nil {
		return err
	}
	if wait > 0 {
		return river.JobSnooze(wait)
	}
	return nil
}

// SweepArgs is the periodic sweep that cancels unpaid orders whose timer was lost.
type SweepArgs struct{}

// Kind names the job in River.
func (SweepArgs) Kind() string { return "order_expire_sweep" }

// SweepInterval is how often the sweep runs.
const SweepInterval = 10 * time.Minute

// SweepWorker runs the sweep.
type SweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	Orders *Service
}

// Work cancels every overdue unpaid order, a batch at a time.
func (w *SweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	for {
		n, err := w.Orders.ExpireDue(ctx, 500)
		if err != nil || n < 500 {
			return err
		}
	}
}
