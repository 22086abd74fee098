// Package ordertest runs order and supervision timers deterministically in
// tests: the timers the transactions armed run through the real workers when
// the test's clock says they are due.
package ordertest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"agora/internal/order"
)

// RunTimers works every armed payment-window timer through the real worker.
func RunTimers(t testing.TB, pool *pgxpool.Pool, svc *order.Service) int {
	t.Helper()
	return Run[order.ExpireArgs](t, pool, &order.ExpireWorker{Orders: svc})
}

// Run works every queued job of w's kind as the job runner would, removing
// the ones that finished; a job that is not due yet by the service's clock
// snoozes and stays. It returns how many finished.
func Run[T river.JobArgs](t testing.TB, pool *pgxpool.Pool, w river.Worker[T]) int {
	t.Helper()
	ctx := context.Background()
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var zero T
	res, err := client.JobList(ctx, river.NewJobListParams().Kinds(zero.Kind()).
		States(rivertype.JobStateAvailable, rivertype.JobStateScheduled).First(10000))
	if err != nil {
		t.Fatal(err)
	}
	done := 0
	for _, j := range res.Jobs {
		var args T
		if err := json.Unmarshal(j.EncodedArgs, &args); err != nil {
			t.Fatal(err)
		}
		err := w.Work(ctx, &river.Job[T]{JobRow: j, Args: args})
		var snooze *river.JobSnoozeError
		if errors.As(err, &snooze) {
			continue
		}
		if err != nil {
			t.Fatalf("job %s %d: %v", zero.Kind(), j.ID, err)
		}
		if _, err := client.JobDelete(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		done++
	}
	return done
}
