-- Exports of filtered order lists (domain §6.1): records, the limit per account,
-- progress, the expiry sweep, and the keyset reads the export job streams.

-- name: CreateExport :one
INSERT INTO exports (id, owner_id, side, format, lang, filter, status, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING *;

-- name: GetExport :one
SELECT * FROM exports WHERE id = $1;

-- name: LockExport :one
SELECT * FROM exports WHERE id = $1 FOR UPDATE;

-- name: LockExportOwner :exec
-- Serialises the requests of one account, so the limit on unfinished exports holds under double clicks.
SELECT pg_advisory_xact_lock(hashtextextended('export:' || @owner_key::text, 0));

-- name: CountActiveExports :one
SELECT count(*) FROM exports WHERE owner_id = $1 AND status IN ('queued', 'running');

-- name: ListExports :many
-- An account's export records on one side (buyer or seller center), newest first.
SELECT e.*, coalesce(f.name, '')::text AS file_name
FROM exports e LEFT JOIN files f ON f.id = e.file_id
WHERE e.owner_id = @owner_id AND e.side = @side
ORDER BY e.created_at DESC, e.id DESC
LIMIT @max_rows::int OFFSET @skip::int;

-- name: StartExport :execrows
UPDATE exports SET status = @status, version = version + 1, started_at = @started_at, rows_written = 0,
    rows_total = @rows_total, failure = ''
WHERE id = @id AND status = @from_status;

-- name: ExportProgress :execrows
UPDATE exports SET rows_written = @rows_written WHERE id = @id AND status = 'running';

-- name: FinishExport :execrows
UPDATE exports SET status = @status, version = version + 1, rows_written = @rows_written, file_id = @file_id,
    size = @size, finished_at = @finished_at, expires_at = @expires_at
WHERE id = @id AND status = @from_status;

-- name: FailExport :execrows
UPDATE exports SET status = @status, version = version + 1, failure = @failure, finished_at = @finished_at
WHERE id = @id AND status = @from_status;

-- name: ExpireExport :execrows
UPDATE exports SET status = @status, version = version + 1, file_id = NULL
WHERE id = @id AND status = @from_status;

-- name: ListExpiredExports :many
-- Finished exports whose file is due for deletion, oldest first.
SELECT id FROM exports WHERE status = 'done' AND expires_at <= @now::timestamptz ORDER BY expires_at LIMIT @max_rows::int;

-- name: ListStuckExports :many
-- Unfinished exports older than any job could take (their job was lost), oldest first.
SELECT id FROM exports WHERE status IN ('queued', 'running') AND created_at < @before ORDER BY created_at LIMIT @max_rows::int;

-- name: DeleteExportFile :one
-- The file of an expired export: its row goes, the caller deletes the blob.
DELETE FROM files WHERE id = @id AND purpose = 'order_export' RETURNING blob_key;

-- The export job reads a party's orders newest first in keyset pages: each page
-- starts below the last row of the previous one (created_at, id), walking the
-- (party, created_at DESC, id DESC) index. The first page starts at the
-- filter's end or the moment of the request, whichever is earlier.

-- name: ExportBuyerOrders :many
SELECT id, number, product_name, product_name_en, spec_name, billing_mode, quantity, trial_days, amount_fen, status,
       created_at, paid_at, customer_name, buyer_name, contact_phone, contact_email
FROM orders
WHERE buyer_id = @buyer_id
  AND ROW(created_at, id) < ROW(@before_at::timestamptz, @before_id::uuid)
  AND (@status::text = '' OR status = @status)
  AND (@number::text = '' OR number = @number)
  AND (@product::text = '' OR product_name ILIKE '%' || @product || '%' OR product_name_en ILIKE '%' || @product || '%')
  AND (sqlc.narg(created_from)::timestamptz IS NULL OR created_at >= sqlc.narg(created_from)::timestamptz)
ORDER BY created_at DESC, id DESC
LIMIT @max_rows::int;

-- name: ExportSellerOrders :many
SELECT id, number, product_name, product_name_en, spec_name, billing_mode, quantity, trial_days, amount_fen, status,
       created_at, paid_at, customer_name, buyer_name, contact_phone, contact_email
FROM orders
WHERE seller_id = @seller_id
  AND ROW(created_at, id) < ROW(@before_at::timestamptz, @before_id::uuid)
  AND (@status::text = '' OR status = @status)
  AND (@number::text = '' OR number = @number)
  AND (@product::text = '' OR product_name ILIKE '%' || @product || '%' OR product_name_en ILIKE '%' || @product || '%')
  AND (@customer::text = '' OR customer_name ILIKE '%' || @customer || '%')
  AND (@user_name::text = '' OR buyer_name ILIKE '%' || @user_name || '%')
  AND (sqlc.narg(created_from)::timestamptz IS NULL OR created_at >= sqlc.narg(created_from)::timestamptz)
ORDER BY created_at DESC, id DESC
LIMIT @max_rows::int;

-- name: CountBuyerExportOrders :one
SELECT count(*) FROM orders
WHERE buyer_id = @buyer_id
  AND created_at < @before_at::timestamptz
  AND (@status::text = '' OR status = @status)
  AND (@number::text = '' OR number = @number)
  AND (@product::text = '' OR product_name ILIKE '%' || @product || '%' OR product_name_en ILIKE '%' || @product || '%')
  AND (sqlc.narg(created_from)::timestamptz IS NULL OR created_at >= sqlc.narg(created_from)::timestamptz);

-- name: CountSellerExportOrders :one
SELECT count(*) FROM orders
WHERE seller_id = @seller_id
  AND created_at < @before_at::timestamptz
  AND (@status::text = '' OR status = @status)
  AND (@number::text = '' OR number = @number)
  AND (@product::text = '' OR product_name ILIKE '%' || @product || '%' OR product_name_en ILIKE '%' || @product || '%')
  AND (@customer::text = '' OR customer_name ILIKE '%' || @customer || '%')
  AND (@user_name::text = '' OR buyer_name ILIKE '%' || @user_name || '%')
  AND (sqlc.narg(created_from)::timestamptz IS NULL OR created_at >= sqlc.narg(created_from)::timestamptz);

-- name: SeedGeneratedOrders :execrows
-- Test and benchmark data: n paid or completed orders of one spec from one buyer,
-- one a minute back from newest, customers named customer_name plus a number. Not used by the product.
INSERT INTO orders (id, number, kind, buyer_id, seller_id, product_id, spec_id, status, access_type, product_name,
    product_name_en, spec_name, billing_mode, unit_price_fen, quantity, amount_fen, supervised, eula_sha256, buyer_name,
    customer_name, contact_phone, contact_email, idem_key, created_at, pay_by, paid_at, completed_at)
SELECT gen_random_uuid(), @prefix::text || lpad(i::text, 9, '0'), 'new', @buyer_id::uuid, @seller_id::uuid, @product_id::uuid,
    @spec_id::uuid, CASE WHEN i % 5 = 0 THEN 'processing' ELSE 'completed' END, 'saas', @product_name::text,
    @product_name_en::text, @spec_name::text, 'monthly', 9900 + i % 100, 1 + i % 12, (9900 + i % 100) * (1 + i % 12),
    false, repeat('0', 64), @buyer_name::text,
    @customer_name::text || i, '138' || lpad((i % 100000000)::text, 8, '0'), 'gen' || i || chr(64) || 'example.com',
    @prefix::text || '-' || lpad(i::text, 12, '0'),
    g.at, g.at, g.at, g.at
FROM generate_series(1, @n::int) AS i
CROSS JOIN LATERAL (SELECT sqlc.arg(newest)::timestamptz - make_interval(0, 0, 0, 0, 0, i) AS at) AS g;
