-- name: CreateInvoice :one
INSERT INTO invoices (id, number, order_id, buyer_id, seller_id, status, vat_kind, medium, title, taxpayer_id, bank_info,
    reg_address, email, ship_address, amount_fen, due_at, created_at, updated_at)
VALUES (@id, @number, @order_id, @buyer_id, @seller_id, @status, @vat_kind, @medium, @title, @taxpayer_id, @bank_info,
    @reg_address, @email, @ship_address, @amount_fen, @due_at, @at, @at)
RETURNING *;

-- name: GetInvoice :one
SELECT * FROM invoices WHERE id = $1;

-- name: LockInvoice :one
SELECT * FROM invoices WHERE id = $1 FOR UPDATE;

-- name: OpenInvoiceOfOrder :one
-- Whether the order has an invoice request pending or issued (one at a time).
SELECT EXISTS (SELECT 1 FROM invoices WHERE order_id = $1 AND status IN ('pending', 'issued'));

-- name: PendingInvoiceOfOrder :one
-- Whether an invoice request of the order waits for the seller (an unsubscription must wait).
SELECT EXISTS (SELECT 1 FROM invoices WHERE order_id = $1 AND status = 'pending');

-- name: OpenUnsubscriptionOfOrder :one
-- Whether an unsubscription of the order is under way (an invoice request must wait).
SELECT EXISTS (SELECT 1 FROM unsubscriptions WHERE order_id = $1 AND status IN ('pending', 'escalated', 'returning'));

-- name: OrderRefundedFen :one
SELECT COALESCE(sum(amount_fen), 0)::bigint FROM ledger_entries WHERE order_id = $1 AND kind = 'refund';

-- name: IssueInvoice :execrows
UPDATE invoices SET status = @to_status, invoice_no = @invoice_no, issued_on = @issued_on, file_id = @file_id,
    courier = @courier, waybill = @waybill, updated_at = @at, version = version + 1
WHERE id = @id AND status = @from_status AND version = @version;

-- name: CloseInvoice :execrows
-- Rejected, cancelled or returned, with the reason.
UPDATE invoices SET status = @to_status, reason = @reason, updated_at = @at, version = version + 1
WHERE id = @id AND status = @from_status AND version = @version;

-- name: ListBuyerInvoices :many
SELECT sqlc.embed(i), o.number AS order_number, o.product_name FROM invoices i JOIN orders o ON o.id = i.order_id
WHERE i.buyer_id = @buyer_id
ORDER BY i.created_at DESC, i.id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: ListSellerInvoices :many
SELECT sqlc.embed(i), o.number AS order_number, o.product_name FROM invoices i JOIN orders o ON o.id = i.order_id
WHERE i.seller_id = @seller_id AND (@status::text = '' OR i.status = @status)
  AND (@number::text = '' OR i.number = @number OR o.number = @number)
ORDER BY i.created_at DESC, i.id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: OverdueInvoices :many
-- Requests the seller left past the 7 days, for operations.
SELECT sqlc.embed(i), o.number AS order_number, o.product_name FROM invoices i JOIN orders o ON o.id = i.order_id
WHERE i.status = 'pending' AND i.due_at < @now
ORDER BY i.due_at
LIMIT @max_rows::int OFFSET @skip::int;
