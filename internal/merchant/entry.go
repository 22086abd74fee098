package merchant

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/evidence"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/ids"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Entry prerequisites (domain §1.1).
const (
	MinYearsInBusiness   = 1
	MinHeadcount         = 15
	MinRegisteredCapital = money.Fen(500_000_00)
)

// Application is a seller entry application.
type Application struct {
	ID                uuid.UUID
	Number            string
	AccountID         uuid.UUID
	Status            lifecycle.EntryStatus
	Version           int32
	CompanyName       string
	Website           string
	LogoFileID        uuid.UUID
	LicenceFileID     uuid.UUID
	YearsInBusiness   int32
	Headcount         int32
	RegisteredCapital money.Fen
	ContactName       string
	ContactPhone      string
	ContactEmail      string
	CSPhone           string
	CSEmail           string
	Profile           string
	AgreementID       uuid.UUID
	SubmittedAt       time.Time
	DueAt             time.Time
	DecidedAt         *time.Time
	RejectReason      string
}

func entryFromRow(r pg.EntryApplication) Application {
	return Application{ID: r.ID, Number: r.Number, AccountID: r.AccountID, Status: r.Status, Version: r.Version,
		CompanyName: r.CompanyName, Website: r.Website, LogoFileID: r.LogoFileID, LicenceFileID: r.LicenceFileID,
		YearsInBusiness: r.YearsInBusiness, Headcount: r.Headcount, RegisteredCapital: money.Fen(r.RegisteredCapitalFen),
		ContactName: r.ContactName, ContactPhone: r.ContactPhone, ContactEmail: r.ContactEmail, CSPhone: r.CsPhone,
		CSEmail: r.CsEmail, Profile: r.Profile, AgreementID: r.AgreementID, SubmittedAt: r.SubmittedAt, DueAt: r.SlaDueAt,
		DecidedAt: r.DecidedAt, RejectReason: r.RejectReason}
}

// EntryInput is the entry form as typed. File fields hold ids of files the
// applicant uploaded (in this request or an earlier one that failed validation).
type EntryInput struct {
	CompanyName, Website           string
	LogoFileID, LicenceFileID      string
	YearsInBusiness, Headcount     string
	RegisteredCapital              string // yuan, e.g. "1,000,000.00"
	ContactName, ContactPhone      string
	ContactEmail, CSPhone, CSEmail string
	Profile                        string
	AgreementID                    string
	Agreed                         bool
	Version                        string // the version the applicant edited, for resubmission
}

var linkRe = regexp.MustCompile(`(?i)(https?://|www\.|\b[a-z0-9-]+\.(com|cn|net|org|io)\b)`)

func runes(s string) int { return utf8.RuneCountInString(s) }

type parsedEntry struct {
	company, website, contactName, contactPhone, contactEmail, csPhone, csEmail, profile string
	years, headcount                                                                     int32
	capital                                                                              money.Fen
	logo, licence, agreementID                                                           uuid.UUID
	evidence                                                                             []evidence.Attachment // the uploads, kept with the event
}

// ownedFile checks that id names a file owner uploaded for purpose, records it
// as evidence and returns it; otherwise it adds msg to field.
func (s *Service) ownedFile(ctx context.Context, owner uuid.UUID, id, purpose, field, msg string, v apperr.Validation, ev *[]evidence.Attachment) uuid.UUID {
	fid, err := uuid.Parse(id)
	if err != nil {
		v.Add(field, msg)
		return uuid.Nil
	}
	f, err := s.files.Owned(ctx, owner, fid, purpose)
	if err != nil {
		v.Add(field, msg)
		return uuid.Nil
	}
	*ev = append(*ev, evidence.Attachment{FileID: f.ID, Name: f.Name, SHA256: f.SHA256, Size: f.Size})
	return fid
}

