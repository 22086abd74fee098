package catalog

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"agora/internal/account"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
)

// Access types (接入类型) a product can have (domain §2.1).
const (
	TypeSaaS     = "saas"
	TypeLicense  = "license"
	TypeImage    = "image"
	TypePackage  = "package"
	TypeManual   = "manual"
	TypeHardware = "hardware"
	TypeData     = "data"
)

// AccessTypes lists the access types in the order the release flow offers them.
var AccessTypes = []string{TypeSaaS, TypeLicense, TypeImage, TypePackage, TypeManual, TypeHardware, TypeData}

// ValidType reports whether t is an access type.
func ValidType(t string) bool {
	for _, x := range AccessTypes {
		if x == t {
			return true
		}
	}
	return false
}

// Billing modes of a spec.
const (
	BillMonthly = "monthly"
	BillYearly  = "yearly"
	BillOneTime = "one_time"
	BillPerUse  = "per_use"
)

// BillingModes lists the billing modes in display order.
var BillingModes = []string{BillMonthly, BillYearly, BillOneTime, BillPerUse}

// Periodic reports whether mode is billed per period (包周期).
func Periodic(mode string) bool { return mode == BillMonthly || mode == BillYearly }

// SaaS delivery: opened by the production interface at once, or delivered
// offline under service supervision.
const (
	DeliveryInstant    = "instant"
	DeliverySupervised = "supervised"
)

// License forms.
const (
	LicenseAuthCode = "auth_code"
	LicenseFile     = "license_file"
)

// Limits of the release form.
const (
	MinDescriptionText = 400 // plain-text characters (domain §2.2)
	MaxSpecs           = 20
	MinTrialDays       = 3
	MaxTrialDays       = 180
	MaxPrice           = money.Fen(100_000_000_00) // ¥100,000,000 per unit
)

// Content is a product as the seller typed it: every field a string, so that a
// draft keeps exactly what was typed, valid or not. Validate turns it into
// checked values on submission.
type Content struct {
	AccessType  string `json:"access_type"`
	Name        string `json:"name"`
	NameEn      string `json:"name_en"`
	CategoryID  string `json:"category_id"`
	LogoFileID  string `json:"logo_file_id"`
	Summary     string `json:"summary"`
	Description string `json:"description"`
	// Service & support (服务与支持).
	SupportContent  string `json:"support_content"`
	SupportHours    string `json:"support_hours"`
	SupportTimeZone string `json:"support_tz"`
	SupportPhone    string `json:"support_phone"`
	SupportEmail    string `json:"support_email"`
	UserGuide       string `json:"user_guide"`
	EULA            string `json:"eula"`
	// Acceptance is the seller's delivery/acceptance template (商品交付模板).
	Acceptance string `json:"acceptance"`
	// Type-specific fields.
	ProductionURL  string      `json:"production_url"`  // SaaS: production interface address
	Delivery       string      `json:"delivery"`        // SaaS: instant | supervised
	LicenseForm    string      `json:"license_form"`    // License: auth_code | license_file
	AssetID        string      `json:"asset_id"`        // image, package: the approved asset delivered
	ServiceDays    string      `json:"service_days"`    // manual service: days to deliver
	ShipFrom       string      `json:"ship_from"`       // hardware: where it ships from
	Carrier        string      `json:"carrier"`         // hardware: courier
	DispatchDays   string      `json:"dispatch_days"`   // hardware: days from order to dispatch
	WarrantyMonths string      `json:"warranty_months"` // hardware
	DataFormat     string      `json:"data_format"`     // data asset: formats delivered
	UpdateCycle    string      `json:"update_cycle"`    // data asset: how often the data is refreshed
	Specs          []SpecDraft `json:"specs"`
}

// SpecDraft is one spec as typed. ID is set for a spec that is already listed.
type SpecDraft struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name"`
	BillingMode string `json:"billing_mode"`
	Price       string `json:"price"` // yuan, as typed
	TrialDays   string `json:"trial_days"`
}

// Supervised reports whether orders of this content go through service
// supervision (domain §5.1; data products deliver data files, §5.9), which
// makes the acceptance template mandatory.
func (c Content) Supervised() bool {
	switch c.AccessType {
	case TypeLicense, TypeManual, TypeHardware, TypeData:
		return true
	case TypeSaaS:
		return c.Delivery == DeliverySupervised
	}
	return false
}

