package ops

import (
	"time"

	"agora/web/ui"
)

// AppealQueueVM is the arbitration queue: open appeals by deadline, or the
// latest decisions.
type AppealQueueVM struct {
	View     string // open | decided
	Rows     []AppealRow
	Open     int64 // appeals waiting for arbitration, all pages
	Page     int
	HasNext  bool
	PagerURL string
}

// AppealRow is one appeal of the queue.
type AppealRow struct {
	Href        string
	Number      string
	OrderNumber string
	Product     string
	Amount      string
	Flow        string
	Appellant   string // buyer | seller
	Node        string // the supervision node when filed
	Status      string
	AskedRole   string
	Outcome     string
	Refund      string
	Filed       time.Time
	DecidedAt   *time.Time
	SLA         ui.SLA
}

// AppealDetailVM is one appeal as a reviewer arbitrates it.
type AppealDetailVM struct {
	ID            string
	Number        string
	Status        string
	Version       int32
	AppellantRole string
	Appellant     string
	Node          string
	Reason        string
	Demands       string
	Filed         time.Time
	SLA           ui.SLA
	AskedRole     string
	AskNote       string
	Outcome       string
	Decision      string
	Refund        string
	DecidedAt     *time.Time
	DecidedBy     string

	Order    ui.OrderView
	Seller   string // company and account
	Sup      AppealSupervision
	Timeline []MergedItem
	Others   []AppealLink // the order's other appeals

	EvidenceURL string
	CanAsk      bool
	CanDecide   bool
	Outcomes    []ui.Option
	RefundMax   string // yuan as typed: what the buyer paid ("" when unsubscription is not possible)
	PaidText    string // the same, formatted
	AskForm     ui.Form
	DecideForm  ui.Form
	Alert       string // a catalog key shown above the forms (a lost race)
}

// AppealSupervision is the state of the order's service supervision.
type AppealSupervision struct {
	Flow         string
	Status       string
	Frozen       bool
	NodeSince    time.Time
	Requirements string
	DeliveryNote string
	ActualStart  *time.Time
	LicenceUntil *time.Time
	Courier      string
	Waybill      string
	WaybillPhone string
	SignedAt     *time.Time
	Trackable    *bool
	AutoAcceptAt *time.Time
	PausedLeft   string
	Rejections   int
}

// AppealLink points to another appeal of the same order.
type AppealLink struct {
	Href, Number, Status string
	Filed                time.Time
}

// MergedItem is one event of the order's merged timeline, tagged with the
// chain it belongs to.
type MergedItem struct {
	Kind  string // order | supervision | appeal
	Label string // the appeal's number
	ui.TimelineItem
}

// CourierVM is the built-in courier tracker: record a sign-off, see the latest.
type CourierVM struct {
	Form    ui.Form
	Applied int // deliveries the last sign-off applied to; -1 when none was just recorded
	Events  []CourierRow
	Now     string // yyyy-mm-ddThh:mm, the latest a sign-off may be
}

// CourierRow is one recorded courier event.
type CourierRow struct {
	Courier    string
	Waybill    string
	Phone      string
	HappenedAt time.Time
	RecordedAt time.Time
	Recorder   string
	Deliveries int
}
