package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/export"
	"agora/internal/order"
	"agora/internal/settlement"
	"agora/internal/supervision"
	"agora/internal/unsub"
)

// newJobs builds the River client that runs background work on every replica;
// River makes sure each job runs once across them.
func newJobs(pool *pgxpool.Pool, log *slog.Logger, svc *services) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &account.PruneWorker{Accounts: svc.accounts})
	// Asset scans are queued by the submitting transaction (asset.Service.Submit).
	river.AddWorker(workers, &asset.ScanWorker{Assets: svc.assets})
	// Payment windows are armed by the placing transaction (order.Service.Purchase); the sweep catches lost timers.
	river.AddWorker(workers, &order.ExpireWorker{Orders: svc.orders})
	river.AddWorker(workers, &order.SweepWorker{Orders: svc.orders})
	// Hardware deliveries are accepted for the buyer 10 days after a trackable sign-off.
	river.AddWorker(workers, &supervision.AutoAcceptWorker{Supervision: svc.supervision})
	river.AddWorker(workers, &supervision.SweepWorker{Supervision: svc.supervision})
	river.AddWorker(workers, &unsub.EscalateWorker{Unsub: svc.unsub})
	river.AddWorker(workers, &unsub.ReturnWorker{Unsub: svc.unsub})
	river.AddWorker(workers, &unsub.SweepWorker{Unsub: svc.unsub})
	// The previous month is billed on the 3rd (or the next working day); the check runs hourly and on start.
	river.AddWorker(workers, &settlement.RunWorker{Settlement: svc.settlement})
	// Order exports are queued by the requesting transaction (export.Service.Request); the sweep deletes files after 3 days.
	river.AddWorker(workers, &export.Worker{Exports: svc.exports})
	river.AddWorker(workers, &export.SweepWorker{Exports: svc.exports})
	return river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger:  slog.New(minLevel{Handler: log.Handler(), min: slog.LevelWarn}),
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}, asset.ScanQueue: {MaxWorkers: 2}, export.Queue: {MaxWorkers: 2}},
		Workers: workers,
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return account.PruneArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(order.SweepInterval),
				func() (river.JobArgs, *river.InsertOpts) { return order.SweepArgs{}, nil }, nil),
			river.NewPeriodicJob(river.PeriodicInterval(supervision.SweepInterval),
				func() (river.JobArgs, *river.InsertOpts) { return supervision.SweepArgs{}, nil }, nil),
			river.NewPeriodicJob(river.PeriodicInterval(unsub.SweepInterval),
				func() (river.JobArgs, *river.InsertOpts) { return unsub.SweepArgs{}, nil }, nil),
			river.NewPeriodicJob(river.PeriodicInterval(settlement.RunInterval),
				func() (river.JobArgs, *river.InsertOpts) { return settlement.RunArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(export.SweepInterval),
				func() (river.JobArgs, *river.InsertOpts) { return export.SweepArgs{}, nil }, nil),
		},
	})
}

// minLevel drops records below min: River reports routine progress at Info
// every few seconds, which would drown the request log.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(a []slog.Attr) slog.Handler {
	return minLevel{Handler: h.Handler.WithAttrs(a), min: h.min}
}

func (h minLevel) WithGroup(n string) slog.Handler {
	return minLevel{Handler: h.Handler.WithGroup(n), min: h.min}
}
