package storefront

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/web/storefront"
	"agora/web/ui"
)

func (h Handler) home(w http.ResponseWriter, r *http.Request) {
	home, err := h.Catalog.ShopHome(r.Context())
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := storefront.HomeVM{Categories: categories(home.Categories), Newest: cards(home.Newest)}
	for _, c := range vm.Categories {
		if shelf := home.Shelves[c.ID]; len(shelf) > 0 {
			vm.Shelves = append(vm.Shelves, storefront.Shelf{Category: c, Cards: cards(shelf)})
		}
	}
	httpx.Render(w, r, http.StatusOK, storefront.HomePage(vm))
}

func (h Handler) search(w http.ResponseWriter, r *http.Request) {
	in := r.URL.Query()
	q := catalog.ShopQuery{Q: in.Get("q"), Category: in.Get("category"), Type: in.Get("type"), Billing: in.Get("billing"),
		Sort: in.Get("sort"), Page: httpx.Page(r), PriceMin: yuan(in.Get("price_min")), PriceMax: yuan(in.Get("price_max"))}
	res, err := h.Catalog.ShopSearch(r.Context(), q)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	cats, err := h.Catalog.ShopCategories(r.Context())
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	n := res.Query
	vm := storefront.SearchVM{Categories: categories(cats), Types: catalog.AccessTypes, Billing: catalog.BillingModes,
		Cards: cards(res.Cards), Total: res.Total, Capped: res.Capped, Page: n.Page, HasNext: res.HasNext,
		Filters: storefront.Filters{Q: n.Q, Category: n.Category, Type: n.Type, Billing: n.Billing, Sort: n.Sort,
			PriceMin: strings.TrimSpace(in.Get("price_min")), PriceMax: strings.TrimSpace(in.Get("price_max"))}}
	if n.PriceMin == nil {
		vm.Filters.PriceMin = ""
	} else {
		vm.PriceMinLabel = money.Format(*n.PriceMin)
	}
	if n.PriceMax == nil {
		vm.Filters.PriceMax = ""
	} else {
		vm.PriceMaxLabel = money.Format(*n.PriceMax)
	}
	vm.Sorts = []string{catalog.SortNewest, catalog.SortPriceAsc, catalog.SortPriceDesc}
	if n.Q != "" {
		vm.Sorts = append([]string{catalog.SortRelevance}, vm.Sorts...)
	}
	for i, c := range vm.Categories {
		if c.ID == n.Category {
			vm.Category = &vm.Categories[i]
		}
	}
	httpx.Render(w, r, http.StatusOK, storefront.SearchPage(vm))
}

// yuan reads a price bound typed in yuan; anything else is no bound.
func yuan(s string) *money.Fen {
	f, err := money.Parse(s)
	if err != nil {
		return nil
	}
	return &f
}

func (h Handler) product(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	var spec *uuid.UUID
	if s, err := uuid.Parse(r.URL.Query().Get("spec")); err == nil {
		spec = &s
	}
	p, err := h.Catalog.ShopProduct(r.Context(), id, spec)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	cat := storefront.Category{ID: p.Category.ID, NameZh: p.Category.NameZh, NameEn: p.Category.NameEn}
	if p.Gone {
		httpx.Render(w, r, http.StatusGone, storefront.GonePage(storefront.GoneVM{Name: p.Name, NameEn: p.NameEn, Category: cat}))
		return
	}
	vm := productVM(r, p, cat)
	if a, ok := httpx.Viewer(r.Context()); ok && a.ID == p.SellerID && !p.Public {
		vm.OwnHidden = true // its seller is told why the storefront does not list it
	}
	if vm.Buy, err = h.buy(r, p); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, storefront.ProductPage(vm))
	h.recordView(r, p)
}

// buy applies the sales configuration to the viewer and the selected spec.
func (h Handler) buy(r *http.Request, p catalog.ShopProduct) (storefront.Buy, error) {
	var viewer *account.Account
	if a, ok := httpx.Viewer(r.Context()); ok {
		viewer = &a
	}
	v, err := h.Catalog.ShopVerdict(r.Context(), viewer, p)
	if err != nil {
		return storefront.Buy{}, err
	}
	b := storefront.Buy{OK: v.OK, Reason: v.Reason, BuyURL: "/buyer/buy/" + p.ID.String() + "?spec=" + p.Selected.String()}
	switch v.Reason {
	case "buy.login":
		b.LoginURL = "/login?next=" + url.QueryEscape(r.URL.RequestURI())
	case "buy.enterprise_only", "buy.individual_only", "buy.specified_only", "buy.associated_only":
		b.Contact = true
	}
	return b, nil
}

