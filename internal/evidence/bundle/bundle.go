// Package bundle exports the evidence of an order — the hash-chained events of
// the order, its service supervision and each of its appeals, with every
// attached file — as one ZIP archive that either party or operations can
// download and anyone can check offline (VerifyBundle, agora verify-bundle).
//
// The archive holds events.json (Manifest) and each attachment under
// attachments/<sha256>-<name>. Every event carries exactly the fields its hash
// covers, so the chain can be recomputed without the database.
package bundle

import (
	"archive/zip"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/evidence"
	"agora/internal/store/pg"
)

// Format names the layout of events.json.
const Format = "agora-evidence-bundle/1"

// EventsFile is the name of the event log inside the archive.
const EventsFile = "events.json"

// AttachmentDir is the folder of the attached files inside the archive.
const AttachmentDir = "attachments/"

// ChainRef names one hash chain to export: an object type and id, and a label
// for people (the order or appeal number).
type ChainRef struct {
	Type  string
	ID    uuid.UUID
	Label string
}

// Attachment is a file kept with an event; Path is where the archive holds it
// (not covered by the hash: the content is checked against SHA256 and Size).
type Attachment struct {
	FileID uuid.UUID `json:"file_id"`
	Name   string    `json:"name"`
	SHA256 string    `json:"sha256"`
	Size   int64     `json:"size"`
	Path   string    `json:"path"`
}

// Event is one event as the log stores it, with the actor's name for readers.
type Event struct {
	Seq         int32        `json:"seq"`
	At          string       `json:"at"`       // UTC to the microsecond: the form the hash covers
	ActorID     string       `json:"actor_id"` // empty for the system
	ActorName   string       `json:"actor_name"`
	ActorRole   string       `json:"actor_role"`
	Event       string       `json:"event"`
	From        string       `json:"from"`
	To          string       `json:"to"`
	Reason      string       `json:"reason"`
	Attachments []Attachment `json:"attachments"`
	PrevHash    string       `json:"prev_hash"`
	Hash        string       `json:"hash"`

	logID int64     // the log's insertion order, to merge chains
	at    time.Time // At, parsed
}

// Time is when the event happened.
func (e Event) Time() time.Time { return e.at }

// Chain is one object's events in order.
type Chain struct {
	ObjectType string  `json:"object_type"`
	ObjectID   string  `json:"object_id"`
	Label      string  `json:"label,omitempty"`
	Events     []Event `json:"events"`
}

// Manifest is events.json.
type Manifest struct {
	Format      string  `json:"format"`
	OrderID     string  `json:"order_id,omitempty"`
	OrderNumber string  `json:"order_number,omitempty"`
	ExportedAt  string  `json:"exported_at"`
	ExportedBy  string  `json:"exported_by,omitempty"`
	Chains      []Chain `json:"chains"`
}

// Opener reads a stored file by id.
type Opener func(ctx context.Context, fileID uuid.UUID) (io.ReadCloser, error)

// Bundle is the evidence loaded from the log, ready to be written.
type Bundle struct {
	Manifest
	open Opener
}

// Load reads the chains from the log (chains without events are left out).
// Run it in one snapshot so the chains agree with each other.
func Load(ctx context.Context, q *pg.Queries, chains []ChainRef) (*Bundle, error) {
	b := &Bundle{Manifest: Manifest{Format: Format, Chains: []Chain{}}}
	for _, ref := range chains {
		rows, err := q.ListObjectEvents(ctx, pg.ListObjectEventsParams{ObjectType: ref.Type, ObjectID: ref.ID})
		if err != nil {
			return nil, fmt.Errorf("bundle: events of %s %s: %w", ref.Type, ref.ID, err)
		}
		if len(rows) == 0 {
			continue
		}
		c := Chain{ObjectType: ref.Type, ObjectID: ref.ID.String(), Label: ref.Label, Events: make([]Event, len(rows))}
		for i, r := range rows {
			var atts []evidence.Attachment
			if err := json.Unmarshal(r.Attachments, &atts); err != nil {
				return nil, fmt.Errorf("bundle: attachments of %s %s #%d: %w", ref.Type, ref.ID, r.Seq, err)
			}
			ev := Event{Seq: r.Seq, At: evidence.FormatAt(r.CreatedAt), ActorName: r.ActorName, ActorRole: r.ActorRole,
				Event: r.Event, From: r.FromState, To: r.ToState, Reason: r.Reason, Attachments: make([]Attachment, len(atts)),
				PrevHash: r.PrevHash, Hash: r.Hash, logID: r.ID, at: r.CreatedAt}
			if r.ActorID != nil {
				ev.ActorID = r.ActorID.String()
			}
			for j, a := range atts {
				ev.Attachments[j] = Attachment{FileID: a.FileID, Name: a.Name, SHA256: a.SHA256, Size: a.Size, Path: PathOf(a.SHA256, a.Name)}
			}
			c.Events[i] = ev
		}
		b.Chains = append(b.Chains, c)
	}
	return b, nil
}

