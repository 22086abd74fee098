package asset

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Allowance is what a seller may still upload today (natural day in the marketplace's zone).
type Allowance struct {
	MaxFile    int64 // the per-file limit
	BytesUsed  int64
	BytesLimit int64
	FilesUsed  int
	FilesLimit int
}

// BytesLeft is the day's remaining upload volume.
func (a Allowance) BytesLeft() int64 { return max(0, a.BytesLimit-a.BytesUsed) }

// FilesLeft is the day's remaining number of uploads.
func (a Allowance) FilesLeft() int { return max(0, a.FilesLimit-a.FilesUsed) }

// Next is the largest file that may be uploaded now (0: none).
func (a Allowance) Next() int64 {
	if a.FilesLeft() == 0 {
		return 0
	}
	return min(a.MaxFile, a.BytesLeft())
}

// today is the marketplace's current date, as a date value.
func (s *Service) today() time.Time {
	t := s.clock.Now().In(s.calendar.Location())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Allowance returns seller's upload allowance for today.
func (s *Service) Allowance(ctx context.Context, seller uuid.UUID) (Allowance, error) {
	al := Allowance{MaxFile: s.limits.MaxUpload, BytesLimit: s.limits.DailyBytes, FilesLimit: s.limits.DailyFiles}
	row, err := s.st.GetUploadDay(ctx, pg.GetUploadDayParams{SellerID: seller, Day: s.today()})
	if err != nil && !store.IsNoRows(err) {
		return al, err
	}
	al.BytesUsed, al.FilesUsed = row.Bytes, int(row.Files)
	return al, nil
}

// HumanSize formats a byte count the way limits are announced: 1 GB, 9.5 GB, 300 MB.
func HumanSize(n int64) string {
	units := []string{"B", "KB", "MB", "GB", "TB"}
	f, i := float64(n), 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return s + " " + units[i]
}

// uploadReadError is a failure to read the seller's upload (the connection broke).
type uploadReadError struct{ err error }

func (e *uploadReadError) Error() string { return "reading upload: " + e.err.Error() }
func (e *uploadReadError) Unwrap() error { return e.err }

type uploadReader struct{ r io.Reader }

func (u uploadReader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if err != nil && err != io.EOF {
		err = &uploadReadError{err}
	}
	return n, err
}

func (s *Service) overQuota(al Allowance) error {
	if al.FilesLeft() == 0 {
		return apperr.E(apperr.Invalid, "asset.quota_files", "files", al.FilesLimit)
	}
	return apperr.E(apperr.Invalid, "asset.quota_bytes", "limit", HumanSize(al.BytesLimit), "left", HumanSize(al.BytesLeft()))
}

// Upload streams a package file for seller's editable package asset into the
// blob store: at most the per-file limit and what is left of today's quota;
// zip, tar or tar.gz by content. Whatever goes wrong (too large, wrong type,
// the connection breaks) leaves no file and uses no quota, so the seller can
// simply try again. It replaces the asset's earlier file.
func (s *Service) Upload(ctx context.Context, seller, id uuid.UUID, name string, r io.Reader) (Asset, error) {
	a, err := s.Mine(ctx, seller, id)
	if err != nil {
		return Asset{}, err
	}
	if a.Kind != KindPackage {
		return Asset{}, apperr.E(apperr.Invalid, "asset.not_package")
	}
	if !a.Editable() {
		return Asset{}, conflict()
	}
	al, err := s.Allowance(ctx, seller)
	if err != nil {
		return Asset{}, err
	}
	limit := al.Next()
	if limit == 0 {
		return Asset{}, s.overQuota(al)
	}
	br := bufio.NewReaderSize(uploadReader{r}, 64<<10)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) {
		return Asset{}, interrupted(err)
	}
	if len(head) == 0 {
		return Asset{}, apperr.E(apperr.Invalid, "asset.upload_empty")
	}
	format := sniff(head)
	if format == "" {
		return Asset{}, apperr.E(apperr.Invalid, "asset.upload_format")
	}
	key, size, sum, err := s.blobs.Put(ctx, io.LimitReader(br, limit+1))
	if err != nil {
		return Asset{}, interrupted(err)
	}
	if size > limit {
		_ = s.blobs.Delete(ctx, key)
		if limit == al.MaxFile {
			return Asset{}, apperr.E(apperr.Invalid, "asset.upload_too_large", "max", HumanSize(al.MaxFile))
		}
		return Asset{}, s.overQuota(al)
	}
	now := s.clock.Now()
	var out Asset
	err = s.inTx(ctx, func(_ pgx.Tx, q *pg.Queries) error {
		if _, err := q.AddUploadDay(ctx, pg.AddUploadDayParams{SellerID: seller, Day: s.today(), Bytes: size,
			MaxBytes: s.limits.DailyBytes, MaxFiles: int32(s.limits.DailyFiles)}); err != nil {
			if store.IsNoRows(err) { // another upload took the rest of the quota meanwhile
				fresh, ferr := s.Allowance(ctx, seller)
				if ferr != nil {
					return ferr
				}
				return s.overQuota(fresh)
			}
			return err
		}
		row, err := lockMine(ctx, q, seller, id)
		if err != nil {
			return err
		}
		if !lifecycle.AssetEditable(row.Status) { // submitted while the bytes were arriving
			return conflict()
		}
		f, err := q.CreateFile(ctx, pg.CreateFileParams{ID: uuid.Must(uuid.NewV7()), OwnerID: seller, BlobKey: key,
			Name: cleanName(name), ContentType: contentType(format), Size: size, Sha256: sum, Purpose: FilePurpose, CreatedAt: now})
		if err != nil {
			return err
		}
		if err := changed(q.SetAssetUpload(ctx, pg.SetAssetUploadParams{ID: id, Status: row.Status, FileID: &f.ID, UpdatedAt: now})); err != nil {
			return err
		}
		out, err = reload(ctx, q, id)
		return err
	})
	if err != nil {
		_ = s.blobs.Delete(ctx, key)
		return Asset{}, err
	}
	return out, nil
}

// interrupted reports a broken upload to the seller; other failures are ours.
func interrupted(err error) error {
	var ue *uploadReadError
	if errors.As(err, &ue) {
		return apperr.Wrap(apperr.Invalid, "asset.upload_interrupted", err)
	}
	return err
}

// cleanName keeps the base name, printable and short, for display and download.
func cleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	for utf8.RuneCountInString(name) > 120 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == "/" {
		name = "package"
	}
	return name
}

