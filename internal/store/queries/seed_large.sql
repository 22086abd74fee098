-- Bulk inserts of the catalog generator (agora seed --products N, make seed-large,
-- the benchmark). COPY writes rows exactly as the services would have written them
-- one by one; the generator builds the same values, evidence chains included.

-- name: SeedGeneratedSellers :one
-- Generated sellers are named gen-s…; a second run refuses to add another catalog.
SELECT count(*) FROM accounts WHERE lower(name) LIKE 'gen-s%';

-- name: SeedAccounts :copyfrom
INSERT INTO accounts (id, public_id, name, email, password_hash, ops_role, identity, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: SeedFiles :copyfrom
INSERT INTO files (id, owner_id, blob_key, name, content_type, size, sha256, purpose, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: SeedAgreementSignatures :copyfrom
INSERT INTO agreement_signatures (id, account_id, agreement_id, signed_at) VALUES ($1, $2, $3, $4);

-- name: SeedEntryApplications :copyfrom
INSERT INTO entry_applications (id, number, account_id, status, version, company_name, website, logo_file_id,
    licence_file_id, years_in_business, headcount, registered_capital_fen, contact_name, contact_phone,
    contact_email, cs_phone, cs_email, profile, agreement_id, submitted_at, sla_due_at, decided_at, decided_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24);

-- name: SeedCertifications :copyfrom
INSERT INTO certifications (id, account_id, status, version, bank_name, bank_branch, account_holder, bank_account,
    tax_rate, taxpayer_type, tax_id, submitted_at, sla_due_at, decided_at, decided_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16);

-- name: SeedAssets :copyfrom
INSERT INTO assets (id, number, seller_id, kind, status, version, name, release, description, source, bucket, object_key,
    declared_size, declared_sha256, image_region, image_ref, image_os, format, size, sha256, self_check, scan_report,
    scanned_at, submitted_at, sla_due_at, decided_at, decided_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
    $24, $25, $26, $27, $28, $29);

-- name: SeedProductApplications :copyfrom
INSERT INTO product_applications (id, number, seller_id, kind, product_id, status, version, access_type, title, content,
    saved_at, submitted_at, sla_due_at, decided_at, decided_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16);

-- name: SeedProducts :copyfrom
INSERT INTO products (id, number, seller_id, access_type, status, version, public, name, name_en, category_id, summary,
    logo_file_id, content, min_price_fen, billing_modes, search_text, target, listed_at, delisted_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20);

-- name: SeedProductSpecs :copyfrom
INSERT INTO product_specs (id, product_id, position, name, billing_mode, price_fen, trial_days, status, version, public,
    created_at, delisted_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);

-- name: SeedEvents :copyfrom
INSERT INTO events (object_type, object_id, seq, actor_id, actor_role, event, from_state, to_state, reason, attachments,
    created_at, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);

-- name: SeedEventHeads :copyfrom
INSERT INTO event_heads (object_type, object_id, seq, hash) VALUES ($1, $2, $3, $4);

-- name: SeedVacuumAnalyze :exec
-- After a bulk load: fresh statistics for the planner and a visibility map for index-only scans.
VACUUM (ANALYZE) accounts, files, entry_applications, certifications, assets, products, product_specs,
    product_applications, events, event_heads;
