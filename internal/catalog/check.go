package catalog

import (
	"context"

	"github.com/google/uuid"

	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// LogoPurpose is the upload purpose of product logos.
const LogoPurpose = "product_logo"

// check validates an application's content for submission: the form rules
// and everything that needs stored data (category, logo, asset, names, specs).
func (s *Service) check(ctx context.Context, q *pg.Queries, seller uuid.UUID, app Application) (Checked, error) {
	c := app.Content.Trim()
	c.AccessType = app.AccessType
	v := apperr.Validation{}
	checked := c.validate(v)
	if c.CategoryID != "" {
		if _, err := q.GetCategory(ctx, c.CategoryID); store.IsNoRows(err) {
			v.Add("category_id", "product.category_required")
		} else if err != nil {
			return checked, err
		}
	}
	if id, err := uuid.Parse(c.LogoFileID); err != nil {
		v.Add("logo", "product.logo_required")
	} else if _, err := s.files.Owned(ctx, seller, id, LogoPurpose); err != nil {
		v.Add("logo", "product.logo_required")
	}
	if NeedsAsset(c.AccessType) && c.AssetID != "" {
		id, err := uuid.Parse(c.AssetID)
		if err == nil {
			// Under a share lock: the asset cannot be deleted while this transaction lists it.
			_, err = s.assets.ApprovedTx(ctx, q, seller, id, AssetKind(c.AccessType))
		}
		if err != nil {
			v.Add("asset_id", "product.asset_required")
		}
	}
	except := uuid.Nil
	if app.ProductID != nil {
		except = *app.ProductID
	}
	if _, bad := v["name"]; !bad {
		taken, err := q.SellerHasListedName(ctx, pg.SellerHasListedNameParams{SellerID: seller, Name: c.Name, ExceptID: except})
		if err != nil {
			return checked, err
		}
		if taken {
			v.Add("name", "product.name_taken")
		}
	}
	if app.Kind == KindModify {
		specs, err := q.ListProductSpecs(ctx, *app.ProductID)
		if err != nil {
			return checked, err
		}
		checked.Specs = checkRevisedSpecs(checked.Specs, specs, v)
	} else {
		for i, sp := range checked.Specs {
			if sp.ID != "" {
				v.Add(SpecField(i, "name"), "product.spec_unknown")
			}
		}
	}
	return checked, v.Err()
}

// checkRevisedSpecs applies the modification rules (domain §2.7): every spec
// on sale stays (delist it instead of deleting it), an existing spec keeps its
// billing mode, new specs may be added unless every spec has been delisted.
// A spec delisted since the copy was taken is dropped from the revision.
func checkRevisedSpecs(revised []CheckedSpec, live []pg.ProductSpec, v apperr.Validation) []CheckedSpec {
	byID := map[string]pg.ProductSpec{}
	onSale := 0
	for _, l := range live {
		byID[l.ID.String()] = l
		if lifecycle.OnSale(l.Status) {
			onSale++
		}
	}
	present := map[string]bool{}
	out := make([]CheckedSpec, 0, len(revised))
	for i, r := range revised {
		if r.ID == "" {
			if onSale == 0 {
				v.Add(SpecField(i, "name"), "product.specs_all_delisted")
			}
			out = append(out, r)
			continue
		}
		l, ok := byID[r.ID]
		switch {
		case present[r.ID]:
			v.Add(SpecField(i, "name"), "product.spec_twice")
			continue
		case !ok:
			v.Add(SpecField(i, "name"), "product.spec_unknown")
		case !lifecycle.OnSale(l.Status):
			continue // delisted meanwhile: nothing left to revise
		case l.BillingMode != r.BillingMode:
			v.Add(SpecField(i, "billing_mode"), "product.spec_billing_fixed")
		}
		present[r.ID] = true
		out = append(out, r)
	}
	for _, l := range live {
		if lifecycle.OnSale(l.Status) && !present[l.ID.String()] {
			v.Add("specs", "product.spec_removed")
			break
		}
	}
	return out
}
