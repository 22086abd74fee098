-- Settlement: bill runs, statements and their lines, fee rules, platform-fee invoices.

-- name: LockBillRun :exec
-- One bill run of a period at a time, across replicas.
SELECT pg_advisory_xact_lock(7415, @period::integer);

-- name: GetBillRun :one
SELECT * FROM bill_runs WHERE period = @period;

-- name: ListBillRuns :many
SELECT * FROM bill_runs ORDER BY period DESC LIMIT @lim;

-- name: InsertBillLines :one
-- Bills the period's candidates (bill_candidates in the schema); statements follow from the lines.
SELECT bill_insert_lines(@period::integer, @cutoff::timestamptz)::bigint AS lines;

-- name: InsertBillRun :exec
INSERT INTO bill_runs (period, cutoff, statements, lines, digest, run_by, started_at, finished_at)
VALUES (@period, @cutoff, 0, 0, '', sqlc.narg('run_by'), @started_at, @started_at);

-- name: InsertStatements :many
-- One statement per seller and class from the period's lines, with totals and digest.
INSERT INTO statements (id, number, seller_id, period, platform_invoices, status, lines, gross_fen, fee_fen, share_fen,
    digest, send_due_at, created_at, updated_at)
SELECT l.statement_id,
    @number_prefix::text || lpad((row_number() OVER (ORDER BY o.seller_id, r.platform_invoices))::text, 4, '0'),
    o.seller_id, @period::integer, r.platform_invoices, 'generated', count(*)::integer,
    sum(l.gross_fen)::bigint, sum(l.fee_fen)::bigint, sum(l.share_fen)::bigint,
    encode(sha256(convert_to(string_agg(statement_line_repr(l.entry_id, l.kind, l.order_id, l.original_line_id, l.occurred_at,
        l.gross_fen, l.fee_rule_id, l.fee_rate_bp, l.fee_fen, l.share_fen), E'\n' ORDER BY l.seq), 'UTF8')), 'hex'),
    @send_due_at, @now, @now
FROM statement_lines l
JOIN orders o ON o.id = l.order_id
JOIN fee_rules r ON r.id = l.fee_rule_id
WHERE l.period = @period::integer
GROUP BY l.statement_id, o.seller_id, r.platform_invoices
RETURNING id, seller_id, number;

-- name: FinishBillRun :one
UPDATE bill_runs SET statements = t.n, lines = t.lines, finished_at = @finished_at,
    digest = t.digest
FROM (SELECT count(*)::integer AS n, coalesce(sum(s.lines), 0)::bigint AS lines,
        encode(sha256(convert_to(coalesce(string_agg(s.id::text || ':' || s.digest, E'\n' ORDER BY s.id), ''), 'UTF8')), 'hex') AS digest
      FROM statements s WHERE s.period = @period::integer) t
WHERE bill_runs.period = @period::integer
RETURNING bill_runs.*;

-- name: ComputedDigests :one
-- The period re-computed from the orders and the ledger, statement by statement.
SELECT bill_digests(@period::integer, @cutoff::timestamptz)::jsonb AS computed;

-- name: StoredDigests :many
-- The period's statements as stored; lines_digest re-reads the stored lines.
SELECT s.id, s.number, s.lines, s.share_fen, s.digest,
    coalesce((SELECT encode(sha256(convert_to(string_agg(statement_line_repr(l.entry_id, l.kind, l.order_id, l.original_line_id,
        l.occurred_at, l.gross_fen, l.fee_rule_id, l.fee_rate_bp, l.fee_fen, l.share_fen), E'\n' ORDER BY l.seq), 'UTF8')), 'hex')
     FROM statement_lines l WHERE l.statement_id = s.id), '')::text AS lines_digest
FROM statements s WHERE s.period = @period::integer ORDER BY s.id;

-- name: MarkBillRunVerified :exec
UPDATE bill_runs SET verified_at = @at, verify_ok = @ok WHERE period = @period;

