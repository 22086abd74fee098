package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/platform/blob"
	"agora/internal/platform/i18n"
	"agora/internal/platform/money"
	"agora/web/locales"
)

// generatedCatalog loads a generated catalog of n products into h's database,
// through the same code as `agora seed --products`.
func generatedCatalog(t testing.TB, h *harness, n int) catalog.GenReport {
	t.Helper()
	blobs, err := blob.NewDir(h.cfg.BlobDir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := loadCatalog(context.Background(), h.svc, blobs, catalog.GenOptions{Products: n, Seed: 3, Now: start})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestStorefrontListsWhatIsOnSale(t *testing.T) {
	h := newHarness(t)
	rep := generatedCatalog(t, h, 300)
	ctx := context.Background()
	hidden, err := h.svc.store.GetProduct(ctx, rep.Hidden)
	if err != nil {
		t.Fatal(err)
	}
	c := h.client()
	c.lang = "zh-CN"

	home := c.get("/")
	if home.Status != http.StatusOK || home.Doc.Find("[data-product]").Length() < 20 {
		t.Fatalf("home: %d, %d products", home.Status, home.Doc.Find("[data-product]").Length())
	}
	if home.Doc.Find("a[data-category]").Length() != 10 {
		t.Errorf("home shows %d categories", home.Doc.Find("a[data-category]").Length())
	}
	card := home.Doc.Find("[data-product]").First()
	if !strings.Contains(card.Find("[data-price]").Text(), "¥") || strings.TrimSpace(card.Find("[data-seller]").Text()) == "" ||
		card.Find("img.sf-logo").Length() != 1 || card.Find("[data-type]").Length() != 1 {
		t.Errorf("a card lacks price, seller, logo or type: %s", card.Text())
	}

	// The hidden product is nowhere in lists, not even when searched by its exact name…
	for _, path := range []string{"/", "/products", "/products?category=" + hidden.CategoryID,
		"/products?q=" + url.QueryEscape(hidden.Name), "/products?sort=price_asc", "/products?type=" + hidden.AccessType} {
		p := c.get(path)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, p.Status)
		}
		if p.Doc.Find(`a[href="/products/`+rep.Hidden.String()+`"]`).Length() > 0 {
			t.Errorf("%s lists the hidden product", path)
		}
	}
	// …but its URL opens it.
	if p := c.get("/products/" + rep.Hidden.String()); p.Status != http.StatusOK || text(p, "h1[data-name]") != hidden.Name {
		t.Errorf("hidden product by URL: %d %q", p.Status, text(p, "h1[data-name]"))
	}

	// A delisted product answers 410 with a way back to the catalog.
	gone := c.get("/products/" + rep.Delisted.String())
	if gone.Status != http.StatusGone || gone.Doc.Find(`form[action="/products"]`).Length() != 1 {
		t.Errorf("delisted product: %d", gone.Status)
	}
	if p := c.get("/products/" + rep.Delisted.String() + "/logo"); p.Status != http.StatusNotFound {
		t.Errorf("logo of a delisted product: %d", p.Status)
	}
	// One being delisted is still on sale.
	if p := c.get("/products/" + rep.Delisting.String()); p.Status != http.StatusOK {
		t.Errorf("product being delisted: %d", p.Status)
	}
	if p := c.get("/products/0190d6d3-0000-7000-8000-000000000000"); p.Status != http.StatusNotFound {
		t.Errorf("unknown product: %d", p.Status)
	}
}

func TestStorefrontSpecsAndLogo(t *testing.T) {
	h := newHarness(t)
	rep := generatedCatalog(t, h, 300)
	c := h.client()

	// A hidden spec shows only when the URL names it, and is then preselected.
	hs := rep.HiddenSpec
	page := c.get("/products/" + hs.Product.String())
	if page.Status != http.StatusOK || page.Doc.Find(`[data-spec="`+hs.Spec.String()+`"]`).Length() != 0 {
		t.Fatalf("hidden spec shown without being named (%d)", page.Status)
	}
	named := c.get("/products/" + hs.Product.String() + "?spec=" + hs.Spec.String())
	if named.Doc.Find(`[data-spec="`+hs.Spec.String()+`"][aria-current="true"]`).Length() != 1 ||
		named.Doc.Find(`[data-selected="`+hs.Spec.String()+`"]`).Length() != 1 {
		t.Errorf("the named hidden spec is not shown and preselected")
	}
	// A delisted spec stays gone, named or not.
	ds := rep.DelistedSpec
	if p := c.get("/products/" + ds.Product.String() + "?spec=" + ds.Spec.String()); p.Doc.Find(`[data-spec="`+ds.Spec.String()+`"]`).Length() != 0 ||
		p.Doc.Find("[data-spec-gone]").Length() != 1 {
		t.Errorf("delisted spec shown, or its link not said to be gone")
	}
	if page.Doc.Find("[data-spec-gone]").Length() != 0 {
		t.Error("a page without a spec in its link says a spec is gone")
	}

	// The page carries what a buyer needs: description, prices, support, agreement, seller.
	for _, sel := range []string{"[data-description]", "[data-price-row]", "[data-support-phone]", "[data-eula]", "[data-seller-box]"} {
		if strings.TrimSpace(page.Doc.Find(sel).First().Text()) == "" {
			t.Errorf("product page lacks %s", sel)
		}
	}

	// Logos are public images, not downloads.
	res, err := http.Get(h.URL + "/products/" + rep.Listed.String() + "/logo")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" ||
		res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(string(body), "\x89PNG") {
		t.Errorf("logo: %d %v", res.StatusCode, res.Header)
	}
}

