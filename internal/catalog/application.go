package catalog

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/ids"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Kinds of application record.
const (
	KindRelease = "release"
	KindModify  = "modify"
	KindDelist  = "delist"
)

// Number prefixes people see: 发布 (release), 变更 (modification), 下架 (delisting), 商品 (product).
var numberPrefix = map[string]string{KindRelease: "FB", KindModify: "BG", KindDelist: "XJ"}

// Application is one record of 我的申请.
type Application struct {
	ID           uuid.UUID
	Number       string
	SellerID     uuid.UUID
	Kind         string
	ProductID    *uuid.UUID
	SpecID       *uuid.UUID
	Status       lifecycle.AppStatus
	Version      int32
	AccessType   string
	Title        string
	Content      Content // release and modify
	Delist       Delist  // delist
	SavedAt      time.Time
	SubmittedAt  *time.Time
	DueAt        *time.Time
	ExtraDays    int32
	ClaimedBy    *uuid.UUID
	ClaimedAt    *time.Time
	DecidedAt    *time.Time
	Reason       string
	FieldReasons map[string]string
	ProductName  string // the live product's name, for modifications and delistings
}

// Editable reports whether the seller may still change the content.
func (a Application) Editable() bool {
	return a.Kind != KindDelist && lifecycle.AppEditable(a.Status)
}

func appFromRow(r pg.ProductApplication) (Application, error) {
	a := Application{ID: r.ID, Number: r.Number, SellerID: r.SellerID, Kind: r.Kind, ProductID: r.ProductID, SpecID: r.SpecID,
		Status: r.Status, Version: r.Version, AccessType: r.AccessType, Title: r.Title, SavedAt: r.SavedAt,
		SubmittedAt: r.SubmittedAt, DueAt: r.SlaDueAt, ExtraDays: r.ExtraDays, ClaimedBy: r.ClaimedBy, ClaimedAt: r.ClaimedAt,
		DecidedAt: r.DecidedAt, Reason: r.Reason}
	var err error
	if r.Kind == KindDelist {
		err = json.Unmarshal(r.Content, &a.Delist)
	} else {
		err = json.Unmarshal(r.Content, &a.Content)
	}
	if err != nil {
		return a, err
	}
	if len(r.FieldReasons) > 0 {
		if err := json.Unmarshal(r.FieldReasons, &a.FieldReasons); err != nil {
			return a, err
		}
	}
	return a, nil
}

// title is what lists show for a record: the product name as typed.
func title(c Content) string {
	if n := strings.TrimSpace(c.Name); n != "" {
		return n
	}
	return ""
}

// StartRelease opens a new release (发布商品) of accessType as a draft, so that
// everything the seller types from the first keystroke on is saved.
func (s *Service) StartRelease(ctx context.Context, seller account.Account, accessType string) (Application, error) {
	if !ValidType(accessType) {
		return Application{}, (apperr.Validation{"access_type": "product.type_required"}).Err()
	}
	c := Content{AccessType: accessType, SupportTimeZone: "UTC+08:00", Specs: []SpecDraft{{BillingMode: defaultBilling(accessType)}}}
	if accessType == TypeSaaS {
		c.Delivery = DeliveryInstant
	}
	return s.createDraft(ctx, seller, KindRelease, nil, c)
}

func defaultBilling(accessType string) string {
	switch accessType {
	case TypeHardware, TypeManual, TypeData:
		return BillOneTime
	}
	return BillMonthly
}

func (s *Service) createDraft(ctx context.Context, seller account.Account, kind string, product *uuid.UUID, c Content) (Application, error) {
	now := s.clock.Now()
	body, err := json.Marshal(c)
	if err != nil {
		return Application{}, err
	}
	var out Application
	err = s.st.InTx(ctx, func(q *pg.Queries) error {
		id := uuid.Must(uuid.NewV7())
		step := evidence.Step[lifecycle.AppStatus, lifecycle.AppEvent]{Machine: lifecycle.Application, ObjectType: ObjectApplication,
			ObjectID: id, From: lifecycle.AppNone, Event: lifecycle.AppCreate, Actor: lifecycle.Applicant, ActorID: &seller.ID, At: now}
		_, err := evidence.Transition(ctx, q, step, func(to lifecycle.AppStatus) (int64, error) {
			row, err := q.CreateProductApplication(ctx, pg.CreateProductApplicationParams{ID: id,
				Number: ids.Number(numberPrefix[kind], now, s.calendar.Location()), SellerID: seller.ID, Kind: kind,
				ProductID: product, Status: to, AccessType: c.AccessType, Title: title(c), Content: body, SavedAt: now, CreatedAt: now})
			if store.IsUniqueViolation(err, "product_applications_open_modify_key") {
				return 0, apperr.E(apperr.Conflict, "product.change_open")
			}
			if err != nil {
				return 0, err
			}
			out, err = appFromRow(row)
			return 1, err
		})
		return err
	})
	return out, err
}

