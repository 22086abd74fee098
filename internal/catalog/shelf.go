package catalog

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/ids"
	"agora/internal/store/pg"
)

// shelfStep moves a product or spec along the shelf machine inside q.
func shelfStep(ctx context.Context, q *pg.Queries, objectType string, id uuid.UUID, from lifecycle.ShelfStatus, ev lifecycle.ShelfEvent,
	actor lifecycle.Actor, actorID uuid.UUID, reason string, at time.Time, update func(to lifecycle.ShelfStatus) (int64, error)) error {
	step := evidence.Step[lifecycle.ShelfStatus, lifecycle.ShelfEvent]{Machine: lifecycle.Shelf, ObjectType: objectType, ObjectID: id,
		From: from, Event: ev, Actor: actor, ActorID: &actorID, Reason: reason, At: at}
	_, err := evidence.Transition(ctx, q, step, update)
	return err
}

// searchText is what storefront search matches: names, summary and seller.
func searchText(c Content, company string) string {
	return strings.Join([]string{c.Name, c.NameEn, c.Summary, company}, " ")
}

// liveContent is the content kept on the product: everything but the specs,
// which live in their own rows.
func liveContent(c Content) ([]byte, error) {
	c.Specs = nil
	return json.Marshal(c)
}

func (s *Service) company(ctx context.Context, q *pg.Queries, seller uuid.UUID) (string, error) {
	e, err := q.GetEntryApplicationByAccount(ctx, seller)
	if err != nil {
		return "", err
	}
	return e.CompanyName, nil
}

// list puts an approved release on sale: the product, its specs, their events.
// The content is checked once more: a logo or asset may have changed since submission.
func (s *Service) list(ctx context.Context, q *pg.Queries, app Application, reviewer uuid.UUID, actor lifecycle.Actor, now time.Time) (uuid.UUID, error) {
	checked, err := s.check(ctx, q, app.SellerID, app)
	if err != nil {
		return uuid.Nil, apperr.Wrap(apperr.Conflict, "review.no_longer_valid", err)
	}
	company, err := s.company(ctx, q, app.SellerID)
	if err != nil {
		return uuid.Nil, err
	}
	body, err := liveContent(checked.Content)
	if err != nil {
		return uuid.Nil, err
	}
	logo := uuid.MustParse(checked.LogoFileID)
	id := uuid.Must(uuid.NewV7())
	err = shelfStep(ctx, q, ObjectProduct, id, lifecycle.ShelfNone, lifecycle.ShelfList, actor, reviewer, app.Number, now,
		func(to lifecycle.ShelfStatus) (int64, error) {
			_, err := q.CreateProduct(ctx, pg.CreateProductParams{ID: id, Number: ids.Number("SP", now, s.calendar.Location()),
				SellerID: app.SellerID, AccessType: app.AccessType, Status: to, Name: checked.Name, NameEn: checked.NameEn,
				CategoryID: checked.CategoryID, Summary: checked.Summary, LogoFileID: &logo, Content: body,
				SearchText: searchText(checked.Content, company), ListedAt: now})
			return 1, err
		})
	if err != nil {
		return uuid.Nil, err
	}
	for i, sp := range checked.Specs {
		if err := s.addSpec(ctx, q, id, i+1, sp, reviewer, actor, app.Number, now); err != nil {
			return uuid.Nil, err
		}
	}
	return id, q.RefreshProductListing(ctx, id)
}

func (s *Service) addSpec(ctx context.Context, q *pg.Queries, product uuid.UUID, position int, sp CheckedSpec, reviewer uuid.UUID,
	actor lifecycle.Actor, number string, now time.Time) error {
	sid := uuid.Must(uuid.NewV7())
	return shelfStep(ctx, q, ObjectSpec, sid, lifecycle.ShelfNone, lifecycle.ShelfList, actor, reviewer, number, now,
		func(to lifecycle.ShelfStatus) (int64, error) {
			_, err := q.CreateProductSpec(ctx, pg.CreateProductSpecParams{ID: sid, ProductID: product, Position: int32(position),
				Name: sp.Name, BillingMode: sp.BillingMode, PriceFen: int64(sp.Price), TrialDays: sp.TrialDays, Status: to, CreatedAt: now})
			return 1, err
		})
}

