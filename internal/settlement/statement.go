package settlement

import (
	"context"
	"time"

	"github.com/google/uuid"

	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// PageSize is how many statements or lines a page lists.
const PageSize = 50

// Statement is a seller's statement for one period and goods class.
type Statement struct {
	ID, SellerID       uuid.UUID
	Number, SellerName string
	Period             Period
	PlatformInvoices   bool // the seller invoices the platform before payment
	Status             lifecycle.StatementStatus
	Version            int32
	Lines              int
	Gross, Fee, Share  money.Fen
	Digest             string
	SendDueAt          time.Time
	RequisitionNo      string
	InvoiceNo          string
	InvoiceTotal       *money.Fen
	InvoiceDate        *time.Time
	InvoiceFileID      *uuid.UUID
	Reason             string
	PayoutRef          string
	PaidAt             *time.Time
	CreatedAt          time.Time
}

func statementOf(r pg.Statement) Statement {
	st := Statement{ID: r.ID, SellerID: r.SellerID, Number: r.Number, Period: Period(r.Period), PlatformInvoices: r.PlatformInvoices,
		Status: lifecycle.StatementStatus(r.Status), Version: r.Version, Lines: int(r.Lines), Gross: money.Fen(r.GrossFen),
		Fee: money.Fen(r.FeeFen), Share: money.Fen(r.ShareFen), Digest: r.Digest, SendDueAt: r.SendDueAt, RequisitionNo: r.RequisitionNo,
		InvoiceNo: r.InvoiceNo, InvoiceDate: r.InvoiceDate, InvoiceFileID: r.InvoiceFileID, Reason: r.Reason, PayoutRef: r.PayoutRef,
		PaidAt: r.PaidAt, CreatedAt: r.CreatedAt}
	if r.InvoiceTotalFen != nil {
		t := money.Fen(*r.InvoiceTotalFen)
		st.InvoiceTotal = &t
	}
	return st
}

// Line is one statement line with what explains it.
type Line struct {
	ID, OrderID, EntryID   uuid.UUID
	OriginalLineID         *uuid.UUID
	Seq                    int
	Kind                   string // new, renewal, refund
	OccurredAt             time.Time
	Gross, Fee, Share      money.Fen
	RateBP                 int
	OrderNumber            string
	ProductName, ProductEn string
	AccessType             string
	RuleID                 uuid.UUID
	RuleScope, RuleNote    string
	RuleFrom               time.Time
}

// SellerStatements lists a seller's statements, newest period first.
func (s *Service) SellerStatements(ctx context.Context, seller uuid.UUID, page int) ([]Statement, bool, error) {
	rows, err := s.st.ListSellerStatements(ctx, pg.ListSellerStatementsParams{SellerID: seller, Lim: PageSize + 1, Off: offset(page)})
	out := make([]Statement, 0, len(rows))
	for _, r := range rows {
		out = append(out, statementOf(r))
	}
	return more(out, err)
}

// Statements lists statements for operations, by status and period.
func (s *Service) Statements(ctx context.Context, status string, period Period, page int) ([]Statement, bool, error) {
	arg := pg.ListStatementsParams{Lim: PageSize + 1, Off: offset(page)}
	if status != "" {
		arg.Status = &status
	}
	if period != 0 {
		p := int32(period)
		arg.Period = &p
	}
	rows, err := s.st.ListStatements(ctx, arg)
	out := make([]Statement, 0, len(rows))
	for _, r := range rows {
		st := statementOf(pg.Statement{ID: r.ID, Number: r.Number, SellerID: r.SellerID, Period: r.Period,
			PlatformInvoices: r.PlatformInvoices, Status: r.Status, Version: r.Version, Lines: r.Lines, GrossFen: r.GrossFen,
			FeeFen: r.FeeFen, ShareFen: r.ShareFen, Digest: r.Digest, SendDueAt: r.SendDueAt, RequisitionNo: r.RequisitionNo,
			InvoiceNo: r.InvoiceNo, PaidAt: r.PaidAt, CreatedAt: r.CreatedAt})
		st.SellerName = r.SellerName
		out = append(out, st)
	}
	return more(out, err)
}

// SellerStatement is one of the seller's statements; another's is not found.
func (s *Service) SellerStatement(ctx context.Context, seller, id uuid.UUID) (Statement, error) {
	r, err := s.st.GetStatement(ctx, id)
	if err != nil || r.SellerID != seller {
		return Statement{}, store.NotFound(errOr(err), "statement")
	}
	return statementOf(r), nil
}

// StatementForOps is any statement.
func (s *Service) StatementForOps(ctx context.Context, id uuid.UUID) (Statement, error) {
	r, err := s.st.GetStatement(ctx, id)
	if err != nil {
		return Statement{}, store.NotFound(err, "statement")
	}
	return statementOf(r), nil
}

// Lines is a page of a statement's lines.
func (s *Service) Lines(ctx context.Context, st Statement, page int) ([]Line, bool, error) {
	rows, err := s.st.StatementLines(ctx, pg.StatementLinesParams{StatementID: st.ID, Lim: PageSize + 1, Off: offset(page)})
	out := make([]Line, 0, len(rows))
	for _, r := range rows {
		out = append(out, Line{ID: r.ID, OrderID: r.OrderID, EntryID: r.EntryID, OriginalLineID: r.OriginalLineID, Seq: int(r.Seq),
			Kind: r.Kind, OccurredAt: r.OccurredAt, Gross: money.Fen(r.GrossFen), Fee: money.Fen(r.FeeFen), Share: money.Fen(r.ShareFen),
			RateBP: int(r.FeeRateBp), OrderNumber: r.OrderNumber, ProductName: r.ProductName, ProductEn: r.ProductNameEn,
			AccessType: r.AccessType, RuleID: r.FeeRuleID, RuleScope: r.RuleScope, RuleNote: r.RuleNote, RuleFrom: r.RuleEffectiveFrom})
	}
	return more(out, err)
}

// StreamLines calls fn for every line of a statement in order, a batch at a
// time, so a statement of any size downloads in constant memory.
func (s *Service) StreamLines(ctx context.Context, st Statement, fn func(pg.StreamStatementLinesRow) error) error {
	after := int32(0)
	for {
		rows, err := s.st.StreamStatementLines(ctx, pg.StreamStatementLinesParams{StatementID: st.ID, AfterSeq: after, Lim: 2000})
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
			after = r.Seq
		}
		if len(rows) < 2000 {
			return nil
		}
	}
}

// Timeline is a statement's evidence.
func (s *Service) Timeline(ctx context.Context, id uuid.UUID) ([]evidence.Item, error) {
	return evidence.Timeline(ctx, s.st.Queries, ObjectStatement, id)
}

func offset(page int) int32 {
	if page < 1 {
		page = 1
	}
	return int32((page - 1) * PageSize)
}

func more[T any](out []T, err error) ([]T, bool, error) {
	if err != nil {
		return nil, false, err
	}
	if len(out) > PageSize {
		return out[:PageSize], true, nil
	}
	return out, false, nil
}

func errOr(err error) error {
	if err != nil {
		return err
	}
	return store.ErrNoRows
}
