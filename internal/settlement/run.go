package settlement

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// ObjectStatement is the evidence object type of statements.
const ObjectStatement = "statement"

// SendWithinDays is how long operations have to review and send a statement (§7.6).
const SendWithinDays = 2

// Run is one bill run as recorded.
type Run struct {
	Period     Period
	Cutoff     time.Time
	Statements int
	Lines      int64
	Digest     string
	ByAdmin    bool
	StartedAt  time.Time
	FinishedAt time.Time
	VerifiedAt *time.Time
	VerifyOK   *bool
}

func runOf(r pg.BillRun) Run {
	return Run{Period: Period(r.Period), Cutoff: r.Cutoff, Statements: int(r.Statements), Lines: r.Lines, Digest: r.Digest,
		ByAdmin: r.RunBy != nil, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, VerifiedAt: r.VerifiedAt, VerifyOK: r.VerifyOk}
}

// ErrAlreadyRun is returned for a period that has its statements already.
var ErrAlreadyRun = apperr.E(apperr.Conflict, "settlement.already_run")

// RunPeriod bills a closed period: every billable payment and refund becomes a
// line, lines become one statement per seller and goods class, each statement
// is generated (evidence) and its seller told. by is nil for the monthly job.
// A period is billed once; the same period again is ErrAlreadyRun.
func (s *Service) RunPeriod(ctx context.Context, p Period, by *account.Account) (Run, error) {
	now := s.clk.Now()
	cutoff := p.Cutoff(s.loc)
	if now.Before(cutoff) {
		return Run{}, apperr.E(apperr.Invalid, "settlement.period_open", "period", p.String())
	}
	var out Run
	err := s.st.InTx(ctx, func(q *pg.Queries) error {
		if err := q.LockBillRun(ctx, int32(p)); err != nil {
			return err
		}
		if _, err := q.GetBillRun(ctx, int32(p)); err == nil {
			return ErrAlreadyRun
		} else if !errors.Is(err, store.ErrNoRows) {
			return err
		}
		var runBy *uuid.UUID // the admin who ran it on demand; the job has none
		if by != nil {
			runBy = &by.ID
		}
		if err := q.InsertBillRun(ctx, pg.InsertBillRunParams{Period: int32(p), Cutoff: cutoff, RunBy: runBy, StartedAt: now}); err != nil {
			return err
		}
		if _, err := q.InsertBillLines(ctx, pg.InsertBillLinesParams{Period: int32(p), Cutoff: cutoff}); err != nil {
			return err
		}
		cal, err := s.cal.Calendar(ctx, q, now)
		if err != nil {
			return err
		}
		made, err := q.InsertStatements(ctx, pg.InsertStatementsParams{Period: int32(p), NumberPrefix: fmt.Sprintf("ST%d", p),
			SendDueAt: cal.AddWorkingDays(now, SendWithinDays), Now: now})
		if err != nil {
			return err
		}
		for _, st := range made {
			// The statement row is the generate step's effect; the machine checks the edge.
			if _, err := evidence.Transition(ctx, q, evidence.Step[lifecycle.StatementStatus, lifecycle.StatementEvent]{
				Machine: lifecycle.Statement, ObjectType: ObjectStatement, ObjectID: st.ID, From: lifecycle.StatementNone,
				Event: lifecycle.StatementGenerate, Actor: lifecycle.System, ActorID: runBy, At: now}, func(lifecycle.StatementStatus) (int64, error) { return 1, nil }); err != nil {
				return err
			}
			if err := inbox.Send(ctx, q, st.SellerID, "statement_generated", map[string]string{"number": st.Number, "period": p.String()},
				"/seller/settlement/"+st.ID.String(), now); err != nil {
				return err
			}
		}
		r, err := q.FinishBillRun(ctx, pg.FinishBillRunParams{Period: int32(p), FinishedAt: s.clk.Now()})
		out = runOf(r)
		return err
	})
	if err == nil {
		s.log.Info("bill run", "period", p.String(), "statements", out.Statements, "lines", out.Lines, "digest", out.Digest)
	}
	return out, err
}

// Mismatch is one statement a re-run does not reproduce.
type Mismatch struct {
	StatementID uuid.UUID
	Number      string
	Detail      string
}

// Verification is what re-running a billed period found.
type Verification struct {
	Period     Period
	Statements int
	Lines      int64
	Digest     string // the run digest re-computed
	Stored     string // the run digest stored
	Mismatches []Mismatch
}

// OK reports whether the re-run reproduced the period exactly.
func (v Verification) OK() bool { return len(v.Mismatches) == 0 && v.Digest == v.Stored }

