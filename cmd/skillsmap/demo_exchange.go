package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/demosites"
	"github.com/skillsmap/skillsmap/vocab"
)

// demoPassword is the password of the demo's accounts. They exist only
// when the demo listens on loopback, where nobody else can sign in.
const demoPassword = "skillsmap-demo"

// demoAccount is one account the demo creates.
type demoAccount struct {
	email, name, org string
	role             accounts.Role
}

// The demo's organisations and accounts: the map's editorial team, and a
// partner that shares two practices through the exchange.
var (
	demoTeam    = accounts.Organisation{Name: "Skillsmap demo editors", Kind: accounts.KindOther}
	demoPartner = accounts.Organisation{Name: "Demo partner network", Kind: accounts.KindNGO}
	demoPeople  = []demoAccount{
		{"admin@demo.skillsmap.invalid", "Demo Admin", "skillsmap-demo-editors", accounts.RoleAdmin},
		{"editor@demo.skillsmap.invalid", "Demo Editor", "skillsmap-demo-editors", accounts.RoleEditor},
		{"member@demo.skillsmap.invalid", "Demo Member", "demo-partner-network", accounts.RoleContributor},
	}
)

// loopbackListen reports whether the server listens on loopback only.
func loopbackListen(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// seedDemo creates, once, the demo's organisations and accounts and lets
// the partner share the practices no demo site publishes, so that they wait
// in the editors' queue. It returns what the demo prints about them.
func (a *app) seedDemo(ctx context.Context, x *exchange) ([]string, error) {
	if !loopbackListen(a.cfg.Listen) {
		return []string{fmt.Sprintf("No demo accounts: the demo listens on %s, not on loopback only (use --addr localhost:8080).", a.cfg.Listen)}, nil
	}
	for _, o := range []accounts.Organisation{demoTeam, demoPartner} {
		org, err := x.accounts.CreateOrganisation(ctx, o)
		switch {
		case errors.Is(err, accounts.ErrExists):
			continue
		case err != nil:
			return nil, fmt.Errorf("demo organisation %s: %w", o.Name, err)
		}
		if err := a.review.SetOrganisation(ctx, review.Organisation{ID: org.ID, Name: org.Name, Website: org.Website}); err != nil {
			return nil, err
		}
	}
	var member, editor accounts.User
	for _, p := range demoPeople {
		u, err := x.accounts.UserByEmail(ctx, p.email)
		if errors.Is(err, accounts.ErrNotFound) {
			u, err = x.accounts.AddUser(ctx, p.email, p.name, p.org, p.role, demoPassword)
		}
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", p.email, err)
		}
		switch p.role {
		case accounts.RoleContributor:
			member = u
		case accounts.RoleEditor:
			editor = u
		}
	}
	have, err := a.review.ByOrganisation(ctx, member.OrgID)
	if err != nil {
		return nil, err
	}
	if len(have) == 0 {
		shared, err := demosites.Shared()
		if err != nil {
			return nil, err
		}
		actor := review.Actor{UserID: member.ID, Org: member.OrgID, Role: review.RoleContributor}
		places := vocab.NewPlaceMatcher(a.regions)
		for _, p := range shared {
			if _, err := a.review.Contribute(ctx, actor, "", demoRecord(p, places)); err != nil {
				return nil, fmt.Errorf("demo practice %s: %w", p.ID, err)
			}
		}
	}
	exchangeLines, err := a.seedDemoNeed(ctx, member, editor)
	if err != nil {
		return nil, err
	}
	lines := []string{"Demo accounts (this machine only; password " + demoPassword + "):"}
	for _, p := range demoPeople {
		lines = append(lines, fmt.Sprintf("  %-12s %s", p.role, p.email))
	}
	lines = append(lines, fmt.Sprintf("%q has shared %d practices that wait in the editors' queue.", demoPartner.Name, len(demosites.SharedIDs)))
	lines = append(lines, exchangeLines...)
	if a.cfg.Mail.Dir != "" {
		lines = append(lines, "E-mail is written to "+filepath.Join(a.cfg.DataDir, a.cfg.Mail.Dir)+" (one .eml file per message).")
	}
	return lines, nil
}

