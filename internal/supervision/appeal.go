package supervision

import (
	"agora/internal/platform/text"
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/platform/ids"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// ObjectAppeal is the evidence object type of appeals.
const ObjectAppeal = "appeal"

// AppealSLA is how many working days operations have to arbitrate (domain §5.10).
const AppealSLA = 3

// Appeal is an appeal as its parties and operations see it.
type Appeal struct {
	ID            uuid.UUID
	Number        string
	OrderID       uuid.UUID
	AppellantID   uuid.UUID
	AppellantRole lifecycle.Actor
	Status        lifecycle.AppealStatus
	Version       int32
	Node          lifecycle.SupStatus
	Reason        string
	Demands       string
	AskedRole     string
	AskNote       string
	Outcome       string
	Decision      string
	Refund        *money.Fen
	DueAt         time.Time
	DecidedBy     *uuid.UUID
	DecidedAt     *time.Time
	CreatedAt     time.Time
}

func appealFromRow(r pg.Appeal) Appeal {
	a := Appeal{ID: r.ID, Number: r.Number, OrderID: r.OrderID, AppellantID: r.AppellantID, AppellantRole: lifecycle.Actor(r.AppellantRole),
		Status: lifecycle.AppealStatus(r.Status), Version: r.Version, Node: lifecycle.SupStatus(r.Node), Reason: r.Reason,
		Demands: r.Demands, AskedRole: r.AskedRole, AskNote: r.AskNote, Outcome: r.Outcome, Decision: r.Decision,
		DueAt: r.SlaDueAt, DecidedBy: r.DecidedBy, DecidedAt: r.DecidedAt, CreatedAt: r.CreatedAt}
	if r.RefundFen != nil {
		f := money.Fen(*r.RefundFen)
		a.Refund = &f
	}
	return a
}

// Appeal grounds. A seller appealing because the buyer never accepts must
// show the delivery (domain §5.10).
const (
	GroundNoAcceptance = "no_acceptance"
	GroundOther        = "other"
)

// AppealInput is an appeal as filed.
type AppealInput struct {
	Ground  string
	Reason  string
	Demands string
	Files   []string
}

// FileAppeal lets either party appeal at any node while the order is in
// supervision. The flow freezes: nobody acts and the automatic-acceptance
// clock stops until operations decide.
func (s *Service) FileAppeal(ctx context.Context, viewer account.Account, orderID uuid.UUID, in AppealInput) (Appeal, error) {
	v := apperr.Validation{}
	reason, ok := text.Bounded(in.Reason, 10, 2000)
	if !ok {
		v.Add("reason", "appeal.reason_rule")
	}
	demands, ok := text.Bounded(in.Demands, 0, 1000)
	if !ok {
		v.Add("demands", "appeal.demands_rule")
	}
	if err := v.Err(); err != nil {
		return Appeal{}, err
	}
	attach, err := s.attachments(ctx, viewer, in.Files)
	if err != nil {
		return Appeal{}, err
	}
	var out Appeal
	err = s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		row, err := q.LockSupervision(ctx, orderID)
		if err != nil {
			return store.NotFound(err, "supervision")
		}
		cur := fromRow(row)
		role := cur.Party(viewer.ID)
		if role == "" {
			return apperr.E(apperr.NotFound, "error.not_found")
		}
		if cur.Machine().Terminal(cur.Status) {
			return apperr.E(apperr.Conflict, "appeal.supervision_over")
		}
		if cur.Frozen {
			return apperr.E(apperr.Conflict, "appeal.already_open")
		}
		if err := returnOpen(ctx, q, orderID); err != nil {
			return err
		}
		if role == lifecycle.Seller && in.Ground == GroundNoAcceptance && len(attach) == 0 {
			return (apperr.Validation{"files": "appeal.proof_required"}).Err()
		}
		now := s.clock.Now()
		due, err := s.calendar.DueIn(ctx, q, now, AppealSLA)
		if err != nil {
			return err
		}
		// Freeze first: the automatic-acceptance wait left is kept for later.
		var left *int64
		if cur.AutoAcceptAt != nil {
			l := int64(cur.AutoAcceptAt.Sub(now).Seconds())
			left = &l
		}
		if n, err := q.FreezeSupervision(ctx, pg.FreezeSupervisionParams{OrderID: orderID, Version: cur.Version, PausedLeftS: left, At: now}); err != nil || n != 1 {
			return errOrConflict(err)
		}
		id := uuid.Must(uuid.NewV7())
		var created pg.Appeal
		_, err = evidence.Transition(ctx, q, evidence.Step[lifecycle.AppealStatus, lifecycle.AppealEvent]{Machine: lifecycle.Appeal,
			ObjectType: ObjectAppeal, ObjectID: id, From: lifecycle.AppealNone, Event: lifecycle.AppealFile, Actor: role, ActorID: &viewer.ID,
			Reason: reason, Attachments: attach, At: now},
			func(to lifecycle.AppealStatus) (int64, error) {
				created, err = q.CreateAppeal(ctx, pg.CreateAppealParams{ID: id, Number: ids.Number("SS", now, s.loc), OrderID: orderID,
					AppellantID: viewer.ID, AppellantRole: string(role), Status: string(to), Node: string(cur.Status), Reason: reason,
					Demands: demands, SlaDueAt: due, At: now})
				return 1, err
			})
		if err != nil {
			return err
		}
		if err := appendNote(ctx, q, orderID, string(cur.Status), "appeal_filed", created.Number, &viewer.ID, string(role), now, attach...); err != nil {
			return err
		}
		if err := s.share(ctx, q, cur, viewer.ID, attach); err != nil {
			return err
		}
		if err := s.tellAppeal(ctx, q, cur, created, "appeal_filed", now); err != nil {
			return err
		}
		out = appealFromRow(created)
		return nil
	})
	return out, err
}

