package ledger

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/platform/clock"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Kinds lists every kind of movement (for labels and reports).
var Kinds = []string{KindTopUp, KindPayment, KindRefund, KindAdjustment}

// ObjectAccount is the evidence object type of an account: operations'
// top-ups and adjustments go into the account's timeline.
const ObjectAccount = "account"

// Evidence events on an account.
const (
	EventTopUp  = "topup"
	EventAdjust = "adjust"
)

// PageSize is the number of rows on a statement or account list page.
const PageSize = 20

// Service reads balances and statements, lets operations top up and adjust
// them, and checks that money is conserved. Payments and refunds are posted
// by the order services through Post, inside their own transactions.
type Service struct {
	st    *store.Store
	clock clock.Clock
	log   *slog.Logger
}

// NewService returns a ledger service.
func NewService(st *store.Store, c clock.Clock, log *slog.Logger) *Service {
	return &Service{st: st, clock: c, log: log}
}

// Balance returns an account's balance (zero before its first movement).
func (s *Service) Balance(ctx context.Context, acct uuid.UUID) (money.Fen, error) {
	b, err := s.st.GetBalance(ctx, acct)
	return money.Fen(b), err
}

// Line is one row of a statement.
type Line struct {
	ID           uuid.UUID
	Seq          int64
	Kind         string
	Amount       money.Fen // signed
	BalanceAfter money.Fen
	OrderID      *uuid.UUID
	OrderNumber  string // empty without an order
	Actor        string // the staff member of a top-up or adjustment
	Reason       string
	At           time.Time
}

// Statement is one page of an account's ledger, newest first.
type Statement struct {
	Balance money.Fen
	Lines   []Line
	Page    int
	HasNext bool
}

// Statement returns page (from 1) of acct's ledger with its current balance,
// read in one snapshot so the page and the balance agree.
func (s *Service) Statement(ctx context.Context, acct uuid.UUID, page int) (Statement, error) {
	if page < 1 {
		page = 1
	}
	st := Statement{Page: page}
	err := s.st.InSnapshot(ctx, func(q *pg.Queries) error {
		b, err := q.GetBalance(ctx, acct)
		if err != nil {
			return err
		}
		st.Balance = money.Fen(b)
		rows, err := q.ListStatement(ctx, pg.ListStatementParams{AccountID: acct, MaxRows: PageSize + 1, Skip: int32((page - 1) * PageSize)})
		if err != nil {
			return err
		}
		if len(rows) > PageSize {
			st.HasNext, rows = true, rows[:PageSize]
		}
		for _, r := range rows {
			st.Lines = append(st.Lines, Line{ID: r.ID, Seq: r.Seq, Kind: r.Kind, Amount: money.Fen(r.AmountFen),
				BalanceAfter: money.Fen(r.BalanceAfterFen), OrderID: r.OrderID, OrderNumber: r.OrderNumber,
				Actor: r.ActorName, Reason: r.Reason, At: r.CreatedAt})
		}
		return nil
	})
	return st, err
}

// AccountBalance is an account as the console's finance pages list it.
type AccountBalance struct {
	ID       uuid.UUID
	PublicID string
	Name     string
	Email    string
	OpsRole  account.OpsRole
	Balance  money.Fen
	MovedAt  *time.Time // the last movement, nil before the first
}

// FindAccounts looks accounts up for operations: by part of the name or by the
// exact public ID; with an empty query, the accounts that have a balance, most
// recently moved first. hasNext tells whether another page follows.
func (s *Service) FindAccounts(ctx context.Context, query string, page int) (list []AccountBalance, hasNext bool, err error) {
	if page < 1 {
		page = 1
	}
	skip := int32((page - 1) * PageSize)
	query = strings.ToLower(strings.TrimSpace(query))
	if r := []rune(query); len(r) > 64 {
		query = string(r[:64])
	}
	if query == "" {
		rows, err := s.st.ListBalances(ctx, pg.ListBalancesParams{MaxRows: PageSize + 1, Skip: skip})
		if err != nil {
			return nil, false, err
		}
		for _, r := range rows {
			at := r.MovedAt
			list = append(list, AccountBalance{ID: r.ID, PublicID: r.PublicID, Name: r.Name, Email: r.Email,
				OpsRole: account.OpsRole(r.OpsRole), Balance: money.Fen(r.BalanceFen), MovedAt: &at})
		}
	} else {
		rows, err := s.st.SearchAccountBalances(ctx, pg.SearchAccountBalancesParams{Pattern: likeEscape(query), PublicID: query,
			MaxRows: PageSize + 1, Skip: skip})
		if err != nil {
			return nil, false, err
		}
		for _, r := range rows {
			list = append(list, AccountBalance{ID: r.ID, PublicID: r.PublicID, Name: r.Name, Email: r.Email,
				OpsRole: account.OpsRole(r.OpsRole), Balance: money.Fen(r.BalanceFen), MovedAt: r.MovedAt})
		}
	}
	if len(list) > PageSize {
		return list[:PageSize], true, nil
	}
	return list, false, nil
}

// likeEscape makes s match itself in a LIKE pattern.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Account returns one account with its balance, for the console.
func (s *Service) Account(ctx context.Context, id uuid.UUID) (AccountBalance, error) {
	a, err := s.st.GetAccount(ctx, id)
	if err != nil {
		return AccountBalance{}, store.NotFound(err, "account")
	}
	b, err := s.st.GetBalance(ctx, id)
	if err != nil {
		return AccountBalance{}, err
	}
	return AccountBalance{ID: a.ID, PublicID: a.PublicID, Name: a.Name, Email: a.Email, OpsRole: account.OpsRole(a.OpsRole),
		Balance: money.Fen(b)}, nil
}

// History returns the account's evidence timeline: every top-up and adjustment
// by operations, with who, when and why.
func (s *Service) History(ctx context.Context, id uuid.UUID) ([]evidence.Item, error) {
	return evidence.Timeline(ctx, s.st.Queries, ObjectAccount, id)
}
