package httpx

import (
	"net/http"

	"github.com/a-h/templ"

	"agora/internal/agreement"
	"agora/web/ui"
)

// AgreementPages serves "My agreements" for an area: the list under base and
// one signed agreement under base/{id}. Someone else's agreement is a 404.
type AgreementPages struct {
	Service *agreement.Service
	Base    string
	List    func(items []ui.SignedAgreement) templ.Component
	One     func(title, version, body, signedAt string) templ.Component
}

// ServeList lists the viewer's signed agreements.
func (a AgreementPages) ServeList(w http.ResponseWriter, r *http.Request) {
	list, err := a.Service.ListSigned(r.Context(), MustViewer(r.Context()).ID)
	if err != nil {
		Error(w, r, err)
		return
	}
	Render(w, r, http.StatusOK, a.List(SignedAgreements(ui.Lang(r.Context()), a.Base, list)))
}

// ServeOne shows one agreement the viewer signed.
func (a AgreementPages) ServeOne(w http.ResponseWriter, r *http.Request) {
	id, err := UUIDParam(r, "id")
	if err != nil {
		Error(w, r, err)
		return
	}
	s, err := a.Service.GetSigned(r.Context(), MustViewer(r.Context()).ID, id)
	if err != nil {
		Error(w, r, err)
		return
	}
	lang := ui.Lang(r.Context())
	Render(w, r, http.StatusOK, a.One(AgreementTitle(lang, s.Agreement), s.Version, AgreementBody(lang, s.Agreement), ui.Time(r.Context(), s.SignedAt)))
}
