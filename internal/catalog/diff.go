package catalog

import (
	"strconv"
	"strings"

	"agora/internal/lifecycle"
	"agora/internal/platform/money"
)

// FieldChange is one form field of a revision beside the live version. Field
// is the form field's name as validation and field reasons use it ("summary",
// "spec.2.price"). Old is empty where there is no live version.
type FieldChange struct {
	Field   string
	Old     string
	New     string
	Changed bool
	Long    bool // multi-line text: shown in full, not inline
}

// States of a spec in a revision.
const (
	SpecAdded     = "added"     // new in the revision
	SpecChanged   = "changed"   // listed, and the revision changes its name, price or trial
	SpecUnchanged = "unchanged" // listed, and the revision leaves it as it is
	SpecDelisted  = "delisted"  // in the revision, but delisted since the revision was copied: approval drops it
	SpecRemoved   = "removed"   // on sale, but missing from the revision (a spec is delisted, never deleted)
)

// SpecChange is one spec of a revision beside the live spec. Index is its
// position in the revision (the <i> of "spec.<i>.name"), or -1 for a live
// spec the revision lacks.
type SpecChange struct {
	Index      int
	ID         string
	State      string
	LiveStatus string // the live spec's shelf status; empty for a new spec
	Fields     []FieldChange
}

// Changes is a revision compared with the live product, field by field.
type Changes struct {
	Fields []FieldChange
	Specs  []SpecChange
}

// Count is how many fields and specs the revision changes.
func (c Changes) Count() int {
	n := 0
	for _, f := range c.Fields {
		if f.Changed {
			n++
		}
	}
	for _, s := range c.Specs {
		if s.State != SpecUnchanged {
			n++
		}
	}
	return n
}

// diffLongFields are the multi-line text fields of the product form.
var diffLongFields = map[string]bool{"description": true, "support_content": true, "user_guide": true, "eula": true, "acceptance": true}

// diffTypeFields are the form fields that belong to one access type.
var diffTypeFields = map[string][]string{
	TypeSaaS:     {"production_url", "delivery"},
	TypeLicense:  {"license_form"},
	TypeImage:    {"asset_id"},
	TypePackage:  {"asset_id"},
	TypeManual:   {"service_days"},
	TypeHardware: {"ship_from", "carrier", "dispatch_days", "warranty_months"},
	TypeData:     {"data_format", "update_cycle"},
}

// diffCommonFields are the form fields every product has, in form order.
var diffCommonFields = []string{"name", "name_en", "category_id", "logo", "summary", "description", "support_content",
	"support_hours", "support_tz", "support_phone", "support_email", "user_guide", "eula", "acceptance"}

// ContentFields lists the form fields of a product of accessType, in form
// order, without the specs.
func ContentFields(accessType string) []string {
	out := append([]string(nil), diffCommonFields...)
	return append(out, diffTypeFields[accessType]...)
}

// SpecFields are the fields of one spec.
var SpecFields = []string{"name", "billing_mode", "price", "trial_days"}

// diffValue returns the content's value of a form field.
func (c Content) diffValue(field string) string {
	switch field {
	case "name":
		return c.Name
	case "name_en":
		return c.NameEn
	case "category_id":
		return c.CategoryID
	case "logo":
		return c.LogoFileID
	case "summary":
		return c.Summary
	case "description":
		return c.Description
	case "support_content":
		return c.SupportContent
	case "support_hours":
		return c.SupportHours
	case "support_tz":
		return c.SupportTimeZone
	case "support_phone":
		return c.SupportPhone
	case "support_email":
		return c.SupportEmail
	case "user_guide":
		return c.UserGuide
	case "eula":
		return c.EULA
	case "acceptance":
		return c.Acceptance
	case "production_url":
		return c.ProductionURL
	case "delivery":
		return c.Delivery
	case "license_form":
		return c.LicenseForm
	case "asset_id":
		return c.AssetID
	case "service_days":
		return c.ServiceDays
	case "ship_from":
		return c.ShipFrom
	case "carrier":
		return c.Carrier
	case "dispatch_days":
		return c.DispatchDays
	case "warranty_months":
		return c.WarrantyMonths
	case "data_format":
		return c.DataFormat
	case "update_cycle":
		return c.UpdateCycle
	}
	return ""
}

