package catalog

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/ids"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Product is a listed product as its seller sees it.
type Product struct {
	ID            uuid.UUID
	Number        string
	SellerID      uuid.UUID
	AccessType    string
	Status        lifecycle.ShelfStatus
	Version       int32
	Public        bool
	Name, NameEn  string
	CategoryID    string
	Summary       string
	LogoFileID    *uuid.UUID
	Content       Content // without specs
	MinPrice      *money.Fen
	Target        string
	AssocProduct  *uuid.UUID
	ListedAt      time.Time
	DelistedAt    *time.Time
	UpdatedAt     time.Time
	Specs         []Spec
	SpecsOnSale   int
	HasOpenChange bool
	PriceMode     string // billing mode of the MinPrice spec (seller's product list only)
}

// Spec is a listed spec.
type Spec struct {
	ID               uuid.UUID
	Position         int32
	Name             string
	BillingMode      string
	Price            money.Fen
	TrialDays        int32
	Status           lifecycle.ShelfStatus
	Version          int32
	Public           bool
	Target           string
	LimitPerUser     int32
	LimitUntilExpiry bool
	TrialRestricted  bool
}

func productFromRow(r pg.Product) (Product, error) {
	p := Product{ID: r.ID, Number: r.Number, SellerID: r.SellerID, AccessType: r.AccessType, Status: r.Status, Version: r.Version,
		Public: r.Public, Name: r.Name, NameEn: r.NameEn, CategoryID: r.CategoryID, Summary: r.Summary, LogoFileID: r.LogoFileID,
		Target: r.Target, AssocProduct: r.AssocProductID, ListedAt: r.ListedAt, DelistedAt: r.DelistedAt, UpdatedAt: r.UpdatedAt}
	if r.MinPriceFen != nil {
		m := money.Fen(*r.MinPriceFen)
		p.MinPrice = &m
	}
	return p, json.Unmarshal(r.Content, &p.Content)
}

func specFromRow(r pg.ProductSpec) Spec {
	return Spec{ID: r.ID, Position: r.Position, Name: r.Name, BillingMode: r.BillingMode, Price: money.Fen(r.PriceFen),
		TrialDays: r.TrialDays, Status: r.Status, Version: r.Version, Public: r.Public, Target: r.Target,
		LimitPerUser: r.LimitPerUser, LimitUntilExpiry: r.LimitUntilExpiry, TrialRestricted: r.TrialRestricted}
}

// ProductPage is the page size of the seller's product list.
const ProductPage = 20

// MyProducts lists seller's products, on sale first, newest first.
func (s *Service) MyProducts(ctx context.Context, seller uuid.UUID, page int) ([]Product, error) {
	if page < 1 {
		page = 1
	}
	rows, err := s.st.ListSellerProducts(ctx, pg.ListSellerProductsParams{SellerID: seller, MaxRows: ProductPage + 1,
		Skip: int32((page - 1) * ProductPage)})
	if err != nil {
		return nil, err
	}
	out := make([]Product, 0, len(rows))
	for _, r := range rows {
		p, err := productFromRow(pg.Product{ID: r.ID, Number: r.Number, SellerID: r.SellerID, AccessType: r.AccessType, Status: r.Status,
			Version: r.Version, Public: r.Public, Name: r.Name, NameEn: r.NameEn, CategoryID: r.CategoryID, Summary: r.Summary,
			LogoFileID: r.LogoFileID, Content: r.Content, MinPriceFen: r.MinPriceFen, Target: r.Target, AssocProductID: r.AssocProductID,
			ListedAt: r.ListedAt, DelistedAt: r.DelistedAt, UpdatedAt: r.UpdatedAt})
		if err != nil {
			return nil, err
		}
		p.SpecsOnSale, p.HasOpenChange, p.PriceMode = int(r.SpecsOnSale), r.HasOpenChange, r.PriceMode
		out = append(out, p)
	}
	return out, nil
}

// MyProduct returns one of seller's products with its specs; anyone else's is not found.
func (s *Service) MyProduct(ctx context.Context, seller, id uuid.UUID) (Product, error) {
	p, err := s.product(ctx, s.st.Queries, id)
	if err != nil || p.SellerID != seller {
		return Product{}, store.NotFound(errOr(err), "product")
	}
	return p, nil
}

// ProductForOps returns any product with its specs.
func (s *Service) ProductForOps(ctx context.Context, id uuid.UUID) (Product, error) {
	p, err := s.product(ctx, s.st.Queries, id)
	if err != nil {
		return Product{}, store.NotFound(err, "product")
	}
	return p, nil
}

func (s *Service) product(ctx context.Context, q *pg.Queries, id uuid.UUID) (Product, error) {
	row, err := q.GetProduct(ctx, id)
	if err != nil {
		return Product{}, err
	}
	p, err := productFromRow(row)
	if err != nil {
		return p, err
	}
	specs, err := q.ListProductSpecs(ctx, id)
	if err != nil {
		return p, err
	}
	for _, r := range specs {
		sp := specFromRow(r)
		p.Specs = append(p.Specs, sp)
		if lifecycle.OnSale(sp.Status) {
			p.SpecsOnSale++
		}
	}
	return p, nil
}

