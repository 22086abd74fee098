// Package lifecycle holds every state machine of the marketplace as data:
// which actor may fire which event from which state, and where it leads.
// It is pure Go with no I/O; services ask it before they write, views ask it
// which buttons to show, and tests walk every (state, event, actor) triple.
package lifecycle

import (
	"errors"
	"fmt"
	"slices"
)

// Actor is the role in which someone fires an event.
type Actor string

// Actors. An operations admin may do everything a reviewer may.
const (
	Applicant Actor = "applicant" // the account that owns the object (a seller applying)
	Buyer     Actor = "buyer"     // the buying party of an order
	Seller    Actor = "seller"    // the selling party of an order
	Reviewer  Actor = "reviewer"  // operations reviewer
	Admin     Actor = "admin"     // operations administrator
	System    Actor = "system"    // timers and automatic checks
)

// ErrNotAllowed is returned when the table has no edge for (state, event, actor).
var ErrNotAllowed = errors.New("lifecycle: transition not allowed")

// Transition is one edge of a machine.
type Transition[S ~string, E ~string] struct {
	From   S
	Event  E
	Actors []Actor
	To     S
}

// Machine is a state machine: its states and its edges.
type Machine[S ~string, E ~string] struct {
	Name        string
	States      []S
	Events      []E
	Transitions []Transition[S, E]
}

// Next returns the state that event ev by actor leads to from state from.
func (m *Machine[S, E]) Next(from S, ev E, actor Actor) (S, error) {
	for _, t := range m.Transitions {
		if t.From == from && t.Event == ev && slices.Contains(t.Actors, actor) {
			return t.To, nil
		}
	}
	var zero S
	return zero, fmt.Errorf("%w: %s %s --%s [%s]", ErrNotAllowed, m.Name, from, ev, actor)
}

// Can reports whether actor may fire ev from state from.
func (m *Machine[S, E]) Can(from S, ev E, actor Actor) bool {
	_, err := m.Next(from, ev, actor)
	return err == nil
}

// Allowed lists the events actor may fire from state from, in table order.
func (m *Machine[S, E]) Allowed(from S, actor Actor) []E {
	var out []E
	for _, t := range m.Transitions {
		if t.From == from && slices.Contains(t.Actors, actor) && !slices.Contains(out, t.Event) {
			out = append(out, t.Event)
		}
	}
	return out
}

// Valid reports whether s is one of the machine's states.
func (m *Machine[S, E]) Valid(s S) bool { return slices.Contains(m.States, s) }

// Terminal reports whether no edge leaves s.
func (m *Machine[S, E]) Terminal(s S) bool {
	for _, t := range m.Transitions {
		if t.From == s {
			return false
		}
	}
	return true
}

// Check verifies that the table only mentions declared states and events and
// that no (state, event, actor) appears twice with different targets.
func (m *Machine[S, E]) Check() error {
	seen := map[string]S{}
	for _, t := range m.Transitions {
		if !slices.Contains(m.States, t.From) || !slices.Contains(m.States, t.To) {
			return fmt.Errorf("%s: undeclared state in %v", m.Name, t)
		}
		if !slices.Contains(m.Events, t.Event) {
			return fmt.Errorf("%s: undeclared event %s", m.Name, t.Event)
		}
		for _, a := range t.Actors {
			k := fmt.Sprint(t.From, "|", t.Event, "|", a)
			if to, ok := seen[k]; ok && to != t.To {
				return fmt.Errorf("%s: ambiguous edge %s", m.Name, k)
			}
			seen[k] = t.To
		}
	}
	return nil
}

// ops is the reviewer-or-admin actor set.
var ops = []Actor{Reviewer, Admin}
