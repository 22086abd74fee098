package order

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"agora/internal/account"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store"
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
	if !tokenRe.MatchString(in.Token) {
		return Order{}, apperr.E(apperr.Invalid, "order.form_expired")
	}
	if r, err := s.st.GetOrderByIdemKey(ctx, pg.GetOrderByIdemKeyParams{BuyerID: buyer.ID, IdemKey: in.Token}); err == nil {
		return fromRow(r), nil
	} else if !store.IsNoRows(err) {
		return Order{}, err
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
	var out Order
	err = s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		if err := q.LockBuyerSpec(ctx, pg.LockBuyerSpecParams{BuyerID: buyer.ID.String(), SpecID: sp.ID.String()}); err != nil {
			return err
		}
		if r, err := q.GetOrderByIdemKey(ctx, pg.GetOrderByIdemKeyParams{BuyerID: buyer.ID, IdemKey: in.Token}); err == nil {
			out = fromRow(r)
			return nil
		} else if !store.IsNoRows(err) {
			return err
		}
		if err := s.stillSelling(ctx, q, sp); err != nil {
			return err
		}
		o, err := s.place(ctx, tx, q, buyer, d)
		if err != nil {
			return err
		}
		out, err = s.settle(ctx, tx, q, o, true)
		return err
	})
	return out, err
}