// revise swaps an approved modification into the live product in the
// reviewer's transaction: buyers see either the old version or the new one.
func (s *Service) revise(ctx context.Context, q *pg.Queries, app Application, reviewer uuid.UUID, actor lifecycle.Actor, now time.Time) error {
	p, err := q.LockProduct(ctx, *app.ProductID)
	if err != nil {
		return err
	}
	if !lifecycle.OnSale(p.Status) {
		return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
	}
	specs, err := q.LockProductSpecs(ctx, p.ID)
	if err != nil {
		return err
	}
	checked, err := s.check(ctx, q, app.SellerID, app)
	if err != nil {
		return apperr.Wrap(apperr.Conflict, "review.no_longer_valid", err)
	}
	company, err := s.company(ctx, q, app.SellerID)
	if err != nil {
		return err
	}
	body, err := liveContent(checked.Content)
	if err != nil {
		return err
	}
	logo := uuid.MustParse(checked.LogoFileID)
	n, err := q.ReviseProduct(ctx, pg.ReviseProductParams{ID: p.ID, Version: p.Version, Name: checked.Name, NameEn: checked.NameEn,
		CategoryID: checked.CategoryID, Summary: checked.Summary, LogoFileID: &logo, Content: body,
		SearchText: searchText(checked.Content, company), UpdatedAt: now})
	if err != nil {
		return err
	}
	if n != 1 {
		return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
	}
	if _, err := evidence.Append(ctx, q, evidence.Entry{ObjectType: ObjectProduct, ObjectID: p.ID, ActorID: &reviewer,
		ActorRole: string(actor), Event: "revise", From: string(p.Status), To: string(p.Status), Reason: app.Number, At: now}); err != nil {
		return err
	}
	next := len(specs) + 1
	for _, sp := range checked.Specs {
		if sp.ID == "" {
			if err := s.addSpec(ctx, q, p.ID, next, sp, reviewer, actor, app.Number, now); err != nil {
				return err
			}
			next++
			continue
		}
		if _, err := q.ReviseProductSpec(ctx, pg.ReviseProductSpecParams{ID: uuid.MustParse(sp.ID), ProductID: p.ID, Name: sp.Name,
			PriceFen: int64(sp.Price), TrialDays: sp.TrialDays}); err != nil {
			return err
		}
	}
	return q.RefreshProductListing(ctx, p.ID)
}

// Delist is the content of a delisting request.
type Delist struct {
	SpecID      string `json:"spec_id,omitempty"`
	SpecName    string `json:"spec_name,omitempty"`
	Reason      string `json:"reason"`
	ProofFileID string `json:"proof_file_id,omitempty"`
	ProofName   string `json:"proof_name,omitempty"`
}

// endDelisting settles the product or spec of a delisting request row: ev is
// approve (gone for good), reject (operations) or cancel (the seller withdrew): back on sale.
func (s *Service) endDelisting(ctx context.Context, q *pg.Queries, row pg.ProductApplication, ev lifecycle.ShelfEvent,
	actor lifecycle.Actor, actorID uuid.UUID, reason string, now time.Time) error {
	p, err := q.LockProduct(ctx, *row.ProductID)
	if err != nil {
		return err
	}
	specs, err := q.LockProductSpecs(ctx, p.ID)
	if err != nil {
		return err
	}
	if row.SpecID != nil {
		for _, sp := range specs {
			if sp.ID == *row.SpecID {
				if err := s.specStep(ctx, q, sp, ev, actor, actorID, firstNonEmpty(reason, row.Number), now); err != nil {
					return err
				}
			}
		}
		return q.RefreshProductListing(ctx, p.ID)
	}
	err = shelfStep(ctx, q, ObjectProduct, p.ID, p.Status, ev, actor, actorID, firstNonEmpty(reason, row.Number), now,
		func(to lifecycle.ShelfStatus) (int64, error) {
			return q.SetProductStatus(ctx, pg.SetProductStatusParams{ID: p.ID, FromStatus: p.Status, Version: p.Version, ToStatus: to, UpdatedAt: now})
		})
	if err != nil || ev != lifecycle.ShelfApproveDelist {
		return err
	}
	// The whole product is gone: every spec with it, and every open change of it.
	for _, sp := range specs {
		if lifecycle.OnSale(sp.Status) {
			if err := s.specStep(ctx, q, sp, lifecycle.ShelfForceDelist, actor, actorID, row.Number, now); err != nil {
				return err
			}
		}
	}
	open, err := q.ListOpenApplicationsOfProduct(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, o := range open {
		if o.ID == row.ID {
			continue
		}
		step := evidence.Step[lifecycle.AppStatus, lifecycle.AppEvent]{Machine: lifecycle.Application, ObjectType: ObjectApplication,
			ObjectID: o.ID, From: o.Status, Event: lifecycle.AppCancel, Actor: lifecycle.System, Reason: row.Number, At: now}
		if _, err := evidence.Transition(ctx, q, step, func(to lifecycle.AppStatus) (int64, error) {
			return q.SetProductApplicationStatus(ctx, pg.SetProductApplicationStatusParams{ID: o.ID, FromStatus: o.Status, Version: o.Version, ToStatus: to})
		}); err != nil {
			return err
		}
	}
	return q.RefreshProductListing(ctx, p.ID)
}

func (s *Service) specStep(ctx context.Context, q *pg.Queries, sp pg.ProductSpec, ev lifecycle.ShelfEvent, actor lifecycle.Actor,
	actorID uuid.UUID, reason string, now time.Time) error {
	return shelfStep(ctx, q, ObjectSpec, sp.ID, sp.Status, ev, actor, actorID, reason, now, func(to lifecycle.ShelfStatus) (int64, error) {
		return q.SetProductSpecStatus(ctx, pg.SetProductSpecStatusParams{ID: sp.ID, FromStatus: sp.Status, Version: sp.Version, ToStatus: to, At: now})
	})
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