// PathOf is where the archive keeps a file: its SHA-256 and its name, made safe as one path element.
func PathOf(sha, name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '/' || r == '\\' || r == ':' || r < 0x20 || r == 0x7f:
			return '_'
		}
		return r
	}, name)
	if name == "" || strings.Trim(name, ".") == "" {
		name = "file"
	}
	return AttachmentDir + sha + "-" + name
}

// Item is one event of a merged timeline, with the kind of object it belongs to.
type Item struct {
	Kind  string // the chain's object type: order, supervision, appeal
	Label string // the chain's label (an appeal's number)
	Event
}

// Merged is every event of every chain in the order the log recorded them.
func (b *Bundle) Merged() []Item {
	var out []Item
	for _, c := range b.Chains {
		for _, e := range c.Events {
			out = append(out, Item{Kind: c.ObjectType, Label: c.Label, Event: e})
		}
	}
	slices.SortStableFunc(out, func(a, b Item) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.logID, b.logID)
	})
	return out
}

// Files lists the attachments once each, in the order events first refer to them.
func (b *Bundle) Files() []Attachment {
	seen := map[string]bool{}
	var out []Attachment
	for _, c := range b.Chains {
		for _, e := range c.Events {
			for _, a := range e.Attachments {
				if !seen[a.Path] {
					seen[a.Path] = true
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// FileName is the archive's name for a download.
func (b *Bundle) FileName() string {
	if b.OrderNumber != "" {
		return "evidence-" + b.OrderNumber + ".zip"
	}
	return "evidence.zip"
}

// Write streams the archive to w: events.json, then each attachment read
// through the bundle's opener. A file that cannot be opened is left out (the
// archive then fails verification naming it) and reported in the error after
// the archive is complete; any other failure stops the archive.
func (b *Bundle) Write(ctx context.Context, w io.Writer) error {
	if b.open == nil {
		return errors.New("bundle: no file opener")
	}
	return b.write(ctx, w, b.open)
}

func (b *Bundle) write(ctx context.Context, w io.Writer, open Opener) error {
	modified := time.Now().UTC()
	if t, err := time.Parse(time.RFC3339Nano, b.ExportedAt); err == nil {
		modified = t
	}
	zw := zip.NewWriter(w)
	f, err := zw.CreateHeader(&zip.FileHeader{Name: EventsFile, Method: zip.Deflate, Modified: modified})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b.Manifest); err != nil {
		return err
	}
	var skipped []error
	for _, a := range b.Files() {
		if err := ctx.Err(); err != nil {
			return err
		}
		rc, err := open(ctx, a.FileID)
		if err != nil {
			skipped = append(skipped, fmt.Errorf("bundle: file %s (%s): %w", a.FileID, a.Name, err))
			continue
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: a.Path, Method: zip.Deflate, Modified: modified})
		if err == nil {
			_, err = io.Copy(f, rc)
		}
		rc.Close()
		if err != nil {
			return fmt.Errorf("bundle: file %s: %w", a.FileID, err)
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return errors.Join(skipped...)
}

// WriteBundle loads chains from the log and streams them as an archive to w,
// reading attachments through open.
func WriteBundle(ctx context.Context, q *pg.Queries, w io.Writer, open Opener, chains []ChainRef) error {
	b, err := Load(ctx, q, chains)
	if err != nil {
		return err
	}
	b.ExportedAt = evidence.FormatAt(time.Now())
	return b.write(ctx, w, open)
}
