// Package ui holds the shared view plumbing and widgets: the translator and
// page chrome carried in the request context, forms, badges, SLA clocks, timelines.
package ui

import (
	"context"
	"time"

	"agora/internal/platform/money"
)

// Translator renders catalog messages, times and dates for the viewer.
type Translator interface {
	T(key string, kv ...any) string
	Lang() string
	Time(t time.Time) string
	Date(t time.Time) string
	Location() *time.Location // the viewer's zone, in which dates they type are read
}

// Viewer is who is looking at the page.
type Viewer struct {
	LoggedIn bool
	Name     string
	PublicID string
	IsOps    bool
	IsAdmin  bool
	Unread   int
}

// Chrome is what every page's frame needs besides its own view model.
type Chrome struct {
	Path      string // the current path with query, for the language switch
	Viewer    Viewer
	Flash     string // a catalog key shown once
	RequestID string
	Now       time.Time
}

type ctxKey int

const (
	trKey ctxKey = iota
	chromeKey
)

// WithTranslator returns ctx carrying tr.
func WithTranslator(ctx context.Context, tr Translator) context.Context {
	return context.WithValue(ctx, trKey, tr)
}

// WithChrome returns ctx carrying c.
func WithChrome(ctx context.Context, c Chrome) context.Context {
	return context.WithValue(ctx, chromeKey, c)
}

// Tr returns the translator in ctx.
func Tr(ctx context.Context) Translator {
	if tr, ok := ctx.Value(trKey).(Translator); ok {
		return tr
	}
	return keyEcho{}
}

// C returns the chrome in ctx.
func C(ctx context.Context) Chrome {
	c, _ := ctx.Value(chromeKey).(Chrome)
	if c.Now.IsZero() {
		c.Now = time.Now()
	}
	return c
}

// T translates key with name/value placeholder pairs.
func T(ctx context.Context, key string, kv ...any) string { return Tr(ctx).T(key, kv...) }

// Lang is the viewer's language.
func Lang(ctx context.Context) string { return Tr(ctx).Lang() }

// Time formats t for the viewer.
func Time(ctx context.Context, t time.Time) string { return Tr(ctx).Time(t) }

// TimePtr formats *t, or a dash.
func TimePtr(ctx context.Context, t *time.Time) string {
	if t == nil {
		return "—"
	}
	return Tr(ctx).Time(*t)
}

// Money formats an amount in fen as ¥1,234.56.
func Money(fen int64) string { return money.Format(money.Fen(fen)) }

// keyEcho is the translator of last resort: it shows keys (tests spot them).
type keyEcho struct{}

func (keyEcho) T(key string, _ ...any) string { return key }
func (keyEcho) Lang() string                  { return "en" }
func (keyEcho) Time(t time.Time) string       { return t.Format(time.DateTime) }
func (keyEcho) Date(t time.Time) string       { return t.Format(time.DateOnly) }
func (keyEcho) Location() *time.Location      { return time.UTC }
