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
    -- A bucket import is copied into the marketplace's own storage by the scan (file_id then
    -- names the copy), so what operations approve cannot change in the seller's bucket later.
    source          text NOT NULL DEFAULT '' CHECK (source IN ('', 'upload', 'bucket', 'image')),
    file_id         uuid REFERENCES files (id),
    bucket          text NOT NULL DEFAULT '',
    object_key      text NOT NULL DEFAULT '',
    declared_size   bigint CHECK (declared_size > 0),
    declared_sha256 text NOT NULL DEFAULT '' CHECK (declared_sha256 = '' OR declared_sha256 ~ '^[0-9a-f]{64}$'),
    image_region    text NOT NULL DEFAULT '',
    image_ref       text NOT NULL DEFAULT '',
    image_os        text NOT NULL DEFAULT '',
    image_disk_gb   integer CHECK (image_disk_gb > 0),
    -- What the scan found.
    format          text NOT NULL DEFAULT '',
    size            bigint,
    sha256          text NOT NULL DEFAULT '',
    -- The security self-check (standard 3.0): the ids of the items the seller confirmed.
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
    updated_at      timestamptz NOT NULL,
    CHECK ((claimed_by IS NULL) = (claimed_at IS NULL))
);
CREATE INDEX assets_seller_idx ON assets (seller_id, updated_at DESC) WHERE status <> 'deleted';
CREATE INDEX assets_queue_idx ON assets (sla_due_at) WHERE status = 'pending';
CREATE INDEX assets_status_idx ON assets (status, updated_at DESC);
CREATE INDEX assets_image_ref_idx ON assets (image_ref) WHERE image_ref <> '' AND status <> 'deleted';

-- Daily upload quota (domain §2.2: 10 GB and 100 files per seller and natural day in the
-- marketplace's zone). One row per seller and day, bumped by a guarded upsert so that
-- concurrent uploads cannot together exceed it. Bucket imports do not count.
CREATE TABLE asset_upload_days (
    seller_id uuid NOT NULL REFERENCES accounts (id),
    day       date NOT NULL,
    bytes     bigint NOT NULL CHECK (bytes >= 0),
    files     integer NOT NULL CHECK (files >= 0),
    PRIMARY KEY (seller_id, day)
);
