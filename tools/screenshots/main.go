// Command screenshots photographs every page of a running Agora (the demo data
// of `make run`) in both languages, as each demo user, for visual review:
//
//	go run ./tools/screenshots -url http://localhost:8080 -out var/shots
//
// Each visit is a list of steps, run in order in one browser session:
//
//	/path                  open the page and photograph it; "{id}" is the last UUID of the current address
//	click:<css>            click the first match (a link or button) and photograph where it leads
//	go:/path, act:<css>    the same without a photograph (to reach a page, or to undo a step)
//	set:<css>=<text>       type text into a field
//	… => name              names the photograph (default: the page's path, or "<previous>_detail")
//
// A selector starting with "//" is XPath (to pick a row by its text). A step
// whose element is missing (the demo lacks that state) is reported and skipped.
// The photographs are <lang>_<user>_<nn>_<name>.png; each line printed gives the
// HTTP status when it is not 200, the time the page took, and any message key
// the page shows untranslated.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"agora/web/locales"
)

type visit struct {
	user, password string
	pages          []string
}

// newRelease starts a release of access type t, photographs its empty form
// and the form refused for missing fields, then deletes the draft again.
func newRelease(t string) []string {
	return []string{"go:/seller/products/new", "act:[data-type=" + t + "]", "click:[data-start-release] => form_" + t,
		"click:[data-submit] => form_" + t + "_errors", "go:/seller/applications/{id}", "act:[data-delete]"}
}