func (s *Service) validateEntry(ctx context.Context, owner uuid.UUID, in EntryInput) (parsedEntry, error) {
	v := apperr.Validation{}
	p := parsedEntry{
		company: strings.TrimSpace(in.CompanyName), website: strings.TrimSpace(in.Website),
		contactName: strings.TrimSpace(in.ContactName), contactPhone: strings.TrimSpace(in.ContactPhone),
		contactEmail: strings.TrimSpace(in.ContactEmail), csPhone: strings.TrimSpace(in.CSPhone),
		csEmail: strings.TrimSpace(in.CSEmail), profile: strings.TrimSpace(in.Profile),
	}
	if n := runes(p.company); n < 2 || n > 100 {
		v.Add("company_name", "entry.company_name_rule")
	}
	if u, err := url.Parse(p.website); err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") || len(p.website) > 200 {
		v.Add("website", "entry.website_rule")
	}
	p.logo = s.ownedFile(ctx, owner, in.LogoFileID, "entry_logo", "logo", "entry.logo_required", v, &p.evidence)
	p.licence = s.ownedFile(ctx, owner, in.LicenceFileID, "entry_licence", "licence", "entry.licence_required", v, &p.evidence)
	if n, err := strconv.Atoi(strings.TrimSpace(in.YearsInBusiness)); err != nil || n < 0 || n > 500 {
		v.Add("years_in_business", "entry.number_rule")
	} else if n < MinYearsInBusiness {
		v.Add("years_in_business", "entry.years_min")
	} else {
		p.years = int32(n)
	}
	if n, err := strconv.Atoi(strings.TrimSpace(in.Headcount)); err != nil || n < 0 || n > 10_000_000 {
		v.Add("headcount", "entry.number_rule")
	} else if n < MinHeadcount {
		v.Add("headcount", "entry.headcount_min")
	} else {
		p.headcount = int32(n)
	}
	if c, err := money.Parse(in.RegisteredCapital); err != nil {
		v.Add("registered_capital", "entry.capital_rule")
	} else if c < MinRegisteredCapital {
		v.Add("registered_capital", "entry.capital_min")
	} else {
		p.capital = c
	}
	if n := runes(p.contactName); n < 2 || n > 50 {
		v.Add("contact_name", "entry.contact_name_rule")
	}
	if !account.ValidPhone(p.contactPhone) {
		v.Add("contact_phone", "entry.phone_rule")
	}
	if !account.ValidEmail(p.contactEmail) {
		v.Add("contact_email", "account.email_invalid")
	}
	if !account.ValidPhone(p.csPhone) {
		v.Add("cs_phone", "entry.phone_rule")
	}
	if !account.ValidEmail(p.csEmail) {
		v.Add("cs_email", "account.email_invalid")
	}
	if n := runes(p.profile); n < 20 || n > 2000 {
		v.Add("profile", "entry.profile_rule")
	} else if linkRe.MatchString(p.profile) {
		v.Add("profile", "entry.profile_links")
	}
	current, err := s.agreements.Current(ctx, agreement.SellerCooperation)
	if err != nil {
		return p, err
	}
	if !in.Agreed {
		v.Add("agreement", "entry.agreement_required")
	} else if in.AgreementID != current.ID.String() {
		// A new version was published while the applicant was reading the old one.
		v.Add("agreement", "entry.agreement_changed")
	}
	p.agreementID = current.ID
	return p, v.Err()
}

// ValidateEntry checks an entry form without submitting it (used to report
// every problem at once when an upload in the same request failed).
func (s *Service) ValidateEntry(ctx context.Context, owner uuid.UUID, in EntryInput) error {
	_, err := s.validateEntry(ctx, owner, in)
	return err
}

