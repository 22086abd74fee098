// Package ops renders the operations console.
package ops

import (
	"time"

	"agora/web/seller"
	"agora/web/ui"
)

// DashboardVM is the console's front page.
type DashboardVM struct {
	EntryPending, EntryOverdue   int
	CertPending, CertLocked      int
	ReviewPending, ReviewOverdue int   // product applications and assets awaiting review
	AppealsOpen                  int64 // appeals waiting for arbitration
}

// QueueRow is one row of a review queue.
type QueueRow struct {
	Href        string
	Number      string
	Company     string
	Account     string
	Status      string
	Failures    int32
	SubmittedAt time.Time
	SLA         ui.SLA
}

// QueueVM is a review queue with status tabs.
type QueueVM struct {
	Kind    string // entry | cert
	Title   string // catalog key
	Active  string // nav key
	Base    string
	Status  string
	Tabs    []ui.Option
	Rows    []QueueRow
	Page    int
	HasNext bool
}

// EntryReviewVM is one application under review.
type EntryReviewVM struct {
	App      seller.EntryDetail
	Account  string
	Form     ui.Form
	CanAct   bool
	Timeline []ui.TimelineItem
}

// CertReviewVM is one certification under review.
type CertReviewVM struct {
	ID           string
	Company      string
	Account      string
	Status       string
	Version      int32
	Failures     int32
	AttemptsLeft int
	RejectReason string
	SLA          ui.SLA
	Cert         seller.CertDetail
	Form         ui.Form
	CanDecide    bool
	CanUnlock    bool
	Timeline     []ui.TimelineItem
}

// CalendarVM is the working-day calendar editor.
type CalendarVM struct {
	Year    int
	Days    []CalendarDay
	Form    ui.Form
	CanEdit bool
	Example string // a deadline computed now, to show the effect
}

// CalendarDay is one override.
type CalendarDay struct {
	Day     string
	Weekday string // catalog key
	Kind    string
	Note    string
}
