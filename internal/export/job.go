package export

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Args is the job that makes one export's file.
type Args struct {
	ExportID uuid.UUID `json:"export_id"`
}

// Kind names the job in River.
func (Args) Kind() string { return "order_export" }

// Queue is the River queue exports run in: a few at a time, each reading up to
// millions of orders, without holding up the marketplace's timers.
const Queue = "export"

// Attempts is how often an export is tried before it is failed.
const Attempts = 3

// InsertOpts puts exports in their queue and limits the retries.
func (Args) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Queue, MaxAttempts: Attempts}
}

// Worker runs export jobs.
type Worker struct {
	river.WorkerDefaults[Args]
	Exports *Service
}

// Timeout leaves a million rows time to stream through.
func (w *Worker) Timeout(*river.Job[Args]) time.Duration { return time.Hour }

// Work makes the file. A file over the size limit fails at once; any other
// error is retried, and after the last attempt the export is failed with a
// reason its owner can read, so it never hangs in "running".
func (w *Worker) Work(ctx context.Context, job *river.Job[Args]) error {
	err := w.Exports.Run(ctx, job.Args.ExportID)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errTooLarge):
		return w.Exports.Fail(ctx, job.Args.ExportID, FailTooLarge)
	case job.Attempt >= job.MaxAttempts:
		w.Exports.log.Error("export: giving up", "export", job.Args.ExportID, "err", err)
		return w.Exports.Fail(ctx, job.Args.ExportID, FailError)
	}
	return err
}

// SweepArgs is the periodic job that deletes expired files and fails lost exports.
type SweepArgs struct{}

// Kind names the job in River.
func (SweepArgs) Kind() string { return "export_sweep" }

// SweepInterval is how often the sweep runs.
const SweepInterval = 10 * time.Minute

// SweepWorker runs the sweep.
type SweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	Exports *Service
}

// Work expires every due export and fails every lost one.
func (w *SweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	_, err := w.Exports.Sweep(ctx)
	return err
}

// errStale stops a job whose export moved on without it (failed by the sweep, say).
var errStale = errors.New("export: no longer running")

// Run makes the export's file: it counts the rows, streams them into the blob
// store with progress updates, then stores the file and finishes the record in
// one transaction. A retried attempt starts over. An export that is not
// waiting or running any more is left alone.
func (s *Service) Run(ctx context.Context, id uuid.UUID) error {
	row, err := s.st.GetExport(ctx, id)
	if store.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	e := fromRow(row)
	if !e.Active() {
		return nil
	}
	src := s.source(e)
	total, err := src.count(ctx)
	if err != nil {
		return err
	}
	err = s.transition(ctx, id, lifecycle.ExportStart, "", func(q *pg.Queries, from, to lifecycle.ExportStatus) (int64, error) {
		return q.StartExport(ctx, pg.StartExportParams{ID: id, Status: string(to), FromStatus: string(from),
			StartedAt: ptr(s.clock.Now()), RowsTotal: &total})
	})
	if errors.Is(err, errStale) {
		return nil
	}
	if err != nil {
		return err
	}
	out, err := s.produce(ctx, e, src)
	if errors.Is(err, errStale) {
		return nil
	}
	if err != nil {
		return err
	}
	name := s.fileName(e)
	err = s.transition(ctx, id, lifecycle.ExportFinish, "", func(q *pg.Queries, from, to lifecycle.ExportStatus) (int64, error) {
		now := s.clock.Now()
		f, err := q.CreateFile(ctx, pg.CreateFileParams{ID: uuid.Must(uuid.NewV7()), OwnerID: e.OwnerID, BlobKey: out.key,
			Name: name, ContentType: contentType(e.Format), Size: out.size, Sha256: out.sum, Purpose: FilePurpose, CreatedAt: now})
		if err != nil {
			return 0, err
		}
		return q.FinishExport(ctx, pg.FinishExportParams{ID: id, Status: string(to), FromStatus: string(from),
			RowsWritten: out.rows, FileID: &f.ID, Size: out.size, FinishedAt: &now, ExpiresAt: ptr(now.Add(Keep))})
	})
	if err != nil {
		if derr := s.blobs.Delete(ctx, out.key); derr != nil {
			s.log.Error("export: delete unfinished file", "export", id, "err", derr)
		}
		if errors.Is(err, errStale) {
			return nil
		}
	}
	return err
}

