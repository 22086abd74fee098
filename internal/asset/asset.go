// Package asset runs sellers' assets (我的资产): image assets and software
// packages, their upload or bucket import, the automated security scan and
// the operations review. Image and package products deliver an approved asset.
package asset

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"agora/internal/evidence"
	"agora/internal/file"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/blob"
	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/store/pg"
	"agora/internal/workday"
)

// Object type in the evidence log.
const ObjectAsset = "asset"

// Kinds of asset.
const (
	KindImage   = "image"
	KindPackage = "package"
)

// Kinds lists the asset kinds in the order the new-asset form offers them.
var Kinds = []string{KindPackage, KindImage}

// Where a package's bytes come from.
const (
	SourceUpload = "upload"
	SourceBucket = "bucket"
	SourceImage  = "image"
)

// FilePurpose is the purpose of package files in the files table.
const FilePurpose = "asset_package"

// Limits bound uploads, imports and the scanner. DefaultLimits are the
// marketplace's rules (domain §2.2, §3.1); tests inject small ones.
type Limits struct {
	MaxUpload   int64 // largest package uploaded through the browser; larger ones come from a bucket
	DailyBytes  int64 // upload volume per seller and natural day
	DailyFiles  int   // uploaded files per seller and natural day
	MaxImport   int64 // largest object imported from a bucket
	MaxExpanded int64 // uncompressed bytes the scanner reads from one package before calling it a bomb
	MaxRatio    int64 // … or this many times the package size (but at least 1 GB), whichever is smaller
	MaxEntries  int   // archive entries per package
	MaxDepth    int   // nested archives unpacked (a zip inside a tar.gz is depth 1)
}

// DefaultLimits are 1 GB per upload, 10 GB and 100 files a day, 50 GB per import.
var DefaultLimits = Limits{MaxUpload: 1 << 30, DailyBytes: 10 << 30, DailyFiles: 100, MaxImport: 50 << 30,
	MaxExpanded: 200 << 30, MaxRatio: 100, MaxEntries: 200_000, MaxDepth: 2}

// Service runs assets.
type Service struct {
	st       *store.Store
	clock    clock.Clock
	files    *file.Service
	blobs    blob.Store
	calendar *workday.Service
	log      *slog.Logger
	jobs     *river.Client[pgx.Tx] // inserts scan jobs in the submitting transaction
	source   Source                // where bucket imports are read from; nil when not configured
	limits   Limits
	tmpDir   string
}

// NewService returns an asset service. Bucket import stays off until UseSource names a source.
func NewService(st *store.Store, c clock.Clock, files *file.Service, blobs blob.Store, cal *workday.Service, log *slog.Logger) *Service {
	s := &Service{st: st, clock: c, files: files, blobs: blobs, calendar: cal, log: log, limits: DefaultLimits}
	if st != nil && st.Pool != nil {
		// An insert-only client: the workers run in the process's job runner (cmd/agora/jobs.go).
		jobs, err := river.NewClient(riverpgxv5.New(st.Pool), &river.Config{Logger: log})
		if err != nil {
			log.Error("asset: job client", "err", err)
		}
		s.jobs = jobs
	}
	return s
}

// UseSource sets where bucket imports are read from.
func (s *Service) UseSource(src Source) { s.source = src }

// ImportEnabled reports whether sellers can import packages from a bucket.
func (s *Service) ImportEnabled() bool { return s.source != nil }

// SetLimits replaces the limits (tests use small ones).
func (s *Service) SetLimits(l Limits) { s.limits = l }

// Limits returns the limits in force.
func (s *Service) Limits() Limits { return s.limits }

// SetTempDir sets where the scanner spools archives it cannot read in place ("" is the OS default).
func (s *Service) SetTempDir(dir string) { s.tmpDir = dir }

