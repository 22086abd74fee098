package order

import (
	"context"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store/pg"
)

// RenewInput is the renewal form.
type RenewInput struct {
	Quantity   string
	AcceptEULA bool
	EULASHA256 string
	Token      string
}

// Renew buys more periods of a completed periodic order at today's price. The
// renewal continues where the service ends and skips supervision: the service
// was accepted already.
func (s *Service) Renew(ctx context.Context, buyer account.Account, id uuid.UUID, in RenewInput) (Order, error) {
	if o, done, err := s.earlier(ctx, buyer, in.Token); done || err != nil {
		return o, err
	}
	orig, err := s.BuyerOrder(ctx, buyer.ID, id)
	if err != nil {
		return Order{}, err
	}
	if !orig.Periodic() || orig.Status != lifecycle.OrderCompleted {
		return Order{}, apperr.E(apperr.Conflict, "order.not_renewable")
	}
	p, sp, err := s.onSale(ctx, orig.ProductID, orig.SpecID.String())
	if err != nil {
		return Order{}, err
	}
	if err := s.eligible(ctx, buyer, p, sp); err != nil {
		return Order{}, err
	}
	v := apperr.Validation{}
	qty, ok := parseQuantity(sp.BillingMode, in.Quantity)
	if !ok {
		v.Add("quantity", "order.quantity_rule."+sp.BillingMode)
	}
	eula := EULAHash(p.Content.EULA)
	switch {
	case !in.AcceptEULA:
		v.Add("eula", "order.eula_required")
	case in.EULASHA256 != eula:
		v.Add("eula", "order.eula_changed")
	}
	if err := v.Err(); err != nil {
		return Order{}, err
	}
	root := orig.ID
	if orig.RenewsID != nil {
		root = *orig.RenewsID
	}
	d := pg.CreateOrderParams{Kind: KindRenewal, RenewsID: &root, BuyerID: buyer.ID, SellerID: p.SellerID, ProductID: p.ID,
		SpecID: sp.ID, AccessType: p.AccessType, ProductName: p.Name, ProductNameEn: p.NameEn, SpecName: sp.Name,
		BillingMode: sp.BillingMode, UnitPriceFen: int64(sp.Price), Quantity: int32(qty), AmountFen: int64(sp.Price) * int64(qty),
		EulaSha256: eula, BuyerName: buyer.Name, CustomerName: orig.CustomerName, ContactPhone: orig.ContactPhone,
		ContactEmail: orig.ContactEmail, ShipAddress: orig.ShipAddress, IdemKey: in.Token}
	return s.buy(ctx, buyer, sp, d, nil)
}