// demoRecord writes a practice of practices.csv as its organisation would
// share it: the facts of the row, the concepts the matchers find in them,
// and the page the facts come from.
func demoRecord(p demosites.Practice, places *vocab.PlaceMatcher) record.Practice {
	rec := record.Practice{
		Language:    "en",
		Title:       record.Texts{"en": p.Title},
		Description: record.Texts{"en": p.Summary},
		Keywords:    p.Topics,
		EndDate:     p.End,
		StartDate:   p.Start,
		BasedOn:     []string{p.SourceURL},
	}
	if p.Funding != "" {
		rec.Funding = []string{p.Funding}
	}
	text := strings.Join(append(append([]string{p.Title, p.Summary}, p.Topics...), p.TargetGroups...), "\n")
	for _, c := range vocab.MatchSkills(text).Concepts() {
		rec.Skills = append(rec.Skills, c.ID)
	}
	for _, c := range vocab.MatchTargetGroups(strings.Join(p.TargetGroups, ";")).Concepts() {
		rec.TargetGroups = append(rec.TargetGroups, c.ID)
	}
	for _, c := range vocab.MatchPracticeTypes(text).Concepts() {
		rec.Types = append(rec.Types, c.ID)
	}
	if c, ok := vocab.DeliveryMode(p.Delivery); ok {
		rec.DeliveryModes = []string{c.ID}
	}
	for _, city := range p.Cities {
		rec.Places = append(rec.Places, record.Place{Name: city, Country: first(p.Countries)})
	}
	if len(p.Cities) == 0 {
		for _, code := range p.Countries {
			if c, ok := vocab.CountryByCode(code); ok {
				rec.Places = append(rec.Places, record.Place{Name: c.Name("en"), Region: c.NUTS, Country: c.NUTS})
			}
		}
	}
	record.CompletePlaces(&rec, places)
	rec.Normalize()
	return rec
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// The demo's need and transfer: the partner network looks for a way to
// teach refugee women in Leipzig digital skills, publishes that need, and
// adapts Berlin's "Digital Empowerment" for it, which the editors (who
// answer for harvested practices) have accepted.
var (
	demoNeed = record.Practice{Language: "en",
		Title: record.Texts{"en": "Digital literacy for refugee women in Leipzig"},
		Description: record.Texts{"en": "We look for a tested way to help refugee women in Leipzig find information online, use e-government services " +
			"and communicate safely, with trainers from their communities; face-to-face with online phases."},
		Places:        []record.Place{{Name: "Leipzig"}},
		TargetGroups:  []string{"refugee-women"},
		Skills:        []string{"1", "2"},
		DeliveryModes: []string{"hybrid"},
	}
	// demoAdapted is the demo practice the partner adapts (its id on the
	// partner site; the harvested record is SOURCE-ID).
	demoAdapted = "digital-empowerment"
)

// seedDemoNeed publishes the demo's need and opens its transfer, once.
func (a *app) seedDemoNeed(ctx context.Context, member, editor accounts.User) ([]string, error) {
	actor := review.Actor{UserID: member.ID, Org: member.OrgID, Role: review.RoleContributor}
	needs, err := a.review.NeedsOf(ctx, member.OrgID)
	if err != nil {
		return nil, err
	}
	rec := demoNeed.Clone()
	record.CompletePlaces(&rec, vocab.NewPlaceMatcher(a.regions))
	var needID string
	if len(needs) > 0 {
		needID = needs[0].ID
	} else {
		if needID, err = a.review.SaveNeed(ctx, actor, "", rec, true); err != nil {
			return nil, fmt.Errorf("demo need: %w", err)
		}
	}
	lines := []string{fmt.Sprintf("%q has published a need: %s", demoPartner.Name, a.iris.Need(needID).Value)}
	practice, ok := a.demoPractice(ctx, demoAdapted)
	if !ok {
		return lines, nil
	}
	transfers, err := a.review.TransfersOf(ctx, member.OrgID)
	if err != nil {
		return nil, err
	}
	if len(transfers) == 0 {
		tr, err := a.review.OpenTransfer(ctx, actor, practice.IRI, rec.Places[0], needID,
			"We would like to adapt Digital Empowerment for refugee women in Leipzig. Could we talk about your trainer handbook?")
		if err != nil {
			return nil, fmt.Errorf("demo transfer: %w", err)
		}
		ed := review.Actor{UserID: editor.ID, Org: editor.OrgID, Role: review.RoleEditor}
		if err := a.review.SetTransferState(ctx, ed, tr.ID, review.TransferInProgress, "Welcome! The Berlin team shares its handbook."); err != nil {
			return nil, fmt.Errorf("demo transfer: %w", err)
		}
	}
	return append(lines, fmt.Sprintf("It is adapting %q (%s): a transfer in progress, under Transfers when signed in.", practice.Title, practice.IRI)), nil
}

// demoPractice finds the harvested record of a demo practice by its id on
// its partner site.
func (a *app) demoPractice(ctx context.Context, id string) (*review.Entry, bool) {
	for _, src := range a.review.Sources(ctx) {
		if e, ok := a.review.Lookup(ctx, src+"-"+id); ok && e.Public() {
			return e, true
		}
	}
	return nil, false
}
