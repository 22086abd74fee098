DROP INDEX IF EXISTS products_shop_price_facets_idx;
DROP INDEX IF EXISTS products_shop_type_facets_idx;
DROP INDEX IF EXISTS products_shop_category_facets_idx;
DROP INDEX IF EXISTS products_shop_all_idx;