-- name: ListSellerStatements :many
SELECT * FROM statements WHERE seller_id = @seller_id ORDER BY period DESC, platform_invoices LIMIT @lim OFFSET @off;

-- name: ListStatements :many
SELECT s.*, a.name AS seller_name FROM statements s JOIN accounts a ON a.id = s.seller_id
WHERE (sqlc.narg('status')::text IS NULL OR s.status = sqlc.narg('status'))
  AND (sqlc.narg('period')::integer IS NULL OR s.period = sqlc.narg('period'))
ORDER BY s.period DESC, s.created_at, s.id LIMIT @lim OFFSET @off;

-- name: GetStatement :one
SELECT * FROM statements WHERE id = @id;

-- name: LockStatement :one
SELECT * FROM statements WHERE id = @id FOR UPDATE;

-- name: SetStatementStatus :execrows
UPDATE statements SET status = @status, version = version + 1, updated_at = @at,
    requisition_no = coalesce(sqlc.narg('requisition_no'), requisition_no),
    invoice_no = coalesce(sqlc.narg('invoice_no'), invoice_no),
    invoice_total_fen = coalesce(sqlc.narg('invoice_total_fen'), invoice_total_fen),
    invoice_date = coalesce(sqlc.narg('invoice_date'), invoice_date),
    invoice_file_id = coalesce(sqlc.narg('invoice_file_id'), invoice_file_id),
    reason = coalesce(sqlc.narg('reason'), reason),
    payout_ref = coalesce(sqlc.narg('payout_ref'), payout_ref),
    paid_at = coalesce(sqlc.narg('paid_at'), paid_at)
WHERE id = @id AND status = @from_status;

-- name: StatementLines :many
-- A page of a statement's lines with what explains them: the order and the fee rule.
SELECT l.*, o.number AS order_number, o.product_name, o.product_name_en, o.access_type, o.kind AS order_kind,
    r.scope AS rule_scope, r.effective_from AS rule_effective_from, r.note AS rule_note
FROM statement_lines l
JOIN orders o ON o.id = l.order_id
JOIN fee_rules r ON r.id = l.fee_rule_id
WHERE l.statement_id = @statement_id
ORDER BY l.seq LIMIT @lim OFFSET @off;

-- name: StreamStatementLines :many
SELECT l.seq, l.kind, l.occurred_at, l.gross_fen, l.fee_rate_bp, l.fee_fen, l.share_fen, l.entry_id, l.original_line_id,
    o.number AS order_number, o.product_name
FROM statement_lines l JOIN orders o ON o.id = l.order_id
WHERE l.statement_id = @statement_id AND l.seq > @after_seq
ORDER BY l.seq LIMIT @lim;

-- name: OrderLines :many
-- The lines that billed one order (its payment and refunds), with their statements.
SELECT l.*, s.number AS statement_number, s.period AS statement_period
FROM statement_lines l JOIN statements s ON s.id = l.statement_id
WHERE l.order_id = @order_id ORDER BY l.occurred_at, l.entry_id;

-- name: SellerTransactions :many
-- 交易明细: the seller's paid orders, newest first, with what settlement knows of them.
SELECT o.id, o.number, o.kind, o.status, o.product_name, o.product_name_en, o.access_type, o.amount_fen, o.supervised,
    o.paid_at, o.completed_at, o.service_start, o.created_at,
    sv.status AS supervision_status,
    l.id AS line_id, s.number AS statement_number, s.id AS statement_id, s.period AS statement_period,
    (SELECT coalesce(sum(r.amount_fen), 0) FROM ledger_entries r WHERE r.order_id = o.id AND r.kind = 'refund')::bigint AS refunded_fen
