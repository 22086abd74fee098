package catalog

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/store/pg"
)

// ReviewAsset is the queue kind of an asset awaiting review; the other kinds
// are the application kinds (KindRelease, KindModify, KindDelist).
const ReviewAsset = "asset"

// ReviewKinds lists the kinds of the review queue in display order.
var ReviewKinds = []string{KindRelease, KindModify, KindDelist, ReviewAsset}

// Claim filters of the review queue.
const (
	ClaimAll       = "all"
	ClaimMine      = "mine"
	ClaimUnclaimed = "unclaimed"
)

// ReviewPage is the page size of the review queue.
const ReviewPage = 20

// ReviewFilter narrows the review queue. Unknown values mean "no filter".
type ReviewFilter struct {
	Kind    string    // "" or one of ReviewKinds
	Claim   string    // ClaimAll, ClaimMine, ClaimUnclaimed; for decisions, mine = decided by Viewer
	Overdue bool      // only records past their deadline (pending queue only)
	Search  string    // part of the seller's company, the number or the title
	Viewer  uuid.UUID // the reviewer asking, for "mine"
}

// Clean returns f with unknown values reset and the search trimmed.
func (f ReviewFilter) Clean() ReviewFilter {
	known := false
	for _, k := range ReviewKinds {
		known = known || f.Kind == k
	}
	if !known {
		f.Kind = ""
	}
	if f.Claim != ClaimMine && f.Claim != ClaimUnclaimed {
		f.Claim = ClaimAll
	}
	f.Search = strings.TrimSpace(f.Search)
	if r := []rune(f.Search); len(r) > 100 {
		f.Search = string(r[:100])
	}
	return f
}

// ReviewItem is one row of the review queue or of the recent decisions.
type ReviewItem struct {
	Kind        string // release | modify | delist | asset
	ID          uuid.UUID
	Number      string
	SellerID    uuid.UUID
	Company     string // the seller's company (its account name before entry)
	Title       string // product name, or the asset's name
	SpecName    string // delisting of one spec
	AccessType  string // the product's access type, or the asset's kind
	Status      string // decisions only
	SubmittedAt *time.Time
	DueAt       *time.Time
	ExtraDays   int
	ClaimedBy   *uuid.UUID
	ClaimedAt   *time.Time
	ClaimerName string
	DecidedAt   *time.Time
	DeciderName string
}

// Href is where operations review the record.
func (it ReviewItem) Href() string {
	if it.Kind == ReviewAsset {
		return "/ops/assets/" + it.ID.String()
	}
	return "/ops/reviews/" + it.ID.String()
}

// pageBounds returns how many rows to read for page (one more than fits, to
// tell whether a next page exists), how many to skip, and where the page ends.
func pageBounds(page int) (limit, skip, end int32) {
	if page < 1 {
		page = 1
	}
	limit, skip = ReviewPage+1, int32((page-1)*ReviewPage)
	return limit, skip, limit + skip
}

// ReviewQueue lists one page of pending applications and assets, the most
// urgent first; one item more than ReviewPage means there is a next page.
func (s *Service) ReviewQueue(ctx context.Context, f ReviewFilter, page int) ([]ReviewItem, error) {
	f = f.Clean()
	limit, skip, end := pageBounds(page)
	rows, err := s.st.ListReviewQueue(ctx, pg.ListReviewQueueParams{Kind: f.Kind, OverdueOnly: f.Overdue, Now: s.clock.Now(),
		Claim: f.Claim, Viewer: f.Viewer, Q: f.Search, MaxRows: limit, Skip: skip, PageEnd: end})
	if err != nil {
		return nil, err
	}
	out := make([]ReviewItem, len(rows))
	for i, r := range rows {
		out[i] = ReviewItem{Kind: r.Kind, ID: r.ID, Number: r.Number, SellerID: r.SellerID, Company: r.Company, Title: r.Title,
			SpecName: r.SpecName, AccessType: r.AccessType, SubmittedAt: r.SubmittedAt, DueAt: r.SlaDueAt, ExtraDays: int(r.ExtraDays),
			ClaimedBy: r.ClaimedBy, ClaimedAt: r.ClaimedAt, ClaimerName: r.ClaimerName}
	}
	return out, nil
}

// ReviewDecisions lists one page of records whose last decision stands,
// newest first (Overdue is ignored; Claim mine means decided by the viewer).
func (s *Service) ReviewDecisions(ctx context.Context, f ReviewFilter, page int) ([]ReviewItem, error) {
	f = f.Clean()
	limit, skip, end := pageBounds(page)
	rows, err := s.st.ListReviewDecisions(ctx, pg.ListReviewDecisionsParams{Kind: f.Kind, Mine: f.Claim == ClaimMine,
		Viewer: f.Viewer, Q: f.Search, MaxRows: limit, Skip: skip, PageEnd: end})
	if err != nil {
		return nil, err
	}
	out := make([]ReviewItem, len(rows))
	for i, r := range rows {
		out[i] = ReviewItem{Kind: r.Kind, ID: r.ID, Number: r.Number, SellerID: r.SellerID, Company: r.Company, Title: r.Title,
			SpecName: r.SpecName, AccessType: r.AccessType, Status: r.Status, SubmittedAt: r.SubmittedAt, DueAt: r.SlaDueAt,
			DecidedAt: r.DecidedAt, DeciderName: r.DeciderName}
	}
	return out, nil
}

// ReviewCounts is the size of the review queue.
type ReviewCounts struct {
	Pending map[string]int // per kind
	Overdue map[string]int // per kind, past the deadline now
}

// Total is the number of pending records of every kind.
func (c ReviewCounts) Total() int { return sumCounts(c.Pending) }

// TotalOverdue is the number of overdue records of every kind.
func (c ReviewCounts) TotalOverdue() int { return sumCounts(c.Overdue) }

func sumCounts(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// ReviewQueueCounts counts pending records per kind and those overdue now.
func (s *Service) ReviewQueueCounts(ctx context.Context) (ReviewCounts, error) {
	rows, err := s.st.CountReviewQueue(ctx, s.clock.Now())
	if err != nil {
		return ReviewCounts{}, err
	}
	c := ReviewCounts{Pending: map[string]int{}, Overdue: map[string]int{}}
	for _, r := range rows {
		c.Pending[r.Kind], c.Overdue[r.Kind] = int(r.Pending), int(r.Overdue)
	}
	return c, nil
}
