// Package ledger keeps balances: every movement of money is a ledger row, and
// a balance is the running total of its rows.
package ledger

import (
	"context"
	"time"

	"github.com/google/uuid"

	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/store/pg"
)

// Kinds of movement.
const (
	KindTopUp      = "topup"      // operations credit money paid in
	KindPayment    = "payment"    // an order paid from the balance (negative)
	KindRefund     = "refund"     // money back for an order
	KindAdjustment = "adjustment" // operations correct a balance, either way
)

// Entry is one movement to post.
type Entry struct {
	Account uuid.UUID
	Kind    string
	Amount  money.Fen // signed: positive into the balance, negative out of it
	OrderID *uuid.UUID
	ActorID *uuid.UUID
	Reason  string
	At      time.Time
	// Key is the form token of an operations top-up or adjustment (empty
	// otherwise): a second row with the same actor and key is refused.
	Key string
}

// ErrInsufficient is the message key of a movement the balance cannot cover.
const ErrInsufficient = "ledger.insufficient"

// Post moves money inside the caller's transaction: it locks the account's
// balance, refuses to take it below zero, appends the row and returns the new
// balance. Callers that post for one order lock the order first. Rows are
// numbered per account in the order they are posted (seq), which is the order
// `agora check-ledger` replays the running balance in.
func Post(ctx context.Context, q *pg.Queries, e Entry) (money.Fen, error) {
	if e.Amount == 0 {
		return 0, apperr.Internalf("ledger: zero %s for %s", e.Kind, e.Account)
	}
	if err := q.EnsureBalance(ctx, pg.EnsureBalanceParams{AccountID: e.Account, At: e.At}); err != nil {
		return 0, err
	}
	bal, err := q.LockBalance(ctx, e.Account)
	if err != nil {
		return 0, err
	}
	after := money.Fen(bal) + e.Amount
	if after < 0 {
		return money.Fen(bal), apperr.E(apperr.Conflict, ErrInsufficient)
	}
	last, err := q.LastLedgerSeq(ctx, e.Account)
	if err != nil {
		return 0, err
	}
	var key *string
	if e.Key != "" {
		key = &e.Key
	}
	if err := q.CreateLedgerEntry(ctx, pg.CreateLedgerEntryParams{ID: uuid.Must(uuid.NewV7()), AccountID: e.Account, Seq: last + 1,
		Kind: e.Kind, AmountFen: int64(e.Amount), BalanceAfterFen: int64(after), OrderID: e.OrderID, ActorID: e.ActorID,
		Reason: e.Reason, RequestKey: key, CreatedAt: e.At}); err != nil {
		return 0, err
	}
	return after, q.SetBalance(ctx, pg.SetBalanceParams{AccountID: e.Account, BalanceFen: int64(after), At: e.At})
}
