package catalog

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Sales targets (销售对象).
const (
	TargetAll        = "all"
	TargetEnterprise = "enterprise"
	TargetIndividual = "individual"
	TargetSpecified  = "specified"
	TargetAssociated = "associated" // buyers of another product of the seller
)

// ProductTargets lists the product-level targets in display order.
var ProductTargets = []string{TargetAll, TargetEnterprise, TargetIndividual, TargetSpecified, TargetAssociated}

// SpecTargets lists the spec targets a product target allows (domain §2.10);
// none means the specs inherit the product's target and cannot be set.
func SpecTargets(product string) []string {
	switch product {
	case TargetAll:
		return []string{TargetAll, TargetEnterprise, TargetIndividual, TargetSpecified}
	case TargetEnterprise:
		return []string{TargetEnterprise, TargetSpecified}
	case TargetIndividual:
		return []string{TargetIndividual, TargetSpecified}
	}
	return nil
}

// Audience scopes: specified buyers, and the accounts excepted from a trial restriction.
const (
	ScopeBuyers = "buyers"
	ScopeTrial  = "trial"
)

// SetTarget sets who may buy the product. Specs keep only the targets the new
// product target allows; the others fall back to the product's own.
func (s *Service) SetTarget(ctx context.Context, seller account.Account, product uuid.UUID, target, assocNumber string) error {
	if !slices.Contains(ProductTargets, target) {
		return (apperr.Validation{"target": "sales.target_invalid"}).Err()
	}
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		p, err := q.LockProduct(ctx, product)
		if err != nil || p.SellerID != seller.ID {
			return store.NotFound(errOr(err), "product")
		}
		if !lifecycle.OnSale(p.Status) {
			return apperr.E(apperr.Conflict, "product.not_on_sale")
		}
		var assoc *uuid.UUID
		reason := target
		if target == TargetAssociated {
			a, err := q.LockSellerProductByNumber(ctx, pg.LockSellerProductByNumberParams{Number: strings.TrimSpace(assocNumber), SellerID: seller.ID})
			if err != nil || a.ID == p.ID || !lifecycle.OnSale(a.Status) {
				if err != nil && !store.IsNoRows(err) {
					return err
				}
				return (apperr.Validation{"assoc_number": "sales.assoc_invalid"}).Err()
			}
			assoc, reason = &a.ID, target+" "+a.Number
		}
		if _, err := q.SetProductTarget(ctx, pg.SetProductTargetParams{ID: p.ID, Version: p.Version, Target: target,
			AssocProductID: assoc, UpdatedAt: now}); err != nil {
			return err
		}
		allowed := SpecTargets(target)
		fallback := target
		if allowed == nil {
			allowed, fallback = []string{TargetAll}, TargetAll
		}
		if err := q.ResetProductSpecTargets(ctx, pg.ResetProductSpecTargetsParams{ProductID: p.ID, Target: fallback, Allowed: allowed}); err != nil {
			return err
		}
		return s.note(ctx, q, ObjectProduct, p.ID, string(p.Status), seller.ID, "set_target", reason, now)
	})
}

// SpecSalesInput is one spec's row of the sales configuration.
type SpecSalesInput struct {
	Target           string
	LimitPerUser     string // purchases per buyer; empty or 0 = no limit
	LimitUntilExpiry bool   // a buyer may buy again only after the previous order expires
	TrialRestricted  bool   // nobody may take the trial except the trial exceptions
	Version          string
}