// Flow is the supervision flow of this content's orders, "" for none.
func (c Content) Flow() string {
	switch {
	case !c.Supervised():
		return ""
	case c.AccessType == TypeLicense:
		return lifecycle.FlowLicense
	case c.AccessType == TypeHardware:
		return lifecycle.FlowHardware
	}
	return lifecycle.FlowStandard
}

// NeedsAsset reports whether the type delivers an approved asset.
func NeedsAsset(accessType string) bool { return accessType == TypeImage || accessType == TypePackage }

// AssetKind is the asset kind a type delivers.
func AssetKind(accessType string) string {
	if accessType == TypeImage {
		return "image"
	}
	return "package"
}

// Checked is content that passed validation, in typed form.
type Checked struct {
	Content
	Logo  string // file id, already checked to be the seller's logo upload
	Specs []CheckedSpec
}

// CheckedSpec is a valid spec.
type CheckedSpec struct {
	ID          string // "" for a new spec
	Name        string
	BillingMode string
	Price       money.Fen
	TrialDays   int32
}

var saasRe = regexp.MustCompile(`(?i)(SaaS版|SaaS Edition)$`)

func runes(s string) int { return utf8.RuneCountInString(s) }

// TextLength counts the characters of s that are not white space — the
// "plain text" a description must have enough of.
func TextLength(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// Trim returns c with surrounding white space removed from every field.
func (c Content) Trim() Content {
	t := strings.TrimSpace
	c.Name, c.NameEn, c.CategoryID, c.LogoFileID = t(c.Name), t(c.NameEn), t(c.CategoryID), t(c.LogoFileID)
	c.Summary, c.Description = t(c.Summary), t(c.Description)
	c.SupportContent, c.SupportHours, c.SupportTimeZone = t(c.SupportContent), t(c.SupportHours), t(c.SupportTimeZone)
	c.SupportPhone, c.SupportEmail, c.UserGuide, c.EULA = t(c.SupportPhone), t(c.SupportEmail), t(c.UserGuide), t(c.EULA)
	c.Acceptance, c.ProductionURL, c.Delivery, c.LicenseForm = t(c.Acceptance), t(c.ProductionURL), t(c.Delivery), t(c.LicenseForm)
	c.AssetID, c.ServiceDays, c.ShipFrom, c.Carrier = t(c.AssetID), t(c.ServiceDays), t(c.ShipFrom), t(c.Carrier)
	c.DispatchDays, c.WarrantyMonths, c.DataFormat, c.UpdateCycle = t(c.DispatchDays), t(c.WarrantyMonths), t(c.DataFormat), t(c.UpdateCycle)
	specs := make([]SpecDraft, len(c.Specs))
	for i, s := range c.Specs {
		specs[i] = SpecDraft{ID: t(s.ID), Name: t(s.Name), BillingMode: t(s.BillingMode), Price: t(s.Price), TrialDays: t(s.TrialDays)}
	}
	c.Specs = specs
	return c
}

// SpecField names the form field of spec i, as used in validation messages.
func SpecField(i int, name string) string { return "spec." + strconv.Itoa(i) + "." + name }

// intIn parses s as an integer in [lo, hi].
func intIn(s string, lo, hi int) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= lo && n <= hi
}

// validate checks everything that needs no database. Checks against stored
// data (categories, files, assets, listed specs) are the service's.
func (c Content) validate(v apperr.Validation) Checked {
	out := Checked{Content: c}
	if n := runes(c.Name); n < 2 || n > 60 {
		v.Add("name", "product.name_rule")
	} else if c.AccessType == TypeSaaS && !saasRe.MatchString(c.Name) {
		v.Add("name", "product.name_saas")
	}
	if runes(c.NameEn) > 100 {
		v.Add("name_en", "product.name_en_rule")
	}
	if c.CategoryID == "" {
		v.Add("category_id", "product.category_required")
	}
	if n := runes(c.Summary); n < 10 || n > 200 {
		v.Add("summary", "product.summary_rule")
	}
	if TextLength(c.Description) < MinDescriptionText {
		v.Add("description", "product.description_min")
	} else if runes(c.Description) > 20000 {
		v.Add("description", "product.description_max")
	}
	if n := runes(c.SupportContent); n < 10 || n > 2000 {
		v.Add("support_content", "product.support_content_rule")
	}
	if n := runes(c.SupportHours); n < 3 || n > 60 {
		v.Add("support_hours", "product.support_hours_rule")
	}
	if c.SupportTimeZone == "" || runes(c.SupportTimeZone) > 40 {
		v.Add("support_tz", "product.support_tz_rule")
	}
	if !account.ValidPhone(c.SupportPhone) {
		v.Add("support_phone", "entry.phone_rule")
	}
	if !account.ValidEmail(c.SupportEmail) {
		v.Add("support_email", "account.email_invalid")
	}
	if n := runes(c.UserGuide); n < 20 || n > 20000 {
		v.Add("user_guide", "product.user_guide_rule")
	}
	if n := runes(c.EULA); n < 20 || n > 50000 {
		v.Add("eula", "product.eula_rule")
	}
	if c.Supervised() && runes(c.Acceptance) < 20 {
		v.Add("acceptance", "product.acceptance_required")
	} else if runes(c.Acceptance) > 5000 {
		v.Add("acceptance", "product.acceptance_max")
	}
	c.validateType(v)
	out.Specs = c.validateSpecs(v)
	return out
}

