package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/notify"
	"github.com/skillsmap/skillsmap/exchange/review"
)

func init() { extraAreas = append(extraAreas, (*Web).routesAdmin) }

// routesAdmin registers the administration: editors invite people and
// follow the invitations; admins also manage organisations and users.
// The publisher has routes of its own under /admin, so there is no
// catch-all here.
func (w *Web) routesAdmin() {
	editor := func(h http.HandlerFunc) http.HandlerFunc { return w.role(accounts.RoleEditor, h) }
	admin := func(h http.HandlerFunc) http.HandlerFunc { return w.role(accounts.RoleAdmin, h) }
	w.handle("GET", "/admin", editor(w.adminPage))
	w.handle("POST", "/admin/invite", editor(w.invite))
	w.handle("POST", "/admin/invitations/{id}/revoke", editor(w.revokeInvitation))
	w.handle("POST", "/admin/organisations", admin(w.createOrganisation))
	w.handle("POST", "/admin/organisations/{id}", admin(w.updateOrganisation))
	w.handle("POST", "/admin/users/{id}/{act}", admin(w.userAct))
}

// adminView is the body of the administration page.
type adminView struct {
	IsAdmin bool
	Invite  inviteForm
	// Invited is the invitation just made: its link is shown this once
	// (for when mail is not configured, or goes astray).
	Invited *invitedView
	// Choices of the forms.
	Orgs, Roles, AllRoles, Kinds, Languages []choice
	Invitations                             []invitationRow
	// Admins only.
	Organisations []orgRow
	NewOrg        orgForm
	Users         []userRow
	// edited is an organisation's form sent back with problems.
	edited *orgForm
	// problem is what went wrong with the last act.
	problem string
}

// inviteForm is the invitation form.
type inviteForm struct {
	Email, Org, Role, Lang string
	// NewOrg is the organisation to create when Org is "new".
	NewOrg orgForm
	Errors fieldProblems
}

// orgForm is an organisation as the forms show and send it.
type orgForm struct {
	ID, Name, Kind, Website, Country string
	Errors                           fieldProblems
}

// orgRow is an organisation in the admins' list.
type orgRow struct {
	Form    orgForm
	Created time.Time
	Members int
}

// orgFields is what the "orgfields" template shows: an organisation's
// fields within a page. DOM makes the fields' ids unique; Prefix starts
// their names.
type orgFields struct {
	*page
	DOM, Prefix string
	Form        orgForm
	Kinds       []choice
	WithID      bool
}

// Fields gives the "orgfields" template one organisation's form:
// {{template "orgfields" ($b.Fields $ "invite" "new_" $f.NewOrg true)}}.
func (av *adminView) Fields(p *page, dom, prefix string, f orgForm, withID bool) orgFields {
	return orgFields{page: p, DOM: dom, Prefix: prefix, Form: f, Kinds: av.Kinds, WithID: withID}
}

// userRow is a user in the admins' list.
type userRow struct {
	ID, Name, Email, Organisation string
	Role                          accounts.Role
	LastLogin, Created            time.Time
	Disabled, Self                bool
}

// invitationRow is a pending invitation.
type invitationRow struct {
	ID, Email, Organisation, Role, InvitedBy string
	Created, Expires                         time.Time
}

// invitedView says who was just invited, with the link.
type invitedView struct {
	Email, Organisation, Role, Link string
	Mailed                          bool
}

// newOrgChoice is the organisation select's value for "a new one".
const newOrgChoice = "new"

// adminPage shows the administration.
func (w *Web) adminPage(rw http.ResponseWriter, r *http.Request) {
	w.renderAdmin(rw, r, http.StatusOK, &adminView{})
}