// MyApplication returns one of seller's records; anyone else's is not found.
func (s *Service) MyApplication(ctx context.Context, seller uuid.UUID, id uuid.UUID) (Application, error) {
	row, err := s.st.GetProductApplication(ctx, id)
	if err != nil || row.SellerID != seller || row.Status == lifecycle.AppDeleted {
		return Application{}, store.NotFound(errOr(err), "application")
	}
	a, err := appFromRow(row)
	if err != nil {
		return a, err
	}
	if a.ProductID != nil {
		if p, err := s.st.GetProduct(ctx, *a.ProductID); err == nil {
			a.ProductName = p.Name
		}
	}
	return a, nil
}

// errOr turns "found but not yours" into the same not-found as "not found".
func errOr(err error) error {
	if err == nil {
		return store.ErrNoRows
	}
	return err
}

// SaveDraft stores what the seller typed, valid or not (auto-save and 存草稿).
// It returns the time of the save.
func (s *Service) SaveDraft(ctx context.Context, seller account.Account, id uuid.UUID, c Content) (time.Time, error) {
	row, err := s.st.GetProductApplication(ctx, id)
	if err != nil || row.SellerID != seller.ID || row.Status == lifecycle.AppDeleted || row.Kind == KindDelist {
		return time.Time{}, store.NotFound(errOr(err), "application")
	}
	c.AccessType = row.AccessType // the type is chosen once, when the release starts
	body, err := json.Marshal(c)
	if err != nil {
		return time.Time{}, err
	}
	now := s.clock.Now()
	n, err := s.st.SaveProductApplicationContent(ctx, pg.SaveProductApplicationContentParams{ID: id, SellerID: seller.ID,
		Content: body, Title: title(c), SavedAt: now})
	if err != nil {
		return time.Time{}, err
	}
	if n == 0 {
		return time.Time{}, apperr.E(apperr.Conflict, "product.not_editable")
	}
	return now, nil
}

// Submit saves c and, if it is complete and valid, sends the record to review
// (a draft is submitted, a rejected or withdrawn record resubmitted). An invalid
// form stays saved as typed and the error names every problem.
func (s *Service) Submit(ctx context.Context, seller account.Account, id uuid.UUID, c Content) (Application, error) {
	if _, err := s.SaveDraft(ctx, seller, id, c); err != nil {
		return Application{}, err
	}
	var out Application
	err := s.st.InTx(ctx, func(q *pg.Queries) error {
		row, err := q.LockProductApplication(ctx, id)
		if err != nil {
			return err
		}
		app, err := appFromRow(row)
		if err != nil {
			return err
		}
		checked, err := s.check(ctx, q, seller.ID, app)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		due, extra, err := s.dueFor(ctx, q, app, now)
		if err != nil {
			return err
		}
		ev := lifecycle.AppSubmit
		if row.Status != lifecycle.AppDraft {
			ev = lifecycle.AppResubmit
		}
		body, err := json.Marshal(checked.Content)
		if err != nil {
			return err
		}
		step := evidence.Step[lifecycle.AppStatus, lifecycle.AppEvent]{Machine: lifecycle.Application, ObjectType: ObjectApplication,
			ObjectID: id, From: row.Status, Event: ev, Actor: lifecycle.Applicant, ActorID: &seller.ID, At: now}
		_, err = evidence.Transition(ctx, q, step, func(to lifecycle.AppStatus) (int64, error) {
			return q.SubmitProductApplication(ctx, pg.SubmitProductApplicationParams{ID: id, FromStatus: row.Status, Version: row.Version,
				ToStatus: to, Content: body, Title: title(checked.Content), SavedAt: now, SubmittedAt: &now, SlaDueAt: &due, ExtraDays: int32(extra)})
		})
		if err != nil {
			return err
		}
		fresh, err := q.GetProductApplication(ctx, id)
		if err != nil {
			return err
		}
		out, err = appFromRow(fresh)
		return err
	})
	return out, err
}