// diffNorm is a field value as compared: surrounding space and line-ending style do not count.
func diffNorm(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }

func fieldChange(field, was, now string) FieldChange {
	was, now = diffNorm(was), diffNorm(now)
	base := field
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		base = field[i+1:]
	}
	return FieldChange{Field: field, Old: was, New: now, Changed: was != now, Long: diffLongFields[base]}
}

// Diff compares a modification's revision with the live product: every form
// field of the product's access type, and every spec — added, changed,
// unchanged, delisted since the revision was copied, or missing from it.
// The live product's access type decides the fields (it never changes).
func Diff(live Product, rev Content) Changes {
	var out Changes
	for _, f := range ContentFields(live.AccessType) {
		out.Fields = append(out.Fields, fieldChange(f, live.Content.diffValue(f), rev.diffValue(f)))
	}
	byID := make(map[string]Spec, len(live.Specs))
	for _, sp := range live.Specs {
		byID[sp.ID.String()] = sp
	}
	seen := map[string]bool{}
	for i, r := range rev.Specs {
		id := strings.TrimSpace(r.ID)
		l, ok := byID[id]
		if id == "" || !ok {
			out.Specs = append(out.Specs, SpecChange{Index: i, ID: id, State: SpecAdded, Fields: diffSpec(i, nil, &r)})
			continue
		}
		seen[id] = true
		sc := SpecChange{Index: i, ID: id, LiveStatus: string(l.Status), Fields: diffSpec(i, &l, &r)}
		switch {
		case !lifecycle.OnSale(l.Status):
			sc.State = SpecDelisted
		case diffAnyChanged(sc.Fields):
			sc.State = SpecChanged
		default:
			sc.State = SpecUnchanged
		}
		out.Specs = append(out.Specs, sc)
	}
	for _, l := range live.Specs {
		if id := l.ID.String(); !seen[id] && lifecycle.OnSale(l.Status) {
			out.Specs = append(out.Specs, SpecChange{Index: -1, ID: id, State: SpecRemoved, LiveStatus: string(l.Status),
				Fields: diffSpec(-1, &l, nil)})
		}
	}
	return out
}

// Submitted lists a release's content as submitted: every form field of its
// access type and every spec, with nothing to compare against.
func Submitted(c Content) Changes {
	var out Changes
	for _, f := range ContentFields(c.AccessType) {
		v := diffNorm(c.diffValue(f))
		out.Fields = append(out.Fields, FieldChange{Field: f, New: v, Changed: v != "", Long: diffLongFields[f]})
	}
	for i, r := range c.Specs {
		out.Specs = append(out.Specs, SpecChange{Index: i, ID: r.ID, State: SpecAdded, Fields: diffSpec(i, nil, &r)})
	}
	return out
}

func diffAnyChanged(fs []FieldChange) bool {
	for _, f := range fs {
		if f.Changed {
			return true
		}
	}
	return false
}

// diffSpec compares a live spec (nil: none) with a revised one (nil: none).
func diffSpec(i int, live *Spec, rev *SpecDraft) []FieldChange {
	var was, now [4]string
	if live != nil {
		was = [4]string{live.Name, live.BillingMode, money.Format(live.Price), diffTrial(strconv.Itoa(int(live.TrialDays)))}
	}
	if rev != nil {
		now = [4]string{rev.Name, rev.BillingMode, diffPrice(rev.Price), diffTrial(rev.TrialDays)}
	}
	out := make([]FieldChange, len(SpecFields))
	for k, f := range SpecFields {
		name := f
		if i >= 0 {
			name = SpecField(i, f)
		}
		out[k] = fieldChange(name, was[k], now[k])
	}
	return out
}

// diffPrice formats a typed price as money, so "99" and "¥99.00" compare equal;
// what does not parse is shown as typed.
func diffPrice(s string) string {
	if p, err := money.Parse(s); err == nil {
		return money.Format(p)
	}
	return strings.TrimSpace(s)
}

// diffTrial is the number of trial days, empty for none.
func diffTrial(s string) string {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	return s
}