func (w *Web) renderAdmin(rw http.ResponseWriter, r *http.Request, status int, av *adminView) {
	v := visitorOf(r)
	ctx := r.Context()
	av.IsAdmin = v.is(accounts.RoleAdmin)
	if av.Invite.Errors == nil {
		av.Invite.Errors = fieldProblems{}
	}
	if av.Invite.NewOrg.Errors == nil {
		av.Invite.NewOrg.Errors = fieldProblems{}
	}
	if av.NewOrg.Errors == nil {
		av.NewOrg.Errors = fieldProblems{}
	}
	if av.Invite.Role == "" {
		av.Invite.Role = string(accounts.RoleContributor)
	}
	if av.Invite.Lang == "" {
		av.Invite.Lang = v.Lang
	}
	orgs, err := w.opts.Accounts.Organisations(ctx)
	if err != nil {
		w.internal(rw, r, "list organisations", err)
		return
	}
	users, err := w.opts.Accounts.Users(ctx, "")
	if err != nil {
		w.internal(rw, r, "list users", err)
		return
	}
	orgName := map[string]string{}
	for _, o := range orgs {
		orgName[o.ID] = o.Name
		av.Orgs = append(av.Orgs, choice{ID: o.ID, Label: o.Name, Checked: o.ID == av.Invite.Org})
	}
	userName := map[string]string{}
	members := map[string]int{}
	for _, u := range users {
		userName[u.ID] = u.Name
		members[u.OrgID]++
	}
	for _, role := range accounts.Roles() {
		c := choice{ID: string(role), Label: roleName(v, role), Checked: string(role) == av.Invite.Role}
		av.AllRoles = append(av.AllRoles, c)
		if v.User.Role.AtLeast(role) {
			av.Roles = append(av.Roles, c)
		}
	}
	av.Kinds = kindChoices(v)
	av.Languages = uiLanguages(av.Invite.Lang)

	invs, err := w.opts.Accounts.Invitations(ctx, "")
	if err != nil {
		w.internal(rw, r, "list invitations", err)
		return
	}
	now := w.now()
	for _, inv := range invs {
		if !now.Before(inv.Expires) {
			continue // expired: Cleanup removes it
		}
		row := invitationRow{ID: inv.ID, Email: inv.Email, Organisation: orgName[inv.OrgID], Role: roleName(v, inv.Role),
			Created: inv.Created, Expires: inv.Expires, InvitedBy: userName[inv.InvitedBy]}
		switch {
		case inv.InvitedBy == accounts.OperatorID:
			row.InvitedBy = say(v, "admin.invitations.operator")
		case row.InvitedBy == "":
			row.InvitedBy = say(v, "admin.invitations.deleted_user")
		}
		av.Invitations = append(av.Invitations, row)
	}
	slices.Reverse(av.Invitations) // the newest first

	if av.IsAdmin {
		for _, o := range orgs {
			row := orgRow{Form: orgForm{ID: o.ID, Name: o.Name, Kind: o.Kind, Website: o.Website, Country: o.Country, Errors: fieldProblems{}},
				Created: o.Created, Members: members[o.ID]}
			if av.edited != nil && av.edited.ID == o.ID {
				row.Form = *av.edited
			}
			av.Organisations = append(av.Organisations, row)
		}
		for _, u := range users {
			av.Users = append(av.Users, userRow{ID: u.ID, Name: u.Name, Email: u.Email, Organisation: orgName[u.OrgID], Role: u.Role,
				LastLogin: u.LastLogin, Created: u.Created, Disabled: u.Disabled, Self: u.ID == v.User.ID})
		}
	}
	p := w.authPage(r, say(v, "admin.title"), av)
	p.Error = av.problem
	w.render(rw, r, status, "admin", p)
}

// kindChoices are the kinds of organisation, in the visitor's language.
func kindChoices(v *visitor) []choice {
	var out []choice
	for _, k := range accounts.OrganisationKinds() {
		out = append(out, choice{ID: k, Label: say(v, "admin.kind."+strings.ReplaceAll(k, "-", "_"))})
	}
	return out
}

// readOrgForm reads an organisation's fields from a form; prefix is "new_"
// for the invitation form's new organisation.
func readOrgForm(r *http.Request, prefix string) orgForm {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(prefix + k)) }
	return orgForm{ID: f("id"), Name: f("name"), Kind: f("kind"), Website: f("website"), Country: strings.ToUpper(f("country")),
		Errors: fieldProblems{}}
}

// check finds what is wrong with an organisation's fields, in the
// visitor's language (the accounts service checks them again).
func (f *orgForm) check(v *visitor, withID bool) bool {
	if f.Name == "" {
		f.Errors.add("name", say(v, "admin.org.name_required"))
	}
	if f.Kind == "" {
		f.Kind = accounts.KindOther
	}
	if !slices.Contains(accounts.OrganisationKinds(), f.Kind) {
		f.Errors.add("kind", say(v, "admin.org.kind_invalid"))
	}
	if f.Website != "" {
		u, err := url.Parse(f.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			f.Errors.add("website", say(v, "admin.org.website_invalid"))
		}
	}
	if f.Country != "" {
		reg, err := language.ParseRegion(f.Country)
		if len(f.Country) != 2 || err != nil || !reg.IsCountry() {
			f.Errors.add("country", say(v, "admin.org.country_invalid"))
		}
	}
	if withID && f.ID != "" && !accounts.ValidOrganisationID(f.ID) {
		f.Errors.add("id", say(v, "admin.org.id_invalid"))
	}
	return len(f.Errors) == 0
}

