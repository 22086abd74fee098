package seller

import (
	"math"
	"strconv"
	"strings"

	"agora/internal/platform/money"
	"agora/web/ui"
)

// AnalyticsVM is the seller's data-analysis overview (数据分析).
type AnalyticsVM struct {
	Preset     string // "7", "30", "90" or "custom"
	From, To   string // the period's first and last day, YYYY-MM-DD
	Days       int
	Form       ui.Form // a refused custom period: values as typed, messages
	Query      string  // the period as a query string, for the CSV links
	KPI        AnalyticsKPI
	Empty      bool
	GMVChart   Chart
	ViewsChart Chart
	Daily      []AnalyticsDay
	Top        []AnalyticsProduct
	HasFigures bool // false when the period was refused
}

// AnalyticsKPI are the period's headline numbers, formatted.
type AnalyticsKPI struct {
	GMV, PaidOrders, Refunded, RefundedOrders, RefundRate, Views, Visitors string
}

// AnalyticsDay is one row of the daily table, formatted.
type AnalyticsDay struct {
	Date, GMV, PaidOrders, Refunded, RefundedOrders, Views, Visitors string
}

// AnalyticsProduct is one row of the top products, formatted.
type AnalyticsProduct struct {
	Rank                             int
	Href, Number, Name               string
	GMV, PaidOrders, Views, Visitors string
	Conversion                       string // paid orders per 100 visitors, or a dash
}

// Chart is a server-drawn SVG chart: geometry in viewBox units, labels ready.
type Chart struct {
	ID            string // prefix of the SVG's title and desc ids
	Title, Desc   string
	Width, Height int
	Left, Bottom  float64 // the plot area's left edge and baseline
	Right, Top    float64
	YTicks        []Tick
	XTicks        []Tick
	Bars          []Bar
	Lines         []Line
}

// Tick is an axis label at a position (Y for the value axis, X for days).
type Tick struct {
	Pos   float64
	Label string
}

// Bar is one day's bar; Label is its tooltip.
type Bar struct {
	X, Y, W, H float64
	Label      string
}

// Line is one series of a line chart; Class picks its colour in the stylesheet.
type Line struct {
	Class  string
	Name   string
	Points string // x,y x,y …
	Dots   []Dot
}

// Dot is one point of a line with its tooltip.
type Dot struct {
	X, Y  float64
	Label string
}

// Chart geometry (viewBox units; the SVG scales to its container).
const (
	chartW, chartH = 720, 240
	padL, padR     = 84.0, 12.0
	padT, padB     = 12.0, 28.0
)

// Series is a chart's data: one value per day and the days' axis labels.
type Series struct {
	Name   string
	Class  string
	Values []int64
	Labels []string // per value: the tooltip, e.g. "2026-11-19: ¥1,200.00"
}

func newChart(id, title, desc string, days []string, max int64, format func(int64) string) Chart {
	c := Chart{ID: id, Title: title, Desc: desc, Width: chartW, Height: chartH,
		Left: padL, Right: chartW - padR, Top: padT, Bottom: chartH - padB}
	top, step := niceScale(max)
	for v := int64(0); v <= top; v += step {
		c.YTicks = append(c.YTicks, Tick{Pos: c.y(v, top), Label: format(v)})
	}
	every := (len(days) + 7) / 8 // at most 8 day labels
	for i, d := range days {
		if i%every == 0 || i == len(days)-1 && len(days) <= 8 {
			c.XTicks = append(c.XTicks, Tick{Pos: c.slotMid(i, len(days)), Label: d})
		}
	}
	return c
}

// y is the height of value v on a scale topping at top.
func (c Chart) y(v, top int64) float64 {
	if top <= 0 {
		return c.Bottom
	}
	return round1(c.Bottom - float64(v)/float64(top)*(c.Bottom-c.Top))
}

func (c Chart) slotMid(i, n int) float64 {
	w := (c.Right - c.Left) / float64(n)
	return round1(c.Left + w*(float64(i)+.5))
}

// BarChart draws one bar per day.
func BarChart(id, title, desc string, days []string, s Series, format func(int64) string) Chart {
	c := newChart(id, title, desc, days, maxOf(s.Values), format)
	top, _ := niceScale(maxOf(s.Values))
	slot := (c.Right - c.Left) / float64(len(s.Values))
	w := math.Max(1, slot*.7)
	for i, v := range s.Values {
		y := c.y(v, top)
		c.Bars = append(c.Bars, Bar{X: round1(c.Left + slot*float64(i) + (slot-w)/2), Y: y, W: round1(w), H: round1(c.Bottom - y),
			Label: s.Labels[i]})
	}
	return c
}

// LineChart draws each series as a line with a dot per day.
func LineChart(id, title, desc string, days []string, series []Series, format func(int64) string) Chart {
	var max int64
	for _, s := range series {
		max = maxInt(max, maxOf(s.Values))
	}
	c := newChart(id, title, desc, days, max, format)
	top, _ := niceScale(max)
	for _, s := range series {
		l := Line{Class: s.Class, Name: s.Name}
		pts := make([]string, len(s.Values))
		for i, v := range s.Values {
			d := Dot{X: c.slotMid(i, len(s.Values)), Y: c.y(v, top), Label: s.Labels[i]}
			l.Dots = append(l.Dots, d)
			pts[i] = num(d.X) + "," + num(d.Y)
		}
		l.Points = strings.Join(pts, " ")
		c.Lines = append(c.Lines, l)
	}
	return c
}

// niceScale is the top of an axis showing max and the step of its 4 or 5
// ticks: 1, 2 or 5 times a power of ten (a zero max still gets a scale).
func niceScale(max int64) (top, step int64) {
	if max <= 0 {
		return 4, 1
	}
	raw := float64(max) / 4
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw {
			step = int64(math.Ceil(m * pow))
			break
		}
	}
	step = max64(step, 1)
	top = (max + step - 1) / step * step
	return top, step
}

// YuanTick labels an amount axis in whole yuan: ¥12,000.
func YuanTick(fen int64) string { return strings.TrimSuffix(money.Format(money.Fen(fen)), ".00") }

// Count formats a count with thousands separators: 12,345.
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + Count(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func maxOf(vs []int64) int64 {
	var m int64
	for _, v := range vs {
		m = maxInt(m, v)
	}
	return m
}

func maxInt(a, b int64) int64 { return max(a, b) }

func max64(a, b int64) int64 { return max(a, b) }

func round1(f float64) float64 { return math.Round(f*10) / 10 }

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (c Chart) titleID() string { return c.ID + "-title" }

func (c Chart) descID() string { return c.ID + "-desc" }

func presetHref(p string) string { return "/seller/analytics?period=" + p }
