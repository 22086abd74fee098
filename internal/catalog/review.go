package catalog

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Decision is a reviewer's verdict on an application. A rejection names at
// least one reason: for the whole record, for single fields, or both.
type Decision struct {
	Approve      bool
	Reason       string
	FieldReasons map[string]string // form field → what to fix
	Version      string            // the version the reviewer looked at
}

func (d *Decision) validate() error {
	d.Reason = strings.TrimSpace(d.Reason)
	fr := map[string]string{}
	v := apperr.Validation{}
	for f, r := range d.FieldReasons {
		if r = strings.TrimSpace(r); r != "" {
			if runes(r) > 500 {
				v.Add("reason_"+f, "review.field_reason_long")
			}
			fr[f] = r
		}
	}
	d.FieldReasons = fr
	if d.Approve {
		d.Reason, d.FieldReasons = "", map[string]string{}
		return nil
	}
	if n := runes(d.Reason); (len(fr) == 0 && n < 5) || n > 1000 {
		v.Add("reason", "review.reason_or_fields")
	}
	return v.Err()
}

// Decide approves or rejects a pending application. Approval of a release
// lists the product; of a modification swaps the new version in; of a
// delisting takes the product or spec off sale for good. Two reviewers on one
// record: the first wins, the second gets a Conflict. A record another
// reviewer has claimed can only be decided by that reviewer.
func (s *Service) Decide(ctx context.Context, reviewer account.Account, id uuid.UUID, d Decision) error {
	actor, err := merchant.OpsActor(reviewer)
	if err != nil {
		return err
	}
	if err := d.validate(); err != nil {
		return err
	}
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		row, err := s.lockApplication(ctx, q, id)
		if err != nil || row.Status == lifecycle.AppDeleted {
			return store.NotFound(errOr(err), "application")
		}
		if v, err := strconv.Atoi(d.Version); err != nil || int32(v) != row.Version {
			return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
		}
		if row.ClaimedBy != nil && *row.ClaimedBy != reviewer.ID {
			return apperr.E(apperr.Conflict, "review.claimed_by_other")
		}
		app, err := appFromRow(row)
		if err != nil {
			return err
		}
		ev := lifecycle.AppReject
		if d.Approve {
			ev = lifecycle.AppApprove
		}
		if !lifecycle.Application.Can(row.Status, ev, actor) {
			return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
		}
		productID := row.ProductID
		if d.Approve {
			switch row.Kind {
			case KindRelease:
				pid, err := s.list(ctx, q, app, reviewer.ID, actor, now)
				if err != nil {
					return err
				}
				productID = &pid
			case KindModify:
				if err := s.revise(ctx, q, app, reviewer.ID, actor, now); err != nil {
					return err
				}
			case KindDelist:
				if err := s.endDelisting(ctx, q, row, lifecycle.ShelfApproveDelist, actor, reviewer.ID, "", now); err != nil {
					return err
				}
			}
		} else if row.Kind == KindDelist {
			if err := s.endDelisting(ctx, q, row, lifecycle.ShelfRejectDelist, actor, reviewer.ID, d.Reason, now); err != nil {
				return err
			}
		}
		fieldReasons, err := json.Marshal(d.FieldReasons)
		if err != nil {
			return err
		}
		step := evidence.Step[lifecycle.AppStatus, lifecycle.AppEvent]{Machine: lifecycle.Application, ObjectType: ObjectApplication,
			ObjectID: id, From: row.Status, Event: ev, Actor: actor, ActorID: &reviewer.ID, Reason: rejectSummary(d), At: now}
		_, err = evidence.Transition(ctx, q, step, func(to lifecycle.AppStatus) (int64, error) {
			return q.DecideProductApplication(ctx, pg.DecideProductApplicationParams{ID: id, FromStatus: row.Status, Version: row.Version,
				ToStatus: to, DecidedAt: &now, DecidedBy: &reviewer.ID, Reason: d.Reason, FieldReasons: fieldReasons, ProductID: productID})
		})
		if err != nil {
			return err
		}
		topic := "product_" + row.Kind + "_approved"
		if !d.Approve {
			topic = "product_" + row.Kind + "_rejected"
		}
		name := row.Title
		if name == "" {
			name = app.ProductName
		}
		return inbox.Send(ctx, q, row.SellerID, topic, map[string]string{"number": row.Number, "name": name, "reason": inboxReason(d)},
			"/seller/applications/"+id.String(), now)
	})
}

// lockApplication locks an application for a decision, taking the locks every
// catalog transaction takes in the same order — the seller's catalog, the
// product, then application rows — so that a modification and a delisting of
// one product decided at once wait for each other instead of deadlocking.
func (s *Service) lockApplication(ctx context.Context, q *pg.Queries, id uuid.UUID) (pg.ProductApplication, error) {
	peek, err := q.GetProductApplication(ctx, id)
	if err != nil {
		return peek, err
	}
	if err := q.LockSellerCatalog(ctx, peek.SellerID.String()); err != nil {
		return peek, err
	}
	if peek.ProductID != nil {
		if _, err := q.LockProduct(ctx, *peek.ProductID); err != nil {
			return peek, err
		}
	}
	return q.LockProductApplication(ctx, id)
}

