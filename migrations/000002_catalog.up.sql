-- Catalog: categories, products and their specs, the application records that
-- release, modify and delist them, and who may buy what (sales configuration).

-- Who a buyer is, for sales targets (企业用户 / 个人用户). An admitted seller is an enterprise.
ALTER TABLE accounts ADD COLUMN identity text NOT NULL DEFAULT 'individual' CHECK (identity IN ('individual', 'enterprise'));

CREATE TABLE categories (
    id       text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,30}$'),
    name_zh  text NOT NULL,
    name_en  text NOT NULL,
    position integer NOT NULL
);
INSERT INTO categories (id, name_zh, name_en, position) VALUES
    ('infrastructure', '基础软件', 'Infrastructure software', 1),
    ('database', '数据库', 'Databases', 2),
    ('security', '安全', 'Security', 3),
    ('ai', '人工智能', 'Artificial intelligence', 4),
    ('devops', '开发与运维', 'Development & operations', 5),
    ('enterprise', '企业应用', 'Enterprise applications', 6),
    ('industry', '行业解决方案', 'Industry solutions', 7),
    ('data', '数据与分析', 'Data & analytics', 8),
    ('iot', '物联网与硬件', 'IoT & hardware', 9),
    ('services', '专业服务', 'Professional services', 10);

-- A listed product. The columns the storefront filters, sorts and searches on are
-- copied out of the approved content; content keeps everything else as approved.
CREATE TABLE products (
    id               uuid PRIMARY KEY,
    number           text NOT NULL UNIQUE,
    seller_id        uuid NOT NULL REFERENCES accounts (id),
    access_type      text NOT NULL CHECK (access_type IN ('saas', 'license', 'image', 'package', 'manual', 'hardware', 'data')),
    status           text NOT NULL CHECK (status IN ('listed', 'delisting', 'delisted')),
    version          integer NOT NULL DEFAULT 1,
    public           boolean NOT NULL DEFAULT true,
    name             text NOT NULL,
    name_en          text NOT NULL DEFAULT '',
    category_id      text NOT NULL REFERENCES categories (id),
    summary          text NOT NULL,
    logo_file_id     uuid REFERENCES files (id),
    content          jsonb NOT NULL,
    -- Over the specs a buyer can see (on sale and public): the cheapest price and the billing modes.
    min_price_fen    bigint,
    billing_modes    text[] NOT NULL DEFAULT '{}',
    search_text      text NOT NULL,
    search_tsv       tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
    -- Sales configuration (销售对象): who may buy.
    target           text NOT NULL DEFAULT 'all' CHECK (target IN ('all', 'enterprise', 'individual', 'specified', 'associated')),
    assoc_product_id uuid REFERENCES products (id),
    listed_at        timestamptz NOT NULL,
    delisted_at      timestamptz,
    updated_at       timestamptz NOT NULL,
    CHECK ((target = 'associated') = (assoc_product_id IS NOT NULL))
);
CREATE INDEX products_seller_idx ON products (seller_id, listed_at DESC);
-- The storefront only ever lists products on sale and public.
CREATE INDEX products_shop_listed_idx ON products (listed_at DESC, id) WHERE status IN ('listed', 'delisting') AND public;
CREATE INDEX products_shop_price_idx ON products (min_price_fen, id) WHERE status IN ('listed', 'delisting') AND public;
CREATE INDEX products_shop_category_idx ON products (category_id, listed_at DESC) WHERE status IN ('listed', 'delisting') AND public;
CREATE INDEX products_shop_type_idx ON products (access_type, listed_at DESC) WHERE status IN ('listed', 'delisting') AND public;
CREATE INDEX products_search_trgm_idx ON products USING gin (search_text gin_trgm_ops) WHERE status IN ('listed', 'delisting') AND public;
CREATE INDEX products_search_tsv_idx ON products USING gin (search_tsv) WHERE status IN ('listed', 'delisting') AND public;
CREATE INDEX products_billing_idx ON products USING gin (billing_modes) WHERE status IN ('listed', 'delisting') AND public;