// OpenChange returns the product's open modification, if any (NotFound otherwise).
func (s *Service) OpenChange(ctx context.Context, seller, product uuid.UUID) (Application, error) {
	row, err := s.st.GetOpenModification(ctx, product)
	if err != nil || row.SellerID != seller {
		return Application{}, store.NotFound(errOr(err), "application")
	}
	return appFromRow(row)
}

// StartModification opens a modification of a product on sale: a draft that
// copies the live version, which keeps selling unchanged until approval. If a
// change is already open, that one is returned instead.
func (s *Service) StartModification(ctx context.Context, seller account.Account, product uuid.UUID) (Application, error) {
	if open, err := s.OpenChange(ctx, seller.ID, product); err == nil {
		return open, nil
	}
	p, err := s.MyProduct(ctx, seller.ID, product)
	if err != nil {
		return Application{}, err
	}
	if !lifecycle.OnSale(p.Status) {
		return Application{}, apperr.E(apperr.Conflict, "product.not_on_sale")
	}
	c := p.Content
	c.AccessType = p.AccessType
	for _, sp := range p.Specs {
		if lifecycle.OnSale(sp.Status) {
			trial := ""
			if sp.TrialDays > 0 {
				trial = strconv.Itoa(int(sp.TrialDays))
			}
			c.Specs = append(c.Specs, SpecDraft{ID: sp.ID.String(), Name: sp.Name, BillingMode: sp.BillingMode,
				Price: money.Input(sp.Price), TrialDays: trial})
		}
	}
	app, err := s.createDraft(ctx, seller, KindModify, &p.ID, c)
	if apperr.Is(err, apperr.Conflict) {
		return s.OpenChange(ctx, seller.ID, product) // opened by a parallel click
	}
	return app, err
}

// SetPublic hides a product from lists and search (URL only) or shows it
// again; showing it makes every spec public too (domain §2.8).
func (s *Service) SetPublic(ctx context.Context, seller account.Account, product uuid.UUID, public bool) error {
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		p, err := q.LockProduct(ctx, product)
		if err != nil || p.SellerID != seller.ID {
			return store.NotFound(errOr(err), "product")
		}
		if !lifecycle.OnSale(p.Status) {
			return apperr.E(apperr.Conflict, "product.not_on_sale")
		}
		if p.Public == public {
			return nil
		}
		if _, err := q.SetProductPublic(ctx, pg.SetProductPublicParams{ID: p.ID, Version: p.Version, Public: public, UpdatedAt: now}); err != nil {
			return err
		}
		if public {
			if err := q.SetAllProductSpecsPublic(ctx, p.ID); err != nil {
				return err
			}
		}
		if err := s.note(ctx, q, ObjectProduct, p.ID, string(p.Status), seller.ID, visibilityEvent(public), "", now); err != nil {
			return err
		}
		return q.RefreshProductListing(ctx, p.ID)
	})
}

// SetSpecPublic hides or shows one spec.
func (s *Service) SetSpecPublic(ctx context.Context, seller account.Account, product, spec uuid.UUID, public bool) error {
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		p, err := q.LockProduct(ctx, product)
		if err != nil || p.SellerID != seller.ID {
			return store.NotFound(errOr(err), "product")
		}
		sp, err := q.GetProductSpec(ctx, spec)
		if err != nil || sp.ProductID != p.ID {
			return store.NotFound(errOr(err), "spec")
		}
		if !lifecycle.OnSale(sp.Status) {
			return apperr.E(apperr.Conflict, "product.not_on_sale")
		}
		if sp.Public == public {
			return nil
		}
		if _, err := q.SetProductSpecPublic(ctx, pg.SetProductSpecPublicParams{ID: sp.ID, ProductID: p.ID, Public: public}); err != nil {
			return err
		}
		if err := s.note(ctx, q, ObjectSpec, sp.ID, string(sp.Status), seller.ID, visibilityEvent(public), "", now); err != nil {
			return err
		}
		return q.RefreshProductListing(ctx, p.ID)
	})
}

func visibilityEvent(public bool) string {
	if public {
		return "show"
	}
	return "hide"
}

// note records a change that is not a status change (hiding, sales
// configuration) in the object's evidence log, so it is audited just the same.
func (s *Service) note(ctx context.Context, q *pg.Queries, objectType string, id uuid.UUID, status string, actor uuid.UUID,
	event, reason string, at time.Time) error {
	_, err := evidence.Append(ctx, q, evidence.Entry{ObjectType: objectType, ObjectID: id, ActorID: &actor,
		ActorRole: string(lifecycle.Applicant), Event: event, From: status, To: status, Reason: reason, At: at})
	return err
}

// DelistInput is the delisting form.
type DelistInput struct {
	SpecID      string // empty: the whole product
	Reason      string
	ProofFileID string // optional upload
}

// DelistProofPurpose is the upload purpose of delisting proof.
const DelistProofPurpose = "delist_proof"

