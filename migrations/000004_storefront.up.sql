-- Storefront: covering indexes for browsing. Each carries every column a catalog
-- filter tests (category, type, price, billing modes), so a page or a count walks
-- the index in the page's order and skips the products that do not match without
-- visiting the table (index-only scans); only the 24 products shown are read.
-- Measured at 100,000 products: counting a category filtered by billing mode and
-- price range went from 38 ms (index scan with table visits) to 0.9 ms.
CREATE INDEX products_shop_all_idx ON products (listed_at DESC, id)
    INCLUDE (category_id, access_type, min_price_fen, billing_modes)
    WHERE status IN ('listed', 'delisting') AND public;
CREATE INDEX products_shop_category_facets_idx ON products (category_id, listed_at DESC, id)
    INCLUDE (access_type, min_price_fen, billing_modes)
    WHERE status IN ('listed', 'delisting') AND public;
CREATE INDEX products_shop_type_facets_idx ON products (access_type, listed_at DESC, id)
    INCLUDE (category_id, min_price_fen, billing_modes)
    WHERE status IN ('listed', 'delisting') AND public;
CREATE INDEX products_shop_price_facets_idx ON products (min_price_fen, id)
    INCLUDE (category_id, access_type, billing_modes)
    WHERE status IN ('listed', 'delisting') AND public;
