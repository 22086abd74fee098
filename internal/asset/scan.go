package asset

import (
	"context"
	"errors"
	"io"
	"path"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"agora/internal/evidence"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// ScanArgs is the job that scans one submission of an asset.
type ScanArgs struct {
	AssetID uuid.UUID `json:"asset_id"`
	Version int32     `json:"version"` // the asset's version right after the submission; a stale job does nothing
}

// Kind names the job in River.
func (ScanArgs) Kind() string { return "asset_scan" }

// ScanAttempts is how often a scan that could not read the package is tried
// before the asset is failed with "scan_error".
const ScanAttempts = 5

// ScanQueue is the River queue scans run in: a few at a time, each reading a
// package of up to many gigabytes, without holding up the other jobs.
const ScanQueue = "asset_scan"

// InsertOpts puts scans in their queue and limits the retries.
func (ScanArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: ScanQueue, MaxAttempts: ScanAttempts}
}

// ScanWorker runs scan jobs.
type ScanWorker struct {
	river.WorkerDefaults[ScanArgs]
	Assets *Service
}

// Timeout leaves a 1 GB upload (or a large import) time to stream through.
func (w *ScanWorker) Timeout(*river.Job[ScanArgs]) time.Duration { return time.Hour }

// Work scans; after the last failed attempt it fails the scan, so the asset
// never hangs in scanning.
func (w *ScanWorker) Work(ctx context.Context, job *river.Job[ScanArgs]) error {
	err := w.Assets.Scan(ctx, job.Args.AssetID, job.Args.Version)
	if err != nil && job.Attempt >= job.MaxAttempts {
		w.Assets.log.Error("asset scan: giving up", "asset", job.Args.AssetID, "err", err)
		return w.Assets.GiveUp(ctx, job.Args.AssetID, job.Args.Version)
	}
	return err
}

func (s *Service) enqueueScan(ctx context.Context, tx pgx.Tx, id uuid.UUID, version int32) error {
	if s.jobs == nil {
		return apperr.Internalf("asset: no job client")
	}
	_, err := s.jobs.InsertTx(ctx, tx, ScanArgs{AssetID: id, Version: version}, nil)
	return err
}

// outcome is a finished scan on its way into the database.
type outcome struct {
	report  Report
	newFile *pg.CreateFileParams // a bucket object copied into the marketplace's storage
}

// Scan runs the automated scan of the asset's submission at version. It is
// what the River job calls, and tests call it directly. A job for an asset
// that moved on does nothing; an error means "try again later".
func (s *Service) Scan(ctx context.Context, id uuid.UUID, version int32) error {
	row, err := s.st.GetAsset(ctx, id)
	if store.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if row.Status != lifecycle.AssetScanning || row.Version != version {
		return nil
	}
	a := fromRow(row)
	var out outcome
	if a.Kind == KindImage {
		out, err = s.scanImage(ctx, a)
	} else {
		out, err = s.scanPackage(ctx, a)
	}
	if err != nil {
		return err
	}
	return s.finish(ctx, a, out)
}

// GiveUp fails the scan of the submission at version because the package could
// not be read, so the seller can act instead of waiting forever.
func (s *Service) GiveUp(ctx context.Context, id uuid.UUID, version int32) error {
	row, err := s.st.GetAsset(ctx, id)
	if err != nil || row.Status != lifecycle.AssetScanning || row.Version != version {
		return nil
	}
	rep := Report{Standard: Standard, Checks: []Check{check("scan", Fail, "scan_error")}}
	return s.finish(ctx, fromRow(row), outcome{report: rep})
}

func contentType(format string) string {
	switch format {
	case FormatZip:
		return "application/zip"
	case FormatTar:
		return "application/x-tar"
	case FormatTarGz:
		return "application/gzip"
	}
	return "application/octet-stream"
}