// rejectSummary is the reason kept in the evidence log and sent to the seller:
// the overall reason followed by each field's reason.
func rejectSummary(d Decision) string {
	if d.Approve {
		return ""
	}
	parts := []string{}
	if d.Reason != "" {
		parts = append(parts, d.Reason)
	}
	fields := make([]string, 0, len(d.FieldReasons))
	for f := range d.FieldReasons {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		parts = append(parts, f+": "+d.FieldReasons[f])
	}
	return strings.Join(parts, "\n")
}

// inboxReason is the reason a rejection message quotes: the overall reason,
// or the reviewer's words on each field when there is none. The application
// page names the fields.
func inboxReason(d Decision) string {
	if d.Approve || d.Reason != "" {
		return d.Reason
	}
	fields := make([]string, 0, len(d.FieldReasons))
	for f := range d.FieldReasons {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	notes := make([]string, len(fields))
	for i, f := range fields {
		notes[i] = d.FieldReasons[f]
	}
	return strings.Join(notes, "；")
}

// Claim marks a pending record as being worked on by reviewer, so that a
// second reviewer does not review it too. The claim goes into the record's
// evidence, so the seller sees when review began and audits see who held it.
func (s *Service) Claim(ctx context.Context, reviewer account.Account, id uuid.UUID) error {
	actor, err := merchant.OpsActor(reviewer)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		n, err := q.ClaimProductApplication(ctx, pg.ClaimProductApplicationParams{ID: id, ClaimedBy: &reviewer.ID, ClaimedAt: &now})
		if err != nil {
			return err
		}
		if n == 1 {
			return s.opsNote(ctx, q, id, actor, reviewer.ID, "claim", now)
		}
		row, err := q.GetProductApplication(ctx, id)
		if err != nil {
			return store.NotFound(err, "application")
		}
		if row.ClaimedBy != nil && *row.ClaimedBy == reviewer.ID {
			return nil // a double click
		}
		if row.Status != lifecycle.AppPending {
			return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
		}
		return apperr.E(apperr.Conflict, "review.claimed_by_other")
	})
}

// Unclaim releases a claim. The claimer may release it; an admin may release
// anyone's (a reviewer who went home).
func (s *Service) Unclaim(ctx context.Context, reviewer account.Account, id uuid.UUID) error {
	actor, err := merchant.OpsActor(reviewer)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		row, err := q.GetProductApplication(ctx, id)
		if err != nil {
			return store.NotFound(err, "application")
		}
		if row.ClaimedBy == nil {
			return nil
		}
		if *row.ClaimedBy != reviewer.ID && reviewer.OpsRole != account.OpsAdmin {
			return apperr.E(apperr.Forbidden, "review.unclaim_others")
		}
		n, err := q.UnclaimProductApplication(ctx, pg.UnclaimProductApplicationParams{ID: id, ClaimedBy: row.ClaimedBy})
		if err != nil || n == 0 {
			return err // n == 0: released or decided meanwhile
		}
		return s.opsNote(ctx, q, id, actor, reviewer.ID, "unclaim", now)
	})
}

// opsNote records a reviewer's step on a pending record that changes no
// status (claim, unclaim).
func (s *Service) opsNote(ctx context.Context, q *pg.Queries, id uuid.UUID, actor lifecycle.Actor, reviewer uuid.UUID, event string, at time.Time) error {
	pending := string(lifecycle.AppPending)
	_, err := evidence.Append(ctx, q, evidence.Entry{ObjectType: ObjectApplication, ObjectID: id, ActorID: &reviewer,
		ActorRole: string(actor), Event: event, From: pending, To: pending, At: at})
	return err
}

// GetForReview returns any application, for operations.
func (s *Service) GetForReview(ctx context.Context, id uuid.UUID) (Application, error) {
	row, err := s.st.GetProductApplication(ctx, id)
	if err != nil || row.Status == lifecycle.AppDeleted || row.Status == lifecycle.AppDraft {
		return Application{}, store.NotFound(errOr(err), "application")
	}
	a, err := appFromRow(row)
	if err != nil {
		return a, err
	}
	if a.ProductID != nil {
		if p, err := s.st.GetProduct(ctx, *a.ProductID); err == nil {
			a.ProductName = p.Name
		}
	}
	return a, nil
}

// Timeline returns the evidence log of an application, product or spec.
func (s *Service) Timeline(ctx context.Context, objectType string, id uuid.UUID) ([]evidence.Item, error) {
	return evidence.Timeline(ctx, s.st.Queries, objectType, id)
}

// Overdue reports whether a deadline has passed at now.
func Overdue(due *time.Time, now time.Time) bool { return due != nil && now.After(*due) }
