// Package merchant runs seller entry (入驻) and business-information
// certification (商业信息认证): applications, their review by operations, and
// where a seller stands on the way to selling.
package merchant

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/evidence"
	"agora/internal/file"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/workday"
)

// Object types in the evidence log.
const (
	ObjectEntry = "entry_application"
	ObjectCert  = "certification"
)

// Service runs entry and certification.
type Service struct {
	st         *store.Store
	clock      clock.Clock
	files      *file.Service
	agreements *agreement.Service
	calendar   *workday.Service
	log        *slog.Logger
}

// NewService returns a merchant service.
func NewService(st *store.Store, c clock.Clock, files *file.Service, agreements *agreement.Service, cal *workday.Service, log *slog.Logger) *Service {
	return &Service{st: st, clock: c, files: files, agreements: agreements, calendar: cal, log: log}
}

// Stage is where an account stands on the way to selling.
type Stage string

// Stages, in order.
const (
	StageNotApplied    Stage = "not_applied"
	StageEntryPending  Stage = "entry_pending"
	StageEntryRejected Stage = "entry_rejected"
	StageCertRequired  Stage = "cert_required"
	StageCertPending   Stage = "cert_pending"
	StageCertRejected  Stage = "cert_rejected"
	StageCertLocked    Stage = "cert_locked"
	StageReady         Stage = "ready" // approved and certified: may release products
)

// Standing is an account's entry application and certification, if any.
type Standing struct {
	Stage Stage
	Entry *Application
	Cert  *Certification
}

// Ready reports whether the seller may reach the product pages.
func (s Standing) Ready() bool { return s.Stage == StageReady }

// Standing tells where acct stands.
func (s *Service) Standing(ctx context.Context, acct uuid.UUID) (Standing, error) {
	var st Standing
	row, err := s.st.GetEntryApplicationByAccount(ctx, acct)
	if store.IsNoRows(err) {
		st.Stage = StageNotApplied
		return st, nil
	}
	if err != nil {
		return st, err
	}
	app := entryFromRow(row)
	st.Entry = &app
	switch app.Status {
	case lifecycle.EntryPending:
		st.Stage = StageEntryPending
		return st, nil
	case lifecycle.EntryRejected:
		st.Stage = StageEntryRejected
		return st, nil
	}
	crow, err := s.st.GetCertificationByAccount(ctx, acct)
	if store.IsNoRows(err) {
		st.Stage = StageCertRequired
		return st, nil
	}
	if err != nil {
		return st, err
	}
	c := certFromRow(crow)
	st.Cert = &c
	switch c.Status {
	case lifecycle.CertSubmitted:
		st.Stage = StageCertPending
	case lifecycle.CertRejected:
		st.Stage = StageCertRejected
	case lifecycle.CertLocked:
		st.Stage = StageCertLocked
	default:
		st.Stage = StageReady
	}
	return st, nil
}

// OpsActor maps an operations account to its lifecycle actor; others are Forbidden.
func OpsActor(a account.Account) (lifecycle.Actor, error) {
	switch a.OpsRole {
	case account.OpsAdmin:
		return lifecycle.Admin, nil
	case account.OpsReviewer:
		return lifecycle.Reviewer, nil
	}
	return "", apperr.E(apperr.Forbidden, "error.forbidden")
}

// Page is the queue page size.
const Page = 50

// Overdue reports whether a deadline has passed at now.
func Overdue(due, now time.Time) bool { return now.After(due) }

// Timeline returns the evidence timeline of an entry application or certification.
func (s *Service) Timeline(ctx context.Context, objectType string, id uuid.UUID) ([]evidence.Item, error) {
	return evidence.Timeline(ctx, s.st.Queries, objectType, id)
}
