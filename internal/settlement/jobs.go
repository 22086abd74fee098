package settlement

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// RunArgs is the periodic check that bills the previous month on its bill day.
type RunArgs struct{}

// Kind names the job in River.
func (RunArgs) Kind() string { return "settlement_bill_run" }

// RunInterval is how often the check runs; a bill day is caught within it,
// and a day the process was down is caught on the next start.
const RunInterval = time.Hour

// RunWorker runs the check.
type RunWorker struct {
	river.WorkerDefaults[RunArgs]
	Settlement *Service
}

// Timeout gives a large month room: the run is one transaction.
func (w *RunWorker) Timeout(*river.Job[RunArgs]) time.Duration { return 30 * time.Minute }

// Work bills the previous month if its bill day has come.
func (w *RunWorker) Work(ctx context.Context, _ *river.Job[RunArgs]) error {
	_, err := w.Settlement.DueRun(ctx)
	return err
}
