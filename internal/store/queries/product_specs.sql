-- name: CreateProductSpec :one
INSERT INTO product_specs (id, product_id, position, name, billing_mode, price_fen, trial_days, status, created_at)
VALUES (@id, @product_id, @position, @name, @billing_mode, @price_fen, @trial_days, @status, @created_at)
RETURNING *;

-- name: ListProductSpecs :many
SELECT * FROM product_specs WHERE product_id = $1 ORDER BY position;

-- name: LockProductSpecs :many
SELECT * FROM product_specs WHERE product_id = $1 ORDER BY position FOR UPDATE;

-- name: GetProductSpec :one
SELECT * FROM product_specs WHERE id = $1;

-- name: ReviseProductSpec :execrows
-- A change that removes the trial also drops its restriction.
UPDATE product_specs SET name = @name, price_fen = @price_fen, trial_days = @trial_days,
    trial_restricted = trial_restricted AND @trial_days::int > 0, version = version + 1
WHERE id = @id AND product_id = @product_id AND status IN ('listed', 'delisting');

-- name: SetProductSpecStatus :execrows
UPDATE product_specs SET status = @to_status, version = version + 1,
    delisted_at = CASE WHEN @to_status = 'delisted' THEN @at::timestamptz ELSE delisted_at END
WHERE id = @id AND status = @from_status AND version = @version;

-- name: SetProductSpecPublic :execrows
UPDATE product_specs SET public = @public, version = version + 1 WHERE id = @id AND product_id = @product_id;

-- name: SetAllProductSpecsPublic :exec
UPDATE product_specs SET public = true, version = version + 1 WHERE product_id = $1 AND NOT public;

-- name: SetProductSpecSales :execrows
UPDATE product_specs SET target = @target, limit_per_user = @limit_per_user, limit_until_expiry = @limit_until_expiry,
    trial_restricted = @trial_restricted, version = version + 1
WHERE id = @id AND product_id = @product_id AND version = @version;

-- name: ResetProductSpecTargets :exec
-- When the product's audience narrows, specs may only keep the targets it still allows.
UPDATE product_specs SET target = @target, version = version + 1
WHERE product_id = @product_id AND NOT (target = ANY (@allowed::text[]));

-- name: ShareLockProductSpec :one
-- Taken by a purchase, so a delisting or a price change decided meanwhile waits for it.
SELECT * FROM product_specs WHERE id = $1 FOR SHARE;