// SetSpecSales configures one spec's target, purchase limit and trial restriction.
func (s *Service) SetSpecSales(ctx context.Context, seller account.Account, product, spec uuid.UUID, in SpecSalesInput) error {
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		p, err := q.LockProduct(ctx, product)
		if err != nil || p.SellerID != seller.ID {
			return store.NotFound(errOr(err), "product")
		}
		sp, err := q.GetProductSpec(ctx, spec)
		if err != nil || sp.ProductID != p.ID {
			return store.NotFound(errOr(err), "spec")
		}
		if !lifecycle.OnSale(sp.Status) {
			return apperr.E(apperr.Conflict, "product.not_on_sale")
		}
		if v, err := strconv.Atoi(in.Version); err != nil || int32(v) != sp.Version {
			return apperr.E(apperr.Conflict, "error.already_handled")
		}
		v := apperr.Validation{}
		target := in.Target
		if allowed := SpecTargets(p.Target); allowed == nil {
			target = TargetAll // inherits the product's target
		} else if !slices.Contains(allowed, target) {
			v.Add("target", "sales.spec_target_invalid")
		}
		limit := 0
		if l := strings.TrimSpace(in.LimitPerUser); l != "" {
			n, err := strconv.Atoi(l)
			if err != nil || n < 0 || n > 1000 {
				v.Add("limit", "sales.limit_rule")
			}
			limit = n
		}
		if (limit > 0 || in.LimitUntilExpiry) && sp.BillingMode == BillPerUse {
			v.Add("limit", "sales.limit_per_use")
		}
		if in.LimitUntilExpiry && !Periodic(sp.BillingMode) {
			v.Add("limit", "sales.limit_expiry_periodic")
		}
		if in.TrialRestricted && (sp.TrialDays == 0 || p.AccessType != TypeSaaS) {
			v.Add("trial", "sales.trial_saas_only")
		}
		if err := v.Err(); err != nil {
			return err
		}
		n, err := q.SetProductSpecSales(ctx, pg.SetProductSpecSalesParams{ID: sp.ID, ProductID: p.ID, Version: sp.Version, Target: target,
			LimitPerUser: int32(limit), LimitUntilExpiry: in.LimitUntilExpiry, TrialRestricted: in.TrialRestricted})
		if err != nil {
			return err
		}
		if n != 1 {
			return apperr.E(apperr.Conflict, "error.already_handled")
		}
		reason := "target=" + target + " limit=" + strconv.Itoa(limit) + " until_expiry=" + strconv.FormatBool(in.LimitUntilExpiry) +
			" trial_restricted=" + strconv.FormatBool(in.TrialRestricted)
		return s.note(ctx, q, ObjectSpec, sp.ID, string(sp.Status), seller.ID, "set_sales", reason, now)
	})
}

// Member is an account on a product's audience list.
type Member struct {
	AccountID uuid.UUID
	Name      string
	PublicID  string
}

// Audience lists the accounts of one scope.
func (s *Service) Audience(ctx context.Context, product uuid.UUID, scope string) ([]Member, error) {
	rows, err := s.st.ListAudience(ctx, pg.ListAudienceParams{ProductID: product, Scope: scope})
	if err != nil {
		return nil, err
	}
	out := make([]Member, len(rows))
	for i, r := range rows {
		out[i] = Member{AccountID: r.AccountID, Name: r.Name, PublicID: r.PublicID}
	}
	return out, nil
}

// AddMember names an account (by account name and account ID, which must
// belong to the same account) as a specified buyer or trial exception.
func (s *Service) AddMember(ctx context.Context, seller account.Account, product uuid.UUID, scope, name, publicID string) error {
	if scope != ScopeBuyers && scope != ScopeTrial {
		return apperr.E(apperr.NotFound, "error.not_found")
	}
	name, publicID = strings.TrimSpace(name), strings.ToLower(strings.TrimSpace(publicID))
	v := apperr.Validation{}
	if name == "" {
		v.Add("member_name", "sales.member_name_required")
	}
	if publicID == "" {
		v.Add("member_id", "sales.member_id_required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		p, err := q.LockProduct(ctx, product)
		if err != nil || p.SellerID != seller.ID {
			return store.NotFound(errOr(err), "product")
		}
		if !lifecycle.OnSale(p.Status) {
			return apperr.E(apperr.Conflict, "product.not_on_sale")
		}
		acct, err := q.GetAccountByNameAndPublicID(ctx, pg.GetAccountByNameAndPublicIDParams{Name: name, PublicID: publicID})
		if store.IsNoRows(err) {
			return (apperr.Validation{"member_id": "sales.member_mismatch"}).Err()
		}
		if err != nil {
			return err
		}
		if acct.ID == seller.ID || acct.OpsRole != "" {
			return (apperr.Validation{"member_name": "sales.member_not_buyer"}).Err()
		}
		n, err := q.AddAudience(ctx, pg.AddAudienceParams{ProductID: p.ID, Scope: scope, AccountID: acct.ID, AddedBy: seller.ID, AddedAt: now})
		if err != nil || n == 0 {
			return err // already on the list: nothing to do
		}
		return s.note(ctx, q, ObjectProduct, p.ID, string(p.Status), seller.ID, "add_"+scope, acct.Name+" "+acct.PublicID, now)
	})
}