// SubmitEntry submits acct's entry application, or resubmits a rejected one.
func (s *Service) SubmitEntry(ctx context.Context, acct account.Account, in EntryInput) (Application, error) {
	if acct.IsOps() {
		return Application{}, apperr.E(apperr.Forbidden, "entry.ops_cannot_apply")
	}
	p, err := s.validateEntry(ctx, acct.ID, in)
	if err != nil {
		return Application{}, err
	}
	now := s.clock.Now()
	var out Application
	err = s.st.InTx(ctx, func(q *pg.Queries) error {
		due, err := s.calendar.Due(ctx, q, now)
		if err != nil {
			return err
		}
		existing, err := q.GetEntryApplicationByAccount(ctx, acct.ID)
		isNew := store.IsNoRows(err)
		if err != nil && !isNew {
			return err
		}
		if err := agreement.Sign(ctx, q, acct.ID, p.agreementID, now); err != nil {
			return err
		}
		actor := &acct.ID
		if isNew {
			id := uuid.Must(uuid.NewV7())
			step := evidence.Step[lifecycle.EntryStatus, lifecycle.EntryEvent]{Machine: lifecycle.Entry, ObjectType: ObjectEntry,
				ObjectID: id, From: lifecycle.EntryNone, Event: lifecycle.EntrySubmit, Actor: lifecycle.Applicant, ActorID: actor, At: now,
				Attachments: p.evidence}
			_, err = evidence.Transition(ctx, q, step, func(to lifecycle.EntryStatus) (int64, error) {
				row, err := q.CreateEntryApplication(ctx, pg.CreateEntryApplicationParams{ID: id,
					Number: ids.Number("RZ", now, s.calendar.Location()), AccountID: acct.ID, Status: to,
					CompanyName: p.company, Website: p.website, LogoFileID: p.logo, LicenceFileID: p.licence,
					YearsInBusiness: p.years, Headcount: p.headcount, RegisteredCapitalFen: int64(p.capital),
					ContactName: p.contactName, ContactPhone: p.contactPhone, ContactEmail: p.contactEmail,
					CsPhone: p.csPhone, CsEmail: p.csEmail, Profile: p.profile, AgreementID: p.agreementID,
					SubmittedAt: now, SlaDueAt: due, CreatedAt: now})
				if store.IsUniqueViolation(err, "entry_applications_account_id_key") {
					return 0, nil // a double submit: the other request created it
				}
				out = entryFromRow(row)
				return 1, err
			})
			return err
		}
		row, err := q.LockEntryApplication(ctx, existing.ID)
		if err != nil {
			return err
		}
		if v, err := strconv.Atoi(in.Version); err != nil || int32(v) != row.Version {
			return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
		}
		step := evidence.Step[lifecycle.EntryStatus, lifecycle.EntryEvent]{Machine: lifecycle.Entry, ObjectType: ObjectEntry,
			ObjectID: row.ID, From: row.Status, Event: lifecycle.EntryResubmit, Actor: lifecycle.Applicant, ActorID: actor, At: now,
			Attachments: p.evidence}
		_, err = evidence.Transition(ctx, q, step, func(to lifecycle.EntryStatus) (int64, error) {
			return q.ResubmitEntryApplication(ctx, pg.ResubmitEntryApplicationParams{ID: row.ID, FromStatus: row.Status,
				Version: row.Version, ToStatus: to, CompanyName: p.company, Website: p.website, LogoFileID: p.logo,
				LicenceFileID: p.licence, YearsInBusiness: p.years, Headcount: p.headcount,
				RegisteredCapitalFen: int64(p.capital), ContactName: p.contactName, ContactPhone: p.contactPhone,
				ContactEmail: p.contactEmail, CsPhone: p.csPhone, CsEmail: p.csEmail, Profile: p.profile,
				AgreementID: p.agreementID, SubmittedAt: now, SlaDueAt: due})
		})
		if err != nil {
			return err
		}
		fresh, err := q.GetEntryApplication(ctx, row.ID)
		out = entryFromRow(fresh)
		return err
	})
	return out, err
}

// MyEntry returns acct's own application (NotFound if it has none).
func (s *Service) MyEntry(ctx context.Context, acct uuid.UUID) (Application, error) {
	row, err := s.st.GetEntryApplicationByAccount(ctx, acct)
	if err != nil {
		return Application{}, store.NotFound(err, "entry")
	}
	return entryFromRow(row), nil
}

// GetEntry returns any application, for operations.
func (s *Service) GetEntry(ctx context.Context, id uuid.UUID) (Application, error) {
	row, err := s.st.GetEntryApplication(ctx, id)
	if err != nil {
		return Application{}, store.NotFound(err, "entry")
	}
	return entryFromRow(row), nil
}