-- Specs (规格 / SKUs). Never deleted once listed; delisted instead.
CREATE TABLE product_specs (
    id                 uuid PRIMARY KEY,
    product_id         uuid NOT NULL REFERENCES products (id),
    position           integer NOT NULL,
    name               text NOT NULL,
    billing_mode       text NOT NULL CHECK (billing_mode IN ('monthly', 'yearly', 'one_time', 'per_use')),
    price_fen          bigint NOT NULL CHECK (price_fen >= 0),
    trial_days         integer NOT NULL DEFAULT 0 CHECK (trial_days = 0 OR trial_days BETWEEN 3 AND 180),
    status             text NOT NULL CHECK (status IN ('listed', 'delisting', 'delisted')),
    version            integer NOT NULL DEFAULT 1,
    public             boolean NOT NULL DEFAULT true,
    target             text NOT NULL DEFAULT 'all' CHECK (target IN ('all', 'enterprise', 'individual', 'specified')),
    limit_per_user     integer NOT NULL DEFAULT 0 CHECK (limit_per_user >= 0),
    limit_until_expiry boolean NOT NULL DEFAULT false,
    trial_restricted   boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL,
    delisted_at        timestamptz,
    CHECK (trial_days = 0 OR billing_mode IN ('monthly', 'yearly')),
    CHECK (NOT limit_until_expiry OR billing_mode IN ('monthly', 'yearly')),
    UNIQUE (product_id, position)
);
CREATE INDEX product_specs_product_idx ON product_specs (product_id, position);

-- Specified users (指定用户) and trial exceptions: accounts the seller named.
CREATE TABLE product_audience (
    product_id uuid NOT NULL REFERENCES products (id),
    scope      text NOT NULL CHECK (scope IN ('buyers', 'trial')),
    account_id uuid NOT NULL REFERENCES accounts (id),
    added_by   uuid NOT NULL REFERENCES accounts (id),
    added_at   timestamptz NOT NULL,
    PRIMARY KEY (product_id, scope, account_id)
);

-- Application records (我的申请): releases, modifications and delisting requests.
-- content is the form as the seller typed it (drafts may be incomplete); it is
-- validated on submission and copied into products/product_specs on approval.
CREATE TABLE product_applications (
    id            uuid PRIMARY KEY,
    number        text NOT NULL UNIQUE,
    seller_id     uuid NOT NULL REFERENCES accounts (id),
    kind          text NOT NULL CHECK (kind IN ('release', 'modify', 'delist')),
    product_id    uuid REFERENCES products (id),
    spec_id       uuid REFERENCES product_specs (id),
    status        text NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'rejected', 'withdrawn', 'deleted', 'cancelled')),
    version       integer NOT NULL DEFAULT 1,
    access_type   text NOT NULL,
    title         text NOT NULL DEFAULT '',
    content       jsonb NOT NULL,
    saved_at      timestamptz NOT NULL,
    submitted_at  timestamptz,
    sla_due_at    timestamptz,
    extra_days    integer NOT NULL DEFAULT 0,
    claimed_by    uuid REFERENCES accounts (id),
    claimed_at    timestamptz,
    decided_at    timestamptz,
    decided_by    uuid REFERENCES accounts (id),
    reason        text NOT NULL DEFAULT '',
    field_reasons jsonb NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL,
    CHECK (kind = 'release' OR product_id IS NOT NULL),
    CHECK (spec_id IS NULL OR kind = 'delist')
);
CREATE INDEX product_applications_seller_idx ON product_applications (seller_id, saved_at DESC) WHERE status <> 'deleted';
CREATE INDEX product_applications_queue_idx ON product_applications (sla_due_at) WHERE status = 'pending';
CREATE INDEX product_applications_day_idx ON product_applications (seller_id, submitted_at) WHERE kind = 'release';
-- One open change per product at a time, and one delisting request per product or spec.
CREATE UNIQUE INDEX product_applications_open_modify_key ON product_applications (product_id)
    WHERE kind = 'modify' AND status IN ('draft', 'pending', 'rejected', 'withdrawn');
CREATE UNIQUE INDEX product_applications_open_delist_key ON product_applications (product_id, coalesce(spec_id, product_id))
    WHERE kind = 'delist' AND status = 'pending';
