package bundle

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/evidence"
)

// maxEvents bounds how much of events.json a verification reads.
const maxEvents = 64 << 20

// Problem codes: what is wrong, for a page to name in the reader's language.
const (
	ProblemUnreadable = "unreadable"      // an entry of the archive cannot be read
	ProblemNoEvents   = "no_events"       // events.json is missing or not a bundle's
	ProblemBadField   = "bad_field"       // an event has a malformed time or id
	ProblemMissing    = "event_missing"   // a sequence number is skipped
	ProblemLink       = "broken_link"     // an event does not link to the one before
	ProblemAltered    = "event_altered"   // an event's fields do not give its hash
	ProblemFileAbsent = "file_missing"    // an attachment is not in the archive
	ProblemFileBad    = "file_altered"    // an attachment's content does not match its SHA-256 or size
	ProblemFileExtra  = "file_unexpected" // the archive holds a file no event refers to
)

// Problem is one thing found wrong with a bundle.
type Problem struct {
	Code   string
	Object string // "order <id>", "appeal <id>" or a path in the archive
	Seq    int32  // the event, if the problem is one event's
	Detail string // in English, for the command line and logs
}

func (p Problem) String() string { return p.Object + ": " + p.Detail }

// ChainSummary is one verified chain: its last hash can be compared with the
// one the marketplace shows on the timeline.
type ChainSummary struct {
	ObjectType string
	ObjectID   string
	Label      string
	Events     int
	Head       string
}

// Report is the outcome of VerifyBundle.
type Report struct {
	OrderNumber string
	ExportedAt  string
	Chains      []ChainSummary
	Events      int
	Files       int // attachments checked
	Problems    []Problem
}

// OK reports whether nothing was found wrong.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// ErrNotZip is returned for a file that is not a ZIP archive.
var ErrNotZip = errors.New("not a ZIP archive")

// VerifyBundle checks an evidence bundle offline: it recomputes every chain of
// events.json exactly as the marketplace computes it (each event's hash from
// its fields and its predecessor's hash, sequence numbers without gaps), and
// checks every attachment's SHA-256 and size against what its event recorded.
// It returns an error only for a file that is not a ZIP archive at all; what
// is wrong inside the archive is in the report's problems.
func VerifyBundle(r io.ReaderAt, size int64) (Report, error) {
	var rep Report
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return rep, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		entries[f.Name] = f
	}
	add := func(code, object string, seq int32, format string, a ...any) {
		rep.Problems = append(rep.Problems, Problem{Code: code, Object: object, Seq: seq, Detail: fmt.Sprintf(format, a...)})
	}
	ef, ok := entries[EventsFile]
	if !ok {
		add(ProblemNoEvents, EventsFile, 0, "the archive has no %s", EventsFile)
		return rep, nil
	}
	var m Manifest
	if err := readJSON(ef, &m); err != nil {
		add(ProblemNoEvents, EventsFile, 0, "cannot be read: %v", err)
		return rep, nil
	}
	if m.Format != Format {
		add(ProblemNoEvents, EventsFile, 0, "format %q is not %q", m.Format, Format)
		return rep, nil
	}
	rep.OrderNumber, rep.ExportedAt = m.OrderNumber, m.ExportedAt
	listed := map[string]bool{EventsFile: true}
	checked := map[string]bool{}
	for _, c := range m.Chains {
		verifyChain(&rep, c, add)
		for _, e := range c.Events {
			for _, a := range e.Attachments {
				listed[a.Path] = true
				if checked[a.Path] {
					continue
				}
				checked[a.Path] = true
				rep.Files++
				verifyFile(entries[a.Path], a, add)
			}
		}
	}
	for _, f := range zr.File {
		if !listed[f.Name] && !strings.HasSuffix(f.Name, "/") {
			add(ProblemFileExtra, f.Name, 0, "no event refers to this file")
		}
	}
	return rep, nil
}

type addFunc func(code, object string, seq int32, format string, a ...any)

// verifyChain recomputes one chain. After an altered event it goes on from the
// hash the event claims, so each altered event is named, not only the first.
func verifyChain(rep *Report, c Chain, add addFunc) {
	object := c.ObjectType + " " + c.ObjectID
	sum := ChainSummary{ObjectType: c.ObjectType, ObjectID: c.ObjectID, Label: c.Label, Events: len(c.Events)}
	id, err := uuid.Parse(c.ObjectID)
	if err != nil {
		add(ProblemBadField, object, 0, "object id %q is not a UUID", c.ObjectID)
	}
	prev, seq := evidence.GenesisHash(), int32(0)
	for _, e := range c.Events {
		rep.Events++
		switch {
		case e.Seq != seq+1:
			add(ProblemMissing, object, seq+1, "event %d missing (next in the bundle is %d)", seq+1, e.Seq)
		case e.PrevHash != prev:
			add(ProblemLink, object, e.Seq, "event %d (%s) does not link to event %d", e.Seq, e.Event, seq)
		}
		h, err := hashOf(id, c.ObjectType, e)
		switch {
		case err != nil:
			add(ProblemBadField, object, e.Seq, "event %d (%s): %v", e.Seq, e.Event, err)
		case h != e.Hash:
			add(ProblemAltered, object, e.Seq, "event %d (%s) was altered", e.Seq, e.Event)
		}
		prev, seq = e.Hash, e.Seq
	}
	sum.Head = prev
	rep.Chains = append(rep.Chains, sum)
}

// hashOf recomputes an event's hash from the fields the bundle carries.
func hashOf(id uuid.UUID, objectType string, e Event) (string, error) {
	at, err := time.Parse(time.RFC3339Nano, e.At)
	if err != nil {
		return "", fmt.Errorf("time %q: %w", e.At, err)
	}
	var actor *uuid.UUID
	if e.ActorID != "" {
		a, err := uuid.Parse(e.ActorID)
		if err != nil {
			return "", fmt.Errorf("actor id %q is not a UUID", e.ActorID)
		}
		actor = &a
	}
	atts := make([]evidence.Attachment, len(e.Attachments))
	for i, a := range e.Attachments {
		atts[i] = evidence.Attachment{FileID: a.FileID, Name: a.Name, SHA256: a.SHA256, Size: a.Size}
	}
	return evidence.HashEvent(e.PrevHash, evidence.Hashed{ObjectType: objectType, ObjectID: id, Seq: e.Seq, ActorID: actor,
		ActorRole: e.ActorRole, Event: e.Event, From: e.From, To: e.To, Reason: e.Reason, Attachments: atts, At: at})
}

// verifyFile checks one attachment's content against its event's record.
func verifyFile(f *zip.File, a Attachment, add addFunc) {
	if f == nil {
		add(ProblemFileAbsent, a.Path, 0, "attachment %q is not in the archive", a.Name)
		return
	}
	rc, err := f.Open()
	if err != nil {
		add(ProblemUnreadable, a.Path, 0, "cannot be read: %v", err)
		return
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		add(ProblemUnreadable, a.Path, 0, "cannot be read: %v", err)
		return
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != a.SHA256 || n != a.Size {
		add(ProblemFileBad, a.Path, 0, "content does not match: SHA-256 %s and %d bytes, the event recorded %s and %d bytes",
			sum, n, a.SHA256, a.Size)
	}
}

func readJSON(f *zip.File, v any) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	body, err := io.ReadAll(io.LimitReader(rc, maxEvents+1))
	if err != nil {
		return err
	}
	if len(body) > maxEvents {
		return fmt.Errorf("larger than %d MB", maxEvents>>20)
	}
	return json.Unmarshal(body, v)
}
