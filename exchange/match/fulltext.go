package match

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	blevequery "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	// The language analysers: stop words, elision, normalisation and a
	// stemmer per language.
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ar"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fa"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hu"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/it"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/no"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ro"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ru"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/tr"
)

// analysedLanguages are the languages with an analyser of their own; each
// is a field of the text index named by its code. Texts in any other
// language, or without a language tag, go to otherField, analysed by
// bleve's standard analyser (Unicode words, lower case, English stop
// words). Polish is left out: bleve's Polish stemmer tables would add 3 MB
// to the binary.
var analysedLanguages = []string{"ar", "da", "de", "en", "es", "fa", "fi", "fr", "hr", "hu", "it", "nl", "no", "pt", "ro", "ru", "sv", "tr"}

const otherField = "other"

// Bounds of a full-text query.
const (
	maxQueryTerms  = 64   // distinct words of a need's text that are read
	maxSearchWords = 16   // of them, the most distinctive that are looked up
	maxTextHits    = 1000 // practices with a text score; the rest score 0
	reasonTerms    = 3    // words of the need a "mentions" reason quotes
	maxTermProbes  = 16   // searches that find which words a result mentions (see mentions)
)

// fieldFor returns the full-text field of a language tag.
func fieldFor(lang string) string {
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch primary {
	case "nb", "nn":
		primary = "no"
	}
	for _, l := range analysedLanguages {
		if l == primary {
			return l
		}
	}
	return otherField
}

// analyzerFor returns the analyser name of a field.
func analyzerFor(field string) string {
	if field == otherField {
		return standard.Name
	}
	return field
}

var (
	mappingOnce sync.Once
	textMapping *mapping.IndexMappingImpl
	analyzers   map[string]analysis.Analyzer
	mappingErr  error
)

// textIndexMapping returns the index mapping (one text field per
// language, nothing stored: results are looked up in the generation's
// entries) and the analysers by field.
func textIndexMapping() (*mapping.IndexMappingImpl, map[string]analysis.Analyzer, error) {
	mappingOnce.Do(func() {
		im := bleve.NewIndexMapping()
		im.ScoringModel = index.BM25Scoring
		im.DefaultAnalyzer = standard.Name
		im.StoreDynamic = false
		im.IndexDynamic = false
		im.DocValuesDynamic = false
		dm := bleve.NewDocumentStaticMapping()
		analyzers = map[string]analysis.Analyzer{}
		for _, f := range append(append([]string{}, analysedLanguages...), otherField) {
			fm := bleve.NewTextFieldMapping()
			fm.Analyzer = analyzerFor(f)
			fm.Store = false
			fm.IncludeInAll = false
			fm.IncludeTermVectors = false // 7× the memory; reasons probe terms instead
			fm.DocValues = false
			dm.AddFieldMappingsAt(f, fm)
			a := im.AnalyzerNamed(fm.Analyzer)
			if a == nil {
				mappingErr = fmt.Errorf("match: no analyser %q", fm.Analyzer)
				return
			}
			analyzers[f] = a
		}
		im.DefaultMapping = dm
		if err := im.Validate(); err != nil {
			mappingErr = fmt.Errorf("match: text index mapping: %w", err)
			return
		}
		textMapping = im
	})
	return textMapping, analyzers, mappingErr
}

// textIndex is the full-text index of one set of practice texts. Several
// generations share it while the texts stay the same; it is closed when
// the last lets go.
type textIndex struct {
	idx         bleve.Index
	fields      []string // the fields that hold any text
	fingerprint uint64
	docs        int
	refs        atomic.Int64
}

// textFingerprint fingerprints the texts of all entries (sorted by IRI).
func textFingerprint(entries []*entry) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, e := range entries {
		v := e.textHash
		for i := range b {
			b[i] = byte(v >> (8 * i))
		}
		h.Write(b[:])
	}
	return h.Sum64()
}

// buildTextIndex indexes the entries' texts, each under its language's
// field, in one batch: one in-memory segment, the fastest to search.
func buildTextIndex(ctx context.Context, entries []*entry, fingerprint uint64) (*textIndex, error) {
	im, _, err := textIndexMapping()
	if err != nil {
		return nil, err
	}
	// An empty path keeps the scorch index in memory.
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("match: text index: %w", err)
	}
	t := &textIndex{idx: idx, fingerprint: fingerprint}
	t.refs.Store(1)
	fields := map[string]bool{}
	batch := idx.NewBatch()
	for i, e := range entries {
		if i%512 == 0 && ctx.Err() != nil {
			idx.Close()
			return nil, ctx.Err()
		}
		if len(e.fields) == 0 {
			continue
		}
		doc := make(map[string]any, len(e.fields))
		for f, b := range e.fields {
			doc[f] = b.String()
			fields[f] = true
		}
		if err := batch.Index(e.iri, doc); err != nil {
			idx.Close()
			return nil, fmt.Errorf("match: index %s: %w", e.iri, err)
		}
		t.docs++
	}
	if err := idx.Batch(batch); err != nil {
		idx.Close()
		return nil, fmt.Errorf("match: text index: %w", err)
	}
	for _, f := range append(append([]string{}, analysedLanguages...), otherField) {
		if fields[f] {
			t.fields = append(t.fields, f)
		}
	}
	return t, nil
}

func (t *textIndex) acquire() { t.refs.Add(1) }

func (t *textIndex) release() {
	if t.refs.Add(-1) == 0 {
		t.idx.Close()
	}
}

// queryWord is a word of a need's text and the terms it is looked up as,
// field by field.
type queryWord struct {
	word  string
	terms []fieldTerm
}