// Asset is one image or package asset.
type Asset struct {
	ID             uuid.UUID
	Number         string
	SellerID       uuid.UUID
	Kind           string
	Status         lifecycle.AssetStatus
	Version        int32
	Name           string
	Release        string
	Description    string
	Source         string
	FileID         *uuid.UUID
	Bucket         string
	ObjectKey      string
	DeclaredSize   int64
	DeclaredSHA256 string
	ImageRegion    string
	ImageRef       string
	ImageOS        string
	ImageDiskGB    int32
	Format         string
	Size           int64
	SHA256         string
	SelfCheck      []string // confirmed items of the security self-check
	Report         *Report  // the last scan's report
	ScannedAt      *time.Time
	SubmittedAt    *time.Time
	DueAt          *time.Time
	ClaimedBy      *uuid.UUID
	ClaimedAt      *time.Time
	DecidedAt      *time.Time
	DecidedBy      *uuid.UUID
	Reason         string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Editable reports whether the seller may change details, file and self-check.
func (a Asset) Editable() bool { return lifecycle.AssetEditable(a.Status) }

// HasSource reports whether the asset names what it delivers (a file, a bucket object or an image).
func (a Asset) HasSource() bool {
	switch a.Source {
	case SourceUpload:
		return a.FileID != nil
	case SourceBucket:
		return a.Bucket != "" && a.ObjectKey != ""
	case SourceImage:
		return a.ImageRef != ""
	}
	return false
}

func fromRow(r pg.Asset) Asset {
	a := Asset{ID: r.ID, Number: r.Number, SellerID: r.SellerID, Kind: r.Kind, Status: r.Status, Version: r.Version,
		Name: r.Name, Release: r.Release, Description: r.Description, Source: r.Source, FileID: r.FileID,
		Bucket: r.Bucket, ObjectKey: r.ObjectKey, DeclaredSHA256: r.DeclaredSha256, ImageRegion: r.ImageRegion,
		ImageRef: r.ImageRef, ImageOS: r.ImageOs, Format: r.Format, SHA256: r.Sha256, ScannedAt: r.ScannedAt,
		SubmittedAt: r.SubmittedAt, DueAt: r.SlaDueAt, ClaimedBy: r.ClaimedBy, ClaimedAt: r.ClaimedAt,
		DecidedAt: r.DecidedAt, DecidedBy: r.DecidedBy, Reason: r.Reason, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if r.DeclaredSize != nil {
		a.DeclaredSize = *r.DeclaredSize
	}
	if r.ImageDiskGb != nil {
		a.ImageDiskGB = *r.ImageDiskGb
	}
	if r.Size != nil {
		a.Size = *r.Size
	}
	_ = json.Unmarshal(r.SelfCheck, &a.SelfCheck)
	if len(r.ScanReport) > 0 {
		var rep Report
		if json.Unmarshal(r.ScanReport, &rep) == nil {
			a.Report = &rep
		}
	}
	return a
}

// inTx runs fn in one transaction, handing it the transaction too (for River's InsertTx).
func (s *Service) inTx(ctx context.Context, fn func(tx pgx.Tx, q *pg.Queries) error) error {
	return pgx.BeginFunc(ctx, s.st.Pool, func(tx pgx.Tx) error { return fn(tx, s.st.Queries.WithTx(tx)) })
}

// Mine returns seller's asset; another seller's (or a deleted) asset is NotFound.
func (s *Service) Mine(ctx context.Context, seller, id uuid.UUID) (Asset, error) {
	row, err := s.st.GetAsset(ctx, id)
	if err != nil {
		return Asset{}, store.NotFound(err, "asset")
	}
	if row.SellerID != seller || row.Status == lifecycle.AssetDeleted {
		return Asset{}, apperr.E(apperr.NotFound, "error.not_found")
	}
	return fromRow(row), nil
}

// Get returns any asset, for operations (deleted ones too: the evidence stays reachable).
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Asset, error) {
	row, err := s.st.GetAsset(ctx, id)
	if err != nil {
		return Asset{}, store.NotFound(err, "asset")
	}
	return fromRow(row), nil
}

// PageSize is how many assets one page lists.
const PageSize = 20

// List returns one page of seller's assets, most recently changed first; one
// more than PageSize means there is a next page.
func (s *Service) List(ctx context.Context, seller uuid.UUID, page int) ([]Asset, error) {
	if page < 1 {
		page = 1
	}
	rows, err := s.st.ListSellerAssets(ctx, pg.ListSellerAssetsParams{SellerID: seller, MaxRows: PageSize + 1, Skip: int32((page - 1) * PageSize)})
	if err != nil {
		return nil, err
	}
	out := make([]Asset, len(rows))
	for i, r := range rows {
		out[i] = fromRow(r)
	}
	return out, nil
}

// Linked reports whether a product or an open product application names the asset.
func (s *Service) Linked(ctx context.Context, a Asset) (bool, error) {
	return s.st.AssetLinked(ctx, pg.AssetLinkedParams{SellerID: a.SellerID, AssetID: a.ID.String()})
}

// LinkedOf returns which of the seller's assets are linked, for a list page.
func (s *Service) LinkedOf(ctx context.Context, seller uuid.UUID, assets []Asset) (map[uuid.UUID]bool, error) {
	ids := make([]string, len(assets))
	for i, a := range assets {
		ids[i] = a.ID.String()
	}
	rows, err := s.st.LinkedAssets(ctx, pg.LinkedAssetsParams{SellerID: seller, AssetIds: ids})
	if err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]bool, len(rows))
	for _, r := range rows {
		if id, err := uuid.Parse(r); err == nil {
			out[id] = true
		}
	}
	return out, nil
}

