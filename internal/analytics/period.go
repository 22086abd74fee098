package analytics

import (
	"slices"
	"time"

	"agora/internal/platform/apperr"
	"agora/internal/platform/calendar"
)

// MaxDays is the longest period a dashboard shows.
const MaxDays = 366

// Presets are the periods offered as one click: the last 7, 30 and 90 days,
// today included. Custom is a from–to of the seller's choice.
var Presets = []string{"7", "30", "90"}

// Custom names a from–to period.
const Custom = "custom"

// DefaultPreset is the period shown first.
const DefaultPreset = "30"

// Period is a run of whole calendar days, First to Last included. Days are
// held as midnight UTC carrying the date of the marketplace's calendar.
type Period struct {
	Preset      string // one of Presets, or Custom
	First, Last time.Time
}

// Days is the number of days in p.
func (p Period) Days() int { return int(p.Last.Sub(p.First)/(24*time.Hour)) + 1 }

// Day is p's i-th day.
func (p Period) Day(i int) time.Time { return p.First.AddDate(0, 0, i) }

// bounds are the instants the period starts and ends at in loc (end excluded).
func (p Period) bounds(loc *time.Location) (from, to time.Time) {
	from = time.Date(p.First.Year(), p.First.Month(), p.First.Day(), 0, 0, 0, 0, loc)
	to = time.Date(p.Last.Year(), p.Last.Month(), p.Last.Day()+1, 0, 0, 0, 0, loc)
	return from, to
}

// dateOf is the calendar day of t in loc, as Period holds days.
func dateOf(t time.Time, loc *time.Location) time.Time {
	d := calendar.StartOfDay(t, loc)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

// Today is the marketplace's calendar day now.
func (s *Service) Today() time.Time { return dateOf(s.clk.Now(), s.loc) }

// ParsePeriod reads the period a dashboard asks for: a preset ("7", "30",
// "90"), or from and to as YYYY-MM-DD (from ≤ to, at most MaxDays days). When
// neither a preset nor dates are given, the last 30 days. Errors name the
// field ("from", "to") with a catalog key.
func (s *Service) ParsePeriod(preset, from, to string) (Period, error) {
	today := s.Today()
	if from == "" && to == "" && preset != Custom {
		if !slices.Contains(Presets, preset) {
			preset = DefaultPreset
		}
		n := map[string]int{"7": 7, "30": 30, "90": 90}[preset]
		return Period{Preset: preset, First: today.AddDate(0, 0, 1-n), Last: today}, nil
	}
	v := apperr.Validation{}
	first, errF := time.Parse(time.DateOnly, from)
	if errF != nil {
		v.Add("from", "analytics.err.date")
	}
	last, errT := time.Parse(time.DateOnly, to)
	if errT != nil {
		v.Add("to", "analytics.err.date")
	}
	if errF == nil && errT == nil {
		switch p := (Period{First: first, Last: last}); {
		case last.Before(first):
			v.Add("to", "analytics.err.order")
		case p.Days() > MaxDays:
			v.Add("to", "analytics.err.span")
		}
	}
	if err := v.Err(); err != nil {
		return Period{}, err
	}
	return Period{Preset: Custom, First: first, Last: last}, nil
}
