// Package invoice runs the buyers' invoice requests (给用户开票, domain §8.1–8.2,
// A10): a general-goods seller invoices the buyer for the order amount; the
// buyer asks, the seller issues within 7 days, rejects or cancels while the
// request is pending, and red-flushes an issued invoice after a refund.
package invoice

import (
	"agora/internal/platform/text"
	"context"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/file"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/clock"
	"agora/internal/platform/ids"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// ObjectInvoice is the evidence object type of invoice requests.
const ObjectInvoice = "invoice"

// IssueWithin is how long the seller has to issue (domain §8.2).
const IssueWithin = 7 * 24 * time.Hour

// FreeShippingFrom is the invoice amount from which the seller pays the
// courier for a paper invoice; below it the buyer pays (domain §8.2).
const FreeShippingFrom money.Fen = 10000

// FilePurpose is the upload purpose of electronic invoices.
const FilePurpose = "invoice"

// VAT kinds and media.
const (
	VATNormal  = "normal"
	VATSpecial = "special"
	Electronic = "electronic"
	Paper      = "paper"
)

// Invoice is an invoice request as its parties see it.
type Invoice struct {
	ID, OrderID, BuyerID, SellerID uuid.UUID
	Number                         string
	Status                         lifecycle.InvoiceStatus
	Version                        int32
	VATKind, Medium                string
	Title, TaxpayerID              string
	BankInfo, RegAddress           string
	Email, ShipAddress             string
	Amount                         money.Fen
	InvoiceNo                      string
	IssuedOn                       *time.Time
	FileID                         *uuid.UUID
	Courier, Waybill               string
	Reason                         string
	DueAt, CreatedAt               time.Time
	// Beside the request, as the pages show it (not every read fills all).
	OrderNumber, ProductName string
	ProductNameEn            string
	OrderStatus              lifecycle.OrderStatus
	BuyerName, SellerName    string // the seller by company
	Refunded                 money.Fen
	FileName                 string // the issued PDF's, on detail reads
	FileSize                 int64
}

func fromRow(r pg.Invoice) Invoice {
	return Invoice{ID: r.ID, OrderID: r.OrderID, BuyerID: r.BuyerID, SellerID: r.SellerID, Number: r.Number,
		Status: lifecycle.InvoiceStatus(r.Status), Version: r.Version, VATKind: r.VatKind, Medium: r.Medium, Title: r.Title,
		TaxpayerID: r.TaxpayerID, BankInfo: r.BankInfo, RegAddress: r.RegAddress, Email: r.Email, ShipAddress: r.ShipAddress,
		Amount: money.Fen(r.AmountFen), InvoiceNo: r.InvoiceNo, IssuedOn: r.IssuedOn, FileID: r.FileID, Courier: r.Courier,
		Waybill: r.Waybill, Reason: r.Reason, DueAt: r.DueAt, CreatedAt: r.CreatedAt}
}

// Overdue reports whether the seller let the 7 days pass.
func (i Invoice) Overdue(now time.Time) bool {
	return i.Status == lifecycle.InvoicePending && now.After(i.DueAt)
}

// BuyerPaysShipping reports whether the buyer pays the courier of a paper invoice.
func (i Invoice) BuyerPaysShipping() bool { return i.Medium == Paper && i.Amount < FreeShippingFrom }

// Service runs invoice requests.
type Service struct {
	st    *store.Store
	clock clock.Clock
	files *file.Service
	loc   *time.Location
	log   *slog.Logger
}

// NewService returns the invoice service.
func NewService(st *store.Store, c clock.Clock, files *file.Service, loc *time.Location, log *slog.Logger) *Service {
	return &Service{st: st, clock: c, files: files, loc: loc, log: log}
}

// RequestInput is the buyer's invoice request.
type RequestInput struct {
	VATKind, Medium      string
	Title, TaxpayerID    string
	BankInfo, RegAddress string
	Email, ShipAddress   string
}

var taxpayerRe = regexp.MustCompile(`^[0-9A-Z]{15,20}$`)

// validate checks the request form: a special VAT invoice needs the buyer's
// tax details; an electronic one an e-mail, a paper one an address.
func (in RequestInput) validate() (RequestInput, error) {
	v := apperr.Validation{}
	if in.VATKind != VATNormal && in.VATKind != VATSpecial {
		v.Add("vat_kind", "invoice.vat_kind_rule")
	}
	if in.Medium != Electronic && in.Medium != Paper {
		v.Add("medium", "invoice.medium_rule")
	}
	var ok bool
	if in.Title, ok = text.Bounded(in.Title, 2, 100); !ok {
		v.Add("title", "invoice.title_rule")
	}
	in.TaxpayerID = strings.ToUpper(strings.TrimSpace(in.TaxpayerID))
	if (in.VATKind == VATSpecial || in.TaxpayerID != "") && !taxpayerRe.MatchString(in.TaxpayerID) {
		v.Add("taxpayer_id", "invoice.taxpayer_rule")
	}
	in.BankInfo, in.RegAddress = strings.TrimSpace(in.BankInfo), strings.TrimSpace(in.RegAddress)
	if in.VATKind == VATSpecial {
		if _, ok := text.Bounded(in.BankInfo, 5, 200); !ok {
			v.Add("bank_info", "invoice.bank_rule")
		}
		if _, ok := text.Bounded(in.RegAddress, 5, 200); !ok {
			v.Add("reg_address", "invoice.reg_address_rule")
		}
	}
	in.Email, in.ShipAddress = strings.TrimSpace(in.Email), strings.TrimSpace(in.ShipAddress)
	switch in.Medium {
	case Electronic:
		if !account.ValidEmail(in.Email) {
			v.Add("email", "invoice.email_rule")
		}
		in.ShipAddress = ""
	case Paper:
		if _, ok := text.Bounded(in.ShipAddress, 5, 300); !ok {
			v.Add("ship_address", "invoice.address_rule")
		}
	}
	return in, v.Err()
}

// Blocked says why the buyer cannot ask for an invoice of one of their
// orders now (a catalog key), or "" when they can.
func (s *Service) Blocked(ctx context.Context, buyer, orderID uuid.UUID) (string, error) {
	o, err := s.st.GetOrder(ctx, orderID)
	if err != nil || o.BuyerID != buyer {
		return "", store.NotFound(errOr(err), "order")
	}
	err = blocked(ctx, s.st.Queries, o)
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Conflict {
		return e.Msg, nil
	}
	return "", err
}

// blocked refuses an invoice request for o: unpaid, nothing paid, an
// unsubscription under way, or a request already open.
func blocked(ctx context.Context, q *pg.Queries, o pg.Order) error {
	switch lifecycle.OrderStatus(o.Status) {
	case lifecycle.OrderProcessing, lifecycle.OrderCompleted:
	default:
		return apperr.E(apperr.Conflict, "invoice.order_not_paid")
	}
	if o.AmountFen == 0 {
		return apperr.E(apperr.Conflict, "invoice.nothing_paid")
	}
	if busy, err := q.OpenUnsubscriptionOfOrder(ctx, o.ID); err != nil || busy {
		return errOrMsg(err, "invoice.unsub_pending")
	}
	if open, err := q.OpenInvoiceOfOrder(ctx, o.ID); err != nil || open {
		return errOrMsg(err, "invoice.already_requested")
	}
	return nil
}

// Request asks the seller of one of the buyer's paid orders for an invoice of
// the amount paid. Not while an unsubscription of the order is under way, and
// one request at a time.
func (s *Service) Request(ctx context.Context, buyer account.Account, orderID uuid.UUID, in RequestInput) (Invoice, error) {
	in, err := in.validate()
	if err != nil {
		return Invoice{}, err
	}
	now := s.clock.Now()
	var out Invoice
	err = s.st.InTx(ctx, func(q *pg.Queries) error {
		o, err := q.LockOrder(ctx, orderID)
		if err != nil || o.BuyerID != buyer.ID {
			return store.NotFound(errOr(err), "order")
		}
		if err := blocked(ctx, q, o); err != nil {
			return err
		}
		id := uuid.Must(uuid.NewV7())
		var row pg.Invoice
		_, err = s.step(ctx, q, pg.Invoice{ID: id}, lifecycle.InvoiceRequest, lifecycle.Buyer, &buyer.ID, "", now,
			func(to lifecycle.InvoiceStatus) (int64, error) {
				row, err = q.CreateInvoice(ctx, pg.CreateInvoiceParams{ID: id, Number: ids.Number("FP", now, s.loc), OrderID: o.ID,
					BuyerID: buyer.ID, SellerID: o.SellerID, Status: string(to), VatKind: in.VATKind, Medium: in.Medium, Title: in.Title,
					TaxpayerID: in.TaxpayerID, BankInfo: in.BankInfo, RegAddress: in.RegAddress, Email: in.Email,
					ShipAddress: in.ShipAddress, AmountFen: o.AmountFen, DueAt: now.Add(IssueWithin), At: now})
				return 1, err
			})
		if err != nil {
			return err
		}
		out = fromRow(row)
		return inbox.Send(ctx, q, o.SellerID, "invoice_requested", map[string]string{"number": o.Number},
			"/seller/invoices/"+id.String(), now)
	})
	return out, err
}

func (s *Service) step(ctx context.Context, q *pg.Queries, r pg.Invoice, ev lifecycle.InvoiceEvent, actor lifecycle.Actor,
	actorID *uuid.UUID, reason string, at time.Time, update func(to lifecycle.InvoiceStatus) (int64, error),
	attach ...evidence.Attachment) (lifecycle.InvoiceStatus, error) {
	return evidence.Transition(ctx, q, evidence.Step[lifecycle.InvoiceStatus, lifecycle.InvoiceEvent]{Machine: lifecycle.Invoice,
		ObjectType: ObjectInvoice, ObjectID: r.ID, From: lifecycle.InvoiceStatus(r.Status), Event: ev, Actor: actor, ActorID: actorID,
		Reason: reason, Attachments: attach, At: at}, update)
}

func errOr(err error) error {
	if err != nil {
		return err
	}
	return store.ErrNoRows
}

func errOrMsg(err error, msg string) error {
	if err != nil {
		return err
	}
	return apperr.E(apperr.Conflict, msg)
}