func steps(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// The catalog pages reached from the demo data. Pages for states the demo seed
// does not make (a delisted product, a rejected application, a delisting or an
// asset waiting for review, a sales target that excludes the buyer) are skipped
// unless those states exist. The drafts, modifications and assets the seller
// starts are deleted again; the reviews the reviewer opens stay claimed by them
// (the decision form shows only then), so a second run adds nothing.
var visits = []visit{
	{"", "", []string{"/", "/login", "/signup",
		"/products", "/products?q=数据库", "/products?q=data", "/products?category=security", "/products?category=data&sort=price_asc",
		"/products?type=hardware&billing=one_time&price_min=1000&price_max=30000", "/products?q=没有这样的商品", "/products?q=客服", "/products?page=2",
		"/products?q=%3Cscript%3E", "/products/00000000-0000-7000-8000-000000000000",
		"go:/", "click:a.sf-card => product",
		"go:/products?q=%E4%BA%91%E6%A0%96%E5%8D%8F%E5%90%8C", "click:a.sf-card => product_specs",
		"click:.sf-spec:not(.selected) => product_spec_clicked",
		"go:/products?type=license", "click:a.sf-card => product_license",
		"go:/products?type=image", "click:a.sf-card => product_image",
		"go:/products?type=package", "click:a.sf-card => product_package",
		"go:/products?type=manual", "click:a.sf-card => product_manual",
		"go:/products?type=hardware", "click:a.sf-card => product_hardware",
		"go:/products?type=data", "click:a.sf-card => product_data",
		"go:/products?q=%E7%9F%A5%E8%AF%86%E5%BA%93", "click:a.sf-card => product_enterprise_only"}},
	{"buyer", "Buyer12345", []string{"/buyer", "/buyer/messages", "/buyer/account", "/seller", "/seller/entry",
		"/", "/products?q=数据库", "go:/products?q=%E4%BA%91%E6%A0%96%E5%8D%8F%E5%90%8C", "click:a.sf-card => product",
		"go:/products?q=%E7%9F%A5%E8%AF%86%E5%BA%93", "click:a.sf-card => product_excluded", "/seller/products",
		"/buyer/orders", "/buyer/orders?status=processing", "click:[data-order-status=processing] a => order_processing",
		"go:/buyer/orders?status=pending_payment", "click:[data-orders] a => order_pending", "/buyer/balance", "/buyer/exports",
		"/buyer/invoices", "click:[data-invoice-row] a => invoice", "click:[data-invoice-detail] dd a => order_invoice"}},
	{"newco", "Newco12345", []string{"/seller", "/seller/entry", "/seller/certification", "/seller/agreements", "/seller/products"}},
	{"seller", "Seller12345", steps([]string{"/seller", "/seller/entry", "/seller/certification", "/seller/agreements", "/seller/messages",
		"/seller/products", "click:[data-products] a => product", "/seller/products/{id}/sales => sales",
		"click:[data-add-member-submit] => sales_member_errors",
		"/seller/products/{id}/delist => delist", "click:[data-delist-submit] => delist_errors",
		"go:/seller/products/{id}", "click:[data-modify] => modify", "/seller/applications/{id} => modify_draft", "act:[data-delete]",
		"go:/seller/products", "click:tr:has(.badge-pending) a => product_with_change", "click:[data-open-change] => change_pending",
		"go:/seller/products", "click:tr:has([data-hidden]) a => product_hidden", "/products/{id} => storefront_hidden",
		"/products => storefront_as_seller",
		"/seller/applications", "click:[data-app-status=pending] a => application_pending",
		"go:/seller/applications", "click:[data-app-status=rejected] a => application_rejected",
		"go:/seller/applications", "click:[data-app-status=approved] a => application_approved",
		"/seller/drafts", "click:[data-applications] a => draft",
		"/seller/products/new", "click:[data-start-release] => new_no_type"},
		newRelease("saas"), newRelease("license"), newRelease("image"), newRelease("package"),
		newRelease("manual"), newRelease("hardware"), newRelease("data"),
		[]string{"/seller/assets", "click:tr:has([data-status=scan_failed]) a => asset_scan_failed",
			"/seller/assets/new", "click:form[action='/seller/assets'] button[type=submit] => asset_new_errors",
			"act:input[name=kind][value=package]", "set:#f-name=shots-draft", "set:#f-release=1.0.0",
			"click:form[action='/seller/assets'] button[type=submit] => asset_draft_upload",
			"click:[data-upload-submit] => asset_upload_errors",
			"act:form[data-confirm] button", "/seller/assets => assets_after_delete",
			"/seller/invoices", "click:[data-invoice-list] a => invoice_pending", "click:[data-invoice-reject] => invoice_reject_errors",
			"go:/seller/invoices?status=returned", "click:[data-invoice-list] a => invoice_returned"})},
	{"secure", "Secure12345", []string{"/seller/products",
		"click:tr:has([data-status=delisted]) a => product_delisted", "/products/{id} => storefront_410",
		"/seller/applications", "click:tr:has([data-status=pending]) a => application_delist",
		"go:/seller/products", "click://tr[.//a[contains(., 'AnDun') or contains(., '堡垒机')]]//a => product_image",
		"/seller/assets", "click:tr:has([data-status=approved]) a => asset_approved",
		"go:/seller/assets", "click:(//tr[.//*[@data-status='approved']])[2]//a => asset_approved_2"}},
	{"datawise", "Datawise12345", []string{"/seller/applications",
		"click:tr:has([data-status=rejected]) a => application_rejected", "click:[data-edit] => rejected_form",
		"go:/seller/products", "click://a[contains(., '知识库') or contains(., 'Knowledge')] => product_enterprise", "/seller/products/{id}/sales => sales_enterprise",
		"/seller/assets", "click:tr:has([data-status=pending]) a => asset_pending"}},
	{"reviewer", "Review12345", []string{"/ops/appeals", "click:tbody a => appeal", "/ops/appeals?view=decided", "/ops/courier",
		"/ops", "/ops/entries", "click:tbody a", "/ops/entries?status=approved",
		"/ops/certifications?status=certified", "click:tbody a", "/ops/calendar",
		"/ops/reviews", "/ops/reviews?kind=release", "click:[data-review-link] => review_release",
		"click:[data-claim-button], [data-decision] h2 => review_release_claimed", "click:[data-reject] => review_release_empty_reject",
		"/ops/reviews?kind=modify", "click:[data-review-link] => review_modify",
		"click:[data-claim-button], [data-decision] h2 => review_modify_claimed",
		"/ops/reviews?kind=delist", "click:[data-review-link] => review_delist",
		"click:[data-claim-button], [data-decision] h2 => review_delist_claimed",
		"/ops/reviews?kind=asset", "/ops/reviews?view=decided",
		"click:tr:has([data-status=rejected]) [data-review-link] => review_rejected",
		"/ops/reviews?view=decided&kind=delist", "click:[data-review-link] => review_delist_decided",
		"/ops/reviews?q=数海", "/ops/reviews?overdue=1",
		"/ops/assets", "click:tbody a => asset_review",
		"click:[data-claim-button], [data-decision] h2, .decision h2 => asset_review_claimed",
		"/ops/assets?status=scan_failed", "click:tbody a => asset_scan_failed",
		"/ops/assets?status=approved", "click:tbody a => asset_approved"}},
	{"admin", "Admin12345", []string{"/ops/calendar", "/nope", "/ops/invoices",
		"/ops/settlement", "click:[data-statements] a => statement_ops", "/ops/settlement/fees", "/ops/settlement/fee-invoices"}},
	{"settled", "Settled12345", []string{"/seller/settlement", "click:tr:has([data-status=paid]) a => statement_paid",
		"/seller/settlement", "click:tr:has([data-status=awaiting_invoice]) a => statement_awaiting_invoice",
		"click:[data-submit-invoice] => statement_invoice_errors",
		"/seller/settlement/transactions", "/seller/settlement/transactions?state=to_be_billed", "/seller/settlement/fee-invoices"}},
}

func main() {
	base := flag.String("url", "http://localhost:8080", "server address")
	out := flag.String("out", "var/shots", "output folder")
	only := flag.String("user", "", "shoot only this account's pages (\"anon\" for the visitor)")
	flag.Parse()
	if *only != "" {
		var keep []visit
		for _, v := range visits {
			if orAnon(v.user) == *only {
				keep = append(keep, v)
			}
		}
		visits = keep
	}
	if err := run(*base, *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(base, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	keys, err := keyPrefixes()
	if err != nil {
		return err
	}
	for _, lang := range []string{"zh-CN", "en"} {
		for _, v := range visits {
			if err := shoot(base, out, lang, v, keys); err != nil {
				return fmt.Errorf("%s as %q: %w", lang, v.user, err)
			}
		}
	}
	return nil
}

// keyPrefixes are the first parts of the message keys ("product" of
// "product.name"): a word on a page starting with one of them is probably a
// key shown untranslated.
func keyPrefixes() (map[string]bool, error) {
	out := map[string]bool{}
	err := fs.WalkDir(locales.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(locales.FS, path)
		if err != nil {
			return err
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for k := range m {
			if p, _, ok := strings.Cut(k, "."); ok {
				out[p] = true
			}
		}
		return nil
	})
	return out, err
}

var keyLike = regexp.MustCompile(`[A-Za-z0-9_@/.-]*\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b[A-Za-z0-9_@/-]*`)

// rawKeys lists the words of text that look like message keys.
func rawKeys(text string, prefixes map[string]bool) []string {
	seen := map[string]bool{}
	for _, w := range keyLike.FindAllString(text, -1) {
		if strings.ContainsAny(w, "@/") || strings.HasSuffix(w, ".com") || strings.HasSuffix(w, ".zip") {
			continue
		}
		if p, _, _ := strings.Cut(w, "."); prefixes[p] {
			seen[w] = true
		}
	}
	var out []string
	for w := range seen {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

func shoot(base, out, lang string, v visit, keys map[string]bool) error {
	dir, _ := os.MkdirTemp("", "shots")
	defer os.RemoveAll(dir)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath("/usr/bin/chromium"), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("accept-lang", lang), chromedp.Flag("disable-background-networking", true),
		chromedp.WindowSize(1280, 900), chromedp.UserDataDir(dir))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	ctx, cancel3 := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel3()
	var status atomic.Int64 // of the last page loaded
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *network.EventResponseReceived:
			if e.Type == network.ResourceTypeDocument {
				status.Store(e.Response.Status)
			}
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			if d.Exception != nil && d.Exception.Description != "" {
				fmt.Printf("  script error: %s\n", d.Exception.Description)
			} else {
				fmt.Printf("  script error: %s\n", d.Text)
			}
		}
	})
	if err != nil {
		return err
	}
	if v.user != "" {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/login"), chromedp.SetValue(chromedp.CSS("#f-name"), v.user),
			chromedp.SetValue(chromedp.CSS("#f-password"), v.password), chromedp.Click(chromedp.CSS("form button[type=submit]")),
			chromedp.Sleep(500*time.Millisecond)); err != nil {
			return err
		}
	}
	last := "start"
	for i, p := range v.pages {
		p, name, named := strings.Cut(p, " => ")
		kind, arg := "open", p
		for _, k := range []string{"click", "go", "act", "set"} {
			if a, ok := strings.CutPrefix(p, k+":"); ok {
				kind, arg = k, a
			}
		}
		if !named {
			name = p
			if kind == "click" {
				name = last + "_detail"
			}
		}
		here, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			return err
		}
		id := ""
		if ids := uuidRE.FindAllString(here, -1); len(ids) > 0 {
			id = ids[len(ids)-1]
		}
		start := time.Now()
		var step chromedp.Action[chromedp.Void]
		switch kind {
		case "open", "go":
			step = chromedp.Navigate(base + strings.ReplaceAll(arg, "{id}", id))
		case "click", "act":
			ok, err := present(ctx, arg)
			if err != nil {
				return err
			}
			if !ok {
				fmt.Printf("%s %s_%s: skipped, no %s on %s\n", lang, orAnon(v.user), slug(name), arg, here)
				continue
			}
			// Forms that remove something ask first; the answer is yes.
			step = chromedp.Steps(chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`), click(arg),
				chromedp.Sleep(700*time.Millisecond), chromedp.WaitReady(chromedp.CSS("body")))
		case "set":
			sel, text, _ := strings.Cut(arg, "=")
			step = chromedp.SetValue(chromedp.CSS(sel), text)
		}
		status.Store(200)
		sctx, scancel := context.WithTimeout(ctx, 30*time.Second)
		err = chromedp.Do(sctx, step)
		scancel()
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		took := time.Since(start)
		if kind == "click" {
			took -= 700 * time.Millisecond // the pause after the click
		}
		if kind == "go" || kind == "act" || kind == "set" {
			continue
		}
		last = name
		// A full-page photograph shows the images below the fold too: load them first.
		ictx, icancel := context.WithTimeout(ctx, 5*time.Second)
		_ = chromedp.Do(ictx, chromedp.Evaluate[chromedp.Void](`Promise.all([...document.images].map(i => {
			i.loading = "eager";
			return i.complete ? 0 : new Promise(r => { i.addEventListener("load", r); i.addEventListener("error", r); });
		}))`, chromedp.EvalAwaitPromise))
		icancel()
		// …and as tall a window as the page, so that sticky bars sit where they end up, not mid-page.
		height, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
		if err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, max(height, 900)), chromedp.Sleep(100*time.Millisecond)); err != nil {
			return err
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
			return err
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			return err
		}
		file := fmt.Sprintf("%s_%s_%02d_%s.png", lang, orAnon(v.user), i, slug(name))
		if err := os.WriteFile(filepath.Join(out, file), png, 0o644); err != nil {
			return err
		}
		note := ""
		if s := status.Load(); s != 200 {
			note += fmt.Sprintf(" HTTP %d", s)
		}
		if k := rawKeys(text, keys); len(k) > 0 {
			note += " raw keys: " + strings.Join(k, " ")
		}
		fmt.Printf("%s %dms%s\n", file, took.Milliseconds(), note)
	}
	return nil
}

// click clicks the first element matching sel: XPath when it starts like one, else CSS.
func click(sel string) chromedp.Action[chromedp.Void] {
	if isXPath(sel) {
		return chromedp.Click(chromedp.Search(sel))
	}
	return chromedp.Click(chromedp.CSS(sel))
}

func isXPath(sel string) bool { return strings.HasPrefix(sel, "/") || strings.HasPrefix(sel, "(") }

// present tells whether the current page has an element matching sel.
func present(ctx context.Context, sel string) (bool, error) {
	js := fmt.Sprintf(`!!document.querySelector(%q)`, sel)
	if isXPath(sel) {
		js = fmt.Sprintf(`!!document.evaluate(%q, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue`, sel)
	}
	return chromedp.Run(ctx, chromedp.Evaluate[bool](js))
}

func orAnon(u string) string {
	if u == "" {
		return "anon"
	}
	return u
}

func slug(p string) string {
	s := strings.NewReplacer("/", "_", "?", "_", "=", "-", "&", "+", "{", "", "}", "", ":", "-", " ", "", "[", "", "]", "",
		"'", "", "(", "", ")", "", "%", "").Replace(strings.Trim(p, "/"))
	if s == "" {
		return "home"
	}
	if len(s) > 80 {
		s = s[:80]
	}
	return s
}
