package web

import (
	"context"
	"strings"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/mail"
	"github.com/skillsmap/skillsmap/exchange/notify"
	"github.com/skillsmap/skillsmap/exchange/review"
)

// notices maps the review events an organisation is told about by e-mail
// to the kind of e-mail.
var notices = map[review.Kind]notify.Kind{
	review.KindSubmitted:        notify.PracticeSubmitted,
	review.KindApproved:         notify.PracticeApproved,
	review.KindRejected:         notify.PracticeRejected,
	review.KindChangesRequested: notify.ChangesRequested,
	review.KindCorrected:        notify.PracticeCorrected,
}

// Notify tells the members of a practice's organisation what happened to
// it, each in their own language (set it as review.Options.OnEvent). Mail
// goes into the outbox, which delivers it even when the mail server is
// down for a while; without a mailer the message is logged.
func (w *Web) Notify(ev review.Event) {
	if ev.Transfer != "" {
		w.notifyTransfer(ev)
		return
	}
	kind, ok := notices[ev.Kind]
	if !ok || ev.Origin.Org == "" {
		return
	}
	ctx := context.Background()
	org, err := w.opts.Accounts.Organisation(ctx, ev.Origin.Org)
	if err != nil {
		w.log.Warn("exchange: no organisation to notify", "org", ev.Origin.Org, "err", err)
		return
	}
	users, err := w.opts.Accounts.Users(ctx, ev.Origin.Org)
	if err != nil {
		w.log.Error("exchange: members to notify", "org", ev.Origin.Org, "err", err)
		return
	}
	link := w.link("/dashboard")
	switch ev.Kind {
	case review.KindApproved, review.KindCorrected:
		link = ev.Practice
	case review.KindChangesRequested:
		link = w.link("/contribute/" + ev.ID)
	}
	var fields []string
	for _, f := range ev.Fields {
		fields = append(fields, string(f))
	}
	for _, u := range users {
		if u.Disabled || u.Email == "" {
			continue
		}
		loc := w.opts.I18n.Localizer(u.Language)
		m, err := notify.Compose(loc, kind, u.Email, notify.Data{
			Site: w.opts.SiteTitle, RecipientName: u.Name, Organisation: org.Name, Practice: ev.Title,
			Reason: ev.Reason, Fields: fields, Link: link,
		})
		if err != nil {
			w.log.Error("exchange: compose notice", "kind", kind, "practice", ev.ID, "err", err)
			continue
		}
		w.send(ctx, m, u)
	}
}

// send queues a message, or logs it when no mailer is configured.
func (w *Web) send(ctx context.Context, m mail.Message, u accounts.User) {
	if w.opts.Mail == nil {
		w.log.Info("e-mail not sent (no mail configured): "+m.Subject, "to_user", u.ID, "text", strings.TrimSpace(m.Text))
		return
	}
	if err := w.opts.Mail.Enqueue(ctx, m); err != nil {
		w.log.Error("exchange: queue e-mail", "to_user", u.ID, "subject", m.Subject, "err", err)
	}
}

// transferNotices maps transfer events to e-mails.
var transferNotices = map[review.Kind]notify.Kind{
	review.KindTransferOpened:  notify.TransferOpened,
	review.KindTransferOffered: notify.TransferOffered,
	review.KindTransferMessage: notify.TransferMessage,
	review.KindTransferState:   notify.TransferState,
}

// notifyTransfer tells the other side of a transfer what happened: the
// members of its organisation, or the editors for a harvested practice.
// The e-mail names the acting organisation, never a person's address.
func (w *Web) notifyTransfer(ev review.Event) {
	kind, ok := transferNotices[ev.Kind]
	if !ok {
		return
	}
	ctx := context.Background()
	var recipients []accounts.User
	org := ev.Origin.Org
	if org == review.EditorsOrg {
		all, err := w.opts.Accounts.Users(ctx, "")
		if err != nil {
			w.log.Error("exchange: editors to notify", "err", err)
			return
		}
		for _, u := range all {
			if u.Role.AtLeast(accounts.RoleEditor) {
				recipients = append(recipients, u)
			}
		}
	} else {
		var err error
		if recipients, err = w.opts.Accounts.Users(ctx, org); err != nil {
			w.log.Error("exchange: members to notify", "org", org, "err", err)
			return
		}
	}
	for _, u := range recipients {
		if u.Disabled || u.Email == "" {
			continue
		}
		loc := w.opts.I18n.Localizer(u.Language)
		name := func(id string) string {
			if id == review.EditorsOrg || id == "" {
				return loc.T("transfer.editors", nil)
			}
			if o, err := w.opts.Accounts.Organisation(ctx, id); err == nil {
				return o.Name
			}
			return id
		}
		actor := ev.Actor.Org
		if ev.Actor.Role.Editor() && org != review.EditorsOrg && actor != "" {
			if o, err := w.opts.Accounts.Organisation(ctx, actor); err != nil || o.ID == "" {
				actor = review.EditorsOrg
			}
		}
		m, err := notify.Compose(loc, kind, u.Email, notify.Data{
			Site: w.opts.SiteTitle, RecipientName: u.Name, Organisation: name(org), OtherOrganisation: name(actor),
			Practice: ev.Title, Reason: ev.Reason, State: string(ev.State), Link: w.link("/transfers/" + ev.Transfer),
		})
		if err != nil {
			w.log.Error("exchange: compose transfer notice", "kind", kind, "transfer", ev.Transfer, "err", err)
			continue
		}
		w.send(ctx, m, u)
	}
}
