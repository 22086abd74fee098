DROP INDEX IF EXISTS products_search_grams_idx;
DROP FUNCTION IF EXISTS shop_cjk_grams(text);
