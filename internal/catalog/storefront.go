package catalog

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"agora/internal/file"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// The storefront: what buyers browse, search and open. Lists show only what is
// on sale to everyone; a hidden product opens by its URL, a hidden spec only
// when the URL names it; a delisted product answers that it is gone.

// Storefront limits.
const (
	ShopPageSize  = 24
	ShopMaxPage   = 42   // deeper pages are refused: refine the search instead
	ShopCountCap  = 1000 // browse counts stop here ("1000+")
	ShopRankCap   = 500  // a relevance search ranks at most this many matches ("500+")
	ShopMaxQuery  = 100  // characters of a search query
	ShopShelfSize = 4    // products per category on the home page
	ShopNewest    = 8    // newest products on the home page
)

// Sort orders of the catalog.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortPriceAsc  = "price_asc"
	SortPriceDesc = "price_desc"
)

// ShopQuery is what a buyer asked the catalog for.
type ShopQuery struct {
	Q        string
	Category string
	Type     string
	Billing  string
	PriceMin *money.Fen
	PriceMax *money.Fen
	Sort     string
	Page     int
}

// Normalize trims the query, drops filters that name nothing, picks the
// default order and clamps the page.
func (q ShopQuery) Normalize() ShopQuery {
	q.Q = strings.Join(strings.Fields(q.Q), " ")
	for utf8.RuneCountInString(q.Q) > ShopMaxQuery {
		_, n := utf8.DecodeLastRuneInString(q.Q)
		q.Q = q.Q[:len(q.Q)-n]
	}
	if !ValidType(q.Type) {
		q.Type = ""
	}
	if q.Billing != BillMonthly && q.Billing != BillYearly && q.Billing != BillOneTime && q.Billing != BillPerUse {
		q.Billing = ""
	}
	if q.PriceMin != nil && q.PriceMax != nil && *q.PriceMin > *q.PriceMax {
		q.PriceMin, q.PriceMax = q.PriceMax, q.PriceMin
	}
	switch q.Sort {
	case SortNewest, SortPriceAsc, SortPriceDesc:
	case SortRelevance:
		if q.Q == "" {
			q.Sort = SortNewest
		}
	default:
		q.Sort = SortNewest
		if q.Q != "" {
			q.Sort = SortRelevance
		}
	}
	q.Page = min(max(q.Page, 1), ShopMaxPage)
	return q
}

// ShopCategory is a category of the catalog.
type ShopCategory struct{ ID, NameZh, NameEn string }

// ShopCard is a product as lists show it.
type ShopCard struct {
	ID           uuid.UUID
	Name, NameEn string
	Summary      string
	AccessType   string
	CategoryID   string
	MinPrice     money.Fen
	PriceMode    string // billing mode of the cheapest spec
	BillingModes []string
	HasLogo      bool
	Seller       string
	ListedAt     time.Time
}

// ShopResults is one page of the catalog.
type ShopResults struct {
	Query   ShopQuery
	Cards   []ShopCard
	Total   int  // matching products (at least, when Capped)
	Capped  bool // there are more than Total
	HasNext bool
}

// ShopHome is the storefront's front page.
type ShopHome struct {
	Categories []ShopCategory
	Newest     []ShopCard
	Shelves    map[string][]ShopCard // by category id
}

// ShopSpec is a spec a buyer can see.
type ShopSpec struct {
	ID           uuid.UUID
	Name         string
	BillingMode  string
	Price        money.Fen
	TrialDays    int32
	Target       string
	LimitPerUser int32
	Public       bool
}

// ShopProduct is a product page.
type ShopProduct struct {
	ID           uuid.UUID
	Number       string
	SellerID     uuid.UUID
	Gone         bool // delisted: the page says it is no longer available
	Public       bool
	Name, NameEn string
	CategoryID   string
	Category     ShopCategory
	HasLogo      bool
	Content      Content
	Target       string
	ListedAt     time.Time
	UpdatedAt    time.Time
	Seller       ShopSeller
	Specs        []ShopSpec
	Selected     uuid.UUID // the spec the URL named, when it is shown; else the first
	SpecGone     bool      // the URL named a spec that is not on sale (any more)
}

// ShopSeller is the seller as a product page presents it.
type ShopSeller struct {
	Company, Website, Profile string
	Phone, Email              string
	Years                     int32
}

// shopDB runs the storefront's queries with plans made for their actual
// parameters (pgx's describe-cache mode executes through the unnamed statement,
// one round trip). A cached generic plan cannot see which optional filters are
// set, and would pick one index for every combination; planned per execution,
// "category IS NULL OR …" folds away and the category, type, price or search
// index that fits is used.
type shopDB struct{ pool *pgxpool.Pool }

var shopMode = pgx.QueryExecModeCacheDescribe

func (d shopDB) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return d.pool.Exec(ctx, sql, append([]any{shopMode}, args...)...)
}

func (d shopDB) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return d.pool.Query(ctx, sql, append([]any{shopMode}, args...)...)
}

func (d shopDB) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return d.pool.QueryRow(ctx, sql, append([]any{shopMode}, args...)...)
}

