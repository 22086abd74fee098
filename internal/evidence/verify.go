package evidence

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"agora/internal/store/pg"
)

// Problem names one broken chain and what is wrong with it.
type Problem struct {
	ObjectType string
	ObjectID   uuid.UUID
	Detail     string
}

func (p Problem) String() string { return fmt.Sprintf("%s %s: %s", p.ObjectType, p.ObjectID, p.Detail) }

// Report is the outcome of Verify.
type Report struct {
	Chains   int
	Events   int
	Problems []Problem
}

type chainKey struct {
	typ string
	id  uuid.UUID
}

// Verify recomputes every chain: each row's hash, the link to its predecessor,
// gap-free sequence numbers, and the pinned head (which catches removed tails).
func Verify(ctx context.Context, q *pg.Queries) (Report, error) {
	var r Report
	heads, err := q.ListEventHeads(ctx)
	if err != nil {
		return r, err
	}
	headOf := map[chainKey]pg.EventHead{}
	for _, h := range heads {
		headOf[chainKey{h.ObjectType, h.ObjectID}] = h
	}
	events, err := q.ListEventsForVerify(ctx)
	if err != nil {
		return r, err
	}
	type state struct {
		seq  int32
		hash string
		bad  bool
	}
	seen := map[chainKey]*state{}
	var order []chainKey
	for _, ev := range events {
		r.Events++
		k := chainKey{ev.ObjectType, ev.ObjectID}
		st, ok := seen[k]
		if !ok {
			st = &state{hash: genesis}
			seen[k] = st
			order = append(order, k)
		}
		if st.bad {
			continue
		}
		fail := func(format string, a ...any) {
			r.Problems = append(r.Problems, Problem{k.typ, k.id, fmt.Sprintf(format, a...)})
			st.bad = true
		}
		if ev.Seq != st.seq+1 {
			fail("event %d missing (next stored is %d)", st.seq+1, ev.Seq)
			continue
		}
		if ev.PrevHash != st.hash {
			fail("event %d does not link to event %d", ev.Seq, st.seq)
			continue
		}
		h, err := rowHash(ev)
		if err != nil || h != ev.Hash {
			fail("event %d (%s) was altered", ev.Seq, ev.Event)
			continue
		}
		st.seq, st.hash = ev.Seq, ev.Hash
	}
	for _, k := range order {
		st := seen[k]
		h, ok := headOf[k]
		switch {
		case st.bad:
		case !ok:
			r.Problems = append(r.Problems, Problem{k.typ, k.id, "chain has no recorded head"})
		case h.Seq != st.seq || h.Hash != st.hash:
			r.Problems = append(r.Problems, Problem{k.typ, k.id, fmt.Sprintf("events after %d were removed (head records %d)", st.seq, h.Seq)})
		}
		delete(headOf, k)
	}
	for k, h := range headOf {
		r.Problems = append(r.Problems, Problem{k.typ, k.id, fmt.Sprintf("all %d events were removed", h.Seq)})
	}
	r.Chains = len(order) + len(headOf)
	return r, nil
}
