package httpx

import (
	"context"
	"log/slog"

	"agora/internal/account"
)

type ctxKey int

const (
	loggerKey ctxKey = iota
	requestIDKey
	viewerKey
	clientIPKey
)

// WithLogger stores the request logger.
func WithLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey, l)
}

// WithRequestID stores the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id.
func RequestID(ctx context.Context) string { s, _ := ctx.Value(requestIDKey).(string); return s }

// WithViewer stores the logged-in account.
func WithViewer(ctx context.Context, a account.Account) context.Context {
	return context.WithValue(ctx, viewerKey, a)
}

// Viewer returns the logged-in account, if any.
func Viewer(ctx context.Context) (account.Account, bool) {
	a, ok := ctx.Value(viewerKey).(account.Account)
	return a, ok
}

// MustViewer returns the logged-in account; routes behind RequireLogin only.
func MustViewer(ctx context.Context) account.Account {
	a, _ := Viewer(ctx)
	return a
}

// WithClientIP stores the client address.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey, ip)
}

// ClientIP returns the client address.
func ClientIP(ctx context.Context) string { s, _ := ctx.Value(clientIPKey).(string); return s }
