-- Assets (我的资产): image assets and software packages that image and package
-- products deliver. A package is uploaded (≤ 1 GB) or imported from an object-storage
-- bucket by reference; an automated scan runs before operations reviews it.
CREATE TABLE assets (
    id              uuid PRIMARY KEY,
    number          text NOT NULL UNIQUE,
    seller_id       uuid NOT NULL REFERENCES accounts (id),
    kind            text NOT NULL CHECK (kind IN ('image', 'package')),
    status          text NOT NULL CHECK (status IN ('draft', 'scanning', 'scan_failed', 'pending', 'approved', 'rejected', 'deleted')),
    version         integer NOT NULL DEFAULT 1,
    name            text NOT NULL,
    release         text NOT NULL DEFAULT '',  -- the seller's version label, e.g. 2.4.1
    description     text NOT NULL DEFAULT '',
    -- Where the bytes are: an upload (file_id) or a bucket reference; images name a private image.
    source          text NOT NULL DEFAULT '' CHECK (source IN ('', 'upload', 'bucket', 'image')),
    file_id         uuid REFERENCES files (id),
    bucket          text NOT NULL DEFAULT '',
    object_key      text NOT NULL DEFAULT '',
    declared_size   bigint,
    declared_sha256 text NOT NULL DEFAULT '',
    image_region    text NOT NULL DEFAULT '',
    image_ref       text NOT NULL DEFAULT '',
    image_os        text NOT NULL DEFAULT '',
    -- What the scan found.
    format          text NOT NULL DEFAULT '',
    size            bigint,
    sha256          text NOT NULL DEFAULT '',
    self_check      jsonb NOT NULL DEFAULT '[]',
    scan_report     jsonb,
    scanned_at      timestamptz,
    -- Review.
    submitted_at    timestamptz,
    sla_due_at      timestamptz,
    claimed_by      uuid REFERENCES accounts (id),
    claimed_at      timestamptz,
    decided_at      timestamptz,
    decided_by      uuid REFERENCES accounts (id),
    reason          text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX assets_seller_idx ON assets (seller_id, updated_at DESC) WHERE status <> 'deleted';
CREATE INDEX assets_queue_idx ON assets (sla_due_at) WHERE status = 'pending';
