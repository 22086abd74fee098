package merchant

import (
	"context"
	"regexp"
	"slices"
	"strconv"
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

// Certification is a seller's business-information certification.
type Certification struct {
	ID            uuid.UUID
	AccountID     uuid.UUID
	Status        lifecycle.CertStatus
	Version       int32
	Failures      int32
	BankName      string
	BankBranch    string
	AccountHolder string
	BankAccount   string
	TaxRate       string
	TaxpayerType  string
	TaxID         string
	SubmittedAt   time.Time
	DueAt         time.Time
	DecidedAt     *time.Time
	RejectReason  string
}

// AttemptsLeft is how many more rejections the seller can take before the lock.
func (c Certification) AttemptsLeft() int {
	return max(0, lifecycle.CertMaxFailures-int(c.Failures))
}

func certFromRow(r pg.Certification) Certification {
	return Certification{ID: r.ID, AccountID: r.AccountID, Status: r.Status, Version: r.Version, Failures: r.Failures,
		BankName: r.BankName, BankBranch: r.BankBranch, AccountHolder: r.AccountHolder, BankAccount: r.BankAccount,
		TaxRate: r.TaxRate, TaxpayerType: r.TaxpayerType, TaxID: r.TaxID, SubmittedAt: r.SubmittedAt, DueAt: r.SlaDueAt,
		DecidedAt: r.DecidedAt, RejectReason: r.RejectReason}
}

// Taxpayer types and the VAT rates each may choose.
var (
	TaxpayerTypes = []string{"general", "small_scale"}
	TaxRates      = map[string][]string{"general": {"13", "9", "6"}, "small_scale": {"3", "1", "0"}}
)

// CertInput is the certification form as typed.
type CertInput struct {
	BankName, BankBranch, AccountHolder, BankAccount string
	TaxRate, TaxpayerType, TaxID                     string
	Version                                          string
}

var (
	bankAccountRe = regexp.MustCompile(`^[0-9]{8,30}$`)
	taxIDRe       = regexp.MustCompile(`^[0-9A-Z]{18}$`) // 统一社会信用代码
)

func validateCert(in *CertInput, company string) error {
	v := apperr.Validation{}
	in.BankName, in.BankBranch = strings.TrimSpace(in.BankName), strings.TrimSpace(in.BankBranch)
	in.AccountHolder = strings.TrimSpace(in.AccountHolder)
	in.BankAccount = strings.ReplaceAll(strings.TrimSpace(in.BankAccount), " ", "")
	in.TaxID = strings.ToUpper(strings.TrimSpace(in.TaxID))
	if n := runes(in.BankName); n < 2 || n > 60 {
		v.Add("bank_name", "cert.bank_name_rule")
	}
	if n := runes(in.BankBranch); n < 2 || n > 100 {
		v.Add("bank_branch", "cert.bank_branch_rule")
	}
	if in.AccountHolder != company {
		// Settlement pays only the company that entered the marketplace.
		v.Add("account_holder", "cert.holder_must_match")
	}
	if !bankAccountRe.MatchString(in.BankAccount) {
		v.Add("bank_account", "cert.bank_account_rule")
	}
	if !taxIDRe.MatchString(in.TaxID) {
		v.Add("tax_id", "cert.tax_id_rule")
	}
	if !slices.Contains(TaxpayerTypes, in.TaxpayerType) {
		v.Add("taxpayer_type", "cert.taxpayer_type_rule")
	} else if !slices.Contains(TaxRates[in.TaxpayerType], in.TaxRate) {
		v.Add("tax_rate", "cert.tax_rate_rule")
	}
	return v.Err()
}

// SubmitCert submits (or resubmits after a rejection) acct's certification.
// Only an admitted seller may certify.
func (s *Service) SubmitCert(ctx context.Context, acct account.Account, in CertInput) (Certification, error) {
	app, err := s.st.GetEntryApplicationByAccount(ctx, acct.ID)
	if err != nil || app.Status != lifecycle.EntryApproved {
		return Certification{}, apperr.E(apperr.Forbidden, "cert.entry_first")
	}
	if c, err := s.st.GetCertificationByAccount(ctx, acct.ID); err == nil && c.Status != lifecycle.CertRejected {
		// Nothing to edit (under review, certified or locked): say so before judging the form.
		return Certification{}, apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
	}
	if err := validateCert(&in, app.CompanyName); err != nil {
		return Certification{}, err
	}
	now := s.clock.Now()
	var out Certification
	err = s.st.InTx(ctx, func(q *pg.Queries) error {
		due, err := s.calendar.Due(ctx, q, now)
		if err != nil {
			return err
		}
		existing, err := q.GetCertificationByAccount(ctx, acct.ID)
		isNew := store.IsNoRows(err)
		if err != nil && !isNew {
			return err
		}
		if isNew {
			id := uuid.Must(uuid.NewV7())
			step := evidence.Step[lifecycle.CertStatus, lifecycle.CertEvent]{Machine: lifecycle.Certification, ObjectType: ObjectCert,
				ObjectID: id, From: lifecycle.CertNone, Event: lifecycle.CertSubmit, Actor: lifecycle.Applicant, ActorID: &acct.ID, At: now}
			_, err = evidence.Transition(ctx, q, step, func(to lifecycle.CertStatus) (int64, error) {
				row, err := q.CreateCertification(ctx, pg.CreateCertificationParams{ID: id, AccountID: acct.ID, Status: to,
					BankName: in.BankName, BankBranch: in.BankBranch, AccountHolder: in.AccountHolder, BankAccount: in.BankAccount,
					TaxRate: in.TaxRate, TaxpayerType: in.TaxpayerType, TaxID: in.TaxID, SubmittedAt: now, SlaDueAt: due, CreatedAt: now})
				if store.IsUniqueViolation(err, "certifications_account_id_key") {
					return 0, nil
				}
				out = certFromRow(row)
				return 1, err
			})
			return err
		}
		row, err := q.LockCertification(ctx, existing.ID)
		if err != nil {
			return err
		}
		if v, err := strconv.Atoi(in.Version); err != nil || int32(v) != row.Version {
			return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
		}
		step := evidence.Step[lifecycle.CertStatus, lifecycle.CertEvent]{Machine: lifecycle.Certification, ObjectType: ObjectCert,
			ObjectID: row.ID, From: row.Status, Event: lifecycle.CertResubmit, Actor: lifecycle.Applicant, ActorID: &acct.ID, At: now}
		_, err = evidence.Transition(ctx, q, step, func(to lifecycle.CertStatus) (int64, error) {
			return q.ResubmitCertification(ctx, pg.ResubmitCertificationParams{ID: row.ID, FromStatus: row.Status, Version: row.Version,
				ToStatus: to, BankName: in.BankName, BankBranch: in.BankBranch, AccountHolder: in.AccountHolder,
				BankAccount: in.BankAccount, TaxRate: in.TaxRate, TaxpayerType: in.TaxpayerType, TaxID: in.TaxID,
				SubmittedAt: now, SlaDueAt: due})
		})
		if err != nil {
			return err
		}
		fresh, err := q.GetCertification(ctx, row.ID)
		out = certFromRow(fresh)
		return err
	})
	return out, err
}

// MyCert returns acct's certification (NotFound if none).
func (s *Service) MyCert(ctx context.Context, acct uuid.UUID) (Certification, error) {
	row, err := s.st.GetCertificationByAccount(ctx, acct)
	if err != nil {
		return Certification{}, store.NotFound(err, "certification")
	}
	return certFromRow(row), nil
}

// GetCert returns any certification, for operations.
func (s *Service) GetCert(ctx context.Context, id uuid.UUID) (Certification, error) {
	row, err := s.st.GetCertification(ctx, id)
	if err != nil {
		return Certification{}, store.NotFound(err, "certification")
	}
	return certFromRow(row), nil
}

// DecideCert approves or rejects a submitted certification; the third rejection locks it.
func (s *Service) DecideCert(ctx context.Context, reviewer account.Account, id uuid.UUID, d Decision) error {
	actor, err := OpsActor(reviewer)
	if err != nil {
		return err
	}
	if err := d.validate(); err != nil {
		return err
	}
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		row, err := q.LockCertification(ctx, id)
		if err != nil {
			return store.NotFound(err, "certification")
		}
		if v, err := strconv.Atoi(d.Version); err != nil || int32(v) != row.Version {
			return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
		}
		ev, reason, failures := lifecycle.CertApprove, "", row.Failures
		if !d.Approve {
			ev, reason, failures = lifecycle.CertRejectEvent(int(row.Failures)), strings.TrimSpace(d.Reason), row.Failures+1
		}
		step := evidence.Step[lifecycle.CertStatus, lifecycle.CertEvent]{Machine: lifecycle.Certification, ObjectType: ObjectCert,
			ObjectID: id, From: row.Status, Event: ev, Actor: actor, ActorID: &reviewer.ID, Reason: reason, At: now}
		to, err := evidence.Transition(ctx, q, step, func(to lifecycle.CertStatus) (int64, error) {
			return q.DecideCertification(ctx, pg.DecideCertificationParams{ID: id, FromStatus: row.Status, Version: row.Version,
				ToStatus: to, Failures: failures, DecidedAt: &now, DecidedBy: &reviewer.ID, RejectReason: reason})
		})
		if err != nil {
			return err
		}
		left := max(0, lifecycle.CertMaxFailures-int(failures))
		params := map[string]string{"reason": reason, "left": strconv.Itoa(left)}
		return inbox.Send(ctx, q, row.AccountID, "cert_"+string(to), params, "/seller/certification", now)
	})
}

