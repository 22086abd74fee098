// Package seller renders the seller center (卖家中心).
package seller

import (
	"time"

	"agora/web/ui"
)

// Step is one step of the way to selling, as shown on the overview.
type Step struct {
	Label  string // catalog key
	State  string // done | current | todo | blocked
	Href   string
	Detail string // catalog key
}

// OverviewVM is the seller center's front page.
type OverviewVM struct {
	Stage      string
	Steps      []Step
	NextKey    string // catalog key telling what to do next
	NextHref   string
	NextLabel  string
	Entry      *EntrySummary
	CertStatus string
	CertLeft   int
	IsOps      bool
}

// EntrySummary is an application at a glance.
type EntrySummary struct {
	Number       string
	Company      string
	Status       string
	SubmittedAt  time.Time
	SLA          ui.SLA
	RejectReason string
}

// EntryVM is the entry application page: a form while it may be edited,
// the application and its timeline otherwise.
type EntryVM struct {
	Form           ui.Form
	Editable       bool
	AgreementID    string
	AgreementTitle string
	AgreementVer   string
	Logo, Licence  *ui.Attachment // files kept from an earlier attempt
	App            *EntryDetail
	Timeline       []ui.TimelineItem
	IsOps          bool
}

// EntryDetail is a submitted application.
type EntryDetail struct {
	ID, Number, Status string
	Company, Website   string
	Years, Headcount   int32
	Capital            int64
	ContactName        string
	ContactPhone       string
	ContactEmail       string
	CSPhone, CSEmail   string
	Profile            string
	Logo, Licence      ui.Attachment
	SLA                ui.SLA
	SubmittedAt        time.Time
	RejectReason       string
	Version            int32
}

// CertVM is the certification page.
type CertVM struct {
	Form         ui.Form
	Editable     bool
	Blocked      string // catalog key when certification is not possible yet
	Company      string
	Status       string
	AttemptsLeft int
	RejectReason string
	SLA          *ui.SLA
	Cert         *CertDetail
	Timeline     []ui.TimelineItem
	TaxOptions   []ui.Option
	RateOptions  []ui.Option
}

// CertDetail is a submitted certification.
type CertDetail struct {
	BankName, BankBranch, AccountHolder, BankAccount string
	TaxRate, TaxpayerType, TaxID                     string
}

// AgreementRow is one signed agreement.
type AgreementRow struct {
	ID, Title, Version string
	SignedAt           time.Time
}
