// Package agreement keeps versioned agreements and the signatures of accounts.
package agreement

import (
	"context"
	"time"

	"github.com/google/uuid"

	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Kinds of agreement.
const (
	SellerCooperation = "seller_cooperation" // 云商店通用商品商家合作协议, signed at entry
)

// Agreement is one published version.
type Agreement struct {
	ID               uuid.UUID
	Kind, Version    string
	TitleZh, TitleEn string
	BodyZh, BodyEn   string
	PublishedAt      time.Time
}

// Signed is an agreement version an account signed, and when.
type Signed struct {
	Agreement
	SignedAt time.Time
}

// Service reads agreements and records signatures.
type Service struct {
	st    *store.Store
	clock clock.Clock
}

// NewService returns an agreement service.
func NewService(st *store.Store, c clock.Clock) *Service { return &Service{st: st, clock: c} }

func fromRow(r pg.Agreement) Agreement {
	return Agreement{ID: r.ID, Kind: r.Kind, Version: r.Version, TitleZh: r.TitleZh, TitleEn: r.TitleEn,
		BodyZh: r.BodyZh, BodyEn: r.BodyEn, PublishedAt: r.PublishedAt}
}

// Current returns the newest published version of kind.
func (s *Service) Current(ctx context.Context, kind string) (Agreement, error) {
	row, err := s.st.CurrentAgreement(ctx, pg.CurrentAgreementParams{Kind: kind, Now: s.clock.Now()})
	if err != nil {
		return Agreement{}, store.NotFound(err, "agreement")
	}
	return fromRow(row), nil
}

// Publish stores a version (idempotent on kind and version).
func (s *Service) Publish(ctx context.Context, a Agreement) (Agreement, error) {
	row, err := s.st.CreateAgreement(ctx, pg.CreateAgreementParams{ID: uuid.Must(uuid.NewV7()), Kind: a.Kind, Version: a.Version,
		TitleZh: a.TitleZh, TitleEn: a.TitleEn, BodyZh: a.BodyZh, BodyEn: a.BodyEn, PublishedAt: a.PublishedAt})
	return fromRow(row), err
}

// Sign records that account signed agreement id now, inside the caller's transaction.
func Sign(ctx context.Context, q *pg.Queries, account, id uuid.UUID, at time.Time) error {
	_, err := q.SignAgreement(ctx, pg.SignAgreementParams{ID: uuid.Must(uuid.NewV7()), AccountID: account, AgreementID: id, SignedAt: at})
	return err
}

// ListSigned lists what account has signed, newest first.
func (s *Service) ListSigned(ctx context.Context, account uuid.UUID) ([]Signed, error) {
	rows, err := s.st.ListSignedAgreements(ctx, account)
	if err != nil {
		return nil, err
	}
	out := make([]Signed, len(rows))
	for i, r := range rows {
		out[i] = Signed{Agreement: Agreement{ID: r.ID, Kind: r.Kind, Version: r.Version, TitleZh: r.TitleZh, TitleEn: r.TitleEn}, SignedAt: r.SignedAt}
	}
	return out, nil
}

// GetSigned returns one signed agreement of account, NotFound if it signed no such thing.
func (s *Service) GetSigned(ctx context.Context, account, id uuid.UUID) (Signed, error) {
	r, err := s.st.GetSignedAgreement(ctx, pg.GetSignedAgreementParams{AccountID: account, ID: id})
	if err != nil {
		return Signed{}, store.NotFound(err, "agreement")
	}
	return Signed{Agreement: Agreement{ID: r.ID, Kind: r.Kind, Version: r.Version, TitleZh: r.TitleZh, TitleEn: r.TitleEn,
		BodyZh: r.BodyZh, BodyEn: r.BodyEn, PublishedAt: r.PublishedAt}, SignedAt: r.SignedAt}, nil
}

// Get returns any agreement version (agreements are public documents).
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Agreement, error) {
	row, err := s.st.GetAgreement(ctx, id)
	if err != nil {
		return Agreement{}, store.NotFound(err, "agreement")
	}
	return fromRow(row), nil
}