// Fail marks an unfinished export failed with reason (a message key).
func (s *Service) Fail(ctx context.Context, id uuid.UUID, reason string) error {
	err := s.transition(ctx, id, lifecycle.ExportFail, reason, func(q *pg.Queries, from, to lifecycle.ExportStatus) (int64, error) {
		return q.FailExport(ctx, pg.FailExportParams{ID: id, Status: string(to), FromStatus: string(from), Failure: reason,
			FinishedAt: ptr(s.clock.Now())})
	})
	if errors.Is(err, errStale) {
		return nil
	}
	return err
}

// Expire deletes the file of a finished export whose time is up and marks it
// expired. The record stays, so its owner sees what there was.
func (s *Service) Expire(ctx context.Context, id uuid.UUID) error {
	var key string
	err := s.transition(ctx, id, lifecycle.ExportExpire, "", func(q *pg.Queries, from, to lifecycle.ExportStatus) (int64, error) {
		r, err := q.GetExport(ctx, id)
		if err != nil {
			return 0, err
		}
		if r.ExpiresAt == nil || r.ExpiresAt.After(s.clock.Now()) {
			return 0, errStale
		}
		n, err := q.ExpireExport(ctx, pg.ExpireExportParams{ID: id, Status: string(to), FromStatus: string(from)})
		if err != nil || n != 1 || r.FileID == nil {
			return n, err
		}
		key, err = q.DeleteExportFile(ctx, *r.FileID)
		if store.IsNoRows(err) {
			err = nil
		}
		return n, err
	})
	if errors.Is(err, errStale) {
		return nil
	}
	if err != nil {
		return err
	}
	if key != "" {
		// After the commit: a blob whose delete fails is an orphan, never a broken link.
		if err := s.blobs.Delete(ctx, key); err != nil {
			s.log.Error("export: delete expired file", "export", id, "err", err)
		}
	}
	return nil
}

// Sweep expires every export whose file is due and fails every unfinished
// export older than StuckAge (its job was lost). It returns how many it changed.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	done := 0
	for {
		ids, err := s.st.ListExpiredExports(ctx, pg.ListExpiredExportsParams{Now: s.clock.Now(), MaxRows: 200})
		if err != nil {
			return done, err
		}
		for _, id := range ids {
			if err := s.Expire(ctx, id); err != nil {
				return done, err
			}
			done++
		}
		if len(ids) < 200 {
			break
		}
	}
	stuck, err := s.st.ListStuckExports(ctx, pg.ListStuckExportsParams{Before: s.clock.Now().Add(-StuckAge), MaxRows: 200})
	if err != nil {
		return done, err
	}
	for _, id := range stuck {
		if err := s.Fail(ctx, id, FailStuck); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}

// transition moves export id by event (by the system) in one transaction:
// lock, ask the machine, run update, append the event. An export that cannot
// take the event any more gives errStale.
func (s *Service) transition(ctx context.Context, id uuid.UUID, ev lifecycle.ExportEvent, reason string,
	update func(q *pg.Queries, from, to lifecycle.ExportStatus) (int64, error)) error {
	return s.inTx(ctx, func(_ pgx.Tx, q *pg.Queries) error {
		r, err := q.LockExport(ctx, id)
		if store.IsNoRows(err) {
			return errStale
		}
		if err != nil {
			return err
		}
		from := lifecycle.ExportStatus(r.Status)
		if !lifecycle.Export.Can(from, ev, lifecycle.System) {
			return errStale
		}
		step := evidence.Step[lifecycle.ExportStatus, lifecycle.ExportEvent]{Machine: lifecycle.Export, ObjectType: ObjectExport,
			ObjectID: id, From: from, Event: ev, Actor: lifecycle.System, Reason: reason, At: s.clock.Now()}
		_, err = evidence.Transition(ctx, q, step, func(to lifecycle.ExportStatus) (int64, error) { return update(q, from, to) })
		if apperr.Is(err, apperr.Conflict) {
			return errStale
		}
		return err
	})
}

func ptr[T any](v T) *T { return &v }
