package ui

import (
	"context"
	"fmt"
	"time"
)

// Form carries a form's values as typed and its field errors (catalog keys).
type Form struct {
	Values map[string]string
	Errors map[string]string
	Error  string // a form-level message key (e.g. "login.bad_credentials")
	Args   []any  // placeholders for Error
}

// V returns the typed value of field.
func (f Form) V(field string) string { return f.Values[field] }

// E returns the error key of field.
func (f Form) E(field string) string { return f.Errors[field] }

// Invalid reports whether the form has any error.
func (f Form) Invalid() bool { return len(f.Errors) > 0 || f.Error != "" }

// Option is one choice of a select or radio group.
type Option struct {
	Value string
	Label string // catalog key
}

// SLA describes a review deadline for display.
type SLA struct {
	Due  time.Time
	Done bool // decided: the clock stopped
}

// Overdue reports whether the deadline passed before a decision.
func (s SLA) Overdue(now time.Time) bool { return !s.Done && now.After(s.Due) }

// Remaining describes the time left (or overdue) in the viewer's language.
func (s SLA) Remaining(ctx context.Context) string {
	now := C(ctx).Now
	d := s.Due.Sub(now)
	if d < 0 {
		return T(ctx, "sla.overdue_by", "span", span(ctx, -d))
	}
	return T(ctx, "sla.left", "span", span(ctx, d))
}

// Span says a duration the way the SLA clocks do: "3 d 4 h", "5 h", "12 min".
func Span(ctx context.Context, d time.Duration) string { return span(ctx, d) }

func span(ctx context.Context, d time.Duration) string {
	days := int(d.Hours()) / 24
	hours := int(d.Hours()) % 24
	if days > 0 {
		return T(ctx, "sla.days_hours", "d", days, "h", hours)
	}
	if h := int(d.Hours()); h > 0 {
		return T(ctx, "sla.hours", "h", h)
	}
	return T(ctx, "sla.minutes", "m", max(1, int(d.Minutes())))
}

// TimelineItem is one event for display.
type TimelineItem struct {
	At    time.Time
	Order int64 // the event's place in the log, for merging chains

	Actor       string // account name, or empty for the system
	Role        string // catalog key of the actor's role
	Event       string // catalog key of the event
	To          string // catalog key of the resulting status
	Reason      string
	Attachments []Attachment
	Hash        string
}

// Attachment is a downloadable file.
type Attachment struct {
	Name string
	URL  string
	Size int64
	SHA  string
}

// Size formats a byte count.
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Short abbreviates a hash for display.
func Short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