// saveOrganisation creates (create) or updates an organisation and tells
// review its public name and web site, so that the public data names it.
// Problems land in f.Errors; ok is false after an answer was written.
func (w *Web) saveOrganisation(rw http.ResponseWriter, r *http.Request, f *orgForm, create bool) (accounts.Organisation, bool) {
	v := visitorOf(r)
	ctx := r.Context()
	o := accounts.Organisation{ID: f.ID, Name: f.Name, Kind: f.Kind, Website: f.Website, Country: f.Country}
	var err error
	if create {
		o, err = w.opts.Accounts.CreateOrganisation(ctx, o)
	} else {
		o, err = w.opts.Accounts.UpdateOrganisation(ctx, *v.User, o)
	}
	switch {
	case errors.Is(err, accounts.ErrExists):
		id := f.ID
		if id == "" {
			id = accounts.OrganisationID(f.Name)
		}
		f.Errors.add("id", say(v, "admin.org.id_taken", "ID", id))
		return o, true
	case errors.Is(err, accounts.ErrInvalidOrganisation):
		f.Errors.add("", err.Error())
		return o, true
	case errors.Is(err, accounts.ErrNotFound):
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return o, false
	case err != nil:
		w.internal(rw, r, "save an organisation", err)
		return o, false
	}
	if err := w.publishOrganisation(ctx, o); err != nil {
		w.internal(rw, r, "publish an organisation's name", err)
		return o, false
	}
	return o, true
}

// publishOrganisation gives review what the public data says of an
// organisation.
func (w *Web) publishOrganisation(ctx context.Context, o accounts.Organisation) error {
	return w.opts.Review.SetOrganisation(ctx, review.Organisation{ID: o.ID, Name: o.Name, Website: o.Website})
}

// invite invites a person into an organisation (an existing one or one
// made on the way), sends the e-mail in the chosen language and shows
// the link once.
func (w *Web) invite(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	f := inviteForm{Email: strings.TrimSpace(r.PostFormValue("email")), Org: r.PostFormValue("org"), Role: r.PostFormValue("role"),
		Lang: r.PostFormValue("lang"), Errors: fieldProblems{}, NewOrg: readOrgForm(r, "new_")}
	av := &adminView{Invite: f}
	status := http.StatusUnprocessableEntity
	email, err := accounts.ValidateEmail(f.Email)
	if err != nil {
		f.Errors.add("email", say(v, "admin.invite.email_invalid"))
	} else if _, err := w.opts.Accounts.UserByEmail(ctx, email); err == nil {
		f.Errors.add("email", say(v, "admin.invite.email_taken"))
	}
	role, err := accounts.ParseRole(f.Role)
	switch {
	case err != nil:
		f.Errors.add("role", say(v, "admin.invite.role_invalid"))
	case !v.User.Role.AtLeast(role):
		f.Errors.add("role", say(v, "admin.invite.role_above_own"))
		status = http.StatusForbidden
	case role.AtLeast(accounts.RoleEditor) && f.Org != v.User.OrgID:
		f.Errors.add("role", say(v, "admin.invite.staff_only", "Organisation", v.Org.Name))
		status = http.StatusForbidden
	}
	if !i18n.Supported(f.Lang) {
		f.Errors.add("lang", say(v, "auth.account.language_invalid"))
	}
	var org accounts.Organisation
	switch f.Org {
	case newOrgChoice:
		f.NewOrg.check(v, true)
	case "":
		f.Errors.add("org", say(v, "admin.invite.org_required"))
	default:
		if org, err = w.opts.Accounts.Organisation(ctx, f.Org); err != nil {
			f.Errors.add("org", say(v, "admin.invite.org_required"))
		}
	}
	if len(f.Errors) > 0 || len(f.NewOrg.Errors) > 0 {
		av.Invite = f
		w.renderAdmin(rw, r, status, av)
		return
	}
	if f.Org == newOrgChoice {
		var ok bool
		if org, ok = w.saveOrganisation(rw, r, &f.NewOrg, true); !ok {
			return
		}
		if len(f.NewOrg.Errors) > 0 {
			av.Invite = f
			w.renderAdmin(rw, r, http.StatusUnprocessableEntity, av)
			return
		}
	}
	inv, token, err := w.opts.Accounts.InviteWithLanguage(ctx, *v.User, email, org.ID, role, f.Lang)
	switch {
	case errors.Is(err, accounts.ErrForbidden):
		f.Errors.add("role", say(v, "admin.invite.staff_only", "Organisation", v.Org.Name))
		status = http.StatusForbidden
	case errors.Is(err, accounts.ErrEmailTaken):
		f.Errors.add("email", say(v, "admin.invite.email_taken"))
	case err != nil:
		w.internal(rw, r, "invite", err)
		return
	}
	if len(f.Errors) > 0 {
		f.Org = org.ID // a new organisation exists now
		av.Invite = f
		w.renderAdmin(rw, r, status, av)
		return
	}
	link := w.link("/invite/" + token)
	m, err := notify.Compose(w.opts.I18n.Localizer(inv.Language), notify.Invitation, inv.Email, notify.Data{
		Site: w.opts.SiteTitle, Organisation: org.Name, InviterOrganisation: v.Org.Name, Link: link, Expires: inv.Expires.Sub(inv.Created),
	})
	if err != nil {
		w.log.Error("exchange: compose an invitation", "invitation", inv, "err", err)
	} else {
		w.send(ctx, m, accounts.User{ID: "invitation:" + inv.ID})
	}
	w.renderAdmin(rw, r, http.StatusOK, &adminView{Invite: inviteForm{Lang: f.Lang},
		Invited: &invitedView{Email: inv.Email, Organisation: org.Name, Role: roleName(v, inv.Role), Link: link, Mailed: w.opts.Mail != nil && err == nil}})
}

