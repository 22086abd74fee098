-- name: CreateProduct :one
INSERT INTO products (id, number, seller_id, access_type, status, name, name_en, category_id, summary, logo_file_id,
    content, search_text, listed_at, updated_at)
VALUES (@id, @number, @seller_id, @access_type, @status, @name, @name_en, @category_id, @summary, @logo_file_id,
    @content, @search_text, @listed_at, @listed_at)
RETURNING *;

-- name: GetProduct :one
SELECT * FROM products WHERE id = $1;

-- name: LockProduct :one
SELECT * FROM products WHERE id = $1 FOR UPDATE;

-- name: ReviseProduct :execrows
-- An approved modification replaces the live content in one statement.
UPDATE products SET version = version + 1, name = @name, name_en = @name_en, category_id = @category_id,
    summary = @summary, logo_file_id = @logo_file_id, content = @content, search_text = @search_text, updated_at = @updated_at
WHERE id = @id AND version = @version AND status IN ('listed', 'delisting');

-- name: SetProductStatus :execrows
UPDATE products SET status = @to_status, version = version + 1, updated_at = @updated_at,
    delisted_at = CASE WHEN @to_status = 'delisted' THEN @updated_at ELSE delisted_at END
WHERE id = @id AND status = @from_status AND version = @version;

-- name: SetProductPublic :execrows
UPDATE products SET public = @public, version = version + 1, updated_at = @updated_at
WHERE id = @id AND version = @version;

-- name: SetProductTarget :execrows
UPDATE products SET target = @target, assoc_product_id = @assoc_product_id, version = version + 1, updated_at = @updated_at
WHERE id = @id AND version = @version;

-- name: RefreshProductListing :exec
-- What a buyer sees in lists: the cheapest public spec on sale and the billing modes on offer.
UPDATE products p SET
    min_price_fen = (SELECT min(s.price_fen) FROM product_specs s
                     WHERE s.product_id = p.id AND s.status IN ('listed', 'delisting') AND s.public),
    billing_modes = ARRAY(SELECT DISTINCT s.billing_mode FROM product_specs s
                          WHERE s.product_id = p.id AND s.status IN ('listed', 'delisting') AND s.public ORDER BY 1)
WHERE p.id = $1;

-- name: ListSellerProducts :many
SELECT p.*,
    (SELECT count(*) FROM product_specs s WHERE s.product_id = p.id AND s.status IN ('listed', 'delisting'))::int AS specs_on_sale,
    EXISTS (SELECT 1 FROM product_applications a WHERE a.product_id = p.id AND a.kind = 'modify'
            AND a.status IN ('draft', 'pending', 'rejected', 'withdrawn')) AS has_open_change,
    -- the billing mode of the spec the "from" price is, as the storefront shows it
    coalesce((SELECT s.billing_mode FROM product_specs s WHERE s.product_id = p.id AND s.status IN ('listed', 'delisting')
              AND s.public AND s.price_fen = p.min_price_fen ORDER BY s.position LIMIT 1), '')::text AS price_mode
FROM products p
WHERE p.seller_id = @seller_id
ORDER BY (p.status = 'delisted'), p.listed_at DESC, p.id
LIMIT @max_rows OFFSET @skip;

-- name: FindSellerProductByNumber :one
SELECT * FROM products WHERE number = $1;

-- name: SellerHasListedName :one
SELECT EXISTS (SELECT 1 FROM products WHERE seller_id = @seller_id AND lower(name) = lower(@name)
               AND status <> 'delisted' AND id <> @except_id);

-- name: GetCategory :one
SELECT * FROM categories WHERE id = $1;

-- name: ListCategories :many
SELECT * FROM categories ORDER BY position;

-- name: LockSellerProductByNumber :one
SELECT * FROM products WHERE number = @number AND seller_id = @seller_id;

-- name: LockSellerCatalog :exec
-- Serialises listing decisions of one seller, so that two approvals at once
-- cannot both find a product name still free.
SELECT pg_advisory_xact_lock(hashtext('seller-catalog:' || @seller_id::text));
