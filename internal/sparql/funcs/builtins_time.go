package funcs

import (
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Now implements NOW(): the query's instant as an xsd:dateTime.
func Now(ctx *Context) (rdf.Term, error) {
	if ctx == nil {
		return rdf.Term{}, typeError("NOW() needs a query context")
	}
	return rdf.Literal(ctx.Now.Format("2006-01-02T15:04:05.999999999Z07:00"), rdf.XSDDateTime), nil
}

func temporalPart(t rdf.Term, date, clock bool, part func(temporal) number) (rdf.Term, error) {
	v, ok := parseTemporal(t)
	if !ok || (!date && v.kind == kindDate) || (!clock && v.kind == kindTime) {
		return rdf.Term{}, errNotTemporal
	}
	return part(v).term(), nil
}

// Year implements YEAR on xsd:dateTime and xsd:date.
func Year(t rdf.Term) (rdf.Term, error) {
	return temporalPart(t, true, false, func(v temporal) number { return intNumber(v.year) })
}

// Month implements MONTH on xsd:dateTime and xsd:date.
func Month(t rdf.Term) (rdf.Term, error) {
	return temporalPart(t, true, false, func(v temporal) number { return intNumber(int64(v.month)) })
}

// Day implements DAY on xsd:dateTime and xsd:date.
func Day(t rdf.Term) (rdf.Term, error) {
	return temporalPart(t, true, false, func(v temporal) number { return intNumber(int64(v.day)) })
}

// Hours implements HOURS on xsd:dateTime and xsd:time.
func Hours(t rdf.Term) (rdf.Term, error) {
	return temporalPart(t, false, true, func(v temporal) number { return intNumber(int64(v.hour)) })
}

// Minutes implements MINUTES on xsd:dateTime and xsd:time.
func Minutes(t rdf.Term) (rdf.Term, error) {
	return temporalPart(t, false, true, func(v temporal) number { return intNumber(int64(v.minute)) })
}

// Seconds implements SECONDS: the seconds with their fraction as xsd:decimal.
func Seconds(t rdf.Term) (rdf.Term, error) {
	return temporalPart(t, false, true, temporal.seconds)
}

// Timezone implements TIMEZONE: the offset as an xsd:dayTimeDuration
// ("-PT5H", "PT0S"); an error when the value has no timezone.
func Timezone(t rdf.Term) (rdf.Term, error) {
	v, ok := parseTemporal(t)
	if !ok {
		return rdf.Term{}, errNotTemporal
	}
	if !v.hasTZ {
		return rdf.Term{}, errNoTimezone
	}
	return v.tzDuration(), nil
}

// TZ implements TZ: the timezone as a simple literal ("Z", "-05:00"), or ""
// when the value has none.
func TZ(t rdf.Term) (rdf.Term, error) {
	v, ok := parseTemporal(t)
	if !ok {
		return rdf.Term{}, errNotTemporal
	}
	return rdf.String(v.tzString()), nil
}