// share lets the other party of an order download what one party attached.
func (s *Service) share(ctx context.Context, q *pg.Queries, cur Supervision, from uuid.UUID, attach []evidence.Attachment) error {
	other := cur.BuyerID
	if other == from {
		other = cur.SellerID
	}
	for _, a := range attach {
		if err := q.GrantFile(ctx, pg.GrantFileParams{FileID: a.FileID, AccountID: other}); err != nil {
			return err
		}
	}
	return nil
}

// tellAppeal tells both parties about a step of an appeal.
func (s *Service) tellAppeal(ctx context.Context, q *pg.Queries, cur Supervision, a pg.Appeal, topic string, at time.Time, extra ...string) error {
	o, err := q.GetOrder(ctx, cur.OrderID)
	if err != nil {
		return err
	}
	params := map[string]string{"number": o.Number, "appeal": a.Number}
	for i := 0; i+1 < len(extra); i += 2 {
		params[extra[i]] = extra[i+1]
	}
	if err := inbox.Send(ctx, q, cur.BuyerID, topic, params, "/buyer/orders/"+cur.OrderID.String(), at); err != nil {
		return err
	}
	return inbox.Send(ctx, q, cur.SellerID, topic, params, "/seller/orders/"+cur.OrderID.String(), at)
}

// lockAppeal locks an appeal and its supervision (in that order: supervision first).
func (s *Service) lockAppeal(ctx context.Context, q *pg.Queries, id uuid.UUID) (pg.Appeal, Supervision, error) {
	peek, err := q.GetAppeal(ctx, id)
	if err != nil {
		return peek, Supervision{}, store.NotFound(err, "appeal")
	}
	row, err := q.LockSupervision(ctx, peek.OrderID)
	if err != nil {
		return peek, Supervision{}, err
	}
	a, err := q.LockAppeal(ctx, id)
	return a, fromRow(row), err
}

// appealStep moves an appeal and records it.
func appealStep(ctx context.Context, q *pg.Queries, a pg.Appeal, ev lifecycle.AppealEvent, actor lifecycle.Actor, actorID *uuid.UUID,
	reason string, attach []evidence.Attachment, at time.Time, update func(to lifecycle.AppealStatus) (int64, error)) error {
	_, err := evidence.Transition(ctx, q, evidence.Step[lifecycle.AppealStatus, lifecycle.AppealEvent]{Machine: lifecycle.Appeal,
		ObjectType: ObjectAppeal, ObjectID: a.ID, From: lifecycle.AppealStatus(a.Status), Event: ev, Actor: actor, ActorID: actorID,
		Reason: reason, Attachments: attach, At: at}, update)
	return err
}

