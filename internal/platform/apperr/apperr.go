// Package apperr defines the few kinds of error the application distinguishes.
// Every error that reaches the HTTP layer is mapped from its kind to one response;
// the error text itself never reaches a browser.
package apperr

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the renderer.
type Kind int

// The kinds of application error.
const (
	Internal Kind = iota
	NotFound
	Invalid
	Conflict
	Forbidden
	Unauthenticated
	TooMany
)

func (k Kind) String() string {
	switch k {
	case NotFound:
		return "not_found"
	case Invalid:
		return "invalid"
	case Conflict:
		return "conflict"
	case Forbidden:
		return "forbidden"
	case Unauthenticated:
		return "unauthenticated"
	case TooMany:
		return "too_many"
	default:
		return "internal"
	}
}

// Error is an application error. Msg is a message-catalog key that may be shown
// to the user; Fields holds per-field catalog keys for invalid input.
type Error struct {
	Kind   Kind
	Msg    string
	Args   []any
	Fields map[string]string
	Err    error
}

func (e *Error) Error() string {
	s := e.Kind.String()
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an error of kind k with a catalog message key.
func E(k Kind, msg string, args ...any) *Error { return &Error{Kind: k, Msg: msg, Args: args} }

// Wrap attaches a kind and message key to a cause.
func Wrap(k Kind, msg string, err error) *Error { return &Error{Kind: k, Msg: msg, Err: err} }

// Internalf wraps an unexpected failure.
func Internalf(format string, args ...any) error {
	return &Error{Kind: Internal, Err: fmt.Errorf(format, args...)}
}

// Validation collects field errors; it is nil-safe to use before any error is added.
type Validation map[string]string

// Add records the first message for a field.
func (v Validation) Add(field, msg string) {
	if _, ok := v[field]; !ok {
		v[field] = msg
	}
}

// Err returns an Invalid error carrying the fields, or nil when there are none.
func (v Validation) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Msg: "error.form_invalid", Fields: v}
}

// KindOf returns the kind of err, Internal for errors that carry none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// As returns the *Error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// FieldsOf returns the field messages of an Invalid error, or nil.
func FieldsOf(err error) map[string]string {
	if e, ok := As(err); ok && e.Kind == Invalid {
		return e.Fields
	}
	return nil
}

// Is reports whether err is of kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// MessageOf returns the message key of err, "" for errors that carry none.
func MessageOf(err error) string {
	if e, ok := As(err); ok {
		return e.Msg
	}
	return ""
}
