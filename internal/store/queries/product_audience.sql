-- name: AddAudience :execrows
INSERT INTO product_audience (product_id, scope, account_id, added_by, added_at)
VALUES (@product_id, @scope, @account_id, @added_by, @added_at)
ON CONFLICT DO NOTHING;

-- name: RemoveAudience :execrows
DELETE FROM product_audience WHERE product_id = @product_id AND scope = @scope AND account_id = @account_id;

-- name: ListAudience :many
SELECT a.account_id, a.added_at, acc.name, acc.public_id FROM product_audience a
JOIN accounts acc ON acc.id = a.account_id
WHERE a.product_id = @product_id AND a.scope = @scope
ORDER BY a.added_at DESC, acc.name;

-- name: InAudience :one
SELECT EXISTS (SELECT 1 FROM product_audience WHERE product_id = @product_id AND scope = @scope AND account_id = @account_id);