// RemoveMember takes an account off a list; a removed specified buyer can no longer buy.
func (s *Service) RemoveMember(ctx context.Context, seller account.Account, product uuid.UUID, scope string, member uuid.UUID) error {
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		p, err := q.LockProduct(ctx, product)
		if err != nil || p.SellerID != seller.ID {
			return store.NotFound(errOr(err), "product")
		}
		n, err := q.RemoveAudience(ctx, pg.RemoveAudienceParams{ProductID: p.ID, Scope: scope, AccountID: member})
		if err != nil || n == 0 {
			return err
		}
		acct, err := q.GetAccount(ctx, member)
		if err != nil {
			return err
		}
		return s.note(ctx, q, ObjectProduct, p.ID, string(p.Status), seller.ID, "remove_"+scope, acct.Name+" "+acct.PublicID, now)
	})
}

// TrialExcepted reports whether account may take a restricted trial of product.
func (s *Service) TrialExcepted(ctx context.Context, product, account uuid.UUID) (bool, error) {
	return s.st.InAudience(ctx, pg.InAudienceParams{ProductID: product, Scope: ScopeTrial, AccountID: account})
}

// Verdict says whether a viewer may buy a spec and, if not, why (a catalog key).
type Verdict struct {
	OK     bool
	Reason string
}

// Eligibility applies the sales configuration to a viewer (nil: not logged in).
func (s *Service) Eligibility(ctx context.Context, viewer *account.Account, p Product, sp Spec) (Verdict, error) {
	if !lifecycle.OnSale(p.Status) || !lifecycle.OnSale(sp.Status) {
		return Verdict{Reason: "buy.not_on_sale"}, nil
	}
	return s.eligible(ctx, viewer, p.ID, p.SellerID, p.Target, sp.Target)
}

// ShopVerdict is Eligibility for the spec a product page shows selected. The
// page lists only specs on sale, so a gone product or no spec is not on sale.
func (s *Service) ShopVerdict(ctx context.Context, viewer *account.Account, p ShopProduct) (Verdict, error) {
	for _, sp := range p.Specs {
		if sp.ID == p.Selected && !p.Gone {
			return s.eligible(ctx, viewer, p.ID, p.SellerID, p.Target, sp.Target)
		}
	}
	return Verdict{Reason: "buy.not_on_sale"}, nil
}

// eligible decides for a spec on sale: who is looking, then the target that
// applies — the spec's own where the product's target allows spec targets.
func (s *Service) eligible(ctx context.Context, viewer *account.Account, product, seller uuid.UUID, productTarget, specTarget string) (Verdict, error) {
	switch {
	case viewer == nil:
		return Verdict{Reason: "buy.login"}, nil
	case viewer.IsOps():
		return Verdict{Reason: "buy.ops"}, nil
	case viewer.ID == seller:
		return Verdict{Reason: "buy.own_product"}, nil
	}
	target := productTarget
	if SpecTargets(productTarget) != nil && specTarget != TargetAll {
		target = specTarget
	}
	switch target {
	case TargetEnterprise:
		if viewer.Identity != TargetEnterprise {
			return Verdict{Reason: "buy.enterprise_only"}, nil
		}
	case TargetIndividual:
		if viewer.Identity != TargetIndividual {
			return Verdict{Reason: "buy.individual_only"}, nil
		}
	case TargetSpecified:
		in, err := s.st.InAudience(ctx, pg.InAudienceParams{ProductID: product, Scope: ScopeBuyers, AccountID: viewer.ID})
		if err != nil {
			return Verdict{}, err
		}
		if !in {
			return Verdict{Reason: "buy.specified_only"}, nil
		}
	case TargetAssociated:
		p, err := s.st.GetProduct(ctx, product)
		if err != nil {
			return Verdict{}, err
		}
		if p.AssocProductID == nil {
			return Verdict{Reason: "buy.associated_only"}, nil
		}
		bought, err := s.st.BoughtProduct(ctx, pg.BoughtProductParams{BuyerID: viewer.ID, ProductID: *p.AssocProductID})
		if err != nil {
			return Verdict{}, err
		}
		if !bought {
			return Verdict{Reason: "buy.associated_only"}, nil
		}
	}
	return Verdict{OK: true}, nil
}