type computedStatement struct {
	ID       uuid.UUID `json:"id"`
	Lines    int64     `json:"lines"`
	ShareFen int64     `json:"share_fen"`
	Digest   string    `json:"digest"`
}

// Verify re-runs a billed period from the orders and the ledger as of its
// cutoff and compares every statement — lines, share and digest — with what
// was stored, and the stored lines with their statement's digest.
func (s *Service) Verify(ctx context.Context, p Period) (Verification, error) {
	v := Verification{Period: p}
	cutoff := p.Cutoff(s.loc)
	err := s.st.InTx(ctx, func(q *pg.Queries) error {
		run, err := q.GetBillRun(ctx, int32(p))
		if err != nil {
			return store.NotFound(err, "bill_run")
		}
		v.Stored = run.Digest
		raw, err := q.ComputedDigests(ctx, pg.ComputedDigestsParams{Period: int32(p), Cutoff: cutoff})
		if err != nil {
			return err
		}
		var computed []computedStatement
		if err := json.Unmarshal(raw, &computed); err != nil {
			return err
		}
		stored, err := q.StoredDigests(ctx, int32(p))
		if err != nil {
			return err
		}
		v.Mismatches, v.Digest = compare(computed, stored)
		v.Statements = len(computed)
		for _, c := range computed {
			v.Lines += c.Lines
		}
		return q.MarkBillRunVerified(ctx, pg.MarkBillRunVerifiedParams{Period: int32(p), At: ptr(s.clk.Now()), Ok: ptr(v.OK())})
	})
	return v, err
}

// compare sets the computed statements beside the stored ones (both ordered by id)
// and returns the differences and the run digest of the computed ones.
func compare(computed []computedStatement, stored []pg.StoredDigestsRow) ([]Mismatch, string) {
	var out []Mismatch
	byID := make(map[uuid.UUID]pg.StoredDigestsRow, len(stored))
	for _, r := range stored {
		byID[r.ID] = r
	}
	var run strings.Builder
	for i, c := range computed {
		if i > 0 {
			run.WriteByte('\n')
		}
		run.WriteString(c.ID.String() + ":" + c.Digest)
		r, ok := byID[c.ID]
		if !ok {
			out = append(out, Mismatch{StatementID: c.ID, Detail: fmt.Sprintf("missing: a re-run makes a statement of %d lines", c.Lines)})
			continue
		}
		delete(byID, c.ID)
		switch {
		case int64(r.Lines) != c.Lines:
			out = append(out, Mismatch{c.ID, r.Number, fmt.Sprintf("%d lines stored, %d re-computed", r.Lines, c.Lines)})
		case r.ShareFen != c.ShareFen:
			out = append(out, Mismatch{c.ID, r.Number, fmt.Sprintf("share %d fen stored, %d re-computed", r.ShareFen, c.ShareFen)})
		case r.Digest != c.Digest:
			out = append(out, Mismatch{c.ID, r.Number, "digest differs from the re-computed lines"})
		case r.LinesDigest != r.Digest:
			out = append(out, Mismatch{c.ID, r.Number, "stored lines no longer match the statement's digest"})
		}
	}
	for _, r := range stored {
		if _, left := byID[r.ID]; left {
			out = append(out, Mismatch{r.ID, r.Number, "stored, but a re-run makes no such statement"})
		}
	}
	sum := sha256.Sum256([]byte(run.String()))
	return out, hex.EncodeToString(sum[:])
}

func ptr[T any](v T) *T { return &v }

// Runs lists the latest bill runs.
func (s *Service) Runs(ctx context.Context, n int) ([]Run, error) {
	rows, err := s.st.ListBillRuns(ctx, int32(n))
	out := make([]Run, len(rows))
	for i, r := range rows {
		out[i] = runOf(r)
	}
	return out, err
}

// DueRun bills the previous month once its bill day has come and it has not
// been billed yet; the monthly job calls it, so a missed day catches up.
func (s *Service) DueRun(ctx context.Context) (bool, error) {
	now := s.clk.Now()
	p := PeriodOf(now, s.loc).Prev()
	cal, err := s.cal.Calendar(ctx, s.st.Queries, now)
	if err != nil {
		return false, err
	}
	if now.Before(p.BillDay(cal, s.loc)) {
		return false, nil
	}
	if _, err := s.st.GetBillRun(ctx, int32(p)); err == nil {
		return false, nil
	} else if !errors.Is(err, store.ErrNoRows) {
		return false, err
	}
	_, err = s.RunPeriod(ctx, p, nil)
	if errors.Is(err, ErrAlreadyRun) {
		return false, nil
	}
	return err == nil, err
}
