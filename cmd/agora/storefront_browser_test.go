package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestStorefrontBrowser: in both languages a buyer searches from the home page,
// sees product cards laid out in a grid with their logos, and opens one.
func TestStorefrontBrowser(t *testing.T) {
	h := newHarness(t)
	generatedCatalog(t, h, 200)
	for _, tc := range []struct{ lang, q, want string }{{"zh-CN", "数据库", "数据库"}, {"en", "datab", "Database"}} {
		b := h.browser(t, tc.lang)
		b.open("/")
		if n := get(b, chromedp.Evaluate[int](`document.querySelectorAll("[data-product]").length`)); n < 20 {
			t.Fatalf("%s: home shows %d products", tc.lang, n)
		}
		b.fill(".sf-hero input[name=q]", tc.q)
		b.submit(".sf-hero button[type=submit]")
		if !strings.HasPrefix(b.path(), "/products?q=") {
			t.Fatalf("%s: search went to %s", tc.lang, b.path())
		}
		if name := b.text("[data-product] [data-name]"); !strings.Contains(name, tc.want) {
			t.Errorf("%s: first result %q", tc.lang, name)
		}
		// Cards sit side by side, and their logos load (the public logo route).
		sideBySide := get(b, chromedp.Evaluate[bool](`(() => { const c = document.querySelectorAll("[data-product]");
			return c.length > 1 && c[0].getBoundingClientRect().top === c[1].getBoundingClientRect().top })()`))
		logos := get(b, chromedp.Evaluate[bool](`(async () => {
			const imgs = Array.from(document.querySelectorAll("img.sf-logo")).slice(0, 6);
			await Promise.all(imgs.map(i => i.decode().catch(() => null)));
			return imgs.length > 0 && imgs.every(i => i.naturalWidth > 0) })()`, chromedp.EvalAwaitPromise))
		if !sideBySide || !logos {
			t.Errorf("%s: grid %v, logos loaded %v", tc.lang, sideBySide, logos)
		}
		b.submit("[data-product]")
		if !strings.HasPrefix(b.path(), "/products/") || b.text("h1[data-name]") == "" || b.text("[data-eula]") == "" {
			t.Errorf("%s: product page %s", tc.lang, b.path())
		}
	}
}
