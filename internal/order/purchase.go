package order

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/ids"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// PurchaseInput is the purchase form, as typed.
type PurchaseInput struct {
	SpecID       string
	Quantity     string // months, years, units or uses, by the spec's billing mode
	Trial        bool
	CustomerName string
	Phone        string
	Email        string
	Address      string // hardware: where to ship
	AcceptEULA   bool
	EULASHA256   string // the agreement the buyer was shown
	Token        string // the form's idempotency key
}

// Quantities: the range of periods, units or uses one order buys.
var quantityRange = map[string][2]int{
	catalog.BillMonthly: {1, 36},
	catalog.BillYearly:  {1, 5},
	catalog.BillOneTime: {1, 999},
	catalog.BillPerUse:  {1, 100000},
}

// QuantityRange is the smallest and largest quantity of a billing mode.
func QuantityRange(mode string) (int, int) { r := quantityRange[mode]; return r[0], r[1] }

// EULAHash identifies the text of an agreement the buyer accepted.
func EULAHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

var tokenRe = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// NewToken returns a fresh idempotency key for a purchase form.
func NewToken() string { return strings.ReplaceAll(uuid.NewString(), "-", "") }

// Quote is what a purchase costs.
type Quote struct {
	Product  catalog.Product
	Spec     catalog.Spec
	Quantity int
	Trial    bool
	Amount   money.Fen
}

// Quote prices a purchase without validating who buys; bad quantities count as 1.
func (s *Service) Quote(ctx context.Context, product uuid.UUID, specID string, quantity string, trial bool) (Quote, error) {
	p, sp, err := s.onSale(ctx, product, specID)
	if err != nil {
		return Quote{}, err
	}
	q := Quote{Product: p, Spec: sp, Quantity: 1, Trial: trial && sp.TrialDays > 0}
	if n, ok := parseQuantity(sp.BillingMode, quantity); ok && !q.Trial {
		q.Quantity = n
	}
	if !q.Trial {
		q.Amount = sp.Price * money.Fen(q.Quantity)
	}
	return q, nil
}

// onSale loads a product on sale and one of its specs on sale (the first when
// specID is empty).
func (s *Service) onSale(ctx context.Context, product uuid.UUID, specID string) (catalog.Product, catalog.Spec, error) {
	p, err := s.cat.ProductForOps(ctx, product)
	if err != nil {
		return p, catalog.Spec{}, err
	}
	if !lifecycle.OnSale(p.Status) {
		return p, catalog.Spec{}, apperr.E(apperr.Conflict, "buy.not_on_sale")
	}
	for _, sp := range p.Specs {
		if lifecycle.OnSale(sp.Status) && (specID == "" || sp.ID.String() == specID) {
			return p, sp, nil
		}
	}
	return p, catalog.Spec{}, apperr.E(apperr.NotFound, "error.not_found")
}

func parseQuantity(mode, s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	lo, hi := QuantityRange(mode)
	return n, err == nil && n >= lo && n <= hi
}

// Purchase places an order and pays it from the buyer's balance in one
// transaction; when the balance is short the order waits for payment until the
// window closes. The same form token always yields the same order, so a
// double click or a retried request buys once.
func (s *Service) Purchase(ctx context.Context, buyer account.Account, product uuid.UUID, in PurchaseInput) (Order, error) {
	if o, done, err := s.earlier(ctx, buyer, in.Token); done || err != nil {
		return o, err
	}
	p, sp, err := s.onSale(ctx, product, in.SpecID)
	if err != nil {
		return Order{}, err
	}
	if err := s.eligible(ctx, buyer, p, sp); err != nil {
		return Order{}, err
	}
	draft, err := s.validate(ctx, buyer, p, sp, in)
	if err != nil {
		return Order{}, err
	}
	return s.buy(ctx, buyer, sp, draft, func(q *pg.Queries) error {
		return s.withinLimits(ctx, q, buyer, p, sp, draft.TrialDays > 0)
	})
}

