package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/evidence"
	"agora/internal/store/pg"
)

// genChains builds evidence chains for bulk loading. It computes the hashes
// exactly as evidence.Append does, row by row (the generator's test runs
// evidence.Verify over a generated catalog, so a change to the hashed form
// there fails here rather than producing chains that do not verify).
type genChains struct {
	events []pg.SeedEventsParams
	heads  []pg.SeedEventHeadsParams
}

// genStep is one event of a chain.
type genStep struct {
	actor  *uuid.UUID
	role   string
	event  string
	from   string
	to     string
	reason string
	atts   []evidence.Attachment
	at     time.Time
}

// genHashed mirrors the canonical form of an event that evidence hashes.
type genHashed struct {
	ObjectType  string                `json:"object_type"`
	ObjectID    string                `json:"object_id"`
	Seq         int32                 `json:"seq"`
	ActorID     string                `json:"actor_id"`
	ActorRole   string                `json:"actor_role"`
	Event       string                `json:"event"`
	From        string                `json:"from"`
	To          string                `json:"to"`
	Reason      string                `json:"reason"`
	Attachments []evidence.Attachment `json:"attachments"`
	At          string                `json:"at"`
}

var genGenesis = strings.Repeat("0", 64)

// add appends a whole chain for one object.
func (c *genChains) add(objType string, id uuid.UUID, steps ...genStep) {
	prev := genGenesis
	for i, s := range steps {
		at := s.at.UTC().Truncate(time.Microsecond)
		atts := s.atts
		if atts == nil {
			atts = []evidence.Attachment{}
		}
		actor := ""
		if s.actor != nil {
			actor = s.actor.String()
		}
		body, _ := json.Marshal(genHashed{ObjectType: objType, ObjectID: id.String(), Seq: int32(i + 1), ActorID: actor,
			ActorRole: s.role, Event: s.event, From: s.from, To: s.to, Reason: s.reason, Attachments: atts,
			At: at.Format(time.RFC3339Nano)})
		p, _ := hex.DecodeString(prev)
		h := sha256.New()
		h.Write(p)
		h.Write(body)
		hash := hex.EncodeToString(h.Sum(nil))
		attJSON, _ := json.Marshal(atts)
		c.events = append(c.events, pg.SeedEventsParams{ObjectType: objType, ObjectID: id, Seq: int32(i + 1), ActorID: s.actor,
			ActorRole: s.role, Event: s.event, FromState: s.from, ToState: s.to, Reason: s.reason, Attachments: attJSON,
			CreatedAt: at, PrevHash: prev, Hash: hash})
		prev = hash
	}
	c.heads = append(c.heads, pg.SeedEventHeadsParams{ObjectType: objType, ObjectID: id, Seq: int32(len(steps)), Hash: prev})
}
