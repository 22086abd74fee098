DROP INDEX IF EXISTS product_applications_decided_idx, assets_decided_idx;
