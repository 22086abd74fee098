package settlement

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/platform/text"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// InvoiceFilePurpose is the upload purpose of sellers' invoices to the platform
// and of platform-fee invoices.
const InvoiceFilePurpose = "settlement_invoice"

// change is one step of a statement: the fields it sets beside the status.
type change struct {
	event   lifecycle.StatementEvent
	actor   lifecycle.Actor
	actorID *uuid.UUID
	reason  string
	set     pg.SetStatementStatusParams
	attach  []evidence.Attachment
}

// step moves a locked statement along its machine.
func (s *Service) step(ctx context.Context, q *pg.Queries, r pg.Statement, c change, at time.Time) (lifecycle.StatementStatus, error) {
	return evidence.Transition(ctx, q, evidence.Step[lifecycle.StatementStatus, lifecycle.StatementEvent]{Machine: lifecycle.Statement,
		ObjectType: ObjectStatement, ObjectID: r.ID, From: lifecycle.StatementStatus(r.Status), Event: c.event, Actor: c.actor,
		ActorID: c.actorID, Reason: c.reason, Attachments: c.attach, At: at}, func(to lifecycle.StatementStatus) (int64, error) {
		p := c.set
		p.ID, p.Status, p.FromStatus, p.At = r.ID, string(to), r.Status, at
		return q.SetStatementStatus(ctx, p)
	})
}

// lock reads a statement under its row lock and checks the form's version.
func lock(ctx context.Context, q *pg.Queries, id uuid.UUID, version string) (pg.Statement, error) {
	r, err := q.LockStatement(ctx, id)
	if err != nil {
		return r, store.NotFound(err, "statement")
	}
	if version != "" && version != strconv.Itoa(int(r.Version)) {
		return r, apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
	}
	return r, nil
}

func opsActor(a account.Account) lifecycle.Actor {
	if a.OpsRole == account.OpsAdmin {
		return lifecycle.Admin
	}
	return lifecycle.Reviewer
}

// Send is operations' review and sending of a generated statement (§7.6 step 4).
func (s *Service) Send(ctx context.Context, staff account.Account, id uuid.UUID, version string) error {
	now := s.clk.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		r, err := lock(ctx, q, id, version)
		if err != nil {
			return err
		}
		if _, err := s.step(ctx, q, r, change{event: lifecycle.StatementSend, actor: opsActor(staff), actorID: &staff.ID}, now); err != nil {
			return err
		}
		return inbox.Send(ctx, q, r.SellerID, "statement_sent", map[string]string{"number": r.Number, "amount": money.Format(money.Fen(r.ShareFen))},
			"/seller/settlement/"+r.ID.String(), now)
	})
}

// RaiseRequisition creates the payment requisition (申付单) of a sent
// statement. Where the seller invoices the platform, the statement then waits
// for that invoice and the seller is told the exact amount.
func (s *Service) RaiseRequisition(ctx context.Context, staff account.Account, id uuid.UUID, version string) error {
	now := s.clk.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		r, err := lock(ctx, q, id, version)
		if err != nil {
			return err
		}
		no := "PR" + strings.TrimPrefix(r.Number, "ST")
		if _, err := s.step(ctx, q, r, change{event: lifecycle.StatementRaiseRequisition, actor: opsActor(staff), actorID: &staff.ID,
			reason: no, set: pg.SetStatementStatusParams{RequisitionNo: &no}}, now); err != nil {
			return err
		}
		if !r.PlatformInvoices {
			return nil
		}
		r.Status, r.Version = string(lifecycle.StatementRequisition), r.Version+1
		if _, err := s.step(ctx, q, r, change{event: lifecycle.StatementRequestInvoice, actor: lifecycle.System}, now); err != nil {
			return err
		}
		return inbox.Send(ctx, q, r.SellerID, "statement_invoice_due", map[string]string{"number": r.Number,
			"amount": money.Format(money.Fen(r.ShareFen)), "requisition": no}, "/seller/settlement/"+r.ID.String(), now)
	})
}

// InvoiceInput is the seller's VAT invoice to the platform for a statement.
type InvoiceInput struct {
	InvoiceNo string
	Total     string // yuan, as on the invoice
	Date      string // yyyy-mm-dd
	FileID    string // the invoice's PDF
	Version   string
}

var invoiceNoRe = regexp.MustCompile(`^[0-9A-Za-z-]{8,20}$`)

