package supervision

import (
	"agora/internal/platform/calendar"
	"agora/internal/platform/text"
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

// step is one party's action at a node.
type step struct {
	event  lifecycle.SupEvent
	actor  lifecycle.Actor // the party that may act (buyer or seller)
	reason string
	files  []string // the actor's uploads (purpose supervision) to attach
	proof  bool     // the step needs at least one file
	// fill writes the fields the step records; it may refuse with a validation error.
	fill func(cur Supervision, p *pg.MoveSupervisionParams) error
	// after runs in the step's transaction once the supervision has moved.
	after func(ctx context.Context, tx pgx.Tx, q *pg.Queries, moved Supervision) error
}

// act runs a party's step on an order's supervision in one transaction: the
// party and the node are checked under the row lock, nothing moves while an
// appeal is open, attachments are kept with their SHA-256 and shared with the
// other party, and acceptance completes the order.
func (s *Service) act(ctx context.Context, viewer account.Account, orderID uuid.UUID, st step) (Supervision, error) {
	attach, err := s.attachments(ctx, viewer, st.files)
	if err != nil {
		return Supervision{}, err
	}
	if st.proof && len(attach) == 0 {
		return Supervision{}, (apperr.Validation{"files": "supervision.proof_required"}).Err()
	}
	var out Supervision
	err = s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		row, err := q.LockSupervision(ctx, orderID)
		if err != nil {
			return store.NotFound(err, "supervision")
		}
		cur := fromRow(row)
		if cur.Party(viewer.ID) != st.actor {
			if cur.Party(viewer.ID) == "" {
				return apperr.E(apperr.NotFound, "error.not_found")
			}
			return apperr.E(apperr.Forbidden, "supervision.not_your_turn")
		}
		if cur.Frozen {
			return apperr.E(apperr.Conflict, "supervision.frozen")
		}
		p := moveParams(row)
		if st.fill != nil {
			if err := st.fill(cur, &p); err != nil {
				return err
			}
		}
		out, err = s.move(ctx, tx, q, cur, p, st.event, st.actor, &viewer.ID, st.reason, attach)
		if err != nil {
			return err
		}
		if st.after != nil {
			if err := st.after(ctx, tx, q, out); err != nil {
				return err
			}
			row, err := q.GetSupervision(ctx, orderID)
			if err != nil {
				return err
			}
			out = fromRow(row)
		}
		for _, a := range attach {
			other := cur.BuyerID
			if other == viewer.ID {
				other = cur.SellerID
			}
			if err := q.GrantFile(ctx, pg.GrantFileParams{FileID: a.FileID, AccountID: other}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// move takes the locked supervision to the node event leads to, records the
// step and does what the new node implies.
func (s *Service) move(ctx context.Context, tx pgx.Tx, q *pg.Queries, cur Supervision, p pg.MoveSupervisionParams,
	ev lifecycle.SupEvent, actor lifecycle.Actor, actorID *uuid.UUID, reason string, attach []evidence.Attachment) (Supervision, error) {
	now := s.clock.Now()
	p.At, p.FromStatus, p.Version = now, string(cur.Status), cur.Version
	to, err := evidence.Transition(ctx, q, evidence.Step[lifecycle.SupStatus, lifecycle.SupEvent]{Machine: cur.Machine(),
		ObjectType: ObjectSupervision, ObjectID: cur.OrderID, From: cur.Status, Event: ev, Actor: actor, ActorID: actorID,
		Reason: reason, Attachments: attach, At: now},
		func(to lifecycle.SupStatus) (int64, error) {
			p.ToStatus = string(to)
			if to != lifecycle.SupAcceptance {
				p.AutoAcceptAt = nil // a timer belongs to the acceptance node only
			}
			return q.MoveSupervision(ctx, p)
		})
	if err != nil {
		return Supervision{}, err
	}
	if to == lifecycle.SupCompleted {
		start := now
		if p.ActualStart != nil {
			start = *p.ActualStart
		}
		if _, err := s.orders.CompleteSupervised(ctx, q, cur.OrderID, start); err != nil {
			return Supervision{}, err
		}
	}
	if p.AutoAcceptAt != nil && to == lifecycle.SupAcceptance {
		if err := s.armAutoAccept(ctx, tx, cur.OrderID, *p.AutoAcceptAt); err != nil {
			return Supervision{}, err
		}
	}
	if err := s.tell(ctx, q, cur, actor, now); err != nil {
		return Supervision{}, err
	}
	row, err := q.GetSupervision(ctx, cur.OrderID)
	return fromRow(row), err
}

// tell lets the party whose turn it now is (or both, for the system's steps) know.
func (s *Service) tell(ctx context.Context, q *pg.Queries, cur Supervision, actor lifecycle.Actor, at time.Time) error {
	o, err := q.GetOrder(ctx, cur.OrderID)
	if err != nil {
		return err
	}
	params := map[string]string{"number": o.Number, "product": o.ProductName}
	send := func(to uuid.UUID, base string) error {
		return inbox.Send(ctx, q, to, "supervision_step", params, base+cur.OrderID.String(), at)
	}
	if actor != lifecycle.Buyer {
		if err := send(cur.BuyerID, "/buyer/orders/"); err != nil {
			return err
		}
	}
	if actor != lifecycle.Seller {
		return send(cur.SellerID, "/seller/orders/")
	}
	return nil
}

func moveParams(r pg.Supervision) pg.MoveSupervisionParams {
	return pg.MoveSupervisionParams{OrderID: r.OrderID, Requirements: r.Requirements, DeliveryNote: r.DeliveryNote,
		ActualStart: r.ActualStart, LicenceUntil: r.LicenceUntil, Courier: r.Courier, Waybill: r.Waybill,
		WaybillPhone: r.WaybillPhone, SignedAt: r.SignedAt, Trackable: r.Trackable, AutoAcceptAt: r.AutoAcceptAt,
		Rejections: r.Rejections}
}

// attachments checks that every file is the viewer's supervision upload.
func (s *Service) attachments(ctx context.Context, viewer account.Account, ids []string) ([]evidence.Attachment, error) {
	var out []evidence.Attachment
	seen := map[uuid.UUID]bool{}
	for _, raw := range ids {
		id, err := uuid.Parse(strings.TrimSpace(raw))
		if err != nil {
			return nil, (apperr.Validation{"files": "supervision.file_invalid"}).Err()
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		f, err := s.files.Owned(ctx, viewer.ID, id, FilePurpose)
		if err != nil {
			return nil, (apperr.Validation{"files": "supervision.file_invalid"}).Err()
		}
		out = append(out, evidence.Attachment{FileID: f.ID, Name: f.Name, SHA256: f.SHA256, Size: f.Size})
	}
	if len(out) > MaxFiles {
		return nil, (apperr.Validation{"files": "supervision.too_many_files"}).Err()
	}
	return out, nil
}

// MaxFiles is how many files one step may attach.
const MaxFiles = 10

// RequirementsInput is the buyer's requirements: what they need, with files agreed with the seller.
type RequirementsInput struct {
	Text  string
	Files []string
}

// SubmitRequirements sends the buyer's requirements to the seller.
func (s *Service) SubmitRequirements(ctx context.Context, buyer account.Account, orderID uuid.UUID, in RequirementsInput) (Supervision, error) {
	req, ok := text.Bounded(in.Text, 10, 5000)
	if !ok {
		return Supervision{}, (apperr.Validation{"text": "supervision.requirements_rule"}).Err()
	}
	return s.act(ctx, buyer, orderID, step{event: lifecycle.SupSubmitRequirements, actor: lifecycle.Buyer, reason: req, files: in.Files,
		fill: func(_ Supervision, p *pg.MoveSupervisionParams) error { p.Requirements = req; return nil }})
}

// ConfirmRequirements: the seller takes the requirements on; a note is optional.
func (s *Service) ConfirmRequirements(ctx context.Context, seller account.Account, orderID uuid.UUID, note string) (Supervision, error) {
	note, ok := text.Bounded(note, 0, 1000)
	if !ok {
		return Supervision{}, (apperr.Validation{"note": "supervision.note_rule"}).Err()
	}
	return s.act(ctx, seller, orderID, step{event: lifecycle.SupConfirmRequirements, actor: lifecycle.Seller, reason: note})
}

// ReturnRequirements sends the requirements back to the buyer to edit, with the reason.
func (s *Service) ReturnRequirements(ctx context.Context, seller account.Account, orderID uuid.UUID, reason string) (Supervision, error) {
	reason, ok := text.Bounded(reason, 5, 1000)
	if !ok {
		return Supervision{}, (apperr.Validation{"reason": "supervision.reason_rule"}).Err()
	}
	return s.act(ctx, seller, orderID, step{event: lifecycle.SupReturnRequirements, actor: lifecycle.Seller, reason: reason})
}

// DeliverInput is the seller's 确认完成 / 开通交付 / 发货.
type DeliverInput struct {
	Note         string
	Files        []string // delivery proofs, as the product's acceptance rule asks
	ActualStart  string   // optional: the day the service really started (yyyy-mm-dd)
	LicenceUntil string   // License: the licence is valid until (yyyy-mm-dd)
	Courier      string   // hardware
	Waybill      string
	WaybillPhone string
}

// Deliver records the seller's delivery with its proofs and hands the order to
// the buyer for acceptance.
func (s *Service) Deliver(ctx context.Context, seller account.Account, orderID uuid.UUID, in DeliverInput) (Supervision, error) {
	now := s.clock.Now()
	return s.act(ctx, seller, orderID, step{event: lifecycle.SupDeliver, actor: lifecycle.Seller, files: in.Files, proof: true,
		reason: strings.TrimSpace(in.Note), after: s.signedBefore,
		fill: func(cur Supervision, p *pg.MoveSupervisionParams) error {
			v := apperr.Validation{}
			note, ok := text.Bounded(in.Note, 0, 2000)
			if !ok {
				v.Add("note", "supervision.note_rule")
			}
			p.DeliveryNote, p.ActualStart = note, nil
			if in.ActualStart != "" {
				d, err := time.ParseInLocation(time.DateOnly, in.ActualStart, s.loc)
				switch {
				case err != nil:
					v.Add("actual_start", "supervision.date_invalid")
				case d.After(now):
					v.Add("actual_start", "supervision.start_in_future")
				case d.Before(calendar.StartOfDay(cur.StartedAt, s.loc)):
					v.Add("actual_start", "supervision.start_before_payment")
				default:
					p.ActualStart = &d
				}
			}
			switch cur.Flow {
			case lifecycle.FlowLicense:
				d, err := time.ParseInLocation(time.DateOnly, in.LicenceUntil, s.loc)
				if err != nil || !d.After(now) {
					v.Add("licence_until", "supervision.licence_until_rule")
				} else {
					p.LicenceUntil = &d
				}
			case lifecycle.FlowHardware:
				courier, okC := text.Bounded(in.Courier, 2, 40)
				waybill, okW := text.Bounded(in.Waybill, 6, 40)
				phone := strings.TrimSpace(in.WaybillPhone)
				if !okC {
					v.Add("courier", "supervision.courier_rule")
				}
				if !okW {
					v.Add("waybill", "supervision.waybill_rule")
				}
				if !account.ValidPhone(phone) {
					v.Add("waybill_phone", "supervision.phone_rule")
				}
				p.Courier, p.Waybill, p.WaybillPhone = courier, strings.ToUpper(waybill), phone
				p.SignedAt, p.Trackable, p.AutoAcceptAt = nil, nil, nil
			}
			return v.Err()
		}})
}

// Accept is the buyer's acceptance of the delivery; the order completes.
func (s *Service) Accept(ctx context.Context, buyer account.Account, orderID uuid.UUID) (Supervision, error) {
	return s.act(ctx, buyer, orderID, step{event: lifecycle.SupAccept, actor: lifecycle.Buyer})
}

// RejectInput is the buyer's rejection of a delivery.
type RejectInput struct {
	Reason string
	Files  []string
}

// RejectDelivery returns the delivery to the seller with the buyer's reason.
func (s *Service) RejectDelivery(ctx context.Context, buyer account.Account, orderID uuid.UUID, in RejectInput) (Supervision, error) {
	reason, ok := text.Bounded(in.Reason, 5, 2000)
	if !ok {
		return Supervision{}, (apperr.Validation{"reason": "supervision.reason_rule"}).Err()
	}
	return s.act(ctx, buyer, orderID, step{event: lifecycle.SupRejectDelivery, actor: lifecycle.Buyer, reason: reason, files: in.Files,
		fill: func(cur Supervision, p *pg.MoveSupervisionParams) error {
			p.Rejections = cur.Rejections + 1
			p.SignedAt, p.Trackable = nil, nil
			return nil
		}})
}

// signedBefore applies a courier sign-off recorded before the seller entered
// the waybill (a same-day delivery, or a re-delivery under the same waybill).
func (s *Service) signedBefore(ctx context.Context, tx pgx.Tx, q *pg.Queries, moved Supervision) error {
	if moved.Flow != lifecycle.FlowHardware || moved.Waybill == "" {
		return nil
	}
	sign, err := q.LatestCourierSign(ctx, pg.LatestCourierSignParams{Courier: moved.Courier, Waybill: moved.Waybill})
	if store.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.signed(ctx, tx, q, moved, sign.Phone, sign.HappenedAt)
}
