package seller

import (
	"strconv"
	"time"

	"agora/web/ui"
)

// TypeCard is one access type offered by the release flow.
type TypeCard struct {
	Type string
}

// NamedOption is a choice whose label is data (a category or an asset name), not a catalog key.
type NamedOption struct {
	Value string
	Label string
}

// SpecRow is one spec row of the product form.
type SpecRow struct {
	Index                                  int
	ID, Name, BillingMode, Price, TrialDay string
	Listed                                 bool // already on sale: cannot be removed here, only delisted
}

// ProductFormVM is the release / modification form (发布商品 / 修改商品).
type ProductFormVM struct {
	AppID        string
	Number       string
	Kind         string // release | modify
	AccessType   string
	Status       string
	ProductName  string // for modifications: the live product
	ProductID    string
	Form         ui.Form // every field but the specs, as typed; errors include spec.<i>.<field>
	Specs        []SpecRow
	Categories   []NamedOption
	Assets       []NamedOption
	LogoURL      string
	SavedAt      time.Time
	Reason       string            // the reviewer's overall reason after a rejection
	FieldReasons map[string]string // the reviewer's reason per field
	Supervised   bool
	TrialAllowed bool
	MaxSpecs     int
}

// SavedStamp is a draft's saved time as the page's script compares it: Unix
// milliseconds, the same whether the time came from the clock or the database.
func SavedStamp(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// FieldReason returns the reviewer's note on field, if any.
func (vm ProductFormVM) FieldReason(field string) string { return vm.FieldReasons[field] }

// ApplicationRow is one line of 我的申请 / 草稿箱.
type ApplicationRow struct {
	ID, Number, Kind, Status, Title, AccessType string
	SavedAt                                     time.Time
	SLA                                         *ui.SLA
	Editable, Withdrawable, Deletable           bool
}

// ApplicationsVM is the list of applications or drafts.
type ApplicationsVM struct {
	DraftsOnly bool
	Rows       []ApplicationRow
	Page       int
	HasNext    bool
}

// ApplicationVM is one application's page.
type ApplicationVM struct {
	Row          ApplicationRow
	ProductID    string
	ProductName  string
	Reason       string
	FieldReasons []FieldNote
	ExtraDays    int
	Facts        []Fact // what was submitted
	Specs        []SpecRow
	Delist       *DelistFacts
	Timeline     []ui.TimelineItem
}

// FieldNote is the reviewer's reason on one field.
type FieldNote struct{ Field, Reason string }

// Fact is one labelled value; Label is a catalog key, Value data.
type Fact struct {
	Label string
	Value string
	Long  bool // multi-line text
}

// DelistFacts describes a delisting request.
type DelistFacts struct {
	SpecName string
	Reason   string
	Proof    *ui.Attachment
}

// ProductRow is one line of 我的商品.
type ProductRow struct {
	ID, Number, Name, NameEn, AccessType, Status string
	Public                                       bool
	MinPrice                                     string
	SpecsOnSale                                  int
	ListedAt                                     time.Time
	HasOpenChange                                bool
}

// ProductsVM is 我的商品.
type ProductsVM struct {
	Rows    []ProductRow
	Page    int
	HasNext bool
}

// SpecLine is one spec on the product's page.
type SpecLine struct {
	ID, Name, BillingMode, Price, Status string
	TrialDays                            int
	Public                               bool
	URL                                  string
	Target                               string
	LimitPerUser                         int
	LimitUntilExpiry, TrialRestricted    bool
	Version                              string
	OnSale                               bool
}

// ProductVM is a product's page in the seller center (business information).
type ProductVM struct {
	ID, Number, Name, NameEn, AccessType, Status, Category string
	Public                                                 bool
	OnSale                                                 bool
	URL                                                    string // the storefront address, to copy and share
	LogoURL                                                string
	Summary                                                string
	Target                                                 string
	ListedAt                                               time.Time
	Specs                                                  []SpecLine
	OpenChange                                             *ApplicationRow
	PendingDelist                                          []ApplicationRow
	Timeline                                               []ui.TimelineItem
}

// DelistVM is the delisting form.
type DelistVM struct {
	Product ProductVM
	Form    ui.Form
	Proof   *ui.Attachment
}

// Member is an account on an audience list.
type Member struct{ ID, Name, PublicID string }

// SalesVM is the sales configuration (销售配置) of one product.
type SalesVM struct {
	Product      ProductVM
	TargetForm   ui.Form
	AssocNumber  string
	SpecTargets  []string // allowed spec targets; empty: specs inherit
	SpecForms    map[string]ui.Form
	Buyers       []Member
	TrialMembers []Member
	BuyersForm   ui.Form
	TrialForm    ui.Form
	HasTrial     bool
}
