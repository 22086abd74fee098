// Package exporttest runs export jobs deterministically in tests and generates
// many orders quickly for exports of realistic size (tests and `make bench`).
package exporttest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"agora/internal/export"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Jobs returns the export jobs waiting to run, oldest first.
func Jobs(t testing.TB, pool *pgxpool.Pool) []*rivertype.JobRow {
	t.Helper()
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := client.JobList(context.Background(), river.NewJobListParams().Kinds(export.Args{}.Kind()).
		States(rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRetryable).First(10000))
	if err != nil {
		t.Fatal(err)
	}
	return res.Jobs
}

// RunJobs works every queued export job through the real worker as the job
// runner would, removing each one it finished, and returns how many it ran.
// A job that fails fails the test.
func RunJobs(t testing.TB, pool *pgxpool.Pool, svc *export.Service) int {
	t.Helper()
	ctx := context.Background()
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, j := range Jobs(t, pool) {
		if err := Work(t, svc, j, 1); err != nil {
			t.Fatalf("export job %d: %v", j.ID, err)
		}
		if _, err := client.JobDelete(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

// Work runs one export job as its attempt-th attempt and returns the worker's answer.
func Work(t testing.TB, svc *export.Service, j *rivertype.JobRow, attempt int) error {
	t.Helper()
	var args export.Args
	if err := json.Unmarshal(j.EncodedArgs, &args); err != nil {
		t.Fatal(err)
	}
	row := *j
	row.Attempt = attempt
	return (&export.Worker{Exports: svc}).Work(context.Background(), &river.Job[export.Args]{JobRow: &row, Args: args})
}

// Orders describes generated orders: N orders of one product's spec from one
// buyer to one seller, one a minute apart back from Newest, the customers
// called Customer followed by their index (1 is the newest), every fifth
// processing and the others completed, the amounts (99.00 + i%100 fen) × (1 + i%12).
type Orders struct {
	Prefix        string // order numbers are Prefix + 9 digits; unique per call
	BuyerID       uuid.UUID
	BuyerName     string
	SellerID      uuid.UUID
	ProductID     uuid.UUID
	SpecID        uuid.UUID
	ProductName   string
	ProductNameEn string
	SpecName      string
	Customer      string
	N             int
	Newest        time.Time
}

// Generate inserts the orders in one statement (a million take well under a minute).
func Generate(ctx context.Context, st *store.Store, o Orders) (int64, error) {
	return st.SeedGeneratedOrders(ctx, pg.SeedGeneratedOrdersParams{Prefix: o.Prefix, BuyerID: o.BuyerID, SellerID: o.SellerID,
		ProductID: o.ProductID, SpecID: o.SpecID, ProductName: o.ProductName, ProductNameEn: o.ProductNameEn,
		SpecName: o.SpecName, BuyerName: o.BuyerName, CustomerName: o.Customer, N: int32(o.N), Newest: o.Newest})
}

// Amount is the amount in fen of generated order i.
func Amount(i int) int64 { return int64(9900+i%100) * int64(1+i%12) }
