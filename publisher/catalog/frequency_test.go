package catalog

import (
	"slices"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

func TestFrequencyOf(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		schedule sourceconfig.Schedule
		want     string
	}{
		{"on demand only", sourceconfig.Schedule{}, "IRREG"},
		{"every 5 minutes", sourceconfig.Schedule{Every: 5 * time.Minute}, "HOURLY"},
		{"hourly", sourceconfig.Schedule{Every: time.Hour}, "HOURLY"},
		{"every 90 minutes", sourceconfig.Schedule{Every: 90 * time.Minute}, "BIHOURLY"},
		{"every 6 hours", sourceconfig.Schedule{Every: 6 * time.Hour}, "DAILY_2"},
		{"daily", sourceconfig.Schedule{Every: 24 * time.Hour}, "DAILY"},
		{"daily with jitter", sourceconfig.Schedule{Every: 24 * time.Hour, Jitter: time.Hour}, "WEEKLY_3"},
		{"weekly", sourceconfig.Schedule{Every: 7 * 24 * time.Hour}, "WEEKLY"},
		{"every 8 days", sourceconfig.Schedule{Every: 8 * 24 * time.Hour}, "MONTHLY_3"},
		{"every 2 years", sourceconfig.Schedule{Every: 2 * 366 * 24 * time.Hour}, "IRREG"},
		{"cron every 5 minutes", sourceconfig.Schedule{Cron: "*/5 * * * *"}, "HOURLY"},
		{"cron nightly", sourceconfig.Schedule{Cron: "0 3 * * *"}, "DAILY"},
		{"cron Mondays", sourceconfig.Schedule{Cron: "30 3 * * 1"}, "WEEKLY"},
		{"cron weekdays: the weekend gap counts", sourceconfig.Schedule{Cron: "0 9 * * 1-5"}, "WEEKLY_2"},
		{"cron monthly: 31-day months", sourceconfig.Schedule{Cron: "0 0 1 * *"}, "MONTHLY"},
		{"cron on the 31st: skips short months", sourceconfig.Schedule{Cron: "0 0 31 * *"}, "BIMONTHLY"},
		{"cron yearly", sourceconfig.Schedule{Cron: "0 0 1 1 *"}, "ANNUAL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FrequencyOf(tt.schedule, now)
			if err != nil {
				t.Fatal(err)
			}
			if want := authority(FrequencyScheme, tt.want); got != want {
				t.Errorf("FrequencyOf(%+v) = %s, want %s", tt.schedule, got.Value, want.Value)
			}
		})
	}
}

func TestFrequencyOfBadCron(t *testing.T) {
	if _, err := FrequencyOf(sourceconfig.Schedule{Cron: "every tuesday"}, time.Now()); err == nil {
		t.Error("no error for a malformed cron expression")
	}
}

// The table must be ordered by period: FrequencyOf takes the first entry
// that is long enough.
func TestFrequencyTableOrdered(t *testing.T) {
	if !slices.IsSortedFunc(frequencies, func(a, b struct {
		code   string
		period time.Duration
	}) int {
		return int(a.period - b.period)
	}) {
		t.Error("frequencies are not sorted by period")
	}
}