FROM orders o
LEFT JOIN supervisions sv ON sv.order_id = o.id
LEFT JOIN ledger_entries pay ON pay.order_id = o.id AND pay.kind = 'payment'
LEFT JOIN statement_lines l ON l.entry_id = pay.id
LEFT JOIN statements s ON s.id = l.statement_id
WHERE o.seller_id = @seller_id AND o.paid_at IS NOT NULL
  AND (sqlc.narg('billed')::boolean IS NULL OR (l.id IS NOT NULL) = sqlc.narg('billed'))
  AND (sqlc.narg('number')::text IS NULL OR o.number = sqlc.narg('number'))
ORDER BY o.created_at DESC, o.id DESC LIMIT @lim OFFSET @off;

-- name: SellerCertifiedAt :one
SELECT decided_at FROM certifications WHERE account_id = @account_id AND status = 'certified';

-- name: ListFeeRules :many
SELECT r.*, coalesce(p.name, '')::text AS product_name FROM fee_rules r LEFT JOIN products p ON p.id = r.product_id
ORDER BY r.scope, r.access_type, p.name, r.effective_from DESC;

-- name: GetFeeRule :one
SELECT r.*, coalesce(p.name, '')::text AS product_name FROM fee_rules r LEFT JOIN products p ON p.id = r.product_id WHERE r.id = @id;

-- name: CreateFeeRule :one
INSERT INTO fee_rules (id, scope, access_type, product_id, rate_bp, platform_invoices, effective_from, note, created_by, created_at)
VALUES (@id, @scope, @access_type, sqlc.narg('product_id'), @rate_bp, @platform_invoices, @effective_from, @note, @created_by, @created_at)
RETURNING *;

-- name: FeeRuleAt :one
SELECT f.rule_id::uuid AS rule_id, f.rate_bp::integer AS rate_bp, f.platform_invoices::boolean AS platform_invoices
FROM fee_rule_at(@product_id::uuid, @access_type::text, @at::timestamptz) f;

-- name: PaidStatementsForFeeInvoice :many
-- Paid general-goods statements whose platform fee has not been invoiced yet.
SELECT s.* FROM statements s
WHERE s.seller_id = @seller_id AND s.status = 'paid' AND NOT s.platform_invoices
  AND NOT EXISTS (SELECT 1 FROM fee_invoice_statements f WHERE f.statement_id = s.id)
ORDER BY s.period DESC;

-- name: CreateFeeInvoice :one
INSERT INTO fee_invoices (id, number, seller_id, status, kind, email, amount_fen, created_at, updated_at)
VALUES (@id, @number, @seller_id, @status, @kind, @email, @amount_fen, @at, @at)
RETURNING *;

-- name: AddFeeInvoiceStatement :exec
INSERT INTO fee_invoice_statements (fee_invoice_id, statement_id) VALUES (@fee_invoice_id, @statement_id);

-- name: LockFeeInvoice :one
SELECT * FROM fee_invoices WHERE id = @id FOR UPDATE;

-- name: GetFeeInvoice :one
SELECT * FROM fee_invoices WHERE id = @id;

-- name: IssueFeeInvoice :execrows
UPDATE fee_invoices SET status = @status, invoice_no = @invoice_no, file_id = sqlc.narg('file_id'), issued_at = @at,
    version = version + 1, updated_at = @at
WHERE id = @id AND status = 'requested';

-- name: ListSellerFeeInvoices :many
SELECT * FROM fee_invoices WHERE seller_id = @seller_id ORDER BY created_at DESC LIMIT @lim OFFSET @off;

-- name: ListFeeInvoices :many
SELECT f.*, a.name AS seller_name FROM fee_invoices f JOIN accounts a ON a.id = f.seller_id
WHERE (sqlc.narg('status')::text IS NULL OR f.status = sqlc.narg('status'))
ORDER BY f.created_at LIMIT @lim OFFSET @off;

