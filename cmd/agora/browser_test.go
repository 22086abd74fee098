package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser is one headless Chromium window (its own cookies) on the harness.
type browser struct {
	t   *testing.T
	h   *harness
	ctx context.Context
}

func chromiumPath(t *testing.T) string {
	for _, p := range []string{os.Getenv("AGORA_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	t.Fatal("no Chromium found: install Debian's chromium package (.ci/run does) or set AGORA_CHROMIUM")
	return ""
}

func (h *harness) browser(t *testing.T, lang string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", lang),
		chromedp.Flag("accept-lang", lang),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelB(); cancelA() })
	b := &browser{t: t, h: h, ctx: ctx}
	b.run(chromedp.Navigate(h.URL + "/"))
	return b
}

func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// get runs an action that returns a value.
func get[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	return v
}

func (b *browser) open(path string) { b.t.Helper(); b.run(chromedp.Navigate(b.h.URL + path)) }

func (b *browser) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(get(b, chromedp.Text(chromedp.CSS(sel))))
}

func (b *browser) fill(sel, value string) {
	b.t.Helper()
	b.run(chromedp.SetValue(chromedp.CSS(sel), value))
}

// submit clicks a button or link and waits for the next page: the current body
// is marked first, so only a freshly loaded page satisfies the wait.
func (b *browser) submit(sel string) {
	b.t.Helper()
	_ = get(b, chromedp.Evaluate[bool](`document.body.dataset.stale = "1"; true`))
	b.run(chromedp.Click(chromedp.CSS(sel)), chromedp.WaitReady(chromedp.CSS("body:not([data-stale]) > footer")))
}

func (b *browser) path() string {
	return strings.TrimPrefix(get(b, chromedp.Location()), b.h.URL)
}

func (b *browser) signup(name, password string) {
	b.t.Helper()
	b.open("/signup")
	b.fill("#f-name", name)
	b.fill("#f-email", name+"@example.com")
	b.fill("#f-password", password)
	b.fill("#f-confirm", password)
	b.submit("form button[type=submit]")
}

func (b *browser) login(name, password string) {
	b.t.Helper()
	b.open("/login")
	b.fill("#f-name", name)
	b.fill("#f-password", password)
	b.submit("form button[type=submit]")
}

// testFiles writes a PNG logo and a PDF licence to disk for the upload inputs.
func testFiles(t *testing.T) (logo, licence string) {
	dir := t.TempDir()
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 168, 80)))
	logo, licence = filepath.Join(dir, "logo.png"), filepath.Join(dir, "licence.pdf")
	if err := os.WriteFile(logo, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(licence, demoPDF, 0o600); err != nil {
		t.Fatal(err)
	}
	return logo, licence
}
