package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"agora/internal/account"
	"agora/internal/config"
	"agora/internal/platform/clock"
	"agora/internal/testdb"
)

// harness is the real server over a fresh database, with a settable clock.
type harness struct {
	t     testing.TB
	URL   string
	Clock *clock.Fixed
	svc   *services
	cfg   config.Config
}

// start is Thursday 2026-11-19 10:00 Shanghai: three working days later is Tuesday.
var start = time.Date(2026, 11, 19, 2, 0, 0, 0, time.UTC)

func newHarness(t testing.TB) *harness {
	t.Helper()
	db := testdb.New(t)
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "AGORA_DATA_DIR":
			return t.TempDir()
		case "DATABASE_URL":
			return db.DSN
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFixed(start)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := newServices(cfg, db.Pool, clk, log)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := newServer(cfg, db.DSN, db.Pool, clk, log, svc)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); srv.Close() })
	if _, err := svc.agreements.Publish(context.Background(), cooperationAgreement); err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, URL: ts.URL, Clock: clk, svc: svc, cfg: cfg}
}

// account creates an account directly; role may be empty.
func (h *harness) account(name string, role account.OpsRole) account.Account {
	h.t.Helper()
	a, err := h.svc.accounts.CreateStaff(context.Background(), name, name+"@example.com", "Passw0rd!x", role)
	if err != nil {
		h.t.Fatal(err)
	}
	return a
}

// client is a browser-like HTTP client with its own cookies that does not follow redirects.
type client struct {
	t    testing.TB
	h    *harness
	http *http.Client
	lang string
}

func (h *harness) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: h.t, h: h, lang: "en", http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type page struct {
	Status   int
	Location string
	Doc      *goquery.Document
	Header   http.Header
}

func (c *client) do(req *http.Request) page {
	c.t.Helper()
	req.Header.Set("Accept-Language", c.lang)
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return page{Status: res.StatusCode, Location: res.Header.Get("Location"), Doc: doc, Header: res.Header}
}

func (c *client) get(path string) page {
	req, _ := http.NewRequest(http.MethodGet, c.h.URL+path, nil)
	return c.do(req)
}

// post submits a same-origin form, as a browser would.
func (c *client) post(path string, form url.Values) page {
	req, _ := http.NewRequest(http.MethodPost, c.h.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.h.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

func (c *client) login(name, password string) {
	c.t.Helper()
	p := c.post("/login", url.Values{"name": {name}, "password": {password}})
	if p.Status != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d: %s", name, p.Status, p.Doc.Find(".alert").Text())
	}
}

func text(p page, sel string) string { return strings.TrimSpace(p.Doc.Find(sel).First().Text()) }
