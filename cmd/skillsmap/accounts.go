package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/notify"
)

// flushTimeout bounds the command line's one attempt to send an
// invitation right away; what fails stays queued.
const flushTimeout = 30 * time.Second

func newOrgCommand(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "org",
		Short: "Add and list the organisations of the exchange",
		Long: `Organisations (cities, regions, NGOs, partner sites) share practices through the exchange. Each has
a stable id, a slug of its name unless given, that appears in the IRIs of its practices; it cannot be
the id of a configured source. These commands open DATA/accounts.db only (stop 'skillsmap serve' first),
or, with exchange.redis_url, the accounts in Redis (while the instances run).`,
	}
	cmd.AddCommand(newOrgAddCommand(g), newOrgListCommand(g))
	return cmd
}

func newOrgAddCommand(g *globalFlags) *cobra.Command {
	var o accounts.Organisation
	cmd := &cobra.Command{
		Use:   "add --name NAME [--id ID] [--kind KIND] [--website URL] [--country CC]",
		Short: "Add an organisation",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Name == "" {
				return usageError{errors.New("--name is required")}
			}
			cfg, err := loadConfig(g, "")
			if err != nil {
				return err
			}
			svc, st, err := openAccounts(cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			created, err := svc.CreateOrganisation(cmd.Context(), o)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "organisation %s added: %s (%s)\n", created.ID, created.Name, created.Kind)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Name, "name", "", "the organisation's name, as published with its practices")
	f.StringVar(&o.ID, "id", "", "stable id (default: a slug of the name)")
	f.StringVar(&o.Kind, "kind", accounts.KindOther, "kind: "+strings.Join(accounts.OrganisationKinds(), ", "))
	f.StringVar(&o.Website, "website", "", "the organisation's web site")
	f.StringVar(&o.Country, "country", "", "ISO 3166-1 alpha-2 country code, e.g. DE")
	return cmd
}

func newOrgListCommand(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the organisations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g, "")
			if err != nil {
				return err
			}
			svc, st, err := openAccounts(cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			orgs, err := svc.Organisations(cmd.Context())
			if err != nil {
				return err
			}
			users, err := svc.Users(cmd.Context(), "")
			if err != nil {
				return err
			}
			members := map[string]int{}
			for _, u := range users {
				members[u.OrgID]++
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tKIND\tCOUNTRY\tUSERS\tNAME")
			for _, o := range orgs {
				fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\n", o.ID, o.Kind, dash(o.Country), members[o.ID], o.Name)
			}
			return w.Flush()
		},
	}
}

func newUserCommand(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Add, invite, list and delete the exchange's users",
		Long: `Users belong to one organisation and have one role: contributor, editor or admin. Accounts are made
by invitation; 'user add' makes the first admin. These commands open DATA/accounts.db (and DATA/mail.db
to send invitations) only, never the store; stop 'skillsmap serve' first, since one process at a time
may open them. With exchange.redis_url they work on the accounts in Redis, also while the instances run.`,
	}
	cmd.AddCommand(newUserAddCommand(g), newUserInviteCommand(g), newUserListCommand(g), newUserDeleteCommand(g))
	return cmd
}