// AskInput is operations asking a party for more material.
type AskInput struct {
	Party   string // buyer | seller
	Note    string
	Version string
}

// AskForMaterial asks one party for more material; they can answer while the flow is frozen.
func (s *Service) AskForMaterial(ctx context.Context, ops account.Account, id uuid.UUID, in AskInput) error {
	actor, err := merchant.OpsActor(ops)
	if err != nil {
		return err
	}
	v := apperr.Validation{}
	if in.Party != string(lifecycle.Buyer) && in.Party != string(lifecycle.Seller) {
		v.Add("party", "appeal.party_rule")
	}
	note, ok := text.Bounded(in.Note, 5, 1000)
	if !ok {
		v.Add("note", "appeal.note_rule")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		a, cur, err := s.lockAppeal(ctx, q, id)
		if err != nil {
			return err
		}
		if in.Version != "" && in.Version != itoa(a.Version) {
			return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
		}
		now := s.clock.Now()
		err = appealStep(ctx, q, a, lifecycle.AppealAsk, actor, &ops.ID, in.Party+": "+note, nil, now, func(to lifecycle.AppealStatus) (int64, error) {
			return q.AskAppeal(ctx, pg.AskAppealParams{ID: a.ID, FromStatus: a.Status, Version: a.Version, ToStatus: string(to),
				AskedRole: in.Party, AskNote: note, At: now})
		})
		if err != nil {
			return err
		}
		o, err := q.GetOrder(ctx, cur.OrderID)
		if err != nil {
			return err
		}
		to, base := cur.BuyerID, "/buyer/orders/"
		if in.Party == string(lifecycle.Seller) {
			to, base = cur.SellerID, "/seller/orders/"
		}
		return inbox.Send(ctx, q, to, "appeal_material_asked", map[string]string{"number": o.Number, "appeal": a.Number, "note": note},
			base+cur.OrderID.String(), now)
	})
}

// MaterialInput is a party's answer to operations.
type MaterialInput struct {
	Note  string
	Files []string
}

// AnswerAppeal supplies the material operations asked for (only the party asked).
func (s *Service) AnswerAppeal(ctx context.Context, viewer account.Account, id uuid.UUID, in MaterialInput) error {
	note, ok := text.Bounded(in.Note, 5, 2000)
	if !ok {
		return (apperr.Validation{"note": "appeal.note_rule"}).Err()
	}
	attach, err := s.attachments(ctx, viewer, in.Files)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		a, cur, err := s.lockAppeal(ctx, q, id)
		if err != nil {
			return err
		}
		role := cur.Party(viewer.ID)
		if role == "" {
			return apperr.E(apperr.NotFound, "error.not_found")
		}
		if string(role) != a.AskedRole {
			return apperr.E(apperr.Forbidden, "appeal.not_asked")
		}
		now := s.clock.Now()
		err = appealStep(ctx, q, a, lifecycle.AppealAnswer, role, &viewer.ID, note, attach, now, func(to lifecycle.AppealStatus) (int64, error) {
			return q.AnswerAppeal(ctx, pg.AnswerAppealParams{ID: a.ID, FromStatus: a.Status, Version: a.Version, ToStatus: string(to), At: now})
		})
		if err != nil {
			return err
		}
		return s.share(ctx, q, cur, viewer.ID, attach)
	})
}

// WithdrawAppeal lets the appellant take the appeal back; the flow resumes where it was.
func (s *Service) WithdrawAppeal(ctx context.Context, viewer account.Account, id uuid.UUID) error {
	return s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		a, cur, err := s.lockAppeal(ctx, q, id)
		if err != nil {
			return err
		}
		role := cur.Party(viewer.ID)
		if role == "" {
			return apperr.E(apperr.NotFound, "error.not_found")
		}
		if a.AppellantID != viewer.ID {
			return apperr.E(apperr.Forbidden, "appeal.not_appellant")
		}
		now := s.clock.Now()
		err = appealStep(ctx, q, a, lifecycle.AppealWithdraw, role, &viewer.ID, "", nil, now, func(to lifecycle.AppealStatus) (int64, error) {
			return q.CloseAppeal(ctx, pg.CloseAppealParams{ID: a.ID, FromStatus: a.Status, Version: a.Version, ToStatus: string(to), At: now})
		})
		if err != nil {
			return err
		}
		if err := s.thaw(ctx, tx, q, cur, now); err != nil {
			return err
		}
		if err := appendNote(ctx, q, cur.OrderID, string(cur.Status), "appeal_withdrawn", a.Number, &viewer.ID, string(role), now); err != nil {
			return err
		}
		return s.tellAppeal(ctx, q, cur, a, "appeal_withdrawn", now)
	})
}

