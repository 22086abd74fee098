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

-- name: GetInvoiceDetail :one
-- One request with what its pages show beside it: the order, the parties
-- (the seller by company) and how much of the order was refunded.
SELECT sqlc.embed(i), o.number AS order_number, o.product_name, o.product_name_en, o.status AS order_status,
    b.name AS buyer_name,
    coalesce((SELECT e.company_name FROM entry_applications e WHERE e.account_id = i.seller_id), s.name)::text AS seller_name,
    (SELECT COALESCE(sum(l.amount_fen), 0) FROM ledger_entries l WHERE l.order_id = i.order_id AND l.kind = 'refund')::bigint AS refunded_fen
FROM invoices i JOIN orders o ON o.id = i.order_id JOIN accounts b ON b.id = i.buyer_id JOIN accounts s ON s.id = i.seller_id
WHERE i.id = $1;

-- name: LatestInvoiceOfOrder :one
SELECT * FROM invoices WHERE order_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1;

-- name: ListBuyerInvoices :many
SELECT sqlc.embed(i), o.number AS order_number, o.product_name, o.product_name_en FROM invoices i JOIN orders o ON o.id = i.order_id
WHERE i.buyer_id = @buyer_id AND (@status::text = '' OR i.status = @status)
ORDER BY i.created_at DESC, i.id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: ListSellerInvoices :many
-- The "invoice users" tab: pending requests first, the nearest deadline on
-- top; then the rest, newest first.
SELECT sqlc.embed(i), o.number AS order_number, o.product_name, o.product_name_en, b.name AS buyer_name
FROM invoices i JOIN orders o ON o.id = i.order_id JOIN accounts b ON b.id = i.buyer_id
WHERE i.seller_id = @seller_id AND (@status::text = '' OR i.status = @status)
  AND (@number::text = '' OR i.number = @number OR o.number = @number)
ORDER BY (i.status = 'pending') DESC, CASE WHEN i.status = 'pending' THEN i.due_at END, i.created_at DESC, i.id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: CountSellerPendingInvoices :one
-- How many requests wait for the seller, and how many of them are past the 7 days.
SELECT count(*)::int AS pending, (count(*) FILTER (WHERE due_at < @now))::int AS overdue
FROM invoices WHERE seller_id = @seller_id AND status = 'pending';

-- name: OverdueInvoices :many
-- Requests the seller left past the 7 days, for operations: the oldest deadline first.
SELECT sqlc.embed(i), o.number AS order_number, o.product_name, o.product_name_en, b.name AS buyer_name,
    coalesce((SELECT e.company_name FROM entry_applications e WHERE e.account_id = i.seller_id), s.name)::text AS seller_name
FROM invoices i JOIN orders o ON o.id = i.order_id JOIN accounts b ON b.id = i.buyer_id JOIN accounts s ON s.id = i.seller_id
WHERE i.status = 'pending' AND i.due_at < @now
ORDER BY i.due_at, i.id
LIMIT @max_rows::int OFFSET @skip::int;