func newUserAddCommand(g *globalFlags) *cobra.Command {
	var email, name, orgID, orgName, role string
	var passwordStdin bool
	cmd := &cobra.Command{
		Use:   "add --email E --name N --org ORG [--org-name NAME] [--role ROLE] --password-stdin",
		Short: "Add a user with a password (the first admin)",
		Long: `Add a user without invitation, typically the first admin:

  printf '%s\n' "$PASSWORD" | skillsmap user add --email admin@example.eu --name "Ada Admin" \
      --org digital-skills-map --org-name "Digital Skills Map" --role admin --password-stdin

The password is read from the first line of standard input, never from an argument (arguments show in
the process list). It needs at least 12 characters and must not be the e-mail address. With --org-name
the organisation is created if it does not exist (the one that runs the map: its editors and admins
belong to it).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if email == "" || name == "" || (orgID == "" && orgName == "") {
				return usageError{errors.New("--email, --name and --org (or --org-name) are required")}
			}
			if !passwordStdin {
				return usageError{errors.New("--password-stdin is required: the password is read from standard input, never from an argument")}
			}
			r, err := accounts.ParseRole(role)
			if err != nil {
				return usageError{fmt.Errorf("--role: %w", err)}
			}
			password, err := readPassword(cmd.InOrStdin())
			if err != nil {
				return err
			}
			cfg, err := loadConfig(g, "")
			if err != nil {
				return err
			}
			svc, st, err := openAccounts(cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			out := cmd.OutOrStdout()
			if orgName != "" {
				id := orgID
				if id == "" {
					id = accounts.OrganisationID(orgName)
				}
				o, err := svc.Organisation(ctx, id)
				switch {
				case errors.Is(err, accounts.ErrNotFound):
					if o, err = svc.CreateOrganisation(ctx, accounts.Organisation{ID: orgID, Name: orgName}); err != nil {
						return err
					}
					fmt.Fprintf(out, "organisation %s added: %s\n", o.ID, o.Name)
				case err != nil:
					return err
				case o.Name != orgName:
					return fmt.Errorf("organisation %s exists with the name %q: leave out --org-name, or give another --org", o.ID, o.Name)
				}
				orgID = o.ID
			}
			u, err := svc.AddUser(ctx, email, name, orgID, r, password)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "user %s added: %s of %s (id %s)\n", u.Email, u.Role, u.OrgID, u.ID)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&email, "email", "", "e-mail address (the login)")
	f.StringVar(&name, "name", "", "the person's name")
	f.StringVar(&orgID, "org", "", "id of the user's organisation")
	f.StringVar(&orgName, "org-name", "", "create the organisation with this name if it does not exist")
	f.StringVar(&role, "role", string(accounts.RoleContributor), "contributor, editor or admin")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read the password from the first line of standard input")
	return cmd
}

// readPassword reads the first line of r, without its line ending.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, accounts.MaxPasswordBytes+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
}

func newUserInviteCommand(g *globalFlags) *cobra.Command {
	var email, orgID, role, lang string
	cmd := &cobra.Command{
		Use:   "invite --email E --org ORG [--role ROLE] [--lang LANG]",
		Short: "Invite a person into an organisation",
		Long: `Invite a person: prints the invitation link ({public_url}invite/TOKEN, valid for 7 days, usable
once) and, when mail is configured (mail: in skillsmap.yaml), sends the invitation e-mail in --lang
through the mail queue (DATA/mail.db, or Redis with exchange.redis_url; a message that cannot be sent now stays queued and is retried).
Editor and admin roles are for the organisation that runs the map.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if email == "" || orgID == "" {
				return usageError{errors.New("--email and --org are required")}
			}
			r, err := accounts.ParseRole(role)
			if err != nil {
				return usageError{fmt.Errorf("--role: %w", err)}
			}
			if !i18n.Supported(lang) {
				return usageError{fmt.Errorf("--lang %q: want one of %s", lang, strings.Join(i18n.SupportedLanguages(), ", "))}
			}
			cfg, err := loadConfig(g, "")
			if err != nil {
				return err
			}
			svc, st, err := openAccounts(cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			// Open the queue before inviting, so that a locked queue fails
			// the command before anything changed.
			outbox, err := openOutbox(cfg)
			if err != nil {
				return err
			}
			if outbox != nil {
				defer outbox.Close()
			}
			ctx := cmd.Context()
			inv, token, err := svc.Invite(ctx, accounts.Operator(lang), email, orgID, r)
			if err != nil {
				return err
			}
			link := cfg.PublicURL + "invite/" + token
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "invitation for %s as %s of %s, valid until %s:\n%s\n", inv.Email, inv.Role, inv.OrgID,
				inv.Expires.Format(time.RFC3339), link)
			if outbox == nil {
				fmt.Fprintln(out, "no e-mail configured (mail: in skillsmap.yaml): send the link to the person yourself")
				return nil
			}
			org, err := svc.Organisation(ctx, inv.OrgID)
			if err != nil {
				return err
			}
			b, err := i18n.New()
			if err != nil {
				return err
			}
			m, err := notify.Compose(b.Localizer(inv.Language), notify.Invitation, inv.Email, notify.Data{
				Site: cfg.Catalog.Title, Organisation: org.Name, InviterOrganisation: cfg.Catalog.Publisher,
				Link: link, Expires: inv.Expires.Sub(inv.Created),
			})
			if err != nil {
				return err
			}
			if err := outbox.Enqueue(ctx, m); err != nil {
				return err
			}
			fctx, cancel := context.WithTimeout(ctx, flushTimeout)
			defer cancel()
			if pending, err := outbox.Flush(fctx); err != nil || pending > 0 {
				fmt.Fprintf(out, "the invitation e-mail could not be sent yet; it stays queued in %s and is retried\n",
					exchangeLocation(cfg, partMail, mailFile))
				return nil
			}
			fmt.Fprintf(out, "invitation e-mail sent to %s\n", inv.Email)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&email, "email", "", "the person's e-mail address")
	f.StringVar(&orgID, "org", "", "id of the organisation to join")
	f.StringVar(&role, "role", string(accounts.RoleContributor), "contributor, editor or admin")
	f.StringVar(&lang, "lang", i18n.DefaultLanguage, "language of the e-mail and the account: en, de or fr")
	return cmd
}

