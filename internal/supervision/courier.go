package supervision

import (
	"agora/internal/platform/text"
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"agora/internal/account"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// SignInput is a courier's sign-off as operations record it (the built-in
// tracker; a carrier's feed can record the same).
type SignInput struct {
	Courier string
	Waybill string
	Phone   string // the recipient phone on the waybill
	At      string // when the parcel was signed for, yyyy-mm-ddThh:mm in the marketplace zone
}

// RecordSigned records that the courier shows a parcel signed. For every
// hardware delivery waiting for acceptance under that waybill, the system will
// accept for the buyer 10 days later — if the waybill's phone is the buyer's;
// otherwise nothing is automatic and the seller is asked to remind the buyer.
func (s *Service) RecordSigned(ctx context.Context, ops account.Account, in SignInput) (int, error) {
	if _, err := merchant.OpsActor(ops); err != nil {
		return 0, err
	}
	v := apperr.Validation{}
	courier, okC := text.Bounded(in.Courier, 2, 40)
	waybill, okW := text.Bounded(in.Waybill, 6, 40)
	waybill = strings.ToUpper(waybill)
	phone := strings.TrimSpace(in.Phone)
	if !okC {
		v.Add("courier", "supervision.courier_rule")
	}
	if !okW {
		v.Add("waybill", "supervision.waybill_rule")
	}
	if !account.ValidPhone(phone) {
		v.Add("phone", "supervision.phone_rule")
	}
	now := s.clock.Now()
	at, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(in.At), s.loc)
	if err != nil || at.After(now) {
		v.Add("at", "supervision.signed_at_rule")
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	n := 0
	err = s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		if err := q.CreateCourierEvent(ctx, pg.CreateCourierEventParams{ID: uuid.Must(uuid.NewV7()), Courier: courier, Waybill: waybill,
			Event: "signed", Phone: phone, HappenedAt: at, RecordedBy: &ops.ID, CreatedAt: now}); err != nil {
			return err
		}
		rows, err := q.SupervisionsByWaybill(ctx, pg.SupervisionsByWaybillParams{Courier: courier, Waybill: waybill})
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := s.signed(ctx, tx, q, fromRow(r), phone, at); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// signed applies a sign-off to a locked supervision waiting for acceptance.
func (s *Service) signed(ctx context.Context, tx pgx.Tx, q *pg.Queries, cur Supervision, phone string, at time.Time) error {
	o, err := q.GetOrder(ctx, cur.OrderID)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	trackable := samePhone(phone, o.ContactPhone)
	p := pg.SetSupervisionTrackingParams{OrderID: cur.OrderID, Version: cur.Version, SignedAt: &at, Trackable: &trackable, At: now}
	if cur.PausedLeft != nil {
		left := int64(cur.PausedLeft.Seconds())
		p.PausedLeftS = &left
	}
	if trackable {
		due := at.Add(AutoAcceptAfter)
		if cur.Frozen {
			// Under appeal the clock is stopped: keep what is left for the thaw.
			left := int64(max(due.Sub(now), 0).Seconds())
			p.PausedLeftS = &left
		} else {
			p.AutoAcceptAt = &due
		}
	}
	if n, err := q.SetSupervisionTracking(ctx, p); err != nil || n != 1 {
		return errOrConflict(err)
	}
	note := "untrackable"
	if trackable {
		note = "trackable"
	}
	if err := s.note(ctx, q, cur, "courier_signed", note+" "+at.In(s.loc).Format("2006-01-02 15:04"), now); err != nil {
		return err
	}
	if p.AutoAcceptAt != nil {
		return s.armAutoAccept(ctx, tx, cur.OrderID, *p.AutoAcceptAt)
	}
	if !trackable {
		return inbox.Send(ctx, q, cur.SellerID, "supervision_remind_buyer", map[string]string{"number": o.Number},
			"/seller/orders/"+cur.OrderID.String(), now)
	}
	return nil
}

// samePhone compares two phone numbers by their digits, ignoring +86 and separators.
func samePhone(a, b string) bool {
	digits := func(s string) string {
		var out strings.Builder
		for _, r := range s {
			if r >= '0' && r <= '9' {
				out.WriteRune(r)
			}
		}
		d := out.String()
		if strings.HasPrefix(strings.TrimSpace(s), "+86") || (len(d) == 13 && strings.HasPrefix(d, "86")) {
			d = strings.TrimPrefix(d, "86")
		}
		return d
	}
	da, db := digits(a), digits(b)
	return da != "" && da == db
}

func errOrConflict(err error) error {
	if err != nil {
		return err
	}
	return apperr.E(apperr.Conflict, "error.already_handled")
}

// AutoAcceptArgs is the timer that accepts a hardware delivery for the buyer.
type AutoAcceptArgs struct {
	OrderID uuid.UUID `json:"order_id"`
}

// Kind names the job in River.
func (AutoAcceptArgs) Kind() string { return "supervision_auto_accept" }

// AutoAcceptWorker runs automatic-acceptance timers.
type AutoAcceptWorker struct {
	river.WorkerDefaults[AutoAcceptArgs]
	Supervision *Service
}

// Work accepts if the delivery still waits and the time has come; early, it waits again.
func (w *AutoAcceptWorker) Work(ctx context.Context, job *river.Job[AutoAcceptArgs]) error {
	wait, err := w.Supervision.AutoAccept(ctx, job.Args.OrderID)
	if err != nil {
		return err
	}
	if wait > 0 {
		return river.JobSnooze(wait)
	}
	return nil
}

func (s *Service) armAutoAccept(ctx context.Context, tx pgx.Tx, orderID uuid.UUID, at time.Time) error {
	if s.jobs == nil {
		return apperr.Internalf("supervision: no job client")
	}
	_, err := s.jobs.InsertTx(ctx, tx, AutoAcceptArgs{OrderID: orderID}, &river.InsertOpts{ScheduledAt: at})
	return err
}

// AutoAccept accepts a hardware delivery whose automatic-acceptance time has
// come. It returns how long to wait when called early; a delivery accepted,
// rejected or frozen meanwhile is left alone (a stale timer does nothing).
func (s *Service) AutoAccept(ctx context.Context, orderID uuid.UUID) (time.Duration, error) {
	var wait time.Duration
	err := s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		row, err := q.LockSupervision(ctx, orderID)
		if store.IsNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		cur := fromRow(row)
		if cur.Status != lifecycle.SupAcceptance || cur.Frozen || cur.AutoAcceptAt == nil {
			return nil
		}
		if now := s.clock.Now(); now.Before(*cur.AutoAcceptAt) {
			wait = cur.AutoAcceptAt.Sub(now)
			return nil
		}
		_, err = s.move(ctx, tx, q, cur, moveParams(row), lifecycle.SupAutoAccept, lifecycle.System, nil, "", nil)
		return err
	})
	return wait, err
}

