package settlement

import (
	"context"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/ids"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// ObjectFeeInvoice is the evidence object type of platform-fee invoice requests.
const ObjectFeeInvoice = "fee_invoice"

// FeeInvoice is a platform-fee invoice request (平台费发票).
type FeeInvoice struct {
	ID, SellerID       uuid.UUID
	Number, SellerName string
	Status             lifecycle.FeeInvoiceStatus
	Version            int32
	Kind, Email        string // digital_special or digital_normal (数电专票/普票)
	Amount             money.Fen
	InvoiceNo          string
	FileID             *uuid.UUID
	IssuedAt           *time.Time
	CreatedAt          time.Time
	Statements         []Statement
}

func feeInvoiceOf(r pg.FeeInvoice) FeeInvoice {
	return FeeInvoice{ID: r.ID, SellerID: r.SellerID, Number: r.Number, Status: lifecycle.FeeInvoiceStatus(r.Status), Version: r.Version,
		Kind: r.Kind, Email: r.Email, Amount: money.Fen(r.AmountFen), InvoiceNo: r.InvoiceNo, FileID: r.FileID, IssuedAt: r.IssuedAt,
		CreatedAt: r.CreatedAt}
}

// FeeInvoiceCandidates are the seller's paid general-goods statements whose fee is not invoiced yet.
func (s *Service) FeeInvoiceCandidates(ctx context.Context, seller uuid.UUID) ([]Statement, error) {
	rows, err := s.st.PaidStatementsForFeeInvoice(ctx, seller)
	out := make([]Statement, len(rows))
	for i, r := range rows {
		out[i] = statementOf(r)
	}
	return out, err
}

// FeeInvoiceInput is the seller's request.
type FeeInvoiceInput struct {
	Statements []string
	Kind       string
	Email      string
}

// RequestFeeInvoice asks the platform for the invoice of its fees on the
// selected paid statements. The amount is their fees net of refunds: refund
// lines are part of each statement, so negative fees come along by themselves.
func (s *Service) RequestFeeInvoice(ctx context.Context, seller account.Account, in FeeInvoiceInput) (FeeInvoice, error) {
	v := apperr.Validation{}
	if in.Kind != "digital_special" && in.Kind != "digital_normal" {
		v.Add("kind", "settlement.fee_kind_rule")
	}
	email := strings.TrimSpace(in.Email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		v.Add("email", "settlement.email_rule")
	}
	ids_ := make([]uuid.UUID, 0, len(in.Statements))
	for _, x := range in.Statements {
		if id, err := uuid.Parse(x); err == nil {
			ids_ = append(ids_, id)
		}
	}
	if len(ids_) == 0 {
		v.Add("statements", "settlement.fee_statements_rule")
	}
	if err := v.Err(); err != nil {
		return FeeInvoice{}, err
	}
	now := s.clk.Now()
	var out FeeInvoice
	err := s.st.InTx(ctx, func(q *pg.Queries) error {
		var total money.Fen
		var chosen []pg.Statement
		for _, id := range ids_ {
			r, err := lock(ctx, q, id, "")
			if err != nil || r.SellerID != seller.ID {
				return store.NotFound(errOr(err), "statement")
			}
			if r.Status != string(lifecycle.StatementPaid) || r.PlatformInvoices {
				return apperr.E(apperr.Conflict, "settlement.fee_not_paid", "number", r.Number)
			}
			total += money.Fen(r.FeeFen)
			chosen = append(chosen, r)
		}
		if total <= 0 {
			return apperr.E(apperr.Invalid, "settlement.fee_nothing")
		}
		id := uuid.Must(uuid.NewV7())
		var row pg.FeeInvoice
		_, err := evidence.Transition(ctx, q, evidence.Step[lifecycle.FeeInvoiceStatus, lifecycle.FeeInvoiceEvent]{Machine: lifecycle.FeeInvoice,
			ObjectType: ObjectFeeInvoice, ObjectID: id, Event: lifecycle.FeeInvoiceRequest, Actor: lifecycle.Seller, ActorID: &seller.ID, At: now},
			func(to lifecycle.FeeInvoiceStatus) (int64, error) {
				var err error
				row, err = q.CreateFeeInvoice(ctx, pg.CreateFeeInvoiceParams{ID: id, Number: ids.Number("PF", now, s.loc), SellerID: seller.ID,
					Status: string(to), Kind: in.Kind, Email: email, AmountFen: int64(total), At: now})
				return 1, err
			})
		if err != nil {
			return err
		}
		for _, st := range chosen {
			// The unique statement id refuses a statement already on another request.
			if err := q.AddFeeInvoiceStatement(ctx, pg.AddFeeInvoiceStatementParams{FeeInvoiceID: id, StatementID: st.ID}); err != nil {
				if store.IsUniqueViolation(err, "") {
					return apperr.E(apperr.Conflict, "settlement.fee_already", "number", st.Number)
				}
				return err
			}
			out.Statements = append(out.Statements, statementOf(st))
		}
		f := feeInvoiceOf(row)
		f.Statements = out.Statements
		out = f
		return nil
	})
	return out, err
}

// IssueFeeInvoice records the platform's invoice: its number and PDF, shared with the seller.
func (s *Service) IssueFeeInvoice(ctx context.Context, staff account.Account, id uuid.UUID, invoiceNo, fileID, version string) error {
	no := strings.TrimSpace(invoiceNo)
	v := apperr.Validation{}
	if !invoiceNoRe.MatchString(no) {
		v.Add("invoice_no", "settlement.invoice_no_rule")
	}
	fid, err := uuid.Parse(fileID)
	if err != nil {
		v.Add("file", "settlement.invoice_file_rule")
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.clk.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		r, err := q.LockFeeInvoice(ctx, id)
		if err != nil {
			return store.NotFound(err, "fee_invoice")
		}
		if version != "" && version != itoaV(r.Version) {
			return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
		}
		f, err := s.fileOwned(ctx, q, staff.ID, fid)
		if err != nil {
			return err
		}
		if _, err := evidence.Transition(ctx, q, evidence.Step[lifecycle.FeeInvoiceStatus, lifecycle.FeeInvoiceEvent]{Machine: lifecycle.FeeInvoice,
			ObjectType: ObjectFeeInvoice, ObjectID: id, From: lifecycle.FeeInvoiceStatus(r.Status), Event: lifecycle.FeeInvoiceIssue,
			Actor: opsActor(staff), ActorID: &staff.ID, Reason: no, Attachments: []evidence.Attachment{f}, At: now},
			func(to lifecycle.FeeInvoiceStatus) (int64, error) {
				return q.IssueFeeInvoice(ctx, pg.IssueFeeInvoiceParams{ID: id, Status: string(to), InvoiceNo: no, FileID: &fid, At: &now})
			}); err != nil {
			return err
		}
		if err := q.GrantFile(ctx, pg.GrantFileParams{FileID: fid, AccountID: r.SellerID}); err != nil {
			return err
		}
		return inbox.Send(ctx, q, r.SellerID, "fee_invoice_issued", map[string]string{"number": r.Number,
			"amount": money.Format(money.Fen(r.AmountFen))}, "/seller/settlement/fee-invoices", now)
	})
}