// UnlockCert lets an admin reopen a locked certification with a fresh count of attempts.
func (s *Service) UnlockCert(ctx context.Context, admin account.Account, id uuid.UUID, d Decision) error {
	if admin.OpsRole != account.OpsAdmin {
		return apperr.E(apperr.Forbidden, "error.forbidden")
	}
	d.Approve = false
	if err := d.validate(); err != nil {
		return err
	}
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		row, err := q.LockCertification(ctx, id)
		if err != nil {
			return store.NotFound(err, "certification")
		}
		if v, err := strconv.Atoi(d.Version); err != nil || int32(v) != row.Version {
			return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
		}
		reason := strings.TrimSpace(d.Reason)
		step := evidence.Step[lifecycle.CertStatus, lifecycle.CertEvent]{Machine: lifecycle.Certification, ObjectType: ObjectCert,
			ObjectID: id, From: row.Status, Event: lifecycle.CertUnlock, Actor: lifecycle.Admin, ActorID: &admin.ID, Reason: reason, At: now}
		_, err = evidence.Transition(ctx, q, step, func(to lifecycle.CertStatus) (int64, error) {
			// The seller's earlier rejection reason stays visible; the count starts again.
			return q.DecideCertification(ctx, pg.DecideCertificationParams{ID: id, FromStatus: row.Status, Version: row.Version,
				ToStatus: to, Failures: 0, DecidedAt: &now, DecidedBy: &admin.ID, RejectReason: row.RejectReason})
		})
		if err != nil {
			return err
		}
		return inbox.Send(ctx, q, row.AccountID, "cert_unlocked", map[string]string{"reason": reason}, "/seller/certification", now)
	})
}

// CertQueue lists certifications in status, most urgent first.
func (s *Service) CertQueue(ctx context.Context, status lifecycle.CertStatus, page int) ([]QueueItem, error) {
	if page < 1 {
		page = 1
	}
	rows, err := s.st.ListCertificationQueue(ctx, pg.ListCertificationQueueParams{Status: status, MaxRows: Page + 1, Skip: int32((page - 1) * Page)})
	if err != nil {
		return nil, err
	}
	out := make([]QueueItem, len(rows))
	for i, r := range rows {
		out[i] = QueueItem{ID: r.ID, Company: r.CompanyName, AccountName: r.AccountName, Status: string(r.Status),
			Failures: r.Failures, SubmittedAt: r.SubmittedAt, DueAt: r.SlaDueAt, DecidedAt: r.DecidedAt}
	}
	return out, nil
}

// CertCounts counts certifications per status.
func (s *Service) CertCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.st.CountCertificationsByStatus(ctx)
	if err != nil {
		return nil, err
	}
	m := map[string]int{}
	for _, r := range rows {
		m[string(r.Status)] = int(r.N)
	}
	return m, nil
}
