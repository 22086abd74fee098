package settlement

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"agora/internal/platform/apperr"
	"agora/internal/platform/calendar"
)

// Period is a settlement period (账期): a calendar month, written YYYYMM.
type Period int32

// BillDayOfMonth is the day the bill of the previous month is made; a
// non-working day moves it to the next working day (domain §7.6).
const BillDayOfMonth = 3

// ParsePeriod reads "202610", "2026-10" or "2026/10".
func ParsePeriod(s string) (Period, error) {
	s = strings.NewReplacer("-", "", "/", "", " ", "").Replace(strings.TrimSpace(s))
	n, err := strconv.Atoi(s)
	if err != nil || len(s) != 6 || n%100 < 1 || n%100 > 12 || n/100 < 2000 {
		return 0, apperr.E(apperr.Invalid, "settlement.period_rule")
	}
	return Period(n), nil
}

// PeriodOf is the period t falls in, in loc.
func PeriodOf(t time.Time, loc *time.Location) Period {
	t = t.In(loc)
	return Period(t.Year()*100 + int(t.Month()))
}

func (p Period) year() int         { return int(p) / 100 }
func (p Period) month() time.Month { return time.Month(int(p) % 100) }

// Start is the period's first instant.
func (p Period) Start(loc *time.Location) time.Time {
	return time.Date(p.year(), p.month(), 1, 0, 0, 0, 0, loc)
}

// Cutoff is the first instant after the period: billing conditions are judged as of it.
func (p Period) Cutoff(loc *time.Location) time.Time { return p.Start(loc).AddDate(0, 1, 0) }

// Next is the following period.
func (p Period) Next() Period { return PeriodOf(p.Start(time.UTC).AddDate(0, 1, 0), time.UTC) }

// Prev is the period before.
func (p Period) Prev() Period { return PeriodOf(p.Start(time.UTC).AddDate(0, -1, 0), time.UTC) }

// String is YYYY-MM.
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.year(), int(p.month())) }

// BillDay is the day p is billed: the 3rd of the next month, or the next
// working day after it.
func (p Period) BillDay(cal calendar.Calendar, loc *time.Location) time.Time {
	d := p.Cutoff(loc).AddDate(0, 0, BillDayOfMonth-1)
	for !cal.IsWorkingDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}
