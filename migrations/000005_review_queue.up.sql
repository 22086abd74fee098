-- The operations review queue. Pending work is read in due order through the
-- partial queue indexes of 000002 and 000003; the recently decided list reads
-- these, newest first (a resubmission clears decided_at, so a record is here
-- only while its last decision stands).
CREATE INDEX product_applications_decided_idx ON product_applications (decided_at DESC, id DESC) WHERE decided_at IS NOT NULL;
CREATE INDEX assets_decided_idx ON assets (decided_at DESC, id DESC) WHERE decided_at IS NOT NULL;