func newUserListCommand(g *globalFlags) *cobra.Command {
	var orgID string
	cmd := &cobra.Command{
		Use:   "list [--org ORG]",
		Short: "List users and pending invitations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g, "")
			if err != nil {
				return err
			}
			svc, st, err := openAccounts(cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			users, err := svc.Users(ctx, orgID)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "EMAIL\tNAME\tORG\tROLE\tSIGN-IN\tSTATUS\tLAST LOGIN")
			for _, u := range users {
				var signIn []string
				if u.HasPassword() {
					signIn = append(signIn, "password")
				}
				if u.OIDCSubject != "" {
					signIn = append(signIn, "oidc")
				}
				status := "active"
				if u.Disabled {
					status = "disabled"
				}
				last := "-"
				if !u.LastLogin.IsZero() {
					last = u.LastLogin.Local().Format("2006-01-02 15:04")
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, u.OrgID, u.Role, dash(strings.Join(signIn, "+")), status, last)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			invs, err := svc.Invitations(ctx, orgID)
			if err != nil || len(invs) == 0 {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "\npending invitations:")
			w = tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "EMAIL\tORG\tROLE\tEXPIRES")
			for _, inv := range invs {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", inv.Email, inv.OrgID, inv.Role, inv.Expires.Local().Format("2006-01-02 15:04"))
			}
			return w.Flush()
		},
	}
	cmd.Flags().StringVar(&orgID, "org", "", "only this organisation's users")
	return cmd
}

func newUserDeleteCommand(g *globalFlags) *cobra.Command {
	var email string
	cmd := &cobra.Command{
		Use:   "delete --email E",
		Short: "Delete a user's account and personal data",
		Long: `Delete a user's account: e-mail address, name, password hash, OpenID Connect link, sessions,
pending password resets and queued e-mails to the address. The organisation and what it owns
(practices, API tokens) stay. The last admin cannot be deleted.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if email == "" {
				return usageError{errors.New("--email is required")}
			}
			cfg, err := loadConfig(g, "")
			if err != nil {
				return err
			}
			svc, st, err := openAccounts(cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			outbox, err := openOutbox(cfg)
			if err != nil {
				return err
			}
			if outbox != nil {
				defer outbox.Close()
			}
			ctx := cmd.Context()
			u, err := svc.UserByEmail(ctx, email)
			if errors.Is(err, accounts.ErrNotFound) {
				return fmt.Errorf("no user with the e-mail address %q", email)
			}
			if err != nil {
				return err
			}
			if err := svc.DeleteUser(ctx, accounts.Operator("en"), u.ID); err != nil {
				return err
			}
			if outbox != nil {
				if _, err := outbox.DeleteFor(ctx, u.Email); err != nil {
					return err
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "user %s deleted; the organisation %s and its data stay\n", u.Email, u.OrgID)
			return nil
		},
	}
	cmd.Flags().StringVar(&email, "email", "", "the user's e-mail address")
	return cmd
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