// Timeline returns the asset's evidence timeline.
func (s *Service) Timeline(ctx context.Context, id uuid.UUID) ([]evidence.Item, error) {
	return evidence.Timeline(ctx, s.st.Queries, ObjectAsset, id)
}

// Usable is an approved asset a product may deliver.
type Usable struct {
	ID      uuid.UUID
	Number  string
	Kind    string
	Name    string
	Release string
}

func usable(row pg.Asset, err error, seller uuid.UUID, kind string) (Usable, error) {
	if err != nil && !store.IsNoRows(err) {
		return Usable{}, err
	}
	if err != nil || row.SellerID != seller || row.Status != lifecycle.AssetApproved || row.Kind != kind {
		return Usable{}, apperr.E(apperr.Invalid, "product.asset_required")
	}
	return Usable{ID: row.ID, Number: row.Number, Kind: row.Kind, Name: row.Name, Release: row.Release}, nil
}

// Approved returns seller's approved asset id of kind, or an Invalid error
// keyed "product.asset_required" when there is none.
func (s *Service) Approved(ctx context.Context, seller, id uuid.UUID, kind string) (Usable, error) {
	row, err := s.st.GetAsset(ctx, id)
	return usable(row, err, seller, kind)
}

// ApprovedTx is Approved inside the caller's transaction: it share-locks the
// asset row, so a concurrent Delete waits for the caller's commit and then
// sees the link. Call it in the transaction that saves the reference.
func (s *Service) ApprovedTx(ctx context.Context, q *pg.Queries, seller, id uuid.UUID, kind string) (Usable, error) {
	row, err := q.ShareLockAsset(ctx, id)
	return usable(row, err, seller, kind)
}

// ListApproved lists seller's approved assets of kind, newest first, for the product form.
func (s *Service) ListApproved(ctx context.Context, seller uuid.UUID, kind string) ([]Usable, error) {
	rows, err := s.st.ListApprovedAssets(ctx, pg.ListApprovedAssetsParams{SellerID: seller, Kind: kind})
	if err != nil {
		return nil, err
	}
	out := make([]Usable, len(rows))
	for i, r := range rows {
		out[i] = Usable{ID: r.ID, Number: r.Number, Kind: r.Kind, Name: r.Name, Release: r.Release}
	}
	return out, nil
}

const numberAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ"

// newNumber builds an asset number: ZC, the minute of creation in the
// marketplace's zone and five random letters (ZC2611191000ABCDE).
func newNumber(t time.Time, loc *time.Location) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = numberAlphabet[int(b[i])%len(numberAlphabet)]
	}
	return "ZC" + t.In(loc).Format("0601021504") + string(b)
}
