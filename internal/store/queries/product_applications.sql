-- name: CreateProductApplication :one
INSERT INTO product_applications (id, number, seller_id, kind, product_id, spec_id, status, access_type, title, content,
    saved_at, submitted_at, sla_due_at, extra_days, reason, created_at)
VALUES (@id, @number, @seller_id, @kind, @product_id, @spec_id, @status, @access_type, @title, @content,
    @saved_at, @submitted_at, @sla_due_at, @extra_days, @reason, @created_at)
RETURNING *;

-- name: GetProductApplication :one
SELECT * FROM product_applications WHERE id = $1;

-- name: LockProductApplication :one
SELECT * FROM product_applications WHERE id = $1 FOR UPDATE;

-- name: SaveProductApplicationContent :execrows
-- Saves what the seller typed; only records still in the seller's hands change.
UPDATE product_applications SET content = @content, title = @title, saved_at = @saved_at
WHERE id = @id AND seller_id = @seller_id AND status IN ('draft', 'rejected', 'withdrawn');

-- name: SubmitProductApplication :execrows
UPDATE product_applications SET status = @to_status, version = version + 1, content = @content, title = @title,
    saved_at = @saved_at, submitted_at = @submitted_at, sla_due_at = @sla_due_at, extra_days = @extra_days,
    claimed_by = NULL, claimed_at = NULL, decided_at = NULL, decided_by = NULL, reason = '', field_reasons = '{}'
WHERE id = @id AND status = @from_status AND version = @version;

-- name: SetProductApplicationStatus :execrows
UPDATE product_applications SET status = @to_status, version = version + 1
WHERE id = @id AND status = @from_status AND version = @version;

-- name: DecideProductApplication :execrows
UPDATE product_applications SET status = @to_status, version = version + 1, decided_at = @decided_at,
    decided_by = @decided_by, reason = @reason, field_reasons = @field_reasons, product_id = coalesce(@product_id, product_id),
    claimed_by = NULL, claimed_at = NULL
WHERE id = @id AND status = @from_status AND version = @version;

-- name: ClaimProductApplication :execrows
UPDATE product_applications SET claimed_by = @claimed_by, claimed_at = @claimed_at
WHERE id = @id AND status = 'pending' AND claimed_by IS NULL;

-- name: UnclaimProductApplication :execrows
UPDATE product_applications SET claimed_by = NULL, claimed_at = NULL
WHERE id = @id AND status = 'pending' AND claimed_by = @claimed_by;

-- name: CountReleasesSubmittedSince :one
-- Release applications the seller has submitted since the start of the day (the SLA extension rule).
SELECT count(*) FROM product_applications
WHERE seller_id = @seller_id AND kind = 'release' AND submitted_at >= @since AND id <> @except_id;

-- name: ListSellerApplications :many
SELECT a.*, coalesce(p.name, '') AS product_name FROM product_applications a
LEFT JOIN products p ON p.id = a.product_id
WHERE a.seller_id = @seller_id AND a.status <> 'deleted'
  AND (@only_drafts::boolean = false OR a.status = 'draft')
ORDER BY a.saved_at DESC, a.id DESC
LIMIT @max_rows OFFSET @skip;

-- name: GetOpenModification :one
SELECT * FROM product_applications
WHERE product_id = @product_id::uuid AND kind = 'modify' AND status IN ('draft', 'pending', 'rejected', 'withdrawn');

-- name: ListOpenApplicationsOfProduct :many
SELECT * FROM product_applications
WHERE product_id = @product_id::uuid AND status IN ('draft', 'pending', 'rejected', 'withdrawn')
ORDER BY created_at FOR UPDATE;

-- name: ListPendingDelistings :many
SELECT * FROM product_applications WHERE product_id = @product_id::uuid AND kind = 'delist' AND status = 'pending' ORDER BY created_at;

-- name: LockSellerSubmissions :exec
SELECT pg_advisory_xact_lock(hashtext('product-submissions:' || @seller_id::text));
