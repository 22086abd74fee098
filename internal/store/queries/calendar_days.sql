-- name: ListCalendarDays :many
SELECT * FROM calendar_days WHERE day BETWEEN @from_day::date AND @to_day::date ORDER BY day;

-- name: UpsertCalendarDay :one
INSERT INTO calendar_days (day, kind, note, updated_by, updated_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, note = EXCLUDED.note,
    updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
RETURNING *;

-- name: DeleteCalendarDay :execrows
DELETE FROM calendar_days WHERE day = $1;