// Decision is a reviewer's verdict.
type Decision struct {
	Approve bool
	Reason  string
	Version string // the version the reviewer looked at
}

func (d Decision) validate() error {
	if d.Approve {
		return nil
	}
	if n := runes(strings.TrimSpace(d.Reason)); n < 5 || n > 1000 {
		return (apperr.Validation{"reason": "review.reason_rule"}).Err()
	}
	return nil
}

// DecideEntry approves or rejects a pending application. Two reviewers on one
// application: the first wins, the second gets a Conflict.
func (s *Service) DecideEntry(ctx context.Context, reviewer account.Account, id uuid.UUID, d Decision) error {
	actor, err := OpsActor(reviewer)
	if err != nil {
		return err
	}
	if err := d.validate(); err != nil {
		return err
	}
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		row, err := q.LockEntryApplication(ctx, id)
		if err != nil {
			return store.NotFound(err, "entry")
		}
		if v, err := strconv.Atoi(d.Version); err != nil || int32(v) != row.Version {
			return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
		}
		ev, reason := lifecycle.EntryApprove, ""
		if !d.Approve {
			ev, reason = lifecycle.EntryReject, strings.TrimSpace(d.Reason)
		}
		step := evidence.Step[lifecycle.EntryStatus, lifecycle.EntryEvent]{Machine: lifecycle.Entry, ObjectType: ObjectEntry,
			ObjectID: id, From: row.Status, Event: ev, Actor: actor, ActorID: &reviewer.ID, Reason: reason, At: now}
		_, err = evidence.Transition(ctx, q, step, func(to lifecycle.EntryStatus) (int64, error) {
			return q.DecideEntryApplication(ctx, pg.DecideEntryApplicationParams{ID: id, FromStatus: row.Status, Version: row.Version,
				ToStatus: to, DecidedAt: &now, DecidedBy: &reviewer.ID, RejectReason: reason})
		})
		if err != nil {
			return err
		}
		topic := "entry_approved"
		if d.Approve {
			// The entry review checked the business licence: the account now buys as an enterprise.
			if err := q.SetAccountIdentity(ctx, pg.SetAccountIdentityParams{ID: row.AccountID, Identity: "enterprise"}); err != nil {
				return err
			}
		}
		if !d.Approve {
			topic = "entry_rejected"
		}
		return inbox.Send(ctx, q, row.AccountID, topic, map[string]string{"number": row.Number, "reason": reason}, "/seller", now)
	})
}

// QueueItem is one row of a review queue.
type QueueItem struct {
	ID          uuid.UUID
	Number      string
	Company     string
	AccountName string
	Status      string
	Failures    int32
	SubmittedAt time.Time
	DueAt       time.Time
	DecidedAt   *time.Time
}

// EntryQueue lists applications in status, most urgent first.
func (s *Service) EntryQueue(ctx context.Context, status lifecycle.EntryStatus, page int) ([]QueueItem, error) {
	if page < 1 {
		page = 1
	}
	rows, err := s.st.ListEntryQueue(ctx, pg.ListEntryQueueParams{Status: status, MaxRows: Page + 1, Skip: int32((page - 1) * Page)})
	if err != nil {
		return nil, err
	}
	out := make([]QueueItem, len(rows))
	for i, r := range rows {
		out[i] = QueueItem{ID: r.ID, Number: r.Number, Company: r.CompanyName, AccountName: r.AccountName, Status: string(r.Status),
			SubmittedAt: r.SubmittedAt, DueAt: r.SlaDueAt, DecidedAt: r.DecidedAt}
	}
	return out, nil
}

// EntryCounts counts applications per status.
func (s *Service) EntryCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.st.CountEntryByStatus(ctx)
	if err != nil {
		return nil, err
	}
	m := map[string]int{}
	for _, r := range rows {
		m[string(r.Status)] = int(r.N)
	}
	return m, nil
}

// EntryOverdue counts pending applications past their deadline.
func (s *Service) EntryOverdue(ctx context.Context) (int, error) {
	n, err := s.st.CountEntryOverdue(ctx, s.clock.Now())
	return int(n), err
}
