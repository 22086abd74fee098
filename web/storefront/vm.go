// Package storefront renders the public marketplace pages: home, catalog and
// search, product pages. Components are pure functions of the view models here.
package storefront

import (
	"context"
	"net/url"
	"strconv"

	"agora/web/ui"
)

// Card is a product in a list.
type Card struct {
	Href      string
	LogoURL   string // "" draws the initial
	Name      string
	NameEn    string
	Summary   string
	Type      string // access type
	Category  string // category id
	Seller    string
	Price     string // formatted cheapest price
	PriceMode string // billing mode of the cheapest price
	Modes     []string
}

// Category is a category link.
type Category struct {
	ID, NameZh, NameEn string
}

// Shelf is a category's row on the home page.
type Shelf struct {
	Category Category
	Cards    []Card
}

// HomeVM is the front page.
type HomeVM struct {
	Categories []Category
	Newest     []Card
	Shelves    []Shelf
}

// Filters is the catalog's form as the buyer set it.
type Filters struct {
	Q, Category, Type, Billing, PriceMin, PriceMax, Sort string
}

// Values are the filters as URL parameters, without empty ones.
func (f Filters) Values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Q, "category": f.Category, "type": f.Type, "billing": f.Billing,
		"price_min": f.PriceMin, "price_max": f.PriceMax, "sort": f.Sort} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// With returns the catalog URL of f with one parameter changed ("" removes it); the page resets.
func (f Filters) With(key, value string) string {
	v := f.Values()
	if value == "" {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	if len(v) == 0 {
		return "/products"
	}
	return "/products?" + v.Encode()
}

// PagerBase is the URL prefix the pager appends "page=N" to.
func (f Filters) PagerBase() string {
	v := f.Values()
	if len(v) == 0 {
		return "/products?"
	}
	return "/products?" + v.Encode() + "&"
}

// SearchVM is the catalog page.
type SearchVM struct {
	Filters    Filters
	Categories []Category
	Types      []string
	Billing    []string
	Sorts      []string
	Cards      []Card
	Total      int
	Capped     bool
	Page       int
	HasNext    bool
	Category   *Category // the category browsed, if any
	// The price bounds in force, formatted ("¥1,000.00"); "" when not set.
	PriceMinLabel, PriceMaxLabel string
}

// Spec is a spec on the product page.
type Spec struct {
	ID        string
	Name      string
	Mode      string
	Price     string
	TrialDays int
	Target    string
	Hidden    bool // shown only because the URL named it
	Selected  bool
}

// Fact is one labelled line of type-specific details: a value as typed, or a catalog key.
type Fact struct{ Label, Value, Key string }

// ProductVM is a product page.
type ProductVM struct {
	ID, Number      string
	Name, NameEn    string
	Summary         string
	LogoURL         string
	Type            string
	Category        Category
	Hidden          bool
	OwnHidden       bool // hidden, and the viewer is its seller
	Target          string
	Listed          string
	Updated         string
	Description     string
	Specs           []Spec
	Selected        *Spec
	SpecGone        bool // the link named a spec no longer on sale
	Facts           []Fact
	SupportContent  string
	SupportHours    string
	SupportTimeZone string
	SupportPhone    string
	SupportEmail    string
	UserGuide       string
	EULA            string
	Acceptance      string // supervised types only
	Seller          Seller
	Buy             Buy
}

// Buy is what the viewer may do with the selected spec: buy it, or why not
// (a catalog key) and where to go next.
type Buy struct {
	OK       bool
	Reason   string
	BuyURL   string // the purchase form of the selected spec
	LoginURL string // for anonymous viewers: log in and come back
	Contact  bool   // the seller's authorization decides: show how to reach them
}

// Seller is the seller box of a product page.
type Seller struct {
	Company, Website, Profile, Phone, Email string
	Years                                   int
}

// GoneVM is the page of a delisted product.
type GoneVM struct {
	Name, NameEn string
	Category     Category
}

// pick is the viewer's name of something named in both languages.
func pick(ctx context.Context, zh, en string) string {
	if ui.Lang(ctx) == "en" && en != "" {
		return en
	}
	return zh
}

func catName(ctx context.Context, c Category) string { return pick(ctx, c.NameZh, c.NameEn) }

func itoa(n int) string { return strconv.Itoa(n) }

// initial is the first character of a name, for a logo placeholder.
func initial(s string) string {
	for _, r := range s {
		return string(r)
	}
	return "?"
}