// dueFor is the review deadline of a submission at now: 3 working days, and
// for the tenth and later release submitted by one seller in one natural day,
// one more working day per started ten (10th–19th: +1, 20th–29th: +2 …).
func (s *Service) dueFor(ctx context.Context, q *pg.Queries, app Application, now time.Time) (time.Time, int, error) {
	extra := 0
	if app.Kind == KindRelease {
		loc := s.calendar.Location()
		local := now.In(loc)
		dayStart := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
		// Serialise one seller's submissions so two at once cannot both count themselves ninth.
		if err := q.LockSellerSubmissions(ctx, app.SellerID.String()); err != nil {
			return time.Time{}, 0, err
		}
		n, err := q.CountReleasesSubmittedSince(ctx, pg.CountReleasesSubmittedSinceParams{SellerID: app.SellerID, Since: &dayStart, ExceptID: app.ID})
		if err != nil {
			return time.Time{}, 0, err
		}
		extra = ExtraReviewDays(int(n) + 1)
	}
	due, err := s.calendar.DueIn(ctx, q, now, 3+extra)
	return due, extra, err
}

// ExtraReviewDays is the SLA extension of a seller's nth release submission of a day.
func ExtraReviewDays(nth int) int { return nth / 10 }

// Withdraw takes a pending record back from review (撤回).
func (s *Service) Withdraw(ctx context.Context, seller account.Account, id uuid.UUID) error {
	return s.sellerStep(ctx, seller, id, lifecycle.AppWithdraw)
}

// Delete removes a draft, rejected or withdrawn record from the seller's lists.
// Its evidence stays.
func (s *Service) Delete(ctx context.Context, seller account.Account, id uuid.UUID) error {
	return s.sellerStep(ctx, seller, id, lifecycle.AppDelete)
}

func (s *Service) sellerStep(ctx context.Context, seller account.Account, id uuid.UUID, ev lifecycle.AppEvent) error {
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		row, err := s.lockApplication(ctx, q, id)
		if err != nil || row.SellerID != seller.ID || row.Status == lifecycle.AppDeleted {
			return store.NotFound(errOr(err), "application")
		}
		step := evidence.Step[lifecycle.AppStatus, lifecycle.AppEvent]{Machine: lifecycle.Application, ObjectType: ObjectApplication,
			ObjectID: id, From: row.Status, Event: ev, Actor: lifecycle.Applicant, ActorID: &seller.ID, At: now}
		_, err = evidence.Transition(ctx, q, step, func(to lifecycle.AppStatus) (int64, error) {
			return q.SetProductApplicationStatus(ctx, pg.SetProductApplicationStatusParams{ID: id, FromStatus: row.Status,
				Version: row.Version, ToStatus: to})
		})
		if err != nil || row.Kind != KindDelist || ev != lifecycle.AppWithdraw {
			return err
		}
		// A withdrawn delisting request puts the product or spec back on sale.
		return s.endDelisting(ctx, q, row, lifecycle.ShelfCancelDelist, lifecycle.Applicant, seller.ID, "", now)
	})
}

// ApplicationPage is the page size of application lists.
const ApplicationPage = 20

// MyApplications lists seller's records, newest save first; drafts only for the drafts box.
func (s *Service) MyApplications(ctx context.Context, seller uuid.UUID, onlyDrafts bool, page int) ([]Application, error) {
	if page < 1 {
		page = 1
	}
	rows, err := s.st.ListSellerApplications(ctx, pg.ListSellerApplicationsParams{SellerID: seller, OnlyDrafts: onlyDrafts,
		MaxRows: ApplicationPage + 1, Skip: int32((page - 1) * ApplicationPage)})
	if err != nil {
		return nil, err
	}
	out := make([]Application, 0, len(rows))
	for _, r := range rows {
		a, err := appFromRow(pg.ProductApplication{ID: r.ID, Number: r.Number, SellerID: r.SellerID, Kind: r.Kind, ProductID: r.ProductID,
			SpecID: r.SpecID, Status: r.Status, Version: r.Version, AccessType: r.AccessType, Title: r.Title, Content: r.Content,
			SavedAt: r.SavedAt, SubmittedAt: r.SubmittedAt, SlaDueAt: r.SlaDueAt, ExtraDays: r.ExtraDays, ClaimedBy: r.ClaimedBy,
			ClaimedAt: r.ClaimedAt, DecidedAt: r.DecidedAt, DecidedBy: r.DecidedBy, Reason: r.Reason, FieldReasons: r.FieldReasons,
			CreatedAt: r.CreatedAt})
		if err != nil {
			return nil, err
		}
		a.ProductName = r.ProductName
		out = append(out, a)
	}
	return out, nil
}