func productVM(r *http.Request, p catalog.ShopProduct, cat storefront.Category) storefront.ProductVM {
	c := p.Content
	tr := ui.Tr(r.Context())
	vm := storefront.ProductVM{ID: p.ID.String(), Number: p.Number, Name: p.Name, NameEn: p.NameEn, Summary: c.Summary,
		Type: c.AccessType, Category: cat, Hidden: !p.Public, Target: p.Target, Listed: tr.Date(p.ListedAt), Updated: tr.Date(p.UpdatedAt),
		Description: c.Description, SupportContent: c.SupportContent, SupportHours: c.SupportHours, SupportTimeZone: c.SupportTimeZone,
		SupportPhone: c.SupportPhone, SupportEmail: c.SupportEmail, UserGuide: c.UserGuide, EULA: c.EULA,
		Seller: storefront.Seller{Company: p.Seller.Company, Website: p.Seller.Website, Profile: p.Seller.Profile,
			Phone: p.Seller.Phone, Email: p.Seller.Email, Years: int(p.Seller.Years)}}
	if p.HasLogo {
		vm.LogoURL = "/products/" + vm.ID + "/logo"
	}
	if c.Supervised() {
		vm.Acceptance = c.Acceptance
	}
	for _, s := range p.Specs {
		vm.Specs = append(vm.Specs, storefront.Spec{ID: s.ID.String(), Name: s.Name, Mode: s.BillingMode, Price: money.Format(s.Price),
			TrialDays: int(s.TrialDays), Target: s.Target, Hidden: !s.Public, Selected: s.ID == p.Selected})
	}
	for i := range vm.Specs {
		if vm.Specs[i].Selected {
			vm.Selected = &vm.Specs[i]
		}
	}
	vm.Facts = facts(c)
	vm.SpecGone = p.SpecGone
	return vm
}

// facts are the type-specific details a buyer needs before buying.
func facts(c catalog.Content) []storefront.Fact {
	var out []storefront.Fact
	add := func(label, v string) {
		if v != "" {
			out = append(out, storefront.Fact{Label: label, Value: v})
		}
	}
	switch c.AccessType {
	case catalog.TypeSaaS:
		out = append(out, storefront.Fact{Label: "shop.fact.delivery", Key: "shop.delivery." + c.Delivery})
	case catalog.TypeLicense:
		out = append(out, storefront.Fact{Label: "shop.fact.license_form", Key: "shop.license." + c.LicenseForm})
	case catalog.TypeManual:
		add("shop.fact.service_days", c.ServiceDays)
	case catalog.TypeHardware:
		add("shop.fact.ship_from", c.ShipFrom)
		add("shop.fact.carrier", c.Carrier)
		add("shop.fact.dispatch_days", c.DispatchDays)
		add("shop.fact.warranty_months", c.WarrantyMonths)
	case catalog.TypeData:
		add("shop.fact.data_format", c.DataFormat)
		add("shop.fact.update_cycle", c.UpdateCycle)
	}
	return out
}

func (h Handler) logo(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	f, rc, err := h.Catalog.ShopLogo(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	defer rc.Close()
	hd := w.Header()
	hd.Set("Content-Type", f.ContentType)
	hd.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "public, max-age=3600")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, _ = io.Copy(w, rc)
}

func categories(cs []catalog.ShopCategory) []storefront.Category {
	out := make([]storefront.Category, len(cs))
	for i, c := range cs {
		out[i] = storefront.Category{ID: c.ID, NameZh: c.NameZh, NameEn: c.NameEn}
	}
	return out
}

func cards(cs []catalog.ShopCard) []storefront.Card {
	out := make([]storefront.Card, len(cs))
	for i, c := range cs {
		id := c.ID.String()
		out[i] = storefront.Card{Href: "/products/" + id, Name: c.Name, NameEn: c.NameEn, Summary: c.Summary, Type: c.AccessType,
			Category: c.CategoryID, Seller: c.Seller, Price: money.Format(c.MinPrice), PriceMode: c.PriceMode, Modes: c.BillingModes}
		if c.HasLogo {
			out[i].LogoURL = "/products/" + id + "/logo"
		}
	}
	return out
}
