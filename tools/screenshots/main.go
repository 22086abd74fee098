// Command screenshots photographs every page of a running Agora (the demo data
// of `make run`) in both languages, as each demo user, for visual review:
//
//	go run ./tools/screenshots -url http://localhost:8080 -out var/shots
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

type visit struct {
	user, password string
	pages          []string
}

var visits = []visit{
	{"", "", []string{"/", "/login", "/signup"}},
	{"buyer", "Buyer12345", []string{"/buyer", "/buyer/messages", "/buyer/account", "/seller", "/seller/entry"}},
	{"newco", "Newco12345", []string{"/seller", "/seller/entry", "/seller/certification", "/seller/agreements"}},
	{"seller", "Seller12345", []string{"/seller", "/seller/entry", "/seller/certification", "/seller/agreements", "/seller/messages",
		"/seller/products", "click:[data-products] a", "/seller/applications", "click:[data-applications] a", "/seller/drafts",
		"/seller/products/new", "click:[data-type=data]", "click:[data-start-release]"}},
	{"reviewer", "Review12345", []string{"/ops", "/ops/entries", "click:tbody a", "/ops/entries?status=approved",
		"/ops/certifications?status=certified", "click:tbody a", "/ops/calendar"}},
	{"admin", "Admin12345", []string{"/ops/calendar", "/nope"}},
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
	for _, lang := range []string{"zh-CN", "en"} {
		for _, v := range visits {
			if err := shoot(base, out, lang, v); err != nil {
				return fmt.Errorf("%s as %q: %w", lang, v.user, err)
			}
		}
	}
	return nil
}

func shoot(base, out, lang string, v visit) error {
	dir, _ := os.MkdirTemp("", "shots")
	defer os.RemoveAll(dir)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath("/usr/bin/chromium"), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("accept-lang", lang), chromedp.Flag("disable-background-networking", true),
		chromedp.WindowSize(1280, 900), chromedp.UserDataDir(dir))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	ctx, cancel3 := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel3()
	if v.user != "" {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/login"), chromedp.SetValue(chromedp.CSS("#f-name"), v.user),
			chromedp.SetValue(chromedp.CSS("#f-password"), v.password), chromedp.Click(chromedp.CSS("form button[type=submit]")),
			chromedp.Sleep(500*time.Millisecond)); err != nil {
			return err
		}
	}
	for i, p := range v.pages {
		// "click:<css>" follows the first matching link of the previous page (detail pages have ids).
		step := chromedp.Navigate(base + p)
		if sel, ok := strings.CutPrefix(p, "click:"); ok {
			step = chromedp.Steps(chromedp.Click(chromedp.CSS(sel)), chromedp.Sleep(700*time.Millisecond))
			p = v.pages[i-1] + "_detail"
		}
		if err := chromedp.Do(ctx, step); err != nil {
			return err
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			return err
		}
		name := fmt.Sprintf("%s_%s_%s.png", lang, orAnon(v.user), slug(p))
		if err := os.WriteFile(filepath.Join(out, name), png, 0o644); err != nil {
			return err
		}
		fmt.Println(name)
	}
	return nil
}

func orAnon(u string) string {
	if u == "" {
		return "anon"
	}
	return u
}

func slug(p string) string {
	s := strings.NewReplacer("/", "_", "?", "_", "=", "-").Replace(strings.Trim(p, "/"))
	if s == "" {
		return "home"
	}
	return s
}
