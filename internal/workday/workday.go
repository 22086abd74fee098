// Package workday keeps the working-day calendar that operations edits and
// computes SLA deadlines on it.
package workday

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/platform/apperr"
	"agora/internal/platform/calendar"
	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// ReviewDays is the review SLA of entry, certification and other applications.
const ReviewDays = 3

// Override is one edited day.
type Override struct {
	Day       time.Time
	Kind      calendar.DayKind
	Note      string
	UpdatedAt time.Time
}

// Service reads and edits the calendar.
type Service struct {
	st    *store.Store
	clock clock.Clock
	loc   *time.Location
}

// NewService returns a calendar service working in loc (the marketplace's zone).
func NewService(st *store.Store, c clock.Clock, loc *time.Location) *Service {
	return &Service{st: st, clock: c, loc: loc}
}

// Location is the marketplace's zone, in which days begin and end.
func (s *Service) Location() *time.Location { return s.loc }

// Calendar loads the overrides around t (a year either side is ample for SLAs).
func (s *Service) Calendar(ctx context.Context, q *pg.Queries, t time.Time) (calendar.Calendar, error) {
	rows, err := q.ListCalendarDays(ctx, pg.ListCalendarDaysParams{FromDay: t.AddDate(-1, 0, 0), ToDay: t.AddDate(1, 0, 0)})
	if err != nil {
		return calendar.Calendar{}, err
	}
	m := make(map[calendar.Date]calendar.DayKind, len(rows))
	for _, r := range rows {
		m[calendar.Date(r.Day.Format(time.DateOnly))] = calendar.DayKind(r.Kind)
	}
	return calendar.New(s.loc, m), nil
}

// Due returns the deadline ReviewDays working days after t.
func (s *Service) Due(ctx context.Context, q *pg.Queries, t time.Time) (time.Time, error) {
	cal, err := s.Calendar(ctx, q, t)
	if err != nil {
		return time.Time{}, err
	}
	return cal.AddWorkingDays(t, ReviewDays), nil
}

// DueIn returns the deadline days working days after t.
func (s *Service) DueIn(ctx context.Context, q *pg.Queries, t time.Time, days int) (time.Time, error) {
	cal, err := s.Calendar(ctx, q, t)
	if err != nil {
		return time.Time{}, err
	}
	return cal.AddWorkingDays(t, days), nil
}

// Year lists the overrides of one year.
func (s *Service) Year(ctx context.Context, year int) ([]Override, error) {
	rows, err := s.st.ListCalendarDays(ctx, pg.ListCalendarDaysParams{
		FromDay: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), ToDay: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return nil, err
	}
	out := make([]Override, len(rows))
	for i, r := range rows {
		out[i] = Override{Day: r.Day, Kind: calendar.DayKind(r.Kind), Note: r.Note, UpdatedAt: r.UpdatedAt}
	}
	return out, nil
}

// SetInput is the calendar form.
type SetInput struct {
	Day  string // 2006-01-02
	Kind string // holiday | workday
	Note string
}

// Set records an override. A holiday must fall on a weekday and a make-up working day on a weekend.
func (s *Service) Set(ctx context.Context, by uuid.UUID, in SetInput) error {
	v := apperr.Validation{}
	day, err := time.Parse(time.DateOnly, strings.TrimSpace(in.Day))
	if err != nil {
		v.Add("day", "calendar.day_invalid")
	}
	kind := calendar.DayKind(in.Kind)
	if kind != calendar.Holiday && kind != calendar.Workday {
		v.Add("kind", "calendar.kind_invalid")
	}
	note := strings.TrimSpace(in.Note)
	if len([]rune(note)) > 60 {
		v.Add("note", "calendar.note_long")
	}
	if err == nil {
		weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
		if kind == calendar.Holiday && weekend {
			v.Add("kind", "calendar.holiday_on_weekend")
		}
		if kind == calendar.Workday && !weekend {
			v.Add("kind", "calendar.workday_on_weekday")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	_, err = s.st.UpsertCalendarDay(ctx, pg.UpsertCalendarDayParams{Day: day, Kind: string(kind), Note: note, UpdatedBy: by, UpdatedAt: s.clock.Now()})
	return err
}

// Remove deletes the override of day, returning the day to its weekday default.
func (s *Service) Remove(ctx context.Context, day string) error {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return apperr.E(apperr.NotFound, "error.not_found")
	}
	n, err := s.st.DeleteCalendarDay(ctx, d)
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.E(apperr.NotFound, "error.not_found")
	}
	return nil
}

// DueFromNow shows what deadline a submission at now would get.
func (s *Service) DueFromNow(ctx context.Context, now time.Time) (time.Time, error) {
	return s.Due(ctx, s.st.Queries, now)
}