func TestStorefrontSearch(t *testing.T) {
	h := newHarness(t)
	generatedCatalog(t, h, 600)
	c := h.client()
	// Chinese: part of a word ("数据库" inside "分布式数据库").
	c.lang = "zh-CN"
	zh := c.get("/products?q=" + url.QueryEscape("数据库"))
	if n := zh.Doc.Find("[data-product]").Length(); n == 0 {
		t.Fatal("no results for 数据库")
	}
	zh.Doc.Find("[data-product] [data-name]").Each(func(i int, s *goqSelection) {
		if i < 3 && !strings.Contains(s.Text(), "数据库") {
			t.Errorf("top result %d %q does not have 数据库 in its name", i, s.Text())
		}
	})
	// English, a partial word, shown with English names.
	c.lang = "en"
	en := c.get("/products?q=datab")
	if en.Doc.Find("[data-product]").Length() == 0 || !strings.Contains(en.Doc.Find("[data-product] [data-name]").First().Text(), "Database") {
		t.Errorf("partial English word: %q", en.Doc.Find("[data-product] [data-name]").First().Text())
	}
	// Short queries match word prefixes.
	if p := c.get("/products?q=AI"); p.Status != http.StatusOK {
		t.Errorf("short query: %d", p.Status)
	}
	// Wildcards are literal.
	if p := c.get("/products?q=" + url.QueryEscape("%_%")); p.Doc.Find("[data-product]").Length() != 0 {
		t.Errorf("%%_%% matched %d products", p.Doc.Find("[data-product]").Length())
	}

	// Filters and orders: every card obeys them.
	p := c.get("/products?category=database&billing=monthly&price_min=10&price_max=5000&sort=price_asc")
	if p.Doc.Find("[data-product]").Length() == 0 {
		t.Fatal("filtered browse is empty")
	}
	if p.Doc.Find(`a.active[data-sort="price_asc"]`).Length() != 1 {
		t.Error("sort not marked")
	}
	prev := -1.0
	p.Doc.Find("[data-product] [data-price]").Each(func(_ int, s *goqSelection) {
		v := priceOf(t, s.Text())
		if v < prev || v < 10 || v > 5000 {
			t.Errorf("price %v out of order or range (after %v)", v, prev)
		}
		prev = v
	})
	for _, typ := range catalog.AccessTypes {
		q := c.get("/products?type=" + typ)
		q.Doc.Find("[data-product] [data-type]").Each(func(_ int, s *goqSelection) {
			if v, _ := s.Attr("data-type"); v != typ {
				t.Errorf("type filter %s shows %s", typ, v)
			}
		})
	}
	// Pages go on; a page far beyond the end is empty, not an error.
	if p := c.get("/products?page=2"); p.Doc.Find("[data-product]").Length() != catalog.ShopPageSize {
		t.Errorf("page 2 has %d products", p.Doc.Find("[data-product]").Length())
	}
	if p := c.get("/products?q=zzzzqqq"); p.Status != http.StatusOK || p.Doc.Find(".sf-none").Length() != 1 {
		t.Errorf("no results page: %d", p.Status)
	}
}

type goqSelection = goquery.Selection

// priceOf reads the amount of a price such as "From ¥1,234.50/month", in yuan.
func priceOf(t *testing.T, s string) float64 {
	t.Helper()
	i := strings.Index(s, "¥")
	if i < 0 {
		t.Fatalf("no price in %q", s)
	}
	s = s[i:]
	end := strings.IndexFunc(s[len("¥"):], func(r rune) bool { return !(r >= '0' && r <= '9' || r == ',' || r == '.') })
	if end >= 0 {
		s = s[:len("¥")+end]
	}
	f, err := money.Parse(s)
	if err != nil {
		t.Fatalf("price %q: %v", s, err)
	}
	return float64(f) / 100
}