// note records a step that changes no node (a courier sign-off, material added).
func (s *Service) note(ctx context.Context, q *pg.Queries, cur Supervision, event, reason string, at time.Time) error {
	return appendNote(ctx, q, cur.OrderID, string(cur.Status), event, reason, nil, "", at)
}

// SweepAutoAccepts accepts every delivery whose automatic-acceptance time has
// passed: the sweep behind the timers. It returns how many it accepted.
func (s *Service) SweepAutoAccepts(ctx context.Context, max int) (int, error) {
	now := s.clock.Now()
	ids, err := s.st.DueAutoAccepts(ctx, pg.DueAutoAcceptsParams{Now: &now, MaxRows: int32(max)})
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if _, err := s.AutoAccept(ctx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// SweepArgs is the periodic sweep of automatic acceptance.
type SweepArgs struct{}

// Kind names the job in River.
func (SweepArgs) Kind() string { return "supervision_auto_accept_sweep" }

// SweepInterval is how often the sweep runs.
const SweepInterval = 10 * time.Minute

// SweepWorker runs the sweep.
type SweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	Supervision *Service
}

// Work accepts every overdue delivery, a batch at a time.
func (w *SweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	for {
		n, err := w.Supervision.SweepAutoAccepts(ctx, 500)
		if err != nil || n < 500 {
			return err
		}
	}
}