type fieldTerm struct{ field, term string }

// analyse turns a need's text into words to look up. The need language's
// analyser decides which words count (its stop words do not) and gives
// each its term, which is looked up in every field: names, loan words
// and shared stems ("Smartphone", "Python") find practices in any
// language. Each other field's own analyser adds the term it makes of
// the same word ("Laptops" is "laptops" to the German analyser and
// "laptop" to the English one). The first maxQueryTerms words are read,
// and the most distinctive of them looked up (see distinctive).
func (t *textIndex) analyse(text, lang string) ([]queryWord, error) {
	_, as, err := textIndexMapping()
	if err != nil {
		return nil, err
	}
	needField := fieldFor(lang)
	var words []queryWord
	byTerm := map[string]int{}
	atPos := map[int]int{} // byte offset of a word → its index
	for _, tok := range as[needField].Analyze([]byte(text)) {
		term := string(tok.Term)
		if term == "" {
			continue
		}
		i, ok := byTerm[term]
		if !ok {
			if len(words) == maxQueryTerms {
				continue
			}
			word := term
			if tok.Start >= 0 && tok.End <= len(text) && tok.Start < tok.End {
				word = text[tok.Start:tok.End]
			}
			i = len(words)
			byTerm[term] = i
			w := queryWord{word: word}
			for _, f := range t.fields {
				w.terms = append(w.terms, fieldTerm{f, term})
			}
			words = append(words, w)
		}
		atPos[tok.Start] = i
	}
	if len(words) == 0 {
		return nil, nil
	}
	for _, f := range t.fields {
		if f == needField {
			continue
		}
		for _, tok := range as[f].Analyze([]byte(text)) {
			i, ok := atPos[tok.Start]
			if !ok || len(tok.Term) == 0 {
				continue
			}
			ft := fieldTerm{f, string(tok.Term)}
			if !slices.Contains(words[i].terms, ft) {
				words[i].terms = append(words[i].terms, ft)
			}
		}
	}
	return words, nil
}

// distinctive keeps the maxSearchWords words that occur in the fewest
// practices, in the order of the text, and drops words that no practice
// has: a long need or a practice's description (Similar) is searched for
// what sets it apart, and a search over 16 words costs a fraction of one
// over 64 common ones.
func (t *textIndex) distinctive(ctx context.Context, words []queryWord) ([]queryWord, error) {
	if len(words) <= maxSearchWords {
		return words, nil
	}
	adv, err := t.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("match: text index: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("match: text index: %w", err)
	}
	defer r.Close()
	df := make([]uint64, len(words))
	for i, w := range words {
		for _, ft := range w.terms {
			tfr, err := r.TermFieldReader(ctx, []byte(ft.term), ft.field, false, false, false)
			if err != nil {
				return nil, fmt.Errorf("match: text index: %w", err)
			}
			df[i] += tfr.Count()
			tfr.Close()
		}
	}
	var order []int
	for i := range words {
		if df[i] > 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(df[a], df[b]) })
	order = order[:min(len(order), maxSearchWords)]
	slices.Sort(order)
	out := make([]queryWord, len(order))
	for i, j := range order {
		out[i] = words[j]
	}
	return out, nil
}

// termsQuery is the disjunction of every word's terms in their fields.
func termsQuery(words []queryWord) blevequery.Query {
	var qs []blevequery.Query
	seen := map[fieldTerm]bool{}
	for _, w := range words {
		for _, ft := range w.terms {
			if seen[ft] {
				continue
			}
			seen[ft] = true
			tq := bleve.NewTermQuery(ft.term)
			tq.SetField(ft.field)
			qs = append(qs, tq)
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// search returns the BM25 scores of the practices whose texts hold any of
// the words, at most maxTextHits, and the best score.
func (t *textIndex) search(ctx context.Context, words []queryWord) (map[string]float64, float64, error) {
	if len(words) == 0 || len(t.fields) == 0 {
		return nil, 0, nil
	}
	req := bleve.NewSearchRequestOptions(termsQuery(words), maxTextHits, 0, false)
	res, err := t.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, fmt.Errorf("match: full-text search: %w", err)
	}
	hits := make(map[string]float64, len(res.Hits))
	best := 0.0
	for _, h := range res.Hits {
		hits[h.ID] = h.Score
		best = max(best, h.Score)
	}
	return hits, best, nil
}

// mentions returns, for each of ids, up to reasonTerms words of the need
// that its texts hold, in the order of the need's text. It probes one
// word at a time over the few result documents, which costs far less
// memory than term vectors in the index. After maxTermProbes words it
// goes on only for documents that have no word yet, so that every result
// with a text score can say what it mentions.
func (t *textIndex) mentions(ctx context.Context, words []queryWord, ids []string) (map[string][]string, error) {
	out := map[string][]string{}
	remaining := append([]string{}, ids...)
	for i, w := range words {
		if len(remaining) == 0 {
			break
		}
		q := bleve.NewConjunctionQuery(bleve.NewDocIDQuery(remaining), termsQuery(words[i:i+1]))
		res, err := t.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, len(remaining), 0, false))
		if err != nil {
			return nil, fmt.Errorf("match: full-text search: %w", err)
		}
		for _, h := range res.Hits {
			if !containsFold(out[h.ID], w.word) {
				out[h.ID] = append(out[h.ID], w.word)
			}
		}
		next := make([]string, 0, len(remaining))
		for _, id := range remaining {
			if n := len(out[id]); n == 0 || (n < reasonTerms && i+1 < maxTermProbes) {
				next = append(next, id)
			}
		}
		remaining = next
	}
	return out, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
