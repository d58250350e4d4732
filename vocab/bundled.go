package vocab

import "fmt"

// bundledData is everything read from the embedded tables at start-up.
type bundledData struct {
	schemes   map[Scheme]*ConceptScheme
	countries *countryTable
	noise     *placeNoise
	gazetteer *gazetteer
	matchers  map[Scheme]*KeywordMatcher
}

// bundled is loaded when the package is initialised. The tables are part of
// the binary and checked by the package's tests, so a failure here is a
// build defect, not bad input: it panics with the table and line at fault.
var bundled = mustLoadBundled()

func mustLoadBundled() *bundledData {
	b, err := loadBundled()
	if err != nil {
		panic(fmt.Sprintf("vocab: embedded data is broken: %v", err))
	}
	return b
}

func loadBundled() (*bundledData, error) {
	b := &bundledData{matchers: map[Scheme]*KeywordMatcher{}}
	var err error
	if b.schemes, err = loadSchemes(); err != nil {
		return nil, err
	}
	if b.countries, err = loadCountries(); err != nil {
		return nil, err
	}
	if b.noise, err = loadPlaceNoise(); err != nil {
		return nil, err
	}
	if b.gazetteer, err = loadGazetteer(b.countries, b.noise); err != nil {
		return nil, err
	}
	for _, s := range []Scheme{DigComp, TargetGroups, PracticeTypes, DeliveryModes} {
		if b.matchers[s], err = newKeywordMatcher(b.schemes[s]); err != nil {
			return nil, err
		}
	}
	return b, nil
}
