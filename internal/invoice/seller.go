package invoice

import (
	"agora/internal/platform/calendar"
	"agora/internal/platform/text"
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// IssueInput is the seller's issued invoice: its number and date, and the PDF
// (electronic) or the courier (paper).
type IssueInput struct {
	InvoiceNo string
	IssuedOn  string // yyyy-mm-dd
	FileID    string
	Courier   string
	Waybill   string
	Version   string
}

var invoiceNoRe = regexp.MustCompile(`^[0-9]{8,20}$`)

// Issue records the invoice the seller issued; the buyer can then download an
// electronic one.
func (s *Service) Issue(ctx context.Context, seller account.Account, id uuid.UUID, in IssueInput) (Invoice, error) {
	now := s.clock.Now()
	var out Invoice
	err := s.st.InTx(ctx, func(q *pg.Queries) error {
		r, err := s.lockMine(ctx, q, seller, id, in.Version)
		if err != nil {
			return err
		}
		v := apperr.Validation{}
		no := strings.TrimSpace(in.InvoiceNo)
		if !invoiceNoRe.MatchString(no) {
			v.Add("invoice_no", "invoice.no_rule")
		}
		day, derr := time.ParseInLocation(time.DateOnly, strings.TrimSpace(in.IssuedOn), s.loc)
		if derr != nil || day.After(now) || day.Before(calendar.StartOfDay(r.CreatedAt, s.loc)) {
			v.Add("issued_on", "invoice.issued_on_rule")
		}
		var fileID *uuid.UUID
		var attach []evidence.Attachment
		courier, waybill := strings.TrimSpace(in.Courier), strings.ToUpper(strings.TrimSpace(in.Waybill))
		if r.Medium == Electronic {
			fid, perr := uuid.Parse(strings.TrimSpace(in.FileID))
			f, ferr := s.files.Owned(ctx, seller.ID, fid, FilePurpose)
			if perr != nil || ferr != nil {
				v.Add("file", "invoice.file_required")
			} else {
				fileID = &f.ID
				attach = append(attach, evidence.Attachment{FileID: f.ID, Name: f.Name, SHA256: f.SHA256, Size: f.Size})
			}
			courier, waybill = "", ""
		} else {
			if _, ok := text.Bounded(courier, 2, 40); !ok {
				v.Add("courier", "invoice.courier_rule")
			}
			if _, ok := text.Bounded(waybill, 6, 40); !ok {
				v.Add("waybill", "invoice.waybill_rule")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err = s.step(ctx, q, r, lifecycle.InvoiceIssue, lifecycle.Seller, &seller.ID, no, now, func(to lifecycle.InvoiceStatus) (int64, error) {
			return q.IssueInvoice(ctx, pg.IssueInvoiceParams{ID: r.ID, FromStatus: r.Status, Version: r.Version, ToStatus: string(to),
				InvoiceNo: no, IssuedOn: &day, FileID: fileID, Courier: courier, Waybill: waybill, At: now})
		}, attach...)
		if err != nil {
			return err
		}
		if fileID != nil {
			if err := q.GrantFile(ctx, pg.GrantFileParams{FileID: *fileID, AccountID: r.BuyerID}); err != nil {
				return err
			}
		}
		row, err := q.GetInvoice(ctx, r.ID)
		if err != nil {
			return err
		}
		out = fromRow(row)
		return s.tell(ctx, q, row, "invoice_issued", now)
	})
	return out, err
}

// Reject refuses a pending request with a reason (the buyer may ask again).
func (s *Service) Reject(ctx context.Context, seller account.Account, id uuid.UUID, reason, version string) error {
	return s.close(ctx, seller, id, lifecycle.InvoiceReject, reason, version, "invoice_rejected")
}

// Cancel withdraws a pending request at the buyer's request (撤销开票).
func (s *Service) Cancel(ctx context.Context, seller account.Account, id uuid.UUID, reason, version string) error {
	return s.close(ctx, seller, id, lifecycle.InvoiceCancel, reason, version, "invoice_cancelled")
}

// Return red-flushes an issued invoice; only after the order was refunded.
func (s *Service) Return(ctx context.Context, seller account.Account, id uuid.UUID, reason, version string) error {
	return s.close(ctx, seller, id, lifecycle.InvoiceReturn, reason, version, "invoice_returned")
}

func (s *Service) close(ctx context.Context, seller account.Account, id uuid.UUID, ev lifecycle.InvoiceEvent, reason, version, topic string) error {
	reason, ok := text.Bounded(reason, 5, 500)
	if !ok {
		return (apperr.Validation{"reason": "invoice.reason_rule"}).Err()
	}
	now := s.clock.Now()
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		r, err := s.lockMine(ctx, q, seller, id, version)
		if err != nil {
			return err
		}
		if ev == lifecycle.InvoiceReturn {
			refunded, err := q.OrderRefundedFen(ctx, &r.OrderID)
			if err != nil {
				return err
			}
			if refunded == 0 {
				return apperr.E(apperr.Conflict, "invoice.return_needs_refund")
			}
		}
		_, err = s.step(ctx, q, r, ev, lifecycle.Seller, &seller.ID, reason, now, func(to lifecycle.InvoiceStatus) (int64, error) {
			return q.CloseInvoice(ctx, pg.CloseInvoiceParams{ID: r.ID, FromStatus: r.Status, Version: r.Version, ToStatus: string(to),
				Reason: reason, At: now})
		})
		if err != nil {
			return err
		}
		return s.tell(ctx, q, r, topic, now)
	})
}

// lockMine locks one of the seller's requests at the version the seller saw.
func (s *Service) lockMine(ctx context.Context, q *pg.Queries, seller account.Account, id uuid.UUID, version string) (pg.Invoice, error) {
	r, err := q.LockInvoice(ctx, id)
	if err != nil || r.SellerID != seller.ID {
		return r, store.NotFound(errOr(err), "invoice")
	}
	if version != "" && version != strconv.Itoa(int(r.Version)) {
		return r, apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
	}
	return r, nil
}

// tell lets the buyer know what happened to their request.
func (s *Service) tell(ctx context.Context, q *pg.Queries, r pg.Invoice, topic string, at time.Time) error {
	o, err := q.GetOrder(ctx, r.OrderID)
	if err != nil {
		return err
	}
	return inbox.Send(ctx, q, r.BuyerID, topic, map[string]string{"number": o.Number}, "/buyer/invoices/"+r.ID.String(), at)
}
