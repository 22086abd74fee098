// Package order runs purchases: orders with a snapshot of what was bought,
// payment from the buyer's balance, the payment window, renewals and the
// order lists of both parties.
package order

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/clock"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// ObjectOrder is the evidence object type of orders.
const ObjectOrder = "order"

// Kinds of order.
const (
	KindNew     = "new"
	KindRenewal = "renewal"
)

// PayWindow is how long an unpaid order waits before the system cancels it.
const PayWindow = 24 * time.Hour

// Order is an order as both parties see it.
type Order struct {
	ID            uuid.UUID
	Number        string
	Kind          string
	RenewsID      *uuid.UUID
	BuyerID       uuid.UUID
	SellerID      uuid.UUID
	ProductID     uuid.UUID
	SpecID        uuid.UUID
	Status        lifecycle.OrderStatus
	Version       int32
	AccessType    string
	ProductName   string
	ProductNameEn string
	SpecName      string
	BillingMode   string
	UnitPrice     money.Fen
	Quantity      int32
	TrialDays     int32
	Amount        money.Fen
	Supervised    bool
	Flow          string
	Acceptance    string // the seller's acceptance rule, as promised at purchase
	BuyerName     string
	CustomerName  string
	ContactPhone  string
	ContactEmail  string
	ShipAddress   string
	CreatedAt     time.Time
	PayBy         time.Time
	PaidAt        *time.Time
	CompletedAt   *time.Time
	CancelledAt   *time.Time
	ServiceStart  *time.Time
	ServiceEnd    *time.Time
	// In lists only: the supervision node, and whether an appeal froze it.
	SupStatus lifecycle.SupStatus
	Frozen    bool
}

// Periodic reports whether the order buys a period of service.
func (o Order) Periodic() bool {
	return o.BillingMode == catalog.BillMonthly || o.BillingMode == catalog.BillYearly
}

// Trial reports whether the order is a free trial.
func (o Order) Trial() bool { return o.TrialDays > 0 }

func fromRow(r pg.Order) Order {
	return Order{ID: r.ID, Number: r.Number, Kind: r.Kind, RenewsID: r.RenewsID, BuyerID: r.BuyerID, SellerID: r.SellerID,
		ProductID: r.ProductID, SpecID: r.SpecID, Status: lifecycle.OrderStatus(r.Status), Version: r.Version,
		AccessType: r.AccessType, ProductName: r.ProductName, ProductNameEn: r.ProductNameEn, SpecName: r.SpecName,
		BillingMode: r.BillingMode, UnitPrice: money.Fen(r.UnitPriceFen), Quantity: r.Quantity, TrialDays: r.TrialDays,
		Amount: money.Fen(r.AmountFen), Supervised: r.Supervised, Flow: r.Flow, Acceptance: r.Acceptance, BuyerName: r.BuyerName,
		CustomerName: r.CustomerName, ContactPhone: r.ContactPhone, ContactEmail: r.ContactEmail, ShipAddress: r.ShipAddress,
		CreatedAt: r.CreatedAt, PayBy: r.PayBy, PaidAt: r.PaidAt, CompletedAt: r.CompletedAt, CancelledAt: r.CancelledAt,
		ServiceStart: r.ServiceStart, ServiceEnd: r.ServiceEnd}
}

// Service runs orders.
type Service struct {
	st    *store.Store
	clock clock.Clock
	cat   *catalog.Service
	loc   *time.Location
	log   *slog.Logger
	jobs  *river.Client[pgx.Tx] // inserts payment-window timers in the placing transaction
	sup   Supervisor
}

// Supervisor takes over a supervised order when it is paid (service supervision).
type Supervisor interface {
	Start(ctx context.Context, tx pgx.Tx, q *pg.Queries, o Order) error
}

// UseSupervisor names who supervises the delivery of paid supervised orders.
func (s *Service) UseSupervisor(sup Supervisor) { s.sup = sup }

// NewService returns an order service; loc is the marketplace's zone, in which order numbers read.
func NewService(st *store.Store, c clock.Clock, cat *catalog.Service, loc *time.Location, log *slog.Logger) *Service {
	s := &Service{st: st, clock: c, cat: cat, loc: loc, log: log}
	if st != nil && st.Pool != nil {
		// An insert-only client: the workers run in the process's job runner (cmd/agora/jobs.go).
		jobs, err := river.NewClient(riverpgxv5.New(st.Pool), &river.Config{Logger: log})
		if err != nil {
			log.Error("order: job client", "err", err)
		}
		s.jobs = jobs
	}
	return s
}

// inTx runs fn in one transaction, handing it the transaction too (for River's InsertTx).
func (s *Service) inTx(ctx context.Context, fn func(tx pgx.Tx, q *pg.Queries) error) error {
	return pgx.BeginFunc(ctx, s.st.Pool, func(tx pgx.Tx) error { return fn(tx, s.st.Queries.WithTx(tx)) })
}

// BuyerOrder returns one of the buyer's orders; anyone else's is not found.
func (s *Service) BuyerOrder(ctx context.Context, buyer, id uuid.UUID) (Order, error) {
	r, err := s.st.GetOrder(ctx, id)
	if err != nil || r.BuyerID != buyer {
		return Order{}, store.NotFound(errOr(err), "order")
	}
	return fromRow(r), nil
}

// SellerOrder returns one of the seller's orders; anyone else's is not found.
func (s *Service) SellerOrder(ctx context.Context, seller, id uuid.UUID) (Order, error) {
	r, err := s.st.GetOrder(ctx, id)
	if err != nil || r.SellerID != seller {
		return Order{}, store.NotFound(errOr(err), "order")
	}
	return fromRow(r), nil
}

// Timeline returns an order's evidence.
func (s *Service) Timeline(ctx context.Context, id uuid.UUID) ([]evidence.Item, error) {
	return evidence.Timeline(ctx, s.st.Queries, ObjectOrder, id)
}

// step changes an order's status under its row lock and records the event.
func step(ctx context.Context, q *pg.Queries, o pg.Order, ev lifecycle.OrderEvent, actor lifecycle.Actor, actorID *uuid.UUID,
	reason string, at time.Time, update func(to lifecycle.OrderStatus) (int64, error)) (lifecycle.OrderStatus, error) {
	return evidence.Transition(ctx, q, evidence.Step[lifecycle.OrderStatus, lifecycle.OrderEvent]{Machine: lifecycle.Order,
		ObjectType: ObjectOrder, ObjectID: o.ID, From: lifecycle.OrderStatus(o.Status), Event: ev, Actor: actor, ActorID: actorID,
		Reason: reason, At: at}, update)
}

// errOr is err, or "no rows" when a row was found but belongs to someone else.
func errOr(err error) error {
	if err != nil {
		return err
	}
	return store.ErrNoRows
}

// Balance is what the buyer has to pay with.
func (s *Service) Balance(ctx context.Context, account uuid.UUID) (money.Fen, error) {
	b, err := s.st.GetBalance(ctx, account)
	return money.Fen(b), err
}

// Verdict says whether buyer may buy sp of p (the purchase page shows why not).
func (s *Service) Verdict(ctx context.Context, buyer account.Account, p catalog.Product, sp catalog.Spec) (catalog.Verdict, error) {
	return s.cat.Eligibility(ctx, &buyer, p, sp)
}

// CurrentEULA is the agreement a renewal of o accepts: its product's, as on sale now.
func (s *Service) CurrentEULA(ctx context.Context, o Order) (string, error) {
	p, _, err := s.onSale(ctx, o.ProductID, o.SpecID.String())
	return p.Content.EULA, err
}