// TestStorefrontKeys: the keys the storefront builds from values exist in both languages.
func TestStorefrontKeys(t *testing.T) {
	b, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, typ := range catalog.AccessTypes {
		keys = append(keys, "shop.type."+typ)
	}
	for _, m := range catalog.BillingModes {
		keys = append(keys, "shop.billing."+m, "shop.per."+m)
	}
	for _, s := range []string{catalog.SortRelevance, catalog.SortNewest, catalog.SortPriceAsc, catalog.SortPriceDesc} {
		keys = append(keys, "shop.sort."+s)
	}
	keys = append(keys, "shop.delivery."+catalog.DeliveryInstant, "shop.delivery."+catalog.DeliverySupervised,
		"shop.license."+catalog.LicenseAuthCode, "shop.license."+catalog.LicenseFile)
	for _, k := range keys {
		for _, l := range i18n.Languages {
			if !b.Has(l, k) {
				t.Errorf("%s missing in %s", k, l)
			}
		}
	}
}

// TestStorefrontBuyVerdict: the product page tells each viewer whether they may
// buy the selected spec and, when the seller's authorization decides, how to
// reach the seller.
func TestStorefrontBuyVerdict(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller := readySeller(t, h, "verdict-seller", "判定科技有限公司")
	p := releaseProduct(t, h, seller, h.account("verdict-rev", account.OpsReviewer), "判定云SaaS版")
	if err := h.svc.catalog.SetTarget(ctx, seller, p.ID, catalog.TargetSpecified, ""); err != nil {
		t.Fatal(err)
	}
	path := "/products/" + p.ID.String()
	verdict := func(c *client) (string, page) {
		t.Helper()
		pg := c.get(path)
		if pg.Status != http.StatusOK {
			t.Fatalf("product page: %d", pg.Status)
		}
		if pg.Doc.Find("[data-buy]").Length() == 1 {
			return "ok", pg
		}
		v, _ := pg.Doc.Find("[data-verdict]").Attr("data-verdict")
		return v, pg
	}

	anon := h.client()
	if v, pg := verdict(anon); v != "buy.login" || !strings.Contains(attr(pg, "[data-verdict]", "href"), "next=%2Fproducts%2F"+p.ID.String()) {
		t.Errorf("anonymous: %q, login link %q", v, attr(pg, "[data-verdict]", "href"))
	}

	buyer := h.account("verdict-buyer", "")
	bc := h.client()
	bc.login(buyer.Name, "Passw0rd!x")
	v, pg := verdict(bc)
	if v != "buy.specified_only" {
		t.Fatalf("unlisted buyer: %q", v)
	}
	contact := text(pg, "[data-contact]")
	if !strings.Contains(contact, "判定科技有限公司") || !strings.Contains(contact, "@") {
		t.Errorf("no way to reach the seller: %q", contact)
	}

	if err := h.svc.catalog.AddMember(ctx, seller, p.ID, catalog.ScopeBuyers, buyer.Name, buyer.PublicID); err != nil {
		t.Fatal(err)
	}
	if v, _ := verdict(bc); v != "ok" {
		t.Errorf("authorized buyer: %q", v)
	}
	if err := h.svc.catalog.SetTarget(ctx, seller, p.ID, catalog.TargetEnterprise, ""); err != nil {
		t.Fatal(err)
	}
	if v, _ := verdict(bc); v != "buy.enterprise_only" {
		t.Errorf("individual buyer of an enterprise product: %q", v)
	}

	sc := h.client()
	sc.login(seller.Name, "Passw0rd!x")
	if v, _ := verdict(sc); v != "buy.own_product" {
		t.Errorf("seller on own product: %q", v)
	}
}

func attr(p page, sel, name string) string {
	v, _ := p.Doc.Find(sel).First().Attr(name)
	return v
}

// TestStrayBytesAreNotErrors: invalid UTF-8 and NUL bytes in a search or a
// form, which PostgreSQL refuses in text, give the page and keep the input.
func TestStrayBytesAreNotErrors(t *testing.T) {
	h := newHarness(t)
	c := h.client()
	for _, q := range []string{"%FF", "a%00b", "%E6%95%B0%FF%00"} {
		if p := c.get("/products?q=" + q); p.Status != http.StatusOK {
			t.Errorf("search %s: %d", q, p.Status)
		}
	}
	seller := readySeller(t, h, "strayseller", "字节科技有限公司")
	sc := h.client()
	sc.login(seller.Name, "Passw0rd!x")
	started := sc.post("/seller/products/new", url.Values{"access_type": {"saas"}})
	if started.Status != http.StatusSeeOther {
		t.Fatalf("start: %d", started.Status)
	}
	edit := started.Location
	saved := sc.post(strings.TrimSuffix(edit, "/edit")+"/save", url.Values{"summary": {"摘要\x00含有\xff异常字节"}})
	if saved.Status >= 500 {
		t.Fatalf("saving a draft with stray bytes: %d", saved.Status)
	}
	form := sc.get(edit)
	if got := form.Doc.Find(`[name="summary"]`).Text() + attr(form, `[name="summary"]`, "value"); !strings.Contains(got, "摘要含有\uFFFD异常字节") {
		t.Errorf("summary after save: %q", got)
	}
}
