package ops

import (
	"context"
	"strconv"
	"time"

	"agora/web/ui"
)

// ReviewKindTab is one kind of the review queue with its pending count.
type ReviewKindTab struct {
	Kind    string // "" for all
	Label   string // catalog key
	Href    string // the queue filtered to this kind
	Count   int
	Overdue int
}

// ReviewFilterVM is the queue's filter form as submitted.
type ReviewFilterVM struct {
	View    string // pending | decided
	Kind    string
	Claim   string // all | mine | unclaimed
	Overdue bool
	Q       string
}

// ReviewRow is one row of the product review queue.
type ReviewRow struct {
	Href        string
	Kind        string
	Number      string
	Company     string
	Title       string
	SpecName    string
	AccessType  string
	SubmittedAt *time.Time
	SLA         *ui.SLA
	ExtraDays   int
	Claimer     string // name of the reviewer who claimed it
	ClaimedByMe bool
	Status      string // decided view: the record's status
	DecidedAt   *time.Time
	Decider     string
	StatusKind  string // badge kind of Status: product_application | asset
}

// ReviewQueueVM is the product review queue (商品审核): releases,
// modifications, delistings and assets, most urgent first.
type ReviewQueueVM struct {
	Filter   ReviewFilterVM
	Kinds    []ReviewKindTab
	Claims   []ui.Option
	Rows     []ReviewRow
	Page     int
	HasNext  bool
	PagerURL string // the filter's URL ending in "&", for the pager
	ViewURL  string // the filter's URL without view and page, ending in "&"
	Total    int
	Overdue  int
}

// ReviewValue is one value shown for a form field: data, a catalog key, an
// image or a link.
type ReviewValue struct {
	Text     string
	Key      string // a catalog key to show instead of Text
	ImageURL string // a logo preview
	Href     string // a link on Text
}

// Empty reports whether there is nothing to show.
func (v ReviewValue) Empty() bool { return v.Text == "" && v.Key == "" && v.ImageURL == "" }

// ReviewField is one form field of an application: as submitted, or beside
// the live version for a modification.
type ReviewField struct {
	Field   string // the form field's name, for the reviewer's reason on it
	Label   string // catalog key
	Old     ReviewValue
	New     ReviewValue
	Changed bool
	Long    bool
}

// ReviewSpec is one spec of an application.
type ReviewSpec struct {
	Index       int    // position in the submitted form, -1 for a live spec the revision lacks
	ReasonField string // where the reviewer's reason on this spec goes; empty: none
	State       string // added | changed | unchanged | delisted | removed
	LiveStatus  string
	Fields      []ReviewField // name, billing mode, price, trial days
}

// Number is the spec's position as people count, or empty.
func (s ReviewSpec) Number() string {
	if s.Index < 0 {
		return ""
	}
	return strconv.Itoa(s.Index + 1)
}

// ReviewDelist is a delisting request.
type ReviewDelist struct {
	SpecName string // empty: the whole product
	Reason   string
	Proof    *ui.Attachment
}

// ReviewNote is the reviewer's reason on one field of a rejected application.
type ReviewNote struct {
	Label  string // catalog key of the field
	Spec   string // the spec's number, for spec fields
	Reason string
}

// ReviewDetailVM is one application under review.
type ReviewDetailVM struct {
	ID          string
	Number      string
	Kind        string // release | modify | delist
	Status      string
	Version     int32
	AccessType  string
	Title       string
	Company     string
	Account     string
	SubmittedAt *time.Time
	SLA         *ui.SLA
	ExtraDays   int
	Claimer     string
	ClaimedAt   *time.Time
	ClaimedByMe bool
	CanClaim    bool
	CanUnclaim  bool
	CanDecide   bool
	BlockedBy   string // another reviewer's claim keeps the viewer from deciding

	ProductID     string // the live product (modify, delist, an approved release)
	ProductNumber string
	ProductName   string
	ProductStatus string

	Compare     bool // fields and specs beside the live version (a modification not yet in effect)
	Fields      []ReviewField
	Specs       []ReviewSpec
	ChangeCount int
	Delist      *ReviewDelist

	DecidedAt    *time.Time
	Reason       string
	FieldReasons []ReviewNote

	Form     ui.Form
	Timeline []ui.TimelineItem
}

// Diff reports whether the page compares a revision with the live version.
func (vm ReviewDetailVM) Diff() bool { return vm.Compare }

// Reasons reports whether the reviewer may give reasons per field.
func (vm ReviewDetailVM) Reasons() bool { return vm.CanDecide && vm.Kind != "delist" }

// ReasonName is the form field of the reviewer's reason on a form field.
func ReasonName(field string) string { return "fr." + field }

// titleOr is a record's title, or a placeholder for a record without one.
func titleOr(ctx context.Context, title string) string {
	if title == "" {
		return ui.T(ctx, "review.untitled")
	}
	return title
}
