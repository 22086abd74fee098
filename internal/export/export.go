// Package export turns a party's filtered order list into a CSV or XLSX file in
// the background (导出记录, domain §6.1). A request creates a queued record and
// its River job in one transaction; the job streams the orders in keyset pages
// straight into the blob store, reporting progress as it goes; the file belongs
// to the exporter and is deleted three days later by a periodic sweep.
package export

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/platform/blob"
	"agora/internal/platform/clock"
	"agora/internal/platform/i18n"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// ObjectExport is the evidence object type of exports.
const ObjectExport = "export"

// Formats of export.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// Formats lists the formats an export can have.
var Formats = []string{CSV, XLSX}

// Sides: whose list is exported, the buyer's orders or the seller's.
const (
	SideBuyer  = "buyer"
	SideSeller = "seller"
)

// FilePurpose is the file purpose of export files. They are written here,
// never uploaded, so the upload rules of internal/file do not list it.
const FilePurpose = "order_export"

// Content types of the files.
const (
	ContentCSV  = "text/csv; charset=utf-8"
	ContentXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// Limits and periods.
const (
	MaxActive = 3              // unfinished (queued or running) exports per account
	Keep      = 72 * time.Hour // a file is deleted this long after it was made (domain §6.1: 3 days)
	PageSize  = 20             // export records per page of the list
	Batch     = 5000           // orders read per query, and rows between progress updates
	StuckAge  = 6 * time.Hour  // an unfinished export this old lost its job; the sweep fails it
	MaxBytes  = 2 << 30        // the largest file (a million orders take about 200 MB of CSV)
)

// Failure reasons (message keys) of a failed export.
const (
	FailError    = "export.fail.error"     // the job failed on every attempt
	FailTooLarge = "export.fail.too_large" // the file would exceed the size limit
	FailStuck    = "export.fail.stuck"     // the job was lost
)

// Export is one export record as its owner sees it.
type Export struct {
	ID          uuid.UUID
	OwnerID     uuid.UUID
	Side        string
	Format      string
	Lang        string
	Filter      order.Filter
	Status      lifecycle.ExportStatus
	RowsWritten int64
	RowsTotal   *int64 // nil until the job has counted
	FileID      *uuid.UUID
	FileName    string
	Size        int64
	Failure     string // message key, for a failed export
	CreatedAt   time.Time
	StartedAt   *time.Time
	FinishedAt  *time.Time
	ExpiresAt   *time.Time
}

// Active reports whether the export is still being made.
func (e Export) Active() bool { return lifecycle.ExportActive(e.Status) }

// Percent is the share of rows written, 0–100, or -1 while the total is unknown.
func (e Export) Percent() int {
	if e.RowsTotal == nil {
		return -1
	}
	if *e.RowsTotal == 0 || e.Status == lifecycle.ExportDone {
		return 100
	}
	return int(min(100, e.RowsWritten*100 / *e.RowsTotal))
}

// filterJSON is the stored form of the filter, independent of order.Filter's Go names.
type filterJSON struct {
	Number   string     `json:"number,omitempty"`
	Customer string     `json:"customer,omitempty"`
	UserName string     `json:"user_name,omitempty"`
	Product  string     `json:"product,omitempty"`
	Status   string     `json:"status,omitempty"`
	From     *time.Time `json:"from,omitempty"`
	To       *time.Time `json:"to,omitempty"` // exclusive
}

// clip trims s and keeps at most 100 characters, as the list's form does.
func clip(s string) string {
	s = strings.TrimSpace(s)
	for utf8.RuneCountInString(s) > 100 {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
	}
	return s
}

// cleanFilter is the list's own cleaning: trimmed text, a known status or none;
// the buyer's list has no customer or user-name search.
func cleanFilter(side string, f order.Filter) order.Filter {
	f.Number, f.Customer, f.UserName, f.Product = clip(f.Number), clip(f.Customer), clip(f.UserName), clip(f.Product)
	if !lifecycle.Order.Valid(lifecycle.OrderStatus(f.Status)) {
		f.Status = ""
	}
	if side == SideBuyer {
		f.Customer, f.UserName = "", ""
	}
	return f
}

func encodeFilter(f order.Filter) ([]byte, error) {
	return json.Marshal(filterJSON{Number: f.Number, Customer: f.Customer, UserName: f.UserName, Product: f.Product,
		Status: f.Status, From: f.From, To: f.To})
}

func decodeFilter(raw []byte) order.Filter {
	var j filterJSON
	_ = json.Unmarshal(raw, &j)
	return order.Filter{Number: j.Number, Customer: j.Customer, UserName: j.UserName, Product: j.Product, Status: j.Status,
		From: j.From, To: j.To}
}

func fromRow(r pg.Export) Export {
	return Export{ID: r.ID, OwnerID: r.OwnerID, Side: r.Side, Format: r.Format, Lang: r.Lang, Filter: decodeFilter(r.Filter),
		Status: lifecycle.ExportStatus(r.Status), RowsWritten: r.RowsWritten, RowsTotal: r.RowsTotal, FileID: r.FileID,
		Size: r.Size, Failure: r.Failure, CreatedAt: r.CreatedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
		ExpiresAt: r.ExpiresAt}
}

// Service keeps export records and makes their files.
type Service struct {
	st    *store.Store
	blobs blob.Store
	clock clock.Clock
	msgs  *i18n.Bundle
	loc   *time.Location
	log   *slog.Logger
	jobs  *river.Client[pgx.Tx] // inserts export jobs in the requesting transaction

	// Batch is how many orders one query reads and how many rows pass between
	// progress updates (Batch by default; tests make it small).
	Batch int
	// MaxBytes is the largest file (MaxBytes by default).
	MaxBytes int64
	// Progressed, when set, is called after each progress update (tests watch the job with it).
	Progressed func(id uuid.UUID, rows int64)
}

// NewService returns an export service. msgs gives the header row and labels in
// the exporter's language; loc is the marketplace's zone, in which times are written.
func NewService(st *store.Store, blobs blob.Store, c clock.Clock, msgs *i18n.Bundle, loc *time.Location, log *slog.Logger) *Service {
	s := &Service{st: st, blobs: blobs, clock: c, msgs: msgs, loc: loc, log: log, Batch: Batch, MaxBytes: MaxBytes}
	if st != nil && st.Pool != nil {
		// An insert-only client: the workers run in the process's job runner (cmd/agora/jobs.go).
		jobs, err := river.NewClient(riverpgxv5.New(st.Pool), &river.Config{Logger: log})
		if err != nil {
			log.Error("export: job client", "err", err)
		}
		s.jobs = jobs
	}
	return s
}

// inTx runs fn in one transaction, handing it the transaction too (for River's InsertTx).
func (s *Service) inTx(ctx context.Context, fn func(tx pgx.Tx, q *pg.Queries) error) error {
	return pgx.BeginFunc(ctx, s.st.Pool, func(tx pgx.Tx) error { return fn(tx, s.st.Queries.WithTx(tx)) })
}

func actorOf(side string) lifecycle.Actor {
	if side == SideSeller {
		return lifecycle.Seller
	}
	return lifecycle.Buyer
}

// Request queues an export of owner's order list on side (buyer or seller)
// with filter f, in format (csv or xlsx), labelled in lang. The record and its
// job are made in one transaction. An account with MaxActive unfinished
// exports is refused with a Conflict.
func (s *Service) Request(ctx context.Context, owner uuid.UUID, side, format, lang string, f order.Filter) (Export, error) {
	if side != SideBuyer && side != SideSeller {
		return Export{}, apperr.Internalf("export: unknown side %q", side)
	}
	if format != CSV && format != XLSX {
		return Export{}, apperr.E(apperr.Invalid, "export.bad_format")
	}
	if l := i18n.Normalize(lang); l != "" {
		lang = l
	} else {
		lang = i18n.Languages[0]
	}
	raw, err := encodeFilter(cleanFilter(side, f))
	if err != nil {
		return Export{}, err
	}
	if s.jobs == nil {
		return Export{}, apperr.Internalf("export: no job client")
	}
	var out Export
	err = s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		if err := q.LockExportOwner(ctx, owner.String()); err != nil {
			return err
		}
		n, err := q.CountActiveExports(ctx, owner)
		if err != nil {
			return err
		}
		if n >= MaxActive {
			return apperr.E(apperr.Conflict, "export.too_many", "n", MaxActive)
		}
		id, now := uuid.Must(uuid.NewV7()), s.clock.Now()
		var row pg.Export
		step := evidence.Step[lifecycle.ExportStatus, lifecycle.ExportEvent]{Machine: lifecycle.Export, ObjectType: ObjectExport,
			ObjectID: id, From: lifecycle.ExportNone, Event: lifecycle.ExportRequest, Actor: actorOf(side), ActorID: &owner, At: now}
		_, err = evidence.Transition(ctx, q, step, func(to lifecycle.ExportStatus) (int64, error) {
			row, err = q.CreateExport(ctx, pg.CreateExportParams{ID: id, OwnerID: owner, Side: side, Format: format, Lang: lang,
				Filter: raw, Status: string(to), CreatedAt: now})
			return 1, err
		})
		if err != nil {
			return err
		}
		if _, err := s.jobs.InsertTx(ctx, tx, Args{ExportID: id}, nil); err != nil {
			return err
		}
		out = fromRow(row)
		return nil
	})
	return out, err
}

