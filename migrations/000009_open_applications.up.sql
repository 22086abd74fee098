-- The open applications of one product (a delisting approval cancels them; a
-- modification looks for its open change) are found by index, not by a scan.
CREATE INDEX product_applications_product_open_idx ON product_applications (product_id, created_at)
    WHERE status IN ('draft', 'pending', 'rejected', 'withdrawn');