// SubmitInvoice records the seller's invoice to the platform. Its total must
// equal the statement's invoicing amount to the fen (the most common error,
// §7.8); otherwise it is refused and the difference shown.
func (s *Service) SubmitInvoice(ctx context.Context, seller account.Account, id uuid.UUID, in InvoiceInput) error {
	now := s.clk.Now()
	v := apperr.Validation{}
	no := strings.TrimSpace(in.InvoiceNo)
	if !invoiceNoRe.MatchString(no) {
		v.Add("invoice_no", "settlement.invoice_no_rule")
	}
	total, err := money.Parse(in.Total)
	if err != nil {
		v.Add("total", "settlement.invoice_total_rule")
	}
	day, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(in.Date), s.loc)
	if err != nil || day.After(now) {
		v.Add("date", "settlement.invoice_date_rule")
	}
	fileID, fileErr := uuid.Parse(in.FileID)
	if err := v.Err(); err != nil {
		return err
	}
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		r, err := lock(ctx, q, id, in.Version)
		if err != nil || r.SellerID != seller.ID {
			return store.NotFound(errOr(err), "statement")
		}
		if total != money.Fen(r.ShareFen) {
			e := apperr.E(apperr.Invalid, "settlement.invoice_total_mismatch", "expected", money.Format(money.Fen(r.ShareFen)),
				"given", money.Format(total), "difference", money.Format(abs(total-money.Fen(r.ShareFen))))
			e.Fields = map[string]string{"total": "settlement.invoice_total_differs"}
			return e
		}
		if fileErr != nil {
			return apperr.Validation{"file": "settlement.invoice_file_rule"}.Err()
		}
		f, err := s.fileOwned(ctx, q, seller.ID, fileID)
		if err != nil {
			return err
		}
		t := int64(total)
		_, err = s.step(ctx, q, r, change{event: lifecycle.StatementSubmitInvoice, actor: lifecycle.Seller, actorID: &seller.ID,
			reason: no, set: pg.SetStatementStatusParams{InvoiceNo: &no, InvoiceTotalFen: &t, InvoiceDate: &day, InvoiceFileID: &fileID},
			attach: []evidence.Attachment{f}}, now)
		return err
	})
}

// fileOwned is an invoice PDF the owner uploaded, as evidence.
func (s *Service) fileOwned(ctx context.Context, q *pg.Queries, owner, id uuid.UUID) (evidence.Attachment, error) {
	f, err := q.GetFile(ctx, id)
	if err != nil || f.OwnerID != owner || f.Purpose != InvoiceFilePurpose {
		return evidence.Attachment{}, apperr.Validation{"file": "settlement.invoice_file_rule"}.Err()
	}
	return evidence.Attachment{FileID: f.ID, Name: f.Name, SHA256: f.Sha256, Size: f.Size}, nil
}

// RejectInvoice returns the seller's invoice with the reason; the seller fixes and resubmits.
func (s *Service) RejectInvoice(ctx context.Context, staff account.Account, id uuid.UUID, reason, version string) error {
	why, ok := text.Bounded(reason, 2, 500)
	if !ok {
		return apperr.Validation{"reason": "settlement.reason_rule"}.Err()
	}
	now := s.clk.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		r, err := lock(ctx, q, id, version)
		if err != nil {
			return err
		}
		if _, err := s.step(ctx, q, r, change{event: lifecycle.StatementRejectInvoice, actor: opsActor(staff), actorID: &staff.ID,
			reason: why, set: pg.SetStatementStatusParams{Reason: &why}}, now); err != nil {
			return err
		}
		return inbox.Send(ctx, q, r.SellerID, "statement_invoice_rejected", map[string]string{"number": r.Number},
			"/seller/settlement/"+r.ID.String(), now)
	})
}

// AcceptInvoice accepts the seller's invoice; payment follows.
func (s *Service) AcceptInvoice(ctx context.Context, staff account.Account, id uuid.UUID, version string) error {
	now := s.clk.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		r, err := lock(ctx, q, id, version)
		if err != nil {
			return err
		}
		_, err = s.step(ctx, q, r, change{event: lifecycle.StatementAcceptInvoice, actor: opsActor(staff), actorID: &staff.ID}, now)
		return err
	})
}

// Pay records the transfer of the seller's share to the bank account of the
// seller's certification. A statement whose seller invoices the platform is
// paid only after its invoice was accepted.
func (s *Service) Pay(ctx context.Context, staff account.Account, id uuid.UUID, payoutRef, version string) error {
	ref, ok := text.Bounded(payoutRef, 4, 64)
	if !ok {
		return apperr.Validation{"payout_ref": "settlement.payout_ref_rule"}.Err()
	}
	now := s.clk.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		r, err := lock(ctx, q, id, version)
		if err != nil {
			return err
		}
		if r.PlatformInvoices && r.Status == string(lifecycle.StatementRequisition) {
			return apperr.E(apperr.Conflict, "settlement.invoice_first")
		}
		if _, err := s.step(ctx, q, r, change{event: lifecycle.StatementPay, actor: opsActor(staff), actorID: &staff.ID, reason: ref,
			set: pg.SetStatementStatusParams{PayoutRef: &ref, PaidAt: &now}}, now); err != nil {
			return err
		}
		return inbox.Send(ctx, q, r.SellerID, "statement_paid", map[string]string{"number": r.Number,
			"amount": money.Format(money.Fen(r.ShareFen))}, "/seller/settlement/"+r.ID.String(), now)
	})
}

// Describe is the statement's one-line summary for logs and the CLI.
func (st Statement) Describe() string {
	return fmt.Sprintf("%s %s %s lines=%d gross=%s fee=%s share=%s digest=%s", st.Number, st.Period, st.Status, st.Lines,
		money.Format(st.Gross), money.Format(st.Fee), money.Format(st.Share), st.Digest)
}

func abs(f money.Fen) money.Fen {
	if f < 0 {
		return -f
	}
	return f
}
