package asset

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Review rules. A reviewer claims a pending asset so that two people do not
// work on it at once. While it is claimed only the claimer may decide; the
// claimer (or an admin, for someone who is away) releases it. Deciding an
// unclaimed asset claims it implicitly. Claims are working notes, not status
// changes, so they leave no event; the decision does.

// claimedByOther is the conflict of a reviewer acting on someone else's claim.
func claimedByOther(ctx context.Context, q *pg.Queries, by uuid.UUID) error {
	name := ""
	if acct, err := q.GetAccount(ctx, by); err == nil {
		name = acct.Name
	}
	return apperr.E(apperr.Conflict, "asset.claimed_by_other", "name", name)
}

// lockPending locks an asset for a review action.
func lockPending(ctx context.Context, q *pg.Queries, id uuid.UUID) (pg.Asset, error) {
	row, err := q.LockAsset(ctx, id)
	if err != nil {
		return row, store.NotFound(err, "asset")
	}
	if row.Status != lifecycle.AssetPending {
		return row, conflict()
	}
	return row, nil
}

// Claim marks a pending asset as being reviewed by reviewer. Claiming one's own claim again is fine.
func (s *Service) Claim(ctx context.Context, reviewer account.Account, id uuid.UUID) error {
	if _, err := opsActor(reviewer); err != nil {
		return err
	}
	return s.inTx(ctx, func(_ pgx.Tx, q *pg.Queries) error {
		row, err := lockPending(ctx, q, id)
		if err != nil {
			return err
		}
		switch {
		case row.ClaimedBy == nil:
			return changed(q.ClaimAsset(ctx, pg.ClaimAssetParams{ID: id, Reviewer: &reviewer.ID, ClaimedAt: ptr(s.clock.Now())}))
		case *row.ClaimedBy == reviewer.ID:
			return nil
		}
		return claimedByOther(ctx, q, *row.ClaimedBy)
	})
}

// Unclaim releases a claim: the claimer's own, or anyone's for an admin.
func (s *Service) Unclaim(ctx context.Context, reviewer account.Account, id uuid.UUID) error {
	if _, err := opsActor(reviewer); err != nil {
		return err
	}
	return s.inTx(ctx, func(_ pgx.Tx, q *pg.Queries) error {
		row, err := lockPending(ctx, q, id)
		if err != nil {
			return err
		}
		if row.ClaimedBy == nil {
			return nil
		}
		if *row.ClaimedBy != reviewer.ID && reviewer.OpsRole != account.OpsAdmin {
			return apperr.E(apperr.Forbidden, "asset.unclaim_not_yours")
		}
		return changed(q.UnclaimAsset(ctx, pg.UnclaimAssetParams{ID: id, ClaimedBy: row.ClaimedBy}))
	})
}

func ptr[T any](v T) *T { return &v }

// opsActor maps an operations account to its lifecycle actor; others are Forbidden.
func opsActor(a account.Account) (lifecycle.Actor, error) {
	switch a.OpsRole {
	case account.OpsAdmin:
		return lifecycle.Admin, nil
	case account.OpsReviewer:
		return lifecycle.Reviewer, nil
	}
	return "", apperr.E(apperr.Forbidden, "error.forbidden")
}

// Decision is a reviewer's verdict on a pending asset.
type Decision struct {
	Approve bool
	Reason  string
	Version string // the version the reviewer looked at
}

// Decide approves or rejects a pending asset. The first of two reviewers (or
// of a double click) wins; the other gets a Conflict. The seller is told.
func (s *Service) Decide(ctx context.Context, reviewer account.Account, id uuid.UUID, d Decision) error {
	actor, err := opsActor(reviewer)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(d.Reason)
	if !d.Approve {
		if n := runes(reason); n < 5 || n > 1000 {
			return (apperr.Validation{"reason": "review.reason_rule"}).Err()
		}
	} else if runes(reason) > 1000 {
		return (apperr.Validation{"reason": "review.reason_rule"}).Err()
	}
	now := s.clock.Now()
	return s.inTx(ctx, func(_ pgx.Tx, q *pg.Queries) error {
		row, err := q.LockAsset(ctx, id)
		if err != nil {
			return store.NotFound(err, "asset")
		}
		if err := checkVersion(d.Version, row.Version); err != nil {
			return err
		}
		if row.ClaimedBy != nil && *row.ClaimedBy != reviewer.ID {
			return claimedByOther(ctx, q, *row.ClaimedBy)
		}
		ev := lifecycle.AssetApprove
		if !d.Approve {
			ev = lifecycle.AssetReject
		}
		step := evidence.Step[lifecycle.AssetStatus, lifecycle.AssetEvent]{Machine: lifecycle.Asset, ObjectType: ObjectAsset,
			ObjectID: id, From: row.Status, Event: ev, Actor: actor, ActorID: &reviewer.ID, Reason: reason, At: now}
		to, err := evidence.Transition(ctx, q, step, func(to lifecycle.AssetStatus) (int64, error) {
			return q.DecideAsset(ctx, pg.DecideAssetParams{ID: id, FromStatus: row.Status, Version: row.Version, ToStatus: to,
				DecidedAt: &now, DecidedBy: &reviewer.ID, Reason: reason})
		})
		if err != nil {
			return err
		}
		return inbox.Send(ctx, q, row.SellerID, "asset_"+string(to), map[string]string{"number": row.Number, "name": row.Name,
			"reason": reason}, "/seller/assets/"+row.ID.String(), now)
	})
}

// QueueItem is one row of operations' asset list.
type QueueItem struct {
	ID            uuid.UUID
	Number        string
	Kind          string
	Name          string
	Release       string
	Status        string
	SellerName    string
	ClaimedBy     *uuid.UUID
	ClaimedByName string
	SubmittedAt   *time.Time
	DueAt         *time.Time
	DecidedAt     *time.Time
	UpdatedAt     time.Time
}

// QueuePage is the list's page size.
const QueuePage = 50

// Queue lists assets in status for operations, the most urgent first (pending
// by review deadline); one row more than QueuePage means there is a next page.
func (s *Service) Queue(ctx context.Context, status lifecycle.AssetStatus, page int) ([]QueueItem, error) {
	if page < 1 {
		page = 1
	}
	rows, err := s.st.ListAssetQueue(ctx, pg.ListAssetQueueParams{Status: status, MaxRows: QueuePage + 1, Skip: int32((page - 1) * QueuePage)})
	if err != nil {
		return nil, err
	}
	out := make([]QueueItem, len(rows))
	for i, r := range rows {
		out[i] = QueueItem{ID: r.ID, Number: r.Number, Kind: r.Kind, Name: r.Name, Release: r.Release, Status: string(r.Status),
			SellerName: r.SellerName, ClaimedBy: r.ClaimedBy, ClaimedByName: r.ClaimedByName, SubmittedAt: r.SubmittedAt,
			DueAt: r.SlaDueAt, DecidedAt: r.DecidedAt, UpdatedAt: r.UpdatedAt}
	}
	return out, nil
}

// Counts counts assets per status (deleted ones left out).
func (s *Service) Counts(ctx context.Context) (map[string]int, error) {
	rows, err := s.st.CountAssetByStatus(ctx)
	if err != nil {
		return nil, err
	}
	m := map[string]int{}
	for _, r := range rows {
		m[string(r.Status)] = int(r.N)
	}
	return m, nil
}

// Overdue counts pending assets past their review deadline.
func (s *Service) Overdue(ctx context.Context) (int, error) {
	n, err := s.st.CountAssetOverdue(ctx, s.clock.Now())
	return int(n), err
}
