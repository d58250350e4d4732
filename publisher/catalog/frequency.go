package catalog

import (
	"fmt"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// frequencies are the regular frequencies of the EU frequency table, most
// frequent first, with the longest interval between updates each allows
// (a month is up to 31 days, a year up to 366).
var frequencies = []struct {
	code   string
	period time.Duration
}{
	{"HOURLY", time.Hour},
	{"BIHOURLY", 2 * time.Hour},
	{"TRIHOURLY", 3 * time.Hour},
	{"DAILY_2", 12 * time.Hour},
	{"DAILY", 24 * time.Hour},
	{"WEEKLY_3", 56 * time.Hour},
	{"WEEKLY_2", 84 * time.Hour},
	{"WEEKLY", 7 * 24 * time.Hour},
	{"MONTHLY_3", 10 * 24 * time.Hour},
	{"BIWEEKLY", 14 * 24 * time.Hour},
	{"MONTHLY_2", 15 * 24 * time.Hour},
	{"MONTHLY", 31 * 24 * time.Hour},
	{"BIMONTHLY", 62 * 24 * time.Hour},
	{"QUARTERLY", 92 * 24 * time.Hour},
	{"ANNUAL_3", 122 * 24 * time.Hour},
	{"ANNUAL_2", 183 * 24 * time.Hour},
	{"ANNUAL", 366 * 24 * time.Hour},
}

// frequencyIrregular is for sources harvested only on demand.
const frequencyIrregular = "IRREG"

// FrequencyOf returns the EU frequency of a harvest schedule: the most
// frequent entry of the table whose period is not shorter than the longest
// gap between two runs, so that the catalog never promises updates more
// often than they happen. A source without a schedule (harvested on
// demand) is IRREG. now anchors a cron schedule's runs.
func FrequencyOf(s sourceconfig.Schedule, now time.Time) (rdf.Term, error) {
	gap, err := longestGap(s, now)
	if err != nil {
		return rdf.Term{}, err
	}
	if gap == 0 {
		return authority(FrequencyScheme, frequencyIrregular), nil
	}
	for _, f := range frequencies {
		if gap <= f.period {
			return authority(FrequencyScheme, f.code), nil
		}
	}
	return authority(FrequencyScheme, frequencyIrregular), nil
}

// longestGap returns the longest interval between two runs of s over the
// year after now, 0 for no schedule.
func longestGap(s sourceconfig.Schedule, now time.Time) (time.Duration, error) {
	switch {
	case s.Every > 0:
		return s.Every + s.Jitter, nil
	case s.Cron == "":
		return 0, nil
	}
	if gap, ok := cronGaps.Load(s.Cron); ok {
		return gap.(time.Duration) + s.Jitter, nil
	}
	sched, err := cron.ParseStandard(s.Cron)
	if err != nil {
		return 0, fmt.Errorf("cron schedule %q: %w", s.Cron, err)
	}
	// Walk a year of runs and the step past it. A run every minute is the
	// most there can be: maxRuns bounds the walk at a little over a year of
	// those, a fraction of a second, done once per expression.
	const maxRuns = 530000
	end := now.AddDate(1, 0, 0)
	prev := sched.Next(now)
	if prev.IsZero() {
		return 0, nil
	}
	var longest time.Duration
	for i := 0; i < maxRuns && prev.Before(end); i++ {
		next := sched.Next(prev)
		if next.IsZero() {
			break
		}
		longest = max(longest, next.Sub(prev))
		prev = next
	}
	if longest == 0 { // a schedule that never repeats
		longest = 366 * 24 * time.Hour
	}
	cronGaps.Store(s.Cron, longest)
	return longest + s.Jitter, nil
}

// cronGaps memoizes longestGap per cron expression: the catalog is rebuilt
// after every harvest, the schedules rarely change.
var cronGaps sync.Map
