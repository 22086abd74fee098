package asset

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Regions where a private image may live (cn-north-4 is the recommended one);
// catalog keys asset.region.<id>.
var Regions = []string{"cn-north-4", "cn-north-9", "cn-east-3", "cn-south-1", "cn-southwest-2", "ap-southeast-1", "ap-southeast-3"}

// OSes are the image operating-system families; catalog keys asset.os.<id>.
var OSes = []string{"huaweicloud_euleros", "openeuler", "centos", "ubuntu", "debian", "windows_server"}

// DetailsInput is an asset's descriptive fields as typed.
type DetailsInput struct {
	Name, Release, Description string
	Version                    string // the version the seller edited (not used by Create)
}

var releaseRe = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._+-]{0,31}$`)

func runes(s string) int { return utf8.RuneCountInString(s) }

func (in *DetailsInput) validate(v apperr.Validation) {
	in.Name, in.Release, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Release), strings.TrimSpace(in.Description)
	if n := runes(in.Name); n < 2 || n > 100 {
		v.Add("name", "asset.name_rule")
	}
	if !releaseRe.MatchString(in.Release) {
		v.Add("release", "asset.release_rule")
	}
	if runes(in.Description) > 2000 {
		v.Add("description", "asset.description_rule")
	}
}

// conflict is the answer to a stale form or a state that no longer allows the action.
func conflict() error { return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled) }

func checkVersion(form string, v int32) error {
	if n, err := strconv.Atoi(form); err != nil || int32(n) != v {
		return conflict()
	}
	return nil
}

// lockMine locks seller's asset; another seller's or a deleted one is NotFound.
func lockMine(ctx context.Context, q *pg.Queries, seller, id uuid.UUID) (pg.Asset, error) {
	row, err := q.LockAsset(ctx, id)
	if err != nil {
		return row, store.NotFound(err, "asset")
	}
	if row.SellerID != seller || row.Status == lifecycle.AssetDeleted {
		return row, apperr.E(apperr.NotFound, "error.not_found")
	}
	return row, nil
}

// Create saves a new draft asset of kind for seller.
func (s *Service) Create(ctx context.Context, seller account.Account, kind string, in DetailsInput) (Asset, error) {
	if seller.IsOps() {
		return Asset{}, apperr.E(apperr.Forbidden, "error.forbidden")
	}
	v := apperr.Validation{}
	if !slices.Contains(Kinds, kind) {
		v.Add("kind", "asset.kind_required")
	}
	in.validate(v)
	if err := v.Err(); err != nil {
		return Asset{}, err
	}
	now := s.clock.Now()
	id := uuid.Must(uuid.NewV7())
	var out Asset
	err := s.inTx(ctx, func(_ pgx.Tx, q *pg.Queries) error {
		step := evidence.Step[lifecycle.AssetStatus, lifecycle.AssetEvent]{Machine: lifecycle.Asset, ObjectType: ObjectAsset,
			ObjectID: id, From: lifecycle.AssetNone, Event: lifecycle.AssetCreate, Actor: lifecycle.Applicant, ActorID: &seller.ID, At: now}
		_, err := evidence.Transition(ctx, q, step, func(to lifecycle.AssetStatus) (int64, error) {
			row, err := q.CreateAsset(ctx, pg.CreateAssetParams{ID: id, Number: newNumber(now, s.calendar.Location()),
				SellerID: seller.ID, Kind: kind, Status: to, Name: in.Name, Release: in.Release, Description: in.Description, CreatedAt: now})
			out = fromRow(row)
			return 1, err
		})
		return err
	})
	return out, err
}

// editable locks seller's asset for a change of its content: it must still be
// editable and at the version the seller saw.
func editable(ctx context.Context, q *pg.Queries, seller, id uuid.UUID, version string) (pg.Asset, error) {
	row, err := lockMine(ctx, q, seller, id)
	if err != nil {
		return row, err
	}
	if !lifecycle.AssetEditable(row.Status) {
		return row, conflict()
	}
	return row, checkVersion(version, row.Version)
}

// reload returns the asset after a change in the same transaction.
func reload(ctx context.Context, q *pg.Queries, id uuid.UUID) (Asset, error) {
	row, err := q.GetAsset(ctx, id)
	return fromRow(row), err
}

// changed turns a guarded update's row count into a conflict when it changed nothing.
func changed(n int64, err error) error {
	if err == nil && n != 1 {
		return conflict()
	}
	return err
}

// UpdateDetails changes the name, release label and description of an editable asset.
func (s *Service) UpdateDetails(ctx context.Context, seller uuid.UUID, id uuid.UUID, in DetailsInput) (Asset, error) {
	v := apperr.Validation{}
	in.validate(v)
	if err := v.Err(); err != nil {
		return Asset{}, err
	}
	var out Asset
	err := s.inTx(ctx, func(_ pgx.Tx, q *pg.Queries) error {
		row, err := editable(ctx, q, seller, id, in.Version)
		if err != nil {
			return err
		}
		if err := changed(q.UpdateAssetDetails(ctx, pg.UpdateAssetDetailsParams{ID: id, Status: row.Status, Version: row.Version,
			Name: in.Name, Release: in.Release, Description: in.Description, UpdatedAt: s.clock.Now()})); err != nil {
			return err
		}
		out, err = reload(ctx, q, id)
		return err
	})
	return out, err
}

// ImageInput names a private image as typed.
type ImageInput struct {
	Region, ImageID, OS, DiskGB string
	Version                     string
}

// SetImage records which private image an image asset delivers.
func (s *Service) SetImage(ctx context.Context, seller uuid.UUID, id uuid.UUID, in ImageInput) (Asset, error) {
	v := apperr.Validation{}
	in.ImageID = strings.ToLower(strings.TrimSpace(in.ImageID))
	if !slices.Contains(Regions, in.Region) {
		v.Add("image_region", "asset.image_region_required")
	}
	if _, err := uuid.Parse(in.ImageID); err != nil || len(in.ImageID) != 36 {
		v.Add("image_id", "asset.image_id_rule")
	}
	if !slices.Contains(OSes, in.OS) {
		v.Add("image_os", "asset.image_os_required")
	}
	disk, err := strconv.Atoi(strings.TrimSpace(in.DiskGB))
	if err != nil || disk < 1 || disk > 1024 {
		v.Add("image_disk_gb", "asset.image_disk_rule")
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
		if row.Kind != KindImage {
			return apperr.E(apperr.Invalid, "asset.not_image")
		}
		d := int32(disk)
		if err := changed(q.SetAssetImage(ctx, pg.SetAssetImageParams{ID: id, Status: row.Status, Version: row.Version,
			ImageRegion: in.Region, ImageRef: in.ImageID, ImageOs: in.OS, ImageDiskGb: &d, UpdatedAt: s.clock.Now()})); err != nil {
			return err
		}
		out, err = reload(ctx, q, id)
		return err
	})
	return out, err
}

// SubmitInput is the submission form: the self-check as ticked.
type SubmitInput struct {
	Confirmed []string
	Version   string
}

// Submit sends an editable asset to the automated scan: a draft is submitted,
// a failed or rejected one resubmitted. Every self-check item must be
// confirmed. The scan job is queued in the same transaction.
func (s *Service) Submit(ctx context.Context, seller account.Account, id uuid.UUID, in SubmitInput) (Asset, error) {
	if missing := missingSelfCheck(in.Confirmed); len(missing) > 0 {
		return Asset{}, (apperr.Validation{"self_check": "asset.selfcheck_required"}).Err()
	}
	confirmed, _ := jsonOf(cleanSelfCheck(in.Confirmed))
	now := s.clock.Now()
	var out Asset
	err := s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		row, err := editable(ctx, q, seller.ID, id, in.Version)
		if err != nil {
			return err
		}
		a := fromRow(row)
		if !a.HasSource() {
			key := "asset.source_required_package"
			if a.Kind == KindImage {
				key = "asset.source_required_image"
			}
			return (apperr.Validation{"source": key}).Err()
		}
		ev := lifecycle.AssetResubmit
		if row.Status == lifecycle.AssetDraft {
			ev = lifecycle.AssetSubmit
		}
		var atts []evidence.Attachment
		if a.Source == SourceUpload {
			f, err := q.GetFile(ctx, *a.FileID)
			if err != nil {
				return err
			}
			atts = append(atts, evidence.Attachment{FileID: f.ID, Name: f.Name, SHA256: f.Sha256, Size: f.Size})
		}
		step := evidence.Step[lifecycle.AssetStatus, lifecycle.AssetEvent]{Machine: lifecycle.Asset, ObjectType: ObjectAsset,
			ObjectID: id, From: row.Status, Event: ev, Actor: lifecycle.Applicant, ActorID: &seller.ID, At: now, Attachments: atts}
		if _, err := evidence.Transition(ctx, q, step, func(to lifecycle.AssetStatus) (int64, error) {
			return q.SubmitAsset(ctx, pg.SubmitAssetParams{ID: id, FromStatus: row.Status, Version: row.Version, ToStatus: to,
				SelfCheck: confirmed, SubmittedAt: &now})
		}); err != nil {
			return err
		}
		if err := s.enqueueScan(ctx, tx, id, row.Version+1); err != nil {
			return err
		}
		out, err = reload(ctx, q, id)
		return err
	})
	return out, err
}

// Delete removes seller's asset: a draft, a failed or rejected one, or an
// approved one that no product or open application links.
func (s *Service) Delete(ctx context.Context, seller account.Account, id uuid.UUID, version string) error {
	now := s.clock.Now()
	return s.inTx(ctx, func(_ pgx.Tx, q *pg.Queries) error {
		row, err := q.LockAsset(ctx, id)
		if err == nil && row.SellerID == seller.ID && row.Status == lifecycle.AssetDeleted {
			return nil // a second click on delete: it is gone already, and stays deleted once
		}
		row, err = lockMine(ctx, q, seller.ID, id)
		if err != nil {
			return err
		}
		if err := checkVersion(version, row.Version); err != nil {
			return err
		}
		if row.Status == lifecycle.AssetApproved {
			linked, err := q.AssetLinked(ctx, pg.AssetLinkedParams{SellerID: row.SellerID, AssetID: row.ID.String()})
			if err != nil {
				return err
			}
			if linked {
				return apperr.E(apperr.Conflict, "asset.linked_cannot_delete")
			}
		}
		step := evidence.Step[lifecycle.AssetStatus, lifecycle.AssetEvent]{Machine: lifecycle.Asset, ObjectType: ObjectAsset,
			ObjectID: id, From: row.Status, Event: lifecycle.AssetDelete, Actor: lifecycle.Applicant, ActorID: &seller.ID, At: now}
		_, err = evidence.Transition(ctx, q, step, func(to lifecycle.AssetStatus) (int64, error) {
			return q.DeleteAsset(ctx, pg.DeleteAssetParams{ID: id, FromStatus: row.Status, Version: row.Version, ToStatus: to, UpdatedAt: now})
		})
		return err
	})
}

// CanDelete reports whether the seller may delete a in its current state
// (an approved asset additionally must not be linked; see Linked).
func CanDelete(a Asset) bool {
	return lifecycle.Asset.Can(a.Status, lifecycle.AssetDelete, lifecycle.Applicant)
}