func (s *Service) scanPackage(ctx context.Context, a Asset) (outcome, error) {
	rep := Report{Standard: Standard}
	if a.Source == SourceUpload {
		f, err := s.st.GetFile(ctx, *a.FileID)
		if err != nil {
			return outcome{}, err
		}
		rc, err := s.blobs.Open(ctx, f.BlobKey)
		if err != nil {
			return outcome{}, err // the marketplace's own storage failed: retry
		}
		defer rc.Close()
		ins, err := Inspect(ctx, rc, f.Size, s.limits, s.tmpDir)
		if err != nil {
			return outcome{}, err
		}
		rep.Checks = append(rep.Checks, check("source", Pass, "uploaded", "name", f.Name),
			check("size", Pass, "size_ok", "size", itoa(ins.Size)))
		if ins.SHA256 != f.Sha256 || ins.Size != f.Size {
			rep.Checks = append(rep.Checks, check("checksum", Fail, "stored_changed", "declared", f.Sha256, "actual", ins.SHA256))
		} else {
			rep.Checks = append(rep.Checks, check("checksum", Pass, "sha_ok", "sha256", ins.SHA256))
		}
		rep.Checks = append(rep.Checks, packageChecks(ins)...)
		rep.Format, rep.Size, rep.SHA256, rep.Entries = ins.Format, ins.Size, ins.SHA256, ins.Entries
		return outcome{report: rep}, nil
	}
	return s.scanImport(ctx, a)
}

// scanImport copies the bucket object into the marketplace's storage (what
// operations approve cannot change later in the seller's bucket), checks it
// against the declared size and checksum, and inspects the copy.
func (s *Service) scanImport(ctx context.Context, a Asset) (outcome, error) {
	rep := Report{Standard: Standard}
	rest := []string{"size", "checksum", "format", "integrity", "paths", "malware"}
	if s.source == nil {
		rep.Checks = skipFrom([]Check{check("source", Fail, "import_unavailable")}, rest...)
		return outcome{report: rep}, nil
	}
	owner, err := s.st.GetAccount(ctx, a.SellerID)
	if err != nil {
		return outcome{}, err
	}
	rc, size, err := s.source.Open(ctx, owner.PublicID, a.Bucket, a.ObjectKey)
	if errors.Is(err, ErrNoObject) {
		rep.Checks = skipFrom([]Check{check("source", Fail, "object_missing", "bucket", a.Bucket, "key", a.ObjectKey)}, rest...)
		return outcome{report: rep}, nil
	}
	if err != nil {
		return outcome{}, err
	}
	defer rc.Close()
	rep.Checks = append(rep.Checks, check("source", Pass, "bucket", "bucket", a.Bucket, "key", a.ObjectKey))
	sizeFail := func(actual int64) (outcome, error) {
		rep.Checks = skipFrom(append(rep.Checks, check("size", Fail, "size_mismatch", "declared", itoa(a.DeclaredSize),
			"actual", itoa(actual))), rest[1:]...)
		return outcome{report: rep}, nil
	}
	if size != a.DeclaredSize {
		return sizeFail(size)
	}
	if size > s.limits.MaxImport {
		rep.Checks = skipFrom(append(rep.Checks, check("size", Fail, "import_too_large", "size", itoa(size),
			"max", itoa(s.limits.MaxImport))), rest[1:]...)
		return outcome{report: rep}, nil
	}
	key, n, sum, err := s.blobs.Put(ctx, io.LimitReader(rc, size+1))
	if err != nil {
		return outcome{}, err
	}
	if n != size { // the object changed while it was read
		_ = s.blobs.Delete(ctx, key)
		return sizeFail(n)
	}
	rep.Checks = append(rep.Checks, check("size", Pass, "size_ok", "size", itoa(n)))
	if sum != a.DeclaredSHA256 {
		_ = s.blobs.Delete(ctx, key)
		rep.Checks = skipFrom(append(rep.Checks, check("checksum", Fail, "sha_mismatch", "declared", a.DeclaredSHA256,
			"actual", sum)), rest[2:]...)
		rep.Size, rep.SHA256 = n, sum
		return outcome{report: rep}, nil
	}
	rep.Checks = append(rep.Checks, check("checksum", Pass, "sha_ok", "sha256", sum))
	copyRC, err := s.blobs.Open(ctx, key)
	if err != nil {
		_ = s.blobs.Delete(ctx, key)
		return outcome{}, err
	}
	ins, err := Inspect(ctx, copyRC, n, s.limits, s.tmpDir)
	copyRC.Close()
	if err != nil {
		_ = s.blobs.Delete(ctx, key)
		return outcome{}, err
	}
	rep.Checks = append(rep.Checks, packageChecks(ins)...)
	rep.Format, rep.Size, rep.SHA256, rep.Entries = ins.Format, ins.Size, ins.SHA256, ins.Entries
	return outcome{report: rep, newFile: &pg.CreateFileParams{ID: uuid.Must(uuid.NewV7()), OwnerID: a.SellerID, BlobKey: key,
		Name: cleanName(path.Base(a.ObjectKey)), ContentType: contentType(ins.Format), Size: n, Sha256: sum, Purpose: FilePurpose}}, nil
}

