#!/usr/bin/env node
// Validates an RDF document against SHACL shapes with rdf-validate-shacl.
//
//   node tools/shacl/validate.mjs --data catalog.ttl --shapes shapes.ttl [--shapes more.ttl ...]
//        [--json] [--fail-on violation|warning]
//
// Each shapes file is checked on its own against the data, so that every
// result names the file whose shape produced it. The data and the shapes
// may be Turtle, N-Triples, RDF/XML or JSON-LD (by file extension).
// owl:imports in a shapes file are not followed (nothing is fetched from
// the network); the imports skipped are reported.
//
// Output: a summary per shapes file and every result, as text or (--json)
// as one JSON object. Exit status: 0 when validation ran, 1 when --fail-on
// is given and a result of that severity or worse was found, 2 on bad
// arguments or unreadable input.

import rdf from '@zazuko/env-node'
import SHACLValidator from 'rdf-validate-shacl'

const SH = 'http://www.w3.org/ns/shacl#'
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#'
const SEVERITIES = ['Info', 'Warning', 'Violation']

function usage (msg) {
  if (msg) console.error(`validate.mjs: ${msg}`)
  console.error('usage: validate.mjs --data FILE --shapes FILE [--shapes FILE ...] [--json] [--fail-on violation|warning]')
  process.exit(2)
}

function parseArgs (argv) {
  const opts = { shapes: [], json: false, failOn: null, data: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const next = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`)
      return argv[++i]
    }
    switch (a) {
      case '--data': opts.data = next(); break
      case '--shapes': opts.shapes.push(next()); break
      case '--json': opts.json = true; break
      case '--fail-on': {
        const v = next().toLowerCase()
        if (v !== 'violation' && v !== 'warning') usage(`--fail-on ${v}: want violation or warning`)
        opts.failOn = v === 'violation' ? 'Violation' : 'Warning'
        break
      }
      case '-h': case '--help': usage()
      // falls through (usage exits)
      default: usage(`unknown argument ${a}`)
    }
  }
  if (!opts.data) usage('--data is required')
  if (opts.shapes.length === 0) usage('at least one --shapes is required')
  return opts
}

async function load (file) {
  try {
    return await rdf.dataset().import(rdf.fromFile(file))
  } catch (err) {
    throw new Error(`read ${file}: ${err.message}`)
  }
}

function term (t) {
  if (!t) return null
  switch (t.termType) {
    case 'NamedNode': return `<${t.value}>`
    case 'BlankNode': return `_:${t.value}`
    case 'Literal': {
      const v = JSON.stringify(t.value)
      if (t.language) return `${v}@${t.language}`
      if (t.datatype && t.datatype.value !== 'http://www.w3.org/2001/XMLSchema#string') return `${v}^^<${t.datatype.value}>`
      return v
    }
    default: return String(t.value)
  }
}

function path (p) {
  if (!p) return null
  if (p.termType) return term(p)
  return JSON.stringify(p)
}

// describe names a shape for people: its sh:name or sh:description, or
// the rdfs:label of the node shape that holds it.
function describe (shapes, shape) {
  if (!shape) return null
  for (const pred of [SH + 'name', SH + 'description', RDFS + 'label']) {
    for (const q of shapes.match(shape, rdf.namedNode(pred))) return q.object.value
  }
  for (const q of shapes.match(null, rdf.namedNode(SH + 'property'), shape)) {
    for (const l of shapes.match(q.subject, rdf.namedNode(RDFS + 'label'))) return l.object.value
    return term(q.subject)
  }
  return null
}

async function validateWith (data, file) {
  const shapes = await load(file)
  const skippedImports = []
  const validator = new SHACLValidator(shapes, {
    factory: rdf,
    importGraph: (iri) => { skippedImports.push(iri.value); return rdf.dataset() }
  })
  const report = await validator.validate(data)
  const counts = { Violation: 0, Warning: 0, Info: 0 }
  const results = report.results.map(r => {
    const severity = r.severity ? r.severity.value.replace(SH, '') : 'Violation'
    counts[severity] = (counts[severity] || 0) + 1
    return {
      severity,
      focusNode: term(r.focusNode),
      path: path(r.path),
      value: term(r.value),
      message: (r.message || []).map(m => m.value).join(' | ') || null,
      constraint: r.sourceConstraintComponent ? r.sourceConstraintComponent.value.replace(SH, 'sh:') : null,
      shape: describe(shapes, r.sourceShape)
    }
  })
  return { shapes: file, conforms: report.conforms, counts, skippedImports, results }
}

async function main () {
  const opts = parseArgs(process.argv.slice(2))
  let data
  try {
    data = await load(opts.data)
  } catch (err) {
    console.error(`validate.mjs: ${err.message}`)
    process.exit(2)
  }
  const files = []
  for (const f of opts.shapes) {
    try {
      files.push(await validateWith(data, f))
    } catch (err) {
      console.error(`validate.mjs: ${err.message}`)
      process.exit(2)
    }
  }
  const total = { Violation: 0, Warning: 0, Info: 0 }
  for (const f of files) for (const s of SEVERITIES) total[s] += f.counts[s] || 0

  if (opts.json) {
    process.stdout.write(JSON.stringify({ data: opts.data, triples: data.size, total, files }, null, 1) + '\n')
  } else {
    console.log(`${opts.data}: ${data.size} triples`)
    for (const f of files) {
      console.log(`${f.shapes}: ${f.counts.Violation} violations, ${f.counts.Warning} warnings, ${f.counts.Info} infos` +
        (f.skippedImports.length ? ` (owl:imports not followed: ${f.skippedImports.join(', ')})` : ''))
      for (const r of f.results) {
        console.log(`  ${r.severity}: ${r.focusNode} ${r.path ?? ''} ${r.value ?? ''} — ${r.message ?? r.shape ?? r.constraint}`)
      }
    }
    console.log(`total: ${total.Violation} violations, ${total.Warning} warnings, ${total.Info} infos`)
  }
  if (opts.failOn) {
    const worst = SEVERITIES.indexOf(opts.failOn)
    if (SEVERITIES.some((s, i) => i >= worst && total[s] > 0)) process.exit(1)
  }
}

main().catch(err => {
  console.error(`validate.mjs: ${err.stack || err}`)
  process.exit(2)
})
