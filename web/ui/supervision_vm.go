package ui

// SupervisionView is an order's service supervision for one of its parties.
type SupervisionView struct {
	Base         string // the order page: /buyer/orders/<id> or /seller/orders/<id>
	Role         string // buyer | seller
	Flow         string
	Status       string
	Frozen       bool
	Nodes        []FlowNode
	Waiting      string // who must act: buyer | seller | operations | "" when finished
	WaitingSince string
	AutoAcceptAt string // when the system accepts for the buyer (hardware)
	AutoAcceptIn string // how long until then
	PausedLeft   string // what was left of that wait, while an appeal is open
	Requirements string
	DeliveryNote string
	ActualStart  string
	LicenceUntil string
	Courier      string
	Waybill      string
	WaybillPhone string
	SignedAt     string
	Untrackable  bool // signed, but the waybill's phone is not the buyer's
	Rejections   int
	Acceptance   string   // the seller's acceptance rule the order promised
	Actions      []string // the steps this party may take now
	Form         Form     // the last refused step's form
	FormAction   string   // which step the form belongs to
	Files        []Attachment
	CanAppeal    bool
	Appeals      []AppealView
	Today        string // yyyy-mm-dd, the latest actual start
}

// Can reports whether the party may take step now.
func (v SupervisionView) Can(step string) bool {
	for _, a := range v.Actions {
		if a == step {
			return true
		}
	}
	return false
}

// FormFor is the refused form of step, or an empty one.
func (v SupervisionView) FormFor(step string) Form {
	if v.FormAction == step {
		return v.Form
	}
	return Form{}
}

// FlowNode is one node of a flow as a step of the progress bar.
type FlowNode struct {
	Status string
	Label  string // catalog key: the node as this flow names it
	State  string // done | current | todo
}

// AppealView is an appeal as its parties see it.
type AppealView struct {
	ID, Number    string
	Status        string
	AppellantRole string
	Reason        string
	Demands       string
	Due           string
	AskedRole     string
	AskNote       string
	Outcome       string
	Decision      string
	Refund        string
	Mine          bool // the viewer filed it
	AskedMe       bool // operations asked the viewer for material
	Active        bool
}