// earlier validates a form's token and finds the order it already placed, if
// any: a retried or doubled submission gets that order back.
func (s *Service) earlier(ctx context.Context, buyer account.Account, token string) (Order, bool, error) {
	if !tokenRe.MatchString(token) {
		return Order{}, false, apperr.E(apperr.Invalid, "order.form_expired")
	}
	r, err := s.st.GetOrderByIdemKey(ctx, pg.GetOrderByIdemKeyParams{BuyerID: buyer.ID, IdemKey: token})
	if store.IsNoRows(err) {
		return Order{}, false, nil
	}
	return fromRow(r), err == nil, err
}

// buy places draft and pays it from the balance in one transaction,
// serialised per buyer and spec so that check (the purchase limits) sees
// every earlier purchase; the same token always yields the same order.
func (s *Service) buy(ctx context.Context, buyer account.Account, sp catalog.Spec, draft pg.CreateOrderParams,
	check func(q *pg.Queries) error) (Order, error) {
	var out Order
	err := s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		if err := q.LockBuyerSpec(ctx, pg.LockBuyerSpecParams{BuyerID: buyer.ID.String(), SpecID: sp.ID.String()}); err != nil {
			return err
		}
		// The same token may have won the lock first.
		if r, err := q.GetOrderByIdemKey(ctx, pg.GetOrderByIdemKeyParams{BuyerID: buyer.ID, IdemKey: draft.IdemKey}); err == nil {
			out = fromRow(r)
			return nil
		} else if !store.IsNoRows(err) {
			return err
		}
		if err := s.stillSelling(ctx, q, sp); err != nil {
			return err
		}
		if check != nil {
			if err := check(q); err != nil {
				return err
			}
		}
		o, err := s.place(ctx, tx, q, buyer, draft)
		if err != nil {
			return err
		}
		out, err = s.settle(ctx, tx, q, o, true)
		return err
	})
	switch {
	case store.IsUniqueViolation(err, "orders_one_trial_idx"):
		// A trial of another spec of the product, bought at the same moment.
		return Order{}, (apperr.Validation{"trial": "order.trial_used"}).Err()
	case store.IsUniqueViolation(err, "orders_buyer_id_idem_key_key"):
		// The same form sent again, for another spec: it bought what it first bought.
		if r, gerr := s.st.GetOrderByIdemKey(ctx, pg.GetOrderByIdemKeyParams{BuyerID: buyer.ID, IdemKey: draft.IdemKey}); gerr == nil {
			return fromRow(r), nil
		}
	}
	return out, err
}

// eligible applies the sales configuration; a refusal carries the catalog's reason.
func (s *Service) eligible(ctx context.Context, buyer account.Account, p catalog.Product, sp catalog.Spec) error {
	v, err := s.cat.Eligibility(ctx, &buyer, p, sp)
	if err != nil {
		return err
	}
	if !v.OK {
		return apperr.E(apperr.Forbidden, v.Reason)
	}
	return nil
}

