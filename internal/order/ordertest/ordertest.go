// Package ordertest runs order timers deterministically in tests: the timers
// the placing transactions armed run through the real worker when the test's
// clock says they are due.
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

// RunTimers works every armed payment-window timer through the real worker as
// the job runner would, removing the ones that finished; a timer that is not
// due yet by the service's clock snoozes and stays. It returns how many finished.
func RunTimers(t testing.TB, pool *pgxpool.Pool, svc *order.Service) int {
	t.Helper()
	ctx := context.Background()
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := client.JobList(ctx, river.NewJobListParams().Kinds(order.ExpireArgs{}.Kind()).
		States(rivertype.JobStateAvailable, rivertype.JobStateScheduled).First(10000))
	if err != nil {
		t.Fatal(err)
	}
	w := &order.ExpireWorker{Orders: svc}
	done := 0
	for _, j := range res.Jobs {
		var args order.ExpireArgs
		if err := json.Unmarshal(j.EncodedArgs, &args); err != nil {
			t.Fatal(err)
		}
		err := w.Work(ctx, &river.Job[order.ExpireArgs]{JobRow: j, Args: args})
		var snooze *river.JobSnoozeError
		if errors.As(err, &snooze) {
			continue
		}
		if err != nil {
			t.Fatalf("timer %d: %v", j.ID, err)
		}
		if _, err := client.JobDelete(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		done++
	}
	return done
}