// scanImage validates what can be validated of a private image from here and
// says honestly what operations must confirm from the cloud's image scan.
func (s *Service) scanImage(ctx context.Context, a Asset) (outcome, error) {
	rep := Report{Standard: Standard}
	rep.Checks = append(rep.Checks, check("image_ref", Pass, "image_ref_ok", "region", a.ImageRegion, "image", a.ImageRef, "os", a.ImageOS))
	taken, err := s.st.ImageClaimedByOther(ctx, pg.ImageClaimedByOtherParams{ImageRef: a.ImageRef, ImageRegion: a.ImageRegion, SellerID: a.SellerID})
	if err != nil {
		return outcome{}, err
	}
	if taken {
		rep.Checks = append(rep.Checks, check("image_unique", Fail, "image_taken", "image", a.ImageRef))
	} else {
		rep.Checks = append(rep.Checks, check("image_unique", Pass, "image_unique_ok"))
	}
	rep.Checks = append(rep.Checks, check("image_security", Manual, "image_manual"))
	return outcome{report: rep}, nil
}

var errStale = errors.New("asset: scan result is stale")

// finish records a scan's outcome: scan_pass (with the review deadline) or
// scan_fail (the seller is told), in one transaction.
func (s *Service) finish(ctx context.Context, a Asset, out outcome) error {
	now := s.clock.Now()
	out.report.At = now
	pass := out.report.Passed()
	report, err := jsonOf(out.report)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(_ pgx.Tx, q *pg.Queries) error {
		row, err := q.LockAsset(ctx, a.ID)
		if err != nil {
			return err
		}
		if row.Status != lifecycle.AssetScanning || row.Version != a.Version {
			return errStale
		}
		fileID := row.FileID
		var atts []evidence.Attachment
		if out.newFile != nil {
			out.newFile.CreatedAt = now
			f, err := q.CreateFile(ctx, *out.newFile)
			if err != nil {
				return err
			}
			fileID = &f.ID
			atts = append(atts, evidence.Attachment{FileID: f.ID, Name: f.Name, SHA256: f.Sha256, Size: f.Size})
		}
		ev, due := lifecycle.AssetScanFail, (*time.Time)(nil)
		if pass {
			d, err := s.calendar.Due(ctx, q, now)
			if err != nil {
				return err
			}
			ev, due = lifecycle.AssetScanPass, &d
		}
		var size *int64
		if out.report.Size > 0 {
			size = &out.report.Size
		}
		step := evidence.Step[lifecycle.AssetStatus, lifecycle.AssetEvent]{Machine: lifecycle.Asset, ObjectType: ObjectAsset,
			ObjectID: a.ID, From: row.Status, Event: ev, Actor: lifecycle.System, Reason: summary(out.report), Attachments: atts, At: now}
		if _, err := evidence.Transition(ctx, q, step, func(to lifecycle.AssetStatus) (int64, error) {
			return q.FinishAssetScan(ctx, pg.FinishAssetScanParams{ID: a.ID, FromStatus: row.Status, Version: row.Version, ToStatus: to,
				FileID: fileID, Format: out.report.Format, Size: size, Sha256: out.report.SHA256, ScanReport: report,
				ScannedAt: &now, SlaDueAt: due})
		}); err != nil {
			return err
		}
		topic := "asset_scan_failed"
		if pass {
			topic = "asset_in_review"
		}
		return inbox.Send(ctx, q, row.SellerID, topic, map[string]string{"number": row.Number, "name": row.Name},
			"/seller/assets/"+row.ID.String(), now)
	})
	if err != nil && out.newFile != nil {
		_ = s.blobs.Delete(ctx, out.newFile.BlobKey)
	}
	if errors.Is(err, errStale) {
		return nil
	}
	return err
}