// Get returns one of owner's exports on side; anyone else's is not found.
func (s *Service) Get(ctx context.Context, owner uuid.UUID, side string, id uuid.UUID) (Export, error) {
	r, err := s.st.GetExport(ctx, id)
	if err != nil {
		return Export{}, store.NotFound(err, "export")
	}
	if r.OwnerID != owner || r.Side != side {
		return Export{}, apperr.E(apperr.NotFound, "error.not_found")
	}
	e := fromRow(r)
	if e.FileID != nil {
		if f, err := s.st.GetFile(ctx, *e.FileID); err == nil {
			e.FileName = f.Name
		}
	}
	return e, nil
}

// Page is one page of export records.
type Page struct {
	Exports []Export
	Page    int
	HasNext bool
	// Active says whether any of the owner's exports is unfinished, so the page keeps watching.
	Active bool
}

// List returns a page of owner's export records on side, newest first.
func (s *Service) List(ctx context.Context, owner uuid.UUID, side string, n int) (Page, error) {
	n = max(n, 1)
	rows, err := s.st.ListExports(ctx, pg.ListExportsParams{OwnerID: owner, Side: side, MaxRows: PageSize + 1,
		Skip: int32((n - 1) * PageSize)})
	if err != nil {
		return Page{}, err
	}
	p := Page{Page: n}
	for i, r := range rows {
		if i == PageSize {
			p.HasNext = true
			break
		}
		e := fromRow(pg.Export{ID: r.ID, OwnerID: r.OwnerID, Side: r.Side, Format: r.Format, Lang: r.Lang, Filter: r.Filter,
			Status: r.Status, Version: r.Version, RowsWritten: r.RowsWritten, RowsTotal: r.RowsTotal, FileID: r.FileID,
			Size: r.Size, Failure: r.Failure, CreatedAt: r.CreatedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
			ExpiresAt: r.ExpiresAt})
		e.FileName = r.FileName
		p.Exports = append(p.Exports, e)
	}
	active, err := s.st.CountActiveExports(ctx, owner)
	if err != nil {
		return Page{}, err
	}
	p.Active = active > 0
	return p, nil
}
