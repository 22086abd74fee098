-- name: RecentCourierEvents :many
-- The latest courier events operations recorded (the built-in tracker's page),
-- with who recorded them and how many deliveries ship under each waybill.
SELECT c.id, c.courier, c.waybill, c.event, c.phone, c.happened_at, c.created_at,
       coalesce(a.name, '')::text AS recorder_name,
       (SELECT count(*) FROM supervisions s WHERE s.courier = c.courier AND s.waybill = c.waybill)::int AS deliveries
FROM courier_events c LEFT JOIN accounts a ON a.id = c.recorded_by
ORDER BY c.created_at DESC, c.id DESC
LIMIT @max_rows::int;
