// Package calendar decides which days are working days: Monday to Friday by
// default, changed by overrides that operations maintain (public holidays that
// fall on weekdays, and make-up working days that fall on weekends).
package calendar

import "time"

// DayKind is an override for one date.
type DayKind string

// Override kinds.
const (
	Holiday DayKind = "holiday" // a weekday with no work
	Workday DayKind = "workday" // a weekend day with work (调休)
)

// Date is a calendar day without a time, as "2006-01-02".
type Date string

// DateOf returns the date of t in loc.
func DateOf(t time.Time, loc *time.Location) Date { return Date(t.In(loc).Format(time.DateOnly)) }

// Calendar answers working-day questions in one time zone.
type Calendar struct {
	Loc       *time.Location
	Overrides map[Date]DayKind
}

// New returns a calendar in loc with the given overrides.
func New(loc *time.Location, overrides map[Date]DayKind) Calendar {
	if overrides == nil {
		overrides = map[Date]DayKind{}
	}
	return Calendar{Loc: loc, Overrides: overrides}
}

// IsWorkingDay reports whether the day containing t (in the calendar's zone) is a working day.
func (c Calendar) IsWorkingDay(t time.Time) bool {
	switch c.Overrides[DateOf(t, c.Loc)] {
	case Holiday:
		return false
	case Workday:
		return true
	}
	wd := t.In(c.Loc).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// StartOfDay is midnight of t's day in loc.
func StartOfDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// nextDay returns midnight of the following calendar day (DST-safe).
func nextDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

// AddWorkingDays returns the deadline n working days after start.
//
// A clock started during a working day runs out at the same time of day on the
// n-th following working day (submitted Monday 10:00, 3 working days → Thursday
// 10:00). A clock started on a non-working day starts at the beginning of the next
// working day, so it runs out at the end of the n-th working day counted from
// there (submitted Saturday → due at the end of Wednesday, i.e. Thursday 00:00).
func (c Calendar) AddWorkingDays(start time.Time, n int) time.Time {
	t := start.In(c.Loc)
	if !c.IsWorkingDay(t) {
		t = nextDay(t, c.Loc)
		for !c.IsWorkingDay(t) {
			t = nextDay(t, c.Loc)
		}
	}
	offset := t.Sub(StartOfDay(t, c.Loc))
	day := StartOfDay(t, c.Loc)
	for i := 0; i < n; {
		day = nextDay(day, c.Loc)
		if c.IsWorkingDay(day) {
			i++
		}
	}
	return day.Add(offset)
}

// WorkingDaysBetween counts the working days that start after from and no later than to.
func (c Calendar) WorkingDaysBetween(from, to time.Time) int {
	n := 0
	for d := nextDay(from, c.Loc); !d.After(to); d = nextDay(d, c.Loc) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}