// thaw unfreezes a supervision; the automatic-acceptance clock continues with what was left.
func (s *Service) thaw(ctx context.Context, tx pgx.Tx, q *pg.Queries, cur Supervision, now time.Time) error {
	var due *time.Time
	if cur.PausedLeft != nil && cur.Status == lifecycle.SupAcceptance {
		d := now.Add(*cur.PausedLeft)
		due = &d
	}
	if n, err := q.ThawSupervision(ctx, pg.ThawSupervisionParams{OrderID: cur.OrderID, Version: cur.Version, AutoAcceptAt: due, At: now}); err != nil || n != 1 {
		return errOrConflict(err)
	}
	if due != nil {
		return s.armAutoAccept(ctx, tx, cur.OrderID, *due)
	}
	return nil
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }

// AppealRow is a line of the arbitration queue.
type AppealRow struct {
	Appeal
	OrderNumber string
	ProductName string
	Amount      money.Fen
	Flow        string
}

// QueuePage is the number of appeals a queue page shows.
const QueuePage = 50

// AppealQueue lists open appeals by deadline (decided: the latest decisions), for operations.
func (s *Service) AppealQueue(ctx context.Context, decided bool, page int) ([]AppealRow, bool, error) {
	page = max(page, 1)
	var out []AppealRow
	if decided {
		rows, err := s.st.DecidedAppeals(ctx, pg.DecidedAppealsParams{MaxRows: QueuePage + 1, Skip: int32((page - 1) * QueuePage)})
		if err != nil {
			return nil, false, err
		}
		for _, r := range rows {
			out = append(out, AppealRow{Appeal: appealFromRow(r.Appeal), OrderNumber: r.OrderNumber, ProductName: r.ProductName,
				Amount: money.Fen(r.AmountFen), Flow: r.Flow})
		}
	} else {
		rows, err := s.st.AppealQueue(ctx, pg.AppealQueueParams{MaxRows: QueuePage + 1, Skip: int32((page - 1) * QueuePage)})
		if err != nil {
			return nil, false, err
		}
		for _, r := range rows {
			out = append(out, AppealRow{Appeal: appealFromRow(r.Appeal), OrderNumber: r.OrderNumber, ProductName: r.ProductName,
				Amount: money.Fen(r.AmountFen), Flow: r.Flow})
		}
	}
	more := len(out) > QueuePage
	if more {
		out = out[:QueuePage]
	}
	return out, more, nil
}

// OpenAppeals counts the appeals waiting for arbitration (the dashboard).
func (s *Service) OpenAppeals(ctx context.Context) (int64, error) { return s.st.CountOpenAppeals(ctx) }

// AppealForOps returns any appeal.
func (s *Service) AppealForOps(ctx context.Context, id uuid.UUID) (Appeal, error) {
	r, err := s.st.GetAppeal(ctx, id)
	if err != nil {
		return Appeal{}, store.NotFound(err, "appeal")
	}
	return appealFromRow(r), nil
}

// OrderAppeals lists an order's appeals for one of its parties or operations.
func (s *Service) OrderAppeals(ctx context.Context, orderID uuid.UUID) ([]Appeal, error) {
	rows, err := s.st.OrderAppeals(ctx, orderID)
	if err != nil {
		return nil, err
	}
	out := make([]Appeal, len(rows))
	for i, r := range rows {
		out[i] = appealFromRow(r)
	}
	return out, nil
}

// AppealTimeline returns an appeal's evidence.
func (s *Service) AppealTimeline(ctx context.Context, id uuid.UUID) ([]evidence.Item, error) {
	return evidence.Timeline(ctx, s.st.Queries, ObjectAppeal, id)
}
