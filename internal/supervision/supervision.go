// Package supervision runs service supervision (服务监管): the delivery of a
// supervised order node by node — requirements, confirmation, implementation,
// acceptance — with every step and every attached file kept as evidence, the
// hardware courier's sign-off and automatic acceptance, and appeals that
// freeze the flow until operations arbitrate.
package supervision

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
	"agora/internal/platform/apperr"
	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/store/pg"
	"agora/internal/workday"
)

// ObjectSupervision is the evidence object type of supervision steps; the
// object id is the order's.
const ObjectSupervision = "supervision"

// FilePurpose is the upload purpose of requirements, proofs and appeal material.
const FilePurpose = "supervision"

// AutoAcceptAfter is how long after a trackable courier sign-off the system
// accepts a hardware delivery for the buyer (domain §5.8).
const AutoAcceptAfter = 10 * 24 * time.Hour

// Supervision is one order's delivery as both parties see it.
type Supervision struct {
	OrderID      uuid.UUID
	BuyerID      uuid.UUID
	SellerID     uuid.UUID
	Flow         string
	Status       lifecycle.SupStatus
	Version      int32
	Frozen       bool
	NodeSince    time.Time
	Requirements string
	DeliveryNote string
	ActualStart  *time.Time
	LicenceUntil *time.Time
	Courier      string
	Waybill      string
	WaybillPhone string
	SignedAt     *time.Time
	Trackable    *bool
	AutoAcceptAt *time.Time
	PausedLeft   *time.Duration
	Rejections   int32
	StartedAt    time.Time // when supervision began: the order was paid
}

func fromRow(r pg.Supervision) Supervision {
	s := Supervision{OrderID: r.OrderID, BuyerID: r.BuyerID, SellerID: r.SellerID, Flow: r.Flow, Status: lifecycle.SupStatus(r.Status),
		Version: r.Version, Frozen: r.Frozen, NodeSince: r.NodeSince, Requirements: r.Requirements, DeliveryNote: r.DeliveryNote,
		ActualStart: r.ActualStart, LicenceUntil: r.LicenceUntil, Courier: r.Courier, Waybill: r.Waybill,
		WaybillPhone: r.WaybillPhone, SignedAt: r.SignedAt, Trackable: r.Trackable, AutoAcceptAt: r.AutoAcceptAt,
		Rejections: r.Rejections, StartedAt: r.CreatedAt}
	if r.PausedLeftS != nil {
		d := time.Duration(*r.PausedLeftS) * time.Second
		s.PausedLeft = &d
	}
	return s
}

// Machine is the flow's state machine.
func (s Supervision) Machine() *lifecycle.Machine[lifecycle.SupStatus, lifecycle.SupEvent] {
	return lifecycle.Flow(s.Flow)
}

// Waiting is who must act at the current node: buyer, seller, operations
// (while frozen by an appeal) or nobody (finished).
func (s Supervision) Waiting() lifecycle.Actor {
	switch {
	case s.Frozen:
		return lifecycle.Reviewer
	case s.Status == lifecycle.SupRequirements, s.Status == lifecycle.SupAcceptance:
		return lifecycle.Buyer
	case s.Status == lifecycle.SupConfirming, s.Status == lifecycle.SupImplementing:
		return lifecycle.Seller
	}
	return ""
}

// Service runs service supervision.
type Service struct {
	st       *store.Store
	clock    clock.Clock
	files    *file.Service
	orders   *order.Service
	calendar *workday.Service
	loc      *time.Location
	log      *slog.Logger
	jobs     *river.Client[pgx.Tx] // inserts automatic-acceptance timers in the step's transaction
}

// NewService returns the supervision service and makes it the supervisor of
// paid supervised orders.
func NewService(st *store.Store, c clock.Clock, files *file.Service, orders *order.Service, cal *workday.Service,
	loc *time.Location, log *slog.Logger) *Service {
	s := &Service{st: st, clock: c, files: files, orders: orders, calendar: cal, loc: loc, log: log}
	if st != nil && st.Pool != nil {
		jobs, err := river.NewClient(riverpgxv5.New(st.Pool), &river.Config{Logger: log})
		if err != nil {
			log.Error("supervision: job client", "err", err)
		}
		s.jobs = jobs
	}
	orders.UseSupervisor(s)
	return s
}

func (s *Service) inTx(ctx context.Context, fn func(tx pgx.Tx, q *pg.Queries) error) error {
	return pgx.BeginFunc(ctx, s.st.Pool, func(tx pgx.Tx) error { return fn(tx, s.st.Queries.WithTx(tx)) })
}

// Start opens supervision of a paid supervised order, inside the paying transaction.
func (s *Service) Start(ctx context.Context, _ pgx.Tx, q *pg.Queries, o order.Order) error {
	m := lifecycle.Flow(o.Flow)
	if m == nil {
		return apperr.Internalf("supervision: order %s has no flow %q", o.Number, o.Flow)
	}
	now := s.clock.Now()
	_, err := evidence.Transition(ctx, q, evidence.Step[lifecycle.SupStatus, lifecycle.SupEvent]{Machine: m,
		ObjectType: ObjectSupervision, ObjectID: o.ID, From: lifecycle.SupNone, Event: lifecycle.SupStart, Actor: lifecycle.System, At: now},
		func(to lifecycle.SupStatus) (int64, error) {
			_, err := q.CreateSupervision(ctx, pg.CreateSupervisionParams{OrderID: o.ID, BuyerID: o.BuyerID, SellerID: o.SellerID,
				Flow: o.Flow, Status: string(to), At: now})
			return 1, err
		})
	return err
}

// Party is the role viewer plays in the order: buyer or seller ("" for neither).
func (s Supervision) Party(viewer uuid.UUID) lifecycle.Actor {
	switch viewer {
	case s.BuyerID:
		return lifecycle.Buyer
	case s.SellerID:
		return lifecycle.Seller
	}
	return ""
}

// Get returns an order's supervision for one of its parties (NotFound for anyone else).
func (s *Service) Get(ctx context.Context, viewer, orderID uuid.UUID) (Supervision, error) {
	r, err := s.st.GetSupervision(ctx, orderID)
	if err != nil {
		return Supervision{}, store.NotFound(err, "supervision")
	}
	sv := fromRow(r)
	if sv.Party(viewer) == "" {
		return Supervision{}, apperr.E(apperr.NotFound, "error.not_found")
	}
	return sv, nil
}

// ForOps returns any order's supervision, for operations.
func (s *Service) ForOps(ctx context.Context, orderID uuid.UUID) (Supervision, error) {
	r, err := s.st.GetSupervision(ctx, orderID)
	if err != nil {
		return Supervision{}, store.NotFound(err, "supervision")
	}
	return fromRow(r), nil
}

// Timeline returns the supervision's evidence.
func (s *Service) Timeline(ctx context.Context, orderID uuid.UUID) ([]evidence.Item, error) {
	return evidence.Timeline(ctx, s.st.Queries, ObjectSupervision, orderID)
}

// appendNote records on the supervision chain a step that changes no node; an
// empty role is the system's.
func appendNote(ctx context.Context, q *pg.Queries, orderID uuid.UUID, status, event, reason string, actorID *uuid.UUID, role string,
	at time.Time, attach ...evidence.Attachment) error {
	if role == "" {
		role = string(lifecycle.System)
	}
	_, err := evidence.Append(ctx, q, evidence.Entry{ObjectType: ObjectSupervision, ObjectID: orderID, ActorID: actorID,
		ActorRole: role, Event: event, From: status, To: status, Reason: reason, Attachments: attach, At: at})
	return err
}