func (d shopDB) CopyFrom(ctx context.Context, t pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error) {
	return d.pool.CopyFrom(ctx, t, cols, src)
}

func (s *Service) shop() *pg.Queries { return pg.New(shopDB{s.st.Pool}) }

// ShopCategories lists the categories in display order.
func (s *Service) ShopCategories(ctx context.Context) ([]ShopCategory, error) {
	rows, err := s.shop().StorefrontCategories(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ShopCategory, len(rows))
	for i, r := range rows {
		out[i] = ShopCategory{ID: r.ID, NameZh: r.NameZh, NameEn: r.NameEn}
	}
	return out, nil
}

// ShopHome returns the front page: categories, the newest products and a shelf per category.
func (s *Service) ShopHome(ctx context.Context) (ShopHome, error) {
	q := s.shop()
	var h ShopHome
	var err error
	if h.Categories, err = s.ShopCategories(ctx); err != nil {
		return h, err
	}
	newest, err := q.StorefrontNewest(ctx, pg.StorefrontNewestParams{Prefix: prefixQuery(""), MaxRows: ShopNewest})
	if err != nil {
		return h, err
	}
	h.Newest = make([]ShopCard, len(newest))
	for i, r := range newest {
		h.Newest[i] = shopCard(r)
	}
	shelves, err := q.StorefrontShelves(ctx, ShopShelfSize)
	if err != nil {
		return h, err
	}
	h.Shelves = map[string][]ShopCard{}
	for _, r := range shelves {
		h.Shelves[r.Shelf] = append(h.Shelves[r.Shelf], shopCard(pg.StorefrontNewestRow{ID: r.ID, Name: r.Name,
			NameEn: r.NameEn, Summary: r.Summary, AccessType: r.AccessType, CategoryID: r.CategoryID, MinPrice: r.MinPrice,
			BillingModes: r.BillingModes, LogoFileID: r.LogoFileID, ListedAt: r.ListedAt, CompanyName: r.CompanyName, PriceMode: r.PriceMode}))
	}
	return h, nil
}

func shopCard(r pg.StorefrontNewestRow) ShopCard {
	return ShopCard{ID: r.ID, Name: r.Name, NameEn: r.NameEn, Summary: r.Summary, AccessType: r.AccessType, CategoryID: r.CategoryID,
		MinPrice: money.Fen(r.MinPrice), PriceMode: r.PriceMode, BillingModes: r.BillingModes, HasLogo: r.LogoFileID != nil,
		Seller: r.CompanyName, ListedAt: r.ListedAt}
}

// ShopProduct returns the product page: the product with its seller, and the
// specs a buyer may see (a hidden spec only when spec names it). A delisted
// product comes back with Gone set and nothing else to show.
func (s *Service) ShopProduct(ctx context.Context, id uuid.UUID, spec *uuid.UUID) (ShopProduct, error) {
	q := s.shop()
	r, err := q.StorefrontProduct(ctx, id)
	if err != nil {
		return ShopProduct{}, store.NotFound(err, "product")
	}
	p := ShopProduct{ID: r.ID, Number: r.Number, SellerID: r.SellerID, Public: r.Public, Name: r.Name, NameEn: r.NameEn, CategoryID: r.CategoryID,
		Category: ShopCategory{ID: r.CategoryID, NameZh: r.CategoryZh, NameEn: r.CategoryEn}, HasLogo: r.LogoFileID != nil,
		Target: r.Target, ListedAt: r.ListedAt, UpdatedAt: r.UpdatedAt,
		Seller: ShopSeller{Company: r.CompanyName, Website: r.Website, Profile: r.Profile, Phone: r.CsPhone, Email: r.CsEmail, Years: r.YearsInBusiness}}
	if !lifecycle.OnSale(r.Status) {
		p.Gone = true
		return p, nil
	}
	if err := json.Unmarshal(r.Content, &p.Content); err != nil {
		return ShopProduct{}, apperr.Internalf("catalog: product %s content: %v", id, err)
	}
	specs, err := q.StorefrontProductSpecs(ctx, pg.StorefrontProductSpecsParams{ProductID: id, SpecID: spec})
	if err != nil {
		return ShopProduct{}, err
	}
	for _, sp := range specs {
		p.Specs = append(p.Specs, ShopSpec{ID: sp.ID, Name: sp.Name, BillingMode: sp.BillingMode, Price: money.Fen(sp.PriceFen),
			TrialDays: sp.TrialDays, Target: sp.Target, LimitPerUser: sp.LimitPerUser, Public: sp.Public})
		if spec != nil && sp.ID == *spec {
			p.Selected = sp.ID
		}
	}
	if p.Selected == uuid.Nil {
		p.SpecGone = spec != nil
		if len(p.Specs) > 0 {
			p.Selected = p.Specs[0].ID
		}
	}
	return p, nil
}

// ShopLogo opens the logo of a product on sale, which anyone may see.
func (s *Service) ShopLogo(ctx context.Context, id uuid.UUID) (file.File, io.ReadCloser, error) {
	fid, err := s.shop().StorefrontProductLogo(ctx, id)
	if err != nil {
		return file.File{}, nil, store.NotFound(err, "logo")
	}
	return s.files.PublicLogo(ctx, fid)
}