func (c Content) validateType(v apperr.Validation) {
	switch c.AccessType {
	case TypeSaaS:
		if u, err := url.Parse(c.ProductionURL); err != nil || u.Scheme != "https" || !strings.Contains(u.Host, ".") || len(c.ProductionURL) > 300 {
			v.Add("production_url", "product.production_url_rule")
		}
		if c.Delivery != DeliveryInstant && c.Delivery != DeliverySupervised {
			v.Add("delivery", "product.delivery_required")
		}
	case TypeLicense:
		if c.LicenseForm != LicenseAuthCode && c.LicenseForm != LicenseFile {
			v.Add("license_form", "product.license_form_required")
		}
	case TypeImage, TypePackage:
		if c.AssetID == "" {
			v.Add("asset_id", "product.asset_required")
		}
	case TypeManual:
		if _, ok := intIn(c.ServiceDays, 1, 365); !ok {
			v.Add("service_days", "product.service_days_rule")
		}
	case TypeHardware:
		if n := runes(c.ShipFrom); n < 2 || n > 60 {
			v.Add("ship_from", "product.ship_from_rule")
		}
		if n := runes(c.Carrier); n < 2 || n > 60 {
			v.Add("carrier", "product.carrier_rule")
		}
		if _, ok := intIn(c.DispatchDays, 1, 60); !ok {
			v.Add("dispatch_days", "product.dispatch_days_rule")
		}
		if _, ok := intIn(c.WarrantyMonths, 0, 120); !ok {
			v.Add("warranty_months", "product.warranty_rule")
		}
	case TypeData:
		if n := runes(c.DataFormat); n < 2 || n > 100 {
			v.Add("data_format", "product.data_format_rule")
		}
		if n := runes(c.UpdateCycle); n < 2 || n > 60 {
			v.Add("update_cycle", "product.update_cycle_rule")
		}
	}
}

func (c Content) validateSpecs(v apperr.Validation) []CheckedSpec {
	if len(c.Specs) == 0 {
		v.Add("specs", "product.specs_required")
		return nil
	}
	if len(c.Specs) > MaxSpecs {
		v.Add("specs", "product.specs_max")
	}
	trialAllowed := c.AccessType != TypeLicense && c.AccessType != TypeManual
	seen := map[string]bool{}
	out := make([]CheckedSpec, 0, len(c.Specs))
	for i, s := range c.Specs {
		cs := CheckedSpec{ID: s.ID, Name: s.Name, BillingMode: s.BillingMode}
		if n := runes(s.Name); n < 1 || n > 40 {
			v.Add(SpecField(i, "name"), "product.spec_name_rule")
		} else if seen[strings.ToLower(s.Name)] {
			v.Add(SpecField(i, "name"), "product.spec_name_dup")
		}
		seen[strings.ToLower(s.Name)] = true
		switch s.BillingMode {
		case BillMonthly, BillYearly, BillOneTime, BillPerUse:
		default:
			v.Add(SpecField(i, "billing_mode"), "product.billing_required")
		}
		if p, err := money.Parse(s.Price); err != nil || p < 0 || p > MaxPrice {
			v.Add(SpecField(i, "price"), "product.price_rule")
		} else {
			cs.Price = p
		}
		if s.TrialDays != "" && s.TrialDays != "0" {
			switch n, ok := intIn(s.TrialDays, MinTrialDays, MaxTrialDays); {
			case !trialAllowed:
				v.Add(SpecField(i, "trial_days"), "product.trial_type")
			case !Periodic(s.BillingMode):
				v.Add(SpecField(i, "trial_days"), "product.trial_periodic")
			case !ok:
				v.Add(SpecField(i, "trial_days"), "product.trial_rule")
			default:
				cs.TrialDays = int32(n)
			}
		}
		out = append(out, cs)
	}
	return out
}