// RequestDelist asks operations to delist a spec or the whole product
// (下架). It stays on sale until the request is approved.
func (s *Service) RequestDelist(ctx context.Context, seller account.Account, product uuid.UUID, in DelistInput) (Application, error) {
	v := apperr.Validation{}
	reason := strings.TrimSpace(in.Reason)
	if n := runes(reason); n < 5 || n > 500 {
		v.Add("reason", "product.delist_reason_rule")
	}
	d := Delist{Reason: reason}
	var attach []evidence.Attachment
	if in.ProofFileID != "" {
		id, err := uuid.Parse(in.ProofFileID)
		if err == nil {
			f, ferr := s.files.Owned(ctx, seller.ID, id, DelistProofPurpose)
			if ferr == nil {
				d.ProofFileID, d.ProofName = f.ID.String(), f.Name
				attach = append(attach, evidence.Attachment{FileID: f.ID, Name: f.Name, SHA256: f.SHA256, Size: f.Size})
			}
			err = ferr
		}
		if err != nil {
			v.Add("proof", "product.delist_proof_invalid")
		}
	}
	if err := v.Err(); err != nil {
		return Application{}, err
	}
	now := s.clock.Now()
	var out Application
	err := s.st.InTx(ctx, func(q *pg.Queries) error {
		p, err := q.LockProduct(ctx, product)
		if err != nil || p.SellerID != seller.ID {
			return store.NotFound(errOr(err), "product")
		}
		var specID *uuid.UUID
		if in.SpecID != "" {
			sid, err := uuid.Parse(in.SpecID)
			if err != nil {
				return store.NotFound(store.ErrNoRows, "spec")
			}
			sp, err := q.GetProductSpec(ctx, sid)
			if err != nil || sp.ProductID != p.ID {
				return store.NotFound(errOr(err), "spec")
			}
			if sp.Status != lifecycle.ShelfListed || !lifecycle.OnSale(p.Status) {
				return apperr.E(apperr.Conflict, "product.delist_pending_or_done")
			}
			// A product on sale keeps a spec to sell; to stop selling the last
			// one the seller delists the product.
			specs, err := q.ListProductSpecs(ctx, p.ID)
			if err != nil {
				return err
			}
			others := 0
			for _, o := range specs {
				if o.ID != sp.ID && o.Status == lifecycle.ShelfListed {
					others++
				}
			}
			if others == 0 {
				return (apperr.Validation{"spec_id": "product.delist_last_spec"}).Err()
			}
			d.SpecID, d.SpecName, specID = sp.ID.String(), sp.Name, &sp.ID
			if err := s.specStep(ctx, q, sp, lifecycle.ShelfRequestDelist, lifecycle.Applicant, seller.ID, reason, now); err != nil {
				return err
			}
		} else {
			if p.Status != lifecycle.ShelfListed {
				return apperr.E(apperr.Conflict, "product.delist_pending_or_done")
			}
			err := shelfStep(ctx, q, ObjectProduct, p.ID, p.Status, lifecycle.ShelfRequestDelist, lifecycle.Applicant, seller.ID, reason, now,
				func(to lifecycle.ShelfStatus) (int64, error) {
					return q.SetProductStatus(ctx, pg.SetProductStatusParams{ID: p.ID, FromStatus: p.Status, Version: p.Version, ToStatus: to, UpdatedAt: now})
				})
			if err != nil {
				return err
			}
		}
		due, err := s.calendar.DueIn(ctx, q, now, 3)
		if err != nil {
			return err
		}
		body, err := json.Marshal(d)
		if err != nil {
			return err
		}
		id := uuid.Must(uuid.NewV7())
		step := evidence.Step[lifecycle.AppStatus, lifecycle.AppEvent]{Machine: lifecycle.Application, ObjectType: ObjectApplication,
			ObjectID: id, From: lifecycle.AppNone, Event: lifecycle.AppSubmit, Actor: lifecycle.Applicant, ActorID: &seller.ID,
			Reason: reason, Attachments: attach, At: now}
		_, err = evidence.Transition(ctx, q, step, func(to lifecycle.AppStatus) (int64, error) {
			row, err := q.CreateProductApplication(ctx, pg.CreateProductApplicationParams{ID: id, Number: ids.Number(numberPrefix[KindDelist], now, s.calendar.Location()),
				SellerID: seller.ID, Kind: KindDelist, ProductID: &p.ID, SpecID: specID, Status: to, AccessType: p.AccessType, Title: p.Name,
				Content: body, SavedAt: now, SubmittedAt: &now, SlaDueAt: &due, CreatedAt: now})
			if store.IsUniqueViolation(err, "product_applications_open_delist_key") {
				return 0, nil
			}
			if err != nil {
				return 0, err
			}
			out, err = appFromRow(row)
			out.ProductName = p.Name
			return 1, err
		})
		return err
	})
	return out, err
}

// PendingDelistings lists the product's delisting requests awaiting review.
func (s *Service) PendingDelistings(ctx context.Context, product uuid.UUID) ([]Application, error) {
	rows, err := s.st.ListPendingDelistings(ctx, product)
	if err != nil {
		return nil, err
	}
	out := make([]Application, 0, len(rows))
	for _, r := range rows {
		a, err := appFromRow(r)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
