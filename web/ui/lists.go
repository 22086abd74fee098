package ui

import "time"

// InboxItem is one in-app message for display.
type InboxItem struct {
	ID      string
	Subject string // catalog key
	Body    string // catalog key
	Params  []any
	Link    string
	At      time.Time
	Read    bool
}

// SignedAgreement is one row of "My agreements".
type SignedAgreement struct {
	Href     string
	Title    string
	Version  string
	SignedAt time.Time
}