// ImportInput is a bucket reference as typed.
type ImportInput struct {
	Bucket, Key, Size, SHA256 string
	Version                   string
}

var shaRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Import points seller's editable package asset at an object in a bucket. The
// object must exist with the declared size; the scan copies it, and checks
// size and SHA-256 again on the copy.
func (s *Service) Import(ctx context.Context, seller, id uuid.UUID, in ImportInput) (Asset, error) {
	if s.source == nil {
		return Asset{}, apperr.E(apperr.Invalid, "asset.import_unavailable")
	}
	v := apperr.Validation{}
	in.Bucket, in.Key = strings.TrimSpace(in.Bucket), strings.TrimSpace(in.Key)
	in.SHA256 = strings.ToLower(strings.TrimSpace(in.SHA256))
	if !ValidBucket(in.Bucket) {
		v.Add("bucket", "asset.bucket_rule")
	}
	if !ValidKey(in.Key) {
		v.Add("object_key", "asset.key_rule")
	}
	size, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(in.Size), ",", ""), 10, 64)
	if err != nil || size < 1 {
		v.Add("declared_size", "asset.size_rule")
	} else if size > s.limits.MaxImport {
		v.Add("declared_size", "asset.import_too_large")
	}
	if !shaRe.MatchString(in.SHA256) {
		v.Add("declared_sha256", "asset.sha_rule")
	}
	if len(v) == 0 {
		owner, err := s.st.GetAccount(ctx, seller)
		if err != nil {
			return Asset{}, err
		}
		actual, err := s.source.Stat(ctx, owner.PublicID, in.Bucket, in.Key)
		switch {
		case errors.Is(err, ErrNoObject):
			v.Add("object_key", "asset.import_not_found")
		case err != nil:
			return Asset{}, fmt.Errorf("asset: stat %s/%s: %w", in.Bucket, in.Key, err)
		case actual != size:
			v.Add("declared_size", "asset.import_size_mismatch")
		}
	}
	if err := v.Err(); err != nil {
		return Asset{}, err
	}
	var out Asset
	err = s.inTx(ctx, func(_ pgx.Tx, q *pg.Queries) error {
		row, err := editable(ctx, q, seller, id, in.Version)
		if err != nil {
			return err
		}
		if row.Kind != KindPackage {
			return apperr.E(apperr.Invalid, "asset.not_package")
		}
		if err := changed(q.SetAssetBucket(ctx, pg.SetAssetBucketParams{ID: id, Status: row.Status, Version: row.Version,
			Bucket: in.Bucket, ObjectKey: in.Key, DeclaredSize: &size, DeclaredSha256: in.SHA256, UpdatedAt: s.clock.Now()})); err != nil {
			return err
		}
		out, err = reload(ctx, q, id)
		return err
	})
	return out, err
}