-- name: SettlementProblems :many
-- For check-ledger: lines whose money disagrees with the ledger or the fee rule,
-- statements whose totals or digest disagree with their lines.
SELECT 'line'::text AS what, l.id AS object_id, 'fee + share differs from the entry or the rate'::text AS detail
FROM statement_lines l JOIN ledger_entries e ON e.id = l.entry_id
WHERE l.gross_fen <> -e.amount_fen OR l.fee_fen <> fee_of(l.gross_fen, l.fee_rate_bp)
   OR (l.kind = 'refund') <> (e.kind = 'refund') OR e.order_id <> l.order_id
UNION ALL
SELECT 'statement', s.id, 'totals or digest differ from its lines'
FROM statements s JOIN LATERAL (
    SELECT count(*)::integer AS n, coalesce(sum(l.gross_fen), 0)::bigint AS g, coalesce(sum(l.fee_fen), 0)::bigint AS f,
        coalesce(sum(l.share_fen), 0)::bigint AS sh,
        encode(sha256(convert_to(string_agg(statement_line_repr(l.entry_id, l.kind, l.order_id, l.original_line_id, l.occurred_at,
            l.gross_fen, l.fee_rule_id, l.fee_rate_bp, l.fee_fen, l.share_fen), E'\n' ORDER BY l.seq), 'UTF8')), 'hex') AS d
    FROM statement_lines l WHERE l.statement_id = s.id) t ON true
WHERE t.n <> s.lines OR t.g <> s.gross_fen OR t.f <> s.fee_fen OR t.sh <> s.share_fen OR t.d <> s.digest
UNION ALL
SELECT 'order', o.id, 'billed more than the buyer paid less refunds'
FROM orders o JOIN LATERAL (
    SELECT coalesce(sum(l.gross_fen), 0)::bigint AS billed FROM statement_lines l WHERE l.order_id = o.id) b ON true
WHERE b.billed > coalesce((SELECT -sum(e.amount_fen) FROM ledger_entries e WHERE e.order_id = o.id AND e.kind = 'payment'), 0)
   OR b.billed < 0
UNION ALL
SELECT 'refund', l.id, 'refund line without its payment line'
FROM statement_lines l WHERE l.kind = 'refund'
  AND NOT EXISTS (SELECT 1 FROM statement_lines p WHERE p.id = l.original_line_id AND p.kind <> 'refund')
UNION ALL
SELECT 'payout', s.id, 'paid statement without a payout reference'
FROM statements s WHERE s.status = 'paid' AND (s.payout_ref = '' OR s.paid_at IS NULL);

-- name: SettlementTotals :one
-- Money in and out of settlement: what buyers paid and were refunded on billed
-- orders against what the lines split into fees and shares.
SELECT coalesce(sum(l.gross_fen), 0)::bigint AS gross_fen, coalesce(sum(l.fee_fen), 0)::bigint AS fee_fen,
    coalesce(sum(l.share_fen), 0)::bigint AS share_fen,
    coalesce((SELECT -sum(e.amount_fen) FROM ledger_entries e JOIN statement_lines x ON x.entry_id = e.id), 0)::bigint AS ledger_fen
FROM statement_lines l;

-- name: SeedGeneratedPayments :execrows
-- Benchmark data: the payment rows of generated orders (exporttest), numbered
-- after the buyer's last row. Not used by the product.
INSERT INTO ledger_entries (id, account_id, kind, amount_fen, balance_after_fen, order_id, created_at, seq)
SELECT gen_random_uuid(), o.buyer_id, 'payment', -o.amount_fen, 0, o.id, o.paid_at,
    row_number() OVER (ORDER BY o.created_at, o.id) + sqlc.arg(first_seq)::bigint
FROM orders o WHERE starts_with(o.number, @prefix::text) AND o.amount_fen > 0 AND o.paid_at IS NOT NULL;

-- name: FeeInvoiceStatementNumbers :many
-- The statement numbers of a page of platform-fee invoice requests, in one query.
SELECT f.fee_invoice_id, s.number FROM fee_invoice_statements f JOIN statements s ON s.id = f.statement_id
WHERE f.fee_invoice_id = ANY(@ids::uuid[]) ORDER BY f.fee_invoice_id, s.period;