// validate checks the form and builds the order to place.
func (s *Service) validate(ctx context.Context, buyer account.Account, p catalog.Product, sp catalog.Spec, in PurchaseInput) (pg.CreateOrderParams, error) {
	v := apperr.Validation{}
	qty, ok := parseQuantity(sp.BillingMode, in.Quantity)
	trial := in.Trial && sp.TrialDays > 0
	switch {
	case trial:
		qty = 1
		if sp.TrialRestricted {
			allowed, err := s.cat.TrialExcepted(ctx, p.ID, buyer.ID)
			if err != nil {
				return pg.CreateOrderParams{}, err
			}
			if !allowed {
				v.Add("trial", "order.trial_restricted")
			}
		}
	case in.Trial:
		v.Add("trial", "order.no_trial")
	}
	if !trial && !ok {
		v.Add("quantity", "order.quantity_rule."+sp.BillingMode)
	}
	name := strings.TrimSpace(in.CustomerName)
	if n := utf8.RuneCountInString(name); n < 2 || n > 100 {
		v.Add("customer_name", "order.customer_name_rule")
	}
	phone, email := strings.TrimSpace(in.Phone), strings.TrimSpace(in.Email)
	if !account.ValidPhone(phone) {
		v.Add("phone", "order.phone_rule")
	}
	if !account.ValidEmail(email) {
		v.Add("email", "order.email_rule")
	}
	addr := ""
	if p.AccessType == catalog.TypeHardware {
		addr = strings.TrimSpace(in.Address)
		if n := utf8.RuneCountInString(addr); n < 5 || n > 300 {
			v.Add("address", "order.address_rule")
		}
	}
	eula := EULAHash(p.Content.EULA)
	switch {
	case !in.AcceptEULA:
		v.Add("eula", "order.eula_required")
	case in.EULASHA256 != eula:
		v.Add("eula", "order.eula_changed")
	}
	if err := v.Err(); err != nil {
		return pg.CreateOrderParams{}, err
	}
	d := pg.CreateOrderParams{Kind: KindNew, BuyerID: buyer.ID, SellerID: p.SellerID, ProductID: p.ID, SpecID: sp.ID,
		AccessType: p.AccessType, ProductName: p.Name, ProductNameEn: p.NameEn, SpecName: sp.Name, BillingMode: sp.BillingMode,
		UnitPriceFen: int64(sp.Price), Quantity: int32(qty), AmountFen: int64(sp.Price) * int64(qty),
		EulaSha256: eula, BuyerName: buyer.Name, CustomerName: name, ContactPhone: phone, ContactEmail: email,
		ShipAddress: addr, IdemKey: in.Token}
	content := p.Content
	content.AccessType = p.AccessType
	if flow := content.Flow(); flow != "" {
		d.Supervised, d.Flow, d.Acceptance = true, flow, content.Acceptance
	}
	if trial {
		d.TrialDays, d.AmountFen = sp.TrialDays, 0
	}
	return d, nil
}

// stillSelling re-reads the spec under a share lock: what the buyer was quoted
// is what is on sale now.
func (s *Service) stillSelling(ctx context.Context, q *pg.Queries, sp catalog.Spec) error {
	cur, err := q.ShareLockProductSpec(ctx, sp.ID)
	if err != nil {
		return err
	}
	if !lifecycle.OnSale(cur.Status) {
		return apperr.E(apperr.Conflict, "buy.not_on_sale")
	}
	if cur.Version != sp.Version || money.Fen(cur.PriceFen) != sp.Price {
		return apperr.E(apperr.Conflict, "order.spec_changed")
	}
	return nil
}

// withinLimits enforces the spec's purchase limit and one trial per buyer and product.
func (s *Service) withinLimits(ctx context.Context, q *pg.Queries, buyer account.Account, p catalog.Product, sp catalog.Spec, trial bool) error {
	if sp.LimitPerUser > 0 {
		n, err := q.CountActiveOrders(ctx, pg.CountActiveOrdersParams{BuyerID: buyer.ID, SpecID: sp.ID,
			UntilExpiry: sp.LimitUntilExpiry, Now: s.clock.Now()})
		if err != nil {
			return err
		}
		if n >= int64(sp.LimitPerUser) {
			return apperr.E(apperr.Conflict, "order.limit_reached")
		}
	}
	if trial {
		taken, err := q.TrialTaken(ctx, pg.TrialTakenParams{BuyerID: buyer.ID, ProductID: p.ID})
		if err != nil {
			return err
		}
		if taken {
			return (apperr.Validation{"trial": "order.trial_used"}).Err()
		}
	}
	return nil
}

// place inserts the order waiting for payment and arms its payment-window timer.
func (s *Service) place(ctx context.Context, tx pgx.Tx, q *pg.Queries, buyer account.Account, d pg.CreateOrderParams) (pg.Order, error) {
	now := s.clock.Now()
	d.ID, d.Number, d.Status = uuid.Must(uuid.NewV7()), ids.Number("CS", now, s.loc), string(lifecycle.OrderPendingPayment)
	d.CreatedAt, d.PayBy = now, now.Add(PayWindow)
	var o pg.Order
	_, err := step(ctx, q, pg.Order{ID: d.ID}, lifecycle.OrderPlace, lifecycle.Buyer, &buyer.ID, "", now,
		func(to lifecycle.OrderStatus) (int64, error) {
			var err error
			o, err = q.CreateOrder(ctx, d)
			return 1, err
		})
	if err != nil {
		return o, err
	}
	return o, s.armPayWindow(ctx, tx, o)
}
