package ops

import (
	"strconv"
	"time"

	"agora/web/seller"
	"agora/web/ui"
)

// AssetQueueRow is one asset in operations' list.
type AssetQueueRow struct {
	Href, Number, Name, Release string
	Kind, Status, Seller        string
	ClaimedBy                   string // name of the reviewer who claimed it
	ClaimedByMe                 bool
	SubmittedAt                 *time.Time
	SLA                         *ui.SLA
	UpdatedAt                   time.Time
}

// AssetQueueVM lists assets of one status, the most urgent first.
type AssetQueueVM struct {
	Status  string
	Tabs    []ui.Option
	Counts  map[string]int
	Overdue int
	Rows    []AssetQueueRow
	Page    int
	HasNext bool
}

// AssetReviewVM is one asset under review.
type AssetReviewVM struct {
	Asset       seller.AssetDetail
	Seller      string
	SelfCheck   []seller.SelfCheckItem
	Report      *seller.AssetReportView
	Timeline    []ui.TimelineItem
	Form        ui.Form
	Pending     bool
	ClaimedBy   string
	ClaimedAt   *time.Time
	ClaimedByMe bool
	CanClaim    bool
	CanUnclaim  bool
	CanDecide   bool
}

func fmtCount(n int) string {
	if n == 0 {
		return ""
	}
	return "(" + strconv.Itoa(n) + ")"
}