// SellerFeeInvoices lists the seller's requests.
func (s *Service) SellerFeeInvoices(ctx context.Context, seller uuid.UUID, page int) ([]FeeInvoice, bool, error) {
	rows, err := s.st.ListSellerFeeInvoices(ctx, pg.ListSellerFeeInvoicesParams{SellerID: seller, Lim: PageSize + 1, Off: offset(page)})
	out := make([]FeeInvoice, 0, len(rows))
	for _, r := range rows {
		out = append(out, feeInvoiceOf(r))
	}
	return more(out, err)
}

// FeeInvoices lists requests for operations, oldest first.
func (s *Service) FeeInvoices(ctx context.Context, status string, page int) ([]FeeInvoice, bool, error) {
	arg := pg.ListFeeInvoicesParams{Lim: PageSize + 1, Off: offset(page)}
	if status != "" {
		arg.Status = &status
	}
	rows, err := s.st.ListFeeInvoices(ctx, arg)
	out := make([]FeeInvoice, 0, len(rows))
	for _, r := range rows {
		f := feeInvoiceOf(pg.FeeInvoice{ID: r.ID, Number: r.Number, SellerID: r.SellerID, Status: r.Status, Version: r.Version, Kind: r.Kind,
			Email: r.Email, AmountFen: r.AmountFen, InvoiceNo: r.InvoiceNo, FileID: r.FileID, IssuedAt: r.IssuedAt, CreatedAt: r.CreatedAt})
		f.SellerName = r.SellerName
		out = append(out, f)
	}
	return more(out, err)
}

func itoaV(v int32) string { return strconv.Itoa(int(v)) }

// StatementNumbers maps each request to the numbers of the statements it covers.
func (s *Service) StatementNumbers(ctx context.Context, list []FeeInvoice) (map[uuid.UUID][]string, error) {
	ids := make([]uuid.UUID, len(list))
	for i, f := range list {
		ids[i] = f.ID
	}
	rows, err := s.st.FeeInvoiceStatementNumbers(ctx, ids)
	out := make(map[uuid.UUID][]string, len(list))
	for _, r := range rows {
		out[r.FeeInvoiceID] = append(out[r.FeeInvoiceID], r.Number)
	}
	return out, err
}
