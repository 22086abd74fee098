package ledger

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// MaxOpsAmount caps one top-up or adjustment (¥1,000,000.00): a slip of the
// keyboard must not create a fortune; larger sums are entered in parts.
const MaxOpsAmount = money.Fen(100_000_000)

// Directions of an adjustment.
const (
	Credit = "credit" // into the balance
	Debit  = "debit"  // out of the balance
)

// OpsInput is the top-up or adjustment form as typed.
type OpsInput struct {
	Direction string // adjustments only: Credit or Debit
	Amount    string // yuan, e.g. "500" or "1,234.50"
	Reason    string // 5–500 characters; the account holder sees it on the statement
	Token     string // the form's token: one effect per rendered form
}

// Result is what an operation did.
type Result struct {
	Balance   money.Fen
	Duplicate bool // the form had already been posted: nothing moved this time
}

var tokenRe = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// ValidToken reports whether s can be a form token.
func ValidToken(s string) bool { return tokenRe.MatchString(s) }

// TopUp credits money paid in to acct's balance. Only operations admins may,
// and not on their own account; the row carries the admin and the reason, and
// the account's evidence log records it. A form token posted twice moves the
// money once.
func (s *Service) TopUp(ctx context.Context, actor account.Account, acct uuid.UUID, in OpsInput) (Result, error) {
	in.Direction = Credit
	return s.operate(ctx, actor, acct, KindTopUp, EventTopUp, in)
}

// Adjust corrects acct's balance either way (Direction), under the same rules
// as TopUp; a debit never takes the balance below zero.
func (s *Service) Adjust(ctx context.Context, actor account.Account, acct uuid.UUID, in OpsInput) (Result, error) {
	return s.operate(ctx, actor, acct, KindAdjustment, EventAdjust, in)
}

// parse validates the form and returns the signed amount and the trimmed reason.
func parse(kind string, in OpsInput) (money.Fen, string, error) {
	v := apperr.Validation{}
	if kind == KindAdjustment && in.Direction != Credit && in.Direction != Debit {
		v.Add("direction", "ledger.direction_required")
	}
	var amount money.Fen
	switch raw := strings.TrimSpace(in.Amount); {
	case raw == "":
		v.Add("amount", "ledger.amount_required")
	default:
		a, err := money.Parse(raw)
		switch {
		case err != nil:
			v.Add("amount", "ledger.amount_invalid")
		case a <= 0:
			v.Add("amount", "ledger.amount_positive")
		case a > MaxOpsAmount:
			v.Add("amount", "ledger.amount_cap")
		}
		amount = a
	}
	reason := strings.TrimSpace(in.Reason)
	if n := utf8.RuneCountInString(reason); n < 5 || n > 500 {
		v.Add("reason", "ledger.reason_rule")
	}
	if err := v.Err(); err != nil {
		return 0, "", err
	}
	if !ValidToken(in.Token) {
		return 0, "", apperr.E(apperr.Invalid, "ledger.form_expired")
	}
	if in.Direction == Debit {
		amount = -amount
	}
	return amount, reason, nil
}

func (s *Service) operate(ctx context.Context, actor account.Account, acct uuid.UUID, kind, event string, in OpsInput) (Result, error) {
	if actor.OpsRole != account.OpsAdmin {
		return Result{}, apperr.E(apperr.Forbidden, "error.admin_only")
	}
	if actor.ID == acct {
		return Result{}, apperr.E(apperr.Forbidden, "ledger.not_own")
	}
	amount, reason, err := parse(kind, in)
	if err != nil {
		return Result{}, err
	}
	if _, err := s.st.GetAccount(ctx, acct); err != nil {
		return Result{}, store.NotFound(err, "account")
	}
	now := s.clock.Now()
	var res Result
	err = s.st.InTx(ctx, func(q *pg.Queries) error {
		if dup, ok, err := s.already(ctx, q, actor.ID, acct, in.Token); err != nil || ok {
			res = dup
			return err
		}
		after, err := Post(ctx, q, Entry{Account: acct, Kind: kind, Amount: amount, ActorID: &actor.ID, Reason: reason, At: now, Key: in.Token})
		if apperr.Is(err, apperr.Conflict) {
			return apperr.Validation{"amount": "ledger.debit_exceeds"}.Err()
		}
		if err != nil {
			return err
		}
		res.Balance = after
		_, err = evidence.Append(ctx, q, evidence.Entry{ObjectType: ObjectAccount, ObjectID: acct, ActorID: &actor.ID,
			ActorRole: string(lifecycle.Admin), Event: event, Reason: Signed(amount) + " · " + reason, At: now})
		return err
	})
	if store.IsUniqueViolation(err, "ledger_entries_request_idx") {
		// The same form raced itself: the other request posted it.
		var ok bool
		if res, ok, err = s.already(ctx, s.st.Queries, actor.ID, acct, in.Token); err == nil && !ok {
			err = apperr.Internalf("ledger: request %s vanished", in.Token)
		}
	}
	if err != nil {
		return Result{}, err
	}
	if !res.Duplicate {
		s.log.Info("ledger: balance changed by operations", "kind", kind, "account", acct, "amount_fen", int64(amount),
			"balance_fen", int64(res.Balance), "actor", actor.ID)
	}
	return res, nil
}

// already finds the row a form token made before. A token reused for another
// account is a conflict, not a silent success.
func (s *Service) already(ctx context.Context, q *pg.Queries, actor, acct uuid.UUID, token string) (Result, bool, error) {
	row, err := q.GetLedgerRequest(ctx, pg.GetLedgerRequestParams{ActorID: &actor, RequestKey: &token})
	if store.IsNoRows(err) {
		return Result{}, false, nil
	}
	if err != nil {
		return Result{}, false, err
	}
	if row.AccountID != acct {
		return Result{}, false, apperr.E(apperr.Conflict, "ledger.form_reused")
	}
	bal, err := q.GetBalance(ctx, acct)
	return Result{Balance: money.Fen(bal), Duplicate: true}, true, err
}

// Signed formats an amount with its sign: +¥500.00, -¥20.00.
func Signed(f money.Fen) string {
	if f > 0 {
		return "+" + money.Format(f)
	}
	return money.Format(f)
}
