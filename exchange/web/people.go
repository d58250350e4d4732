package web

import (
	"errors"
	"strings"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/review"
)

// person names who made a version or did an act, for a history or an
// editor's page. Editors see every person by name (with the organisation);
// members of an organisation see the names of their own organisation's
// people, "the editors" for editors, and no one else's name. Review keeps
// only user ids: a deleted account no longer resolves to a person.
func (l *labeller) person(a review.Actor, e *review.Entry) string {
	t := func(id string, kv ...any) string {
		data := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			data[kv[i].(string)] = kv[i+1]
		}
		return l.v.Loc.T(id, data)
	}
	editorView := l.v.is(accounts.RoleEditor)
	switch {
	case a.Role == review.RoleSystem:
		return t("editor.person.harvester", "Source", l.w.sourceName(e.Origin.Source))
	case a.UserID == "" && a.Org == "":
		return ""
	case strings.HasPrefix(a.UserID, "token:"):
		if editorView || a.Org == l.v.User.OrgID {
			return t("editor.person.token", "Organisation", l.orgName(a.Org))
		}
		return t("editor.person.other_org")
	case !editorView && a.Org != l.v.User.OrgID:
		if a.Role.Editor() {
			return t("editor.person.editors")
		}
		return t("editor.person.other_org")
	}
	if name, ok := l.people[a.UserID]; ok {
		return name
	}
	name := t("editor.person.deleted")
	u, err := l.w.opts.Accounts.User(l.ctx, a.UserID)
	switch {
	case err == nil && editorView:
		name = t("editor.person.named", "Name", u.Name, "Organisation", l.orgName(u.OrgID))
	case err == nil:
		name = u.Name
	case !errors.Is(err, accounts.ErrNotFound):
		l.w.log.Error("exchange: look up a user", "user", a.UserID, "err", err)
	}
	l.people[a.UserID] = name
	return name
}
