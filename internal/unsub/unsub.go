// Package unsub runs unsubscriptions (退订, domain §6.2–6.4, A9): the
// negotiated request of a supervised order in escrow that the seller reviews
// (escalated to operations when left unanswered), and the platform's standard
// rules for orders without supervision — a full refund within five days of
// payment (a limited number of times a year) or the unused days pro rata.
package unsub

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"agora/internal/evidence"
	"agora/internal/file"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/clock"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
	"agora/internal/supervision"
	"agora/internal/workday"
)

// ObjectUnsubscription is the evidence object type of unsubscription requests.
const ObjectUnsubscription = "unsubscription"

// Kinds of unsubscription.
const (
	KindNegotiated = "negotiated" // 协商退订: supervised order in escrow, the seller agrees
	KindStandard   = "standard"   // the platform's standard rules, refunded at once
	KindReturn     = "return"     // 已收货退订: received hardware goes back; the seller accepts the return
)

// Standard rules.
const (
	RuleFiveDay = "five_day" // full refund within FiveDays of payment
	RuleProRata = "pro_rata" // the unused whole days of the service period
)

// FiveDays is the window of the unconditional full refund after payment (domain §6.2).
const FiveDays = 5 * 24 * time.Hour

// FiveDayQuota is how many five-day full refunds a buyer has per calendar year
// (in the marketplace's zone). The domain says "a limited number of times"
// without a number; five is our choice and the page shows what is left.
const FiveDayQuota = 5

// ReviewDays is the seller's deadline to answer a negotiated request, in
// working days (the marketplace calendar): after it the request goes to
// operations. The domain gives no number; three working days matches the
// other review clocks of the platform (appeal arbitration, product review).
const ReviewDays = 3

// ReturnWindow is how long the seller has to accept a hardware return (or
// report a problem with it) before the system accepts it and the refund runs
// (domain §5.8, appendix B: 15 days).
const ReturnWindow = 15 * 24 * time.Hour

// FilePurpose is the upload purpose of review attachments: the same evidence
// files (documents, scans, screenshots, archives) as service supervision.
const FilePurpose = supervision.FilePurpose

// Request is an unsubscription request as its parties see it.
type Request struct {
	ID            uuid.UUID
	Number        string
	OrderID       uuid.UUID
	BuyerID       uuid.UUID
	SellerID      uuid.UUID
	Kind          string
	Status        lifecycle.UnsubStatus
	Version       int32
	Amount        money.Fen
	Rule          string
	Reason        string
	ShowPhone     bool
	Courier       string // hardware return: the buyer's shipment back
	Waybill       string
	Opinion       string
	DueAt         *time.Time
	DecidedBy     *uuid.UUID
	DecidedAt     *time.Time
	CreatedAt     time.Time
	OrderNumber   string
	ProductName   string
	ProductNameEn string
}

// Open reports whether the request still waits for a decision.
func (r Request) Open() bool { return lifecycle.UnsubOpen(r.Status) }

// Overdue reports whether the deadline has passed on a request still waiting
// for a decision (the seller's, a return's automatic acceptance, or operations').
func (r Request) Overdue(now time.Time) bool {
	return r.Open() && r.DueAt != nil && !now.Before(*r.DueAt)
}

// Clocked reports whether the request runs a clock its viewers should see:
// the seller's deadline, the return's 15 days, or operations' deadline.
func (r Request) Clocked() bool { return r.Open() && r.DueAt != nil }

func fromRow(r pg.Unsubscription) Request {
	return Request{ID: r.ID, Number: r.Number, OrderID: r.OrderID, BuyerID: r.BuyerID, SellerID: r.SellerID, Kind: r.Kind,
		Status: lifecycle.UnsubStatus(r.Status), Version: r.Version, Amount: money.Fen(r.AmountFen), Rule: r.Rule, Reason: r.Reason,
		ShowPhone: r.ShowPhone, Courier: r.Courier, Waybill: r.Waybill, Opinion: r.Opinion, DueAt: r.DueAt, DecidedBy: r.DecidedBy, DecidedAt: r.DecidedAt, CreatedAt: r.CreatedAt}
}

// Service runs unsubscriptions.
type Service struct {
	st       *store.Store
	clock    clock.Clock
	files    *file.Service
	orders   *order.Service
	sup      *supervision.Service
	calendar *workday.Service
	loc      *time.Location
	log      *slog.Logger
	jobs     *river.Client[pgx.Tx] // inserts the seller's deadline in the applying transaction
}

// NewService returns the unsubscription service.
func NewService(st *store.Store, c clock.Clock, files *file.Service, orders *order.Service, sup *supervision.Service,
	cal *workday.Service, loc *time.Location, log *slog.Logger) *Service {
	s := &Service{st: st, clock: c, files: files, orders: orders, sup: sup, calendar: cal, loc: loc, log: log}
	if st != nil && st.Pool != nil {
		jobs, err := river.NewClient(riverpgxv5.New(st.Pool), &river.Config{Logger: log})
		if err != nil {
			log.Error("unsub: job client", "err", err)
		}
		s.jobs = jobs
	}
	return s
}

func (s *Service) inTx(ctx context.Context, fn func(tx pgx.Tx, q *pg.Queries) error) error {
	return pgx.BeginFunc(ctx, s.st.Pool, func(tx pgx.Tx) error { return fn(tx, s.st.Queries.WithTx(tx)) })
}

// step moves a request and records it on its evidence chain.
func step(ctx context.Context, q *pg.Queries, id uuid.UUID, from lifecycle.UnsubStatus, ev lifecycle.UnsubEvent, actor lifecycle.Actor,
	actorID *uuid.UUID, reason string, attach []evidence.Attachment, at time.Time, update func(to lifecycle.UnsubStatus) (int64, error)) error {
	_, err := evidence.Transition(ctx, q, evidence.Step[lifecycle.UnsubStatus, lifecycle.UnsubEvent]{Machine: lifecycle.Unsubscription,
		ObjectType: ObjectUnsubscription, ObjectID: id, From: from, Event: ev, Actor: actor, ActorID: actorID, Reason: reason,
		Attachments: attach, At: at}, update)
	return err
}

// Timeline returns a request's evidence.
func (s *Service) Timeline(ctx context.Context, id uuid.UUID) ([]evidence.Item, error) {
	return evidence.Timeline(ctx, s.st.Queries, ObjectUnsubscription, id)
}
