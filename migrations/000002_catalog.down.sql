DROP TABLE IF EXISTS product_applications, product_audience, product_specs, products, categories;
ALTER TABLE accounts DROP COLUMN IF EXISTS identity;
