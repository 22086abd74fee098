package analytics

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/store/pg"
)

// View is one product page view as the storefront saw it.
type View struct {
	ProductID uuid.UUID
	SellerID  uuid.UUID // the product's seller
	Viewer    uuid.UUID // the logged-in account; uuid.Nil when anonymous
	Staff     bool      // the viewer is operations staff
	IP        string    // the client address; hashed, never stored
	UserAgent string
}

// Counted reports whether v counts as a view: not the seller looking at their
// own product, not operations staff at work, not a crawler or a script.
func (v View) Counted() bool {
	return v.SellerID != uuid.Nil && v.Viewer != v.SellerID && !v.Staff && !IsBot(v.UserAgent)
}

// botMarks are User-Agent fragments of crawlers, link previews, monitors and
// HTTP libraries; an empty User-Agent is a script too. Headless browsers are
// not excluded: people test and automate with them, and so do our tests.
var botMarks = []string{"bot", "crawl", "spider", "slurp", "preview", "fetch", "monitor", "lighthouse", "pingdom",
	"facebookexternalhit", "curl/", "wget/", "python-", "go-http-client", "okhttp", "java/", "libwww", "httpclient",
	"axios/", "node-fetch", "scrapy", "headless-shell"}

// IsBot reports whether ua looks like a program rather than a person's browser.
func IsBot(ua string) bool {
	ua = strings.ToLower(strings.TrimSpace(ua))
	if ua == "" || !strings.Contains(ua, "mozilla/") && !strings.Contains(ua, "opera") {
		return true
	}
	for _, m := range botMarks {
		if strings.Contains(ua, m) {
			return true
		}
	}
	return false
}

// Record counts v now: +1 view on the product's row of the day and, on the
// visitor's first view of the product that day, +1 visitor. Views that do
// not count (see Counted) are ignored.
func (s *Service) Record(ctx context.Context, v View) error {
	if !v.Counted() {
		return nil
	}
	now := s.clk.Now()
	day := dateOf(now, s.loc)
	salt, err := s.salt(ctx, day)
	if err != nil {
		return err
	}
	return s.st.RecordProductView(ctx, pg.RecordProductViewParams{ProductID: v.ProductID, Day: day, SellerID: v.SellerID,
		Visitor: visitorHash(salt, v)})
}

// RecordLater counts v in the background so the page never waits for it:
// the storefront calls it after the page is written. Errors are logged, and a
// view is dropped when maxRecording are already being written.
func (s *Service) RecordLater(ctx context.Context, v View) {
	if !v.Counted() {
		return
	}
	select {
	case s.slots <- struct{}{}:
	default:
		s.log.Warn("product view dropped: too many being recorded", "product", v.ProductID)
		return
	}
	s.wg.Add(1)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	go func() {
		defer func() { cancel(); <-s.slots; s.wg.Done() }()
		if err := s.Record(ctx, v); err != nil {
			s.log.Warn("record product view", "product", v.ProductID, "err", err)
		}
	}()
}

// Wait waits for the views being recorded in the background.
func (s *Service) Wait() { s.wg.Wait() }

// visitorHash identifies a visitor on one day: the account when logged in,
// else the address and browser; 16 bytes of SHA-256 under the day's salt.
func visitorHash(salt []byte, v View) []byte {
	h := sha256.New()
	h.Write(salt)
	if v.Viewer != uuid.Nil {
		h.Write([]byte("account\x00" + v.Viewer.String()))
	} else {
		h.Write([]byte("anonymous\x00" + v.IP + "\x00" + v.UserAgent))
	}
	return h.Sum(nil)[:16]
}

// salt is the salt of day's visitor hashes, drawn by the first view of the
// day on any replica. Drawing it deletes the salts of days before yesterday.
func (s *Service) salt(ctx context.Context, day time.Time) ([]byte, error) {
	key := day.Format(time.DateOnly)
	s.mu.Lock()
	salt, ok := s.salts[key]
	s.mu.Unlock()
	if ok {
		return salt, nil
	}
	fresh := make([]byte, 32)
	_, _ = rand.Read(fresh)
	if err := s.st.InsertAnalyticsSalt(ctx, pg.InsertAnalyticsSaltParams{Day: day, Salt: fresh}); err != nil {
		return nil, fmt.Errorf("draw salt: %w", err)
	}
	salt, err := s.st.AnalyticsSalt(ctx, day)
	if err != nil {
		return nil, fmt.Errorf("read salt: %w", err)
	}
	if err := s.st.DeleteAnalyticsSaltsBefore(ctx, day.AddDate(0, 0, -1)); err != nil {
		s.log.Warn("delete old analytics salts", "err", err)
	}
	s.mu.Lock()
	for k := range s.salts {
		if k < day.AddDate(0, 0, -1).Format(time.DateOnly) {
			delete(s.salts, k)
		}
	}
	s.salts[key] = salt
	s.mu.Unlock()
	return salt, nil
}