// revokeInvitation deletes a pending invitation: its link stops working.
func (w *Web) revokeInvitation(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	err := w.opts.Accounts.RevokeInvitation(r.Context(), *v.User, r.PathValue("id"))
	switch {
	case errors.Is(err, accounts.ErrNotFound):
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return
	case err != nil:
		w.internal(rw, r, "revoke an invitation", err)
		return
	}
	w.redirect(rw, r, "/admin", "invitation_revoked")
}

// createOrganisation adds an organisation.
func (w *Web) createOrganisation(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	f := readOrgForm(r, "")
	if f.check(v, true) {
		if _, ok := w.saveOrganisation(rw, r, &f, true); !ok {
			return
		}
	}
	if len(f.Errors) > 0 {
		w.renderAdmin(rw, r, http.StatusUnprocessableEntity, &adminView{NewOrg: f, problem: say(v, "auth.form.has_errors")})
		return
	}
	http.Redirect(rw, r, w.href("/admin")+"?done=organisation_saved#organisations", http.StatusSeeOther)
}

// updateOrganisation changes an organisation's name, kind, web site and
// country (its ID stays: it is in the IRIs of its practices).
func (w *Web) updateOrganisation(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	f := readOrgForm(r, "")
	f.ID = r.PathValue("id")
	if _, err := w.opts.Accounts.Organisation(r.Context(), f.ID); err != nil {
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return
	}
	if f.check(v, false) {
		if _, ok := w.saveOrganisation(rw, r, &f, false); !ok {
			return
		}
	}
	if len(f.Errors) > 0 {
		w.renderAdmin(rw, r, http.StatusUnprocessableEntity, &adminView{edited: &f, problem: say(v, "auth.form.has_errors")})
		return
	}
	http.Redirect(rw, r, w.href("/admin")+"?done=organisation_saved#organisations", http.StatusSeeOther)
}

// userAct changes a user's role, disables, enables or deletes a user.
func (w *Web) userAct(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	id, act := r.PathValue("id"), r.PathValue("act")
	target, err := w.opts.Accounts.User(ctx, id)
	if err != nil {
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return
	}
	refuse := func(status int, msgID string) {
		w.renderAdmin(rw, r, status, &adminView{problem: say(v, msgID, "Name", target.Name)})
	}
	notice := "user_updated"
	switch act {
	case "role":
		role, perr := accounts.ParseRole(r.PostFormValue("role"))
		if perr != nil {
			refuse(http.StatusUnprocessableEntity, "admin.invite.role_invalid")
			return
		}
		_, err = w.opts.Accounts.SetRole(ctx, *v.User, id, role)
	case "disable":
		if id == v.User.ID {
			refuse(http.StatusConflict, "admin.users.not_self")
			return
		}
		_, err = w.opts.Accounts.DisableUser(ctx, *v.User, id)
	case "enable":
		_, err = w.opts.Accounts.EnableUser(ctx, *v.User, id)
	case "delete":
		if id == v.User.ID {
			refuse(http.StatusConflict, "admin.users.not_self")
			return
		}
		if r.PostFormValue("confirm") != "yes" {
			refuse(http.StatusUnprocessableEntity, "admin.users.confirm_delete")
			return
		}
		if err = w.opts.Accounts.DeleteUser(ctx, *v.User, id); err == nil {
			w.forgetMail(ctx, target)
		}
		notice = "user_deleted"
	default:
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return
	}
	switch {
	case errors.Is(err, accounts.ErrLastAdmin):
		refuse(http.StatusConflict, "admin.users.last_admin")
		return
	case errors.Is(err, accounts.ErrForbidden):
		refuse(http.StatusForbidden, "admin.users.staff_only")
		return
	case errors.Is(err, accounts.ErrNotFound):
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return
	case err != nil:
		w.internal(rw, r, "change a user", err)
		return
	}
	http.Redirect(rw, r, w.href("/admin")+"?done="+notice+"#users", http.StatusSeeOther)
}
