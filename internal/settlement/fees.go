package settlement

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/platform/apperr"
	"agora/internal/platform/calendar"
	"agora/internal/platform/text"
	"agora/internal/store/pg"
)

// FeeRule is a platform-fee rule.
type FeeRule struct {
	ID               uuid.UUID
	Scope            string // default, access_type, product
	AccessType       string
	ProductID        *uuid.UUID
	ProductName      string
	RateBP           int
	PlatformInvoices bool
	EffectiveFrom    time.Time
	Note             string
	CreatedAt        time.Time
}

// FeeRules lists every rule, old ones included: they explain old lines.
func (s *Service) FeeRules(ctx context.Context) ([]FeeRule, error) {
	rows, err := s.st.ListFeeRules(ctx)
	out := make([]FeeRule, len(rows))
	for i, r := range rows {
		out[i] = FeeRule{ID: r.ID, Scope: r.Scope, AccessType: r.AccessType, ProductID: r.ProductID, ProductName: r.ProductName,
			RateBP: int(r.RateBp), PlatformInvoices: r.PlatformInvoices, EffectiveFrom: r.EffectiveFrom, Note: r.Note, CreatedAt: r.CreatedAt}
	}
	return out, err
}

// FeeRuleInput is a new rule as operations type it.
type FeeRuleInput struct {
	Scope            string
	AccessType       string
	ProductNumber    string // the product's number, for a product rule
	Rate             string // percent, up to two decimals: "5", "3.5"
	PlatformInvoices bool
	EffectiveFrom    string // yyyy-mm-dd; empty: now
	Note             string
}

// AddFeeRule adds a rule. It takes effect at the start of the given day or
// now, never earlier: lines already billed keep the rule they were billed at,
// and a re-run of a closed period finds the same rules.
func (s *Service) AddFeeRule(ctx context.Context, admin account.Account, in FeeRuleInput) (FeeRule, error) {
	now := s.clk.Now()
	v := apperr.Validation{}
	if !slices.Contains([]string{"default", "access_type", "product"}, in.Scope) {
		v.Add("scope", "settlement.scope_rule")
	}
	if in.Scope == "access_type" && !slices.Contains(catalog.AccessTypes, in.AccessType) {
		v.Add("access_type", "settlement.access_type_rule")
	}
	bp, ok := parseRate(in.Rate)
	if !ok {
		v.Add("rate", "settlement.rate_rule")
	}
	from := now
	if d := strings.TrimSpace(in.EffectiveFrom); d != "" {
		day, err := time.ParseInLocation(time.DateOnly, d, s.loc)
		switch {
		case err != nil:
			v.Add("effective_from", "settlement.effective_rule")
		case day.After(now):
			from = day
		case day.Before(calendar.StartOfDay(now, s.loc)):
			v.Add("effective_from", "settlement.effective_past")
		}
	}
	note, _ := text.Bounded(in.Note, 0, 200)
	var product *uuid.UUID
	if in.Scope == "product" {
		p, err := s.st.FindSellerProductByNumber(ctx, strings.TrimSpace(in.ProductNumber))
		if err != nil {
			v.Add("product_number", "settlement.product_rule")
		} else {
			product = &p.ID
		}
	}
	if err := v.Err(); err != nil {
		return FeeRule{}, err
	}
	access := ""
	if in.Scope == "access_type" {
		access = in.AccessType
	}
	r, err := s.st.CreateFeeRule(ctx, pg.CreateFeeRuleParams{ID: uuid.Must(uuid.NewV7()), Scope: in.Scope, AccessType: access,
		ProductID: product, RateBp: int32(bp), PlatformInvoices: in.PlatformInvoices, EffectiveFrom: from, Note: note,
		CreatedBy: &admin.ID, CreatedAt: now})
	if err != nil {
		return FeeRule{}, err
	}
	s.log.Info("fee rule added", "scope", r.Scope, "rate_bp", r.RateBp, "by", admin.Name)
	return FeeRule{ID: r.ID, Scope: r.Scope, AccessType: r.AccessType, ProductID: r.ProductID, RateBP: int(r.RateBp),
		PlatformInvoices: r.PlatformInvoices, EffectiveFrom: r.EffectiveFrom, Note: r.Note, CreatedAt: r.CreatedAt}, nil
}

// parseRate reads a percentage with at most two decimals into basis points.
func parseRate(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 {
		return 0, false
	}
	n := 0
	for _, c := range whole + (frac + "00")[:2] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
		if n > 10000 {
			return 0, false
		}
	}
	return n, true
}

// RateText is a rate in basis points as a percentage: 500 → "5%", 350 → "3.5%".
func RateText(bp int) string {
	t := strconv.FormatFloat(float64(bp)/100, 'f', -1, 64)
	return t + "%"
}
