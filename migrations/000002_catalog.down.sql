DROP TABLE IF EXISTS product_applications, product_audience, product_specs, products, categories;
