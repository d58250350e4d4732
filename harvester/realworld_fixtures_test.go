package harvester

import "strings"

// Pages shaped like what partner sites built with common CMS plugins emit,
// written for these tests (no page is copied from a site). "{site}" stands
// for the site's origin.
var realWorldPages = map[string]string{
	// WordPress with Yoast SEO and a course plugin: one @graph with
	// WebPage, ImageObject, BreadcrumbList, WebSite, Organization and the
	// Course, which refers to the others by @id; the course's dates and
	// places are in its instances.
	"/kurse/digitalkompetenz/": `<!DOCTYPE html><html lang="de-DE"><head>
<meta property="og:locale" content="de_DE">
<meta property="og:type" content="article">
<meta property="og:title" content="Digitalkompetenz für Seniorinnen - Stadtbibliothek">
<meta property="og:url" content="{site}/kurse/digitalkompetenz/">
<script type="application/ld+json" class="yoast-schema-graph">{"@context":"https://schema.org","@graph":[
 {"@type":"WebPage","@id":"{site}/kurse/digitalkompetenz/#webpage","url":"{site}/kurse/digitalkompetenz/","name":"Digitalkompetenz für Seniorinnen - Stadtbibliothek","isPartOf":{"@id":"{site}/#website"},"primaryImageOfPage":{"@id":"{site}/kurse/digitalkompetenz/#primaryimage"},"datePublished":"2024-11-02T08:15:00+00:00","dateModified":"2025-01-10T12:00:00+00:00","breadcrumb":{"@id":"{site}/kurse/digitalkompetenz/#breadcrumb"},"inLanguage":"de-DE"},
 {"@type":"ImageObject","inLanguage":"de-DE","@id":"{site}/kurse/digitalkompetenz/#primaryimage","url":"{site}/wp-content/uploads/2024/11/kurs.jpg","contentUrl":"{site}/wp-content/uploads/2024/11/kurs.jpg","width":1200,"height":800},
 {"@type":"BreadcrumbList","@id":"{site}/kurse/digitalkompetenz/#breadcrumb","itemListElement":[{"@type":"ListItem","position":1,"name":"Startseite","item":"{site}/"},{"@type":"ListItem","position":2,"name":"Digitalkompetenz"}]},
 {"@type":"WebSite","@id":"{site}/#website","url":"{site}/","name":"Stadtbibliothek","publisher":{"@id":"{site}/#organization"},"potentialAction":[{"@type":"SearchAction","target":{"@type":"EntryPoint","urlTemplate":"{site}/?s={search_term_string}"},"query-input":{"@type":"PropertyValueSpecification","valueRequired":true,"valueName":"search_term_string"}}],"inLanguage":"de-DE"},
 {"@type":"Organization","@id":"{site}/#organization","name":"Leipziger Städtische Bibliotheken","url":"{site}/","logo":{"@type":"ImageObject","@id":"{site}/#/schema/logo/image/","url":"{site}/logo.png"},"sameAs":["https://www.facebook.com/stadtbibliothek.example","https://www.instagram.com/stadtbibliothek.example/"]},
 {"@type":"Course","@id":"{site}/kurse/digitalkompetenz/#course","name":"Digitalkompetenz für Seniorinnen","description":"Smartphone, Online-Banking und sichere Passwörter: ein Kurs in kleinen Gruppen.","provider":{"@id":"{site}/#organization"},"mainEntityOfPage":{"@id":"{site}/kurse/digitalkompetenz/#webpage"},"image":{"@id":"{site}/kurse/digitalkompetenz/#primaryimage"},"inLanguage":"de",
  "hasCourseInstance":[
   {"@type":"CourseInstance","courseMode":"onsite","location":{"@type":"Place","name":"Stadtbibliothek","address":{"@type":"PostalAddress","addressLocality":"Leipzig","addressCountry":"DE"}},"startDate":"2025-03-04","endDate":"2025-03-25","courseSchedule":{"@type":"Schedule","repeatFrequency":"P1W","repeatCount":4}},
   {"@type":"CourseInstance","courseMode":"online","startDate":"2025-02-11","endDate":"2025-03-04"}],
  "offers":{"@type":"Offer","category":"Free","price":0,"priceCurrency":"EUR"}}
]}</script></head><body><h1>Digitalkompetenz für Seniorinnen</h1></body></html>`,

	// Drupal's Schema.org Metatag module: an Event with places (one of
	// them virtual), organiser and offer, dates with an offset without
	// colon, in one @graph with the WebPage.
	"/node/12": `<!DOCTYPE html><html lang="de" dir="ltr"><head>
<meta property="og:site_name" content="VHS">
<meta property="og:title" content="Workshop: Digitale Bewerbung | VHS">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"Event","@id":"{site}/node/12#event","name":"Workshop: Digitale Bewerbung","description":"Bewerbungsunterlagen am Computer erstellen und online versenden.","url":"{site}/node/12","startDate":"2025-04-03T10:00:00+0200","endDate":"2025-04-03T15:00:00+0200","eventStatus":"https://schema.org/EventScheduled","eventAttendanceMode":"https://schema.org/MixedEventAttendanceMode",
 "location":[{"@type":"Place","name":"Volkshochschule, Raum 2.14","address":{"@type":"PostalAddress","streetAddress":"Annenstraße 10","addressLocality":"Dresden","postalCode":"01067","addressCountry":"DE"}},{"@type":"VirtualLocation","url":"https://meet.example/vhs-bewerbung"}],
 "organizer":{"@type":"Organization","name":"Volkshochschule Dresden","url":"https://vhs.example/"},
 "offers":{"@type":"Offer","price":"0.00","priceCurrency":"EUR","availability":"https://schema.org/InStock","url":"{site}/node/12/anmeldung","validFrom":"2025-02-01T00:00:00+0100"},
 "image":{"@type":"ImageObject","url":"{site}/sites/default/files/bewerbung.jpg"}},
 {"@type":"WebPage","@id":"{site}/node/12","breadcrumb":{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"{site}/"}]}}]}</script>
</head><body></body></html>`,

	// The same Drupal site's summer party: an event, but no training.
	"/node/13": `<!DOCTYPE html><html lang="de"><head>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"Event","@id":"{site}/node/13#event","name":"Sommerfest im Hof","startDate":"2025-07-05T15:00:00+0200","location":{"@type":"Place","name":"Hof","address":{"@type":"PostalAddress","addressLocality":"Dresden"}},"organizer":{"@type":"Organization","name":"Volkshochschule Dresden"}},{"@type":"WebPage","@id":"{site}/node/13"}]}</script>
</head><body></body></html>`,

	// An event in microdata that says it is an educational event through
	// additionalType (the registry's expansion), with link-type values
	// written with spaces, an offer and an image.
	"/agenda/atelier-internet": `<!DOCTYPE html><html lang="fr"><body>
<div itemscope itemtype="https://schema.org/Event">
 <link itemprop="additionalType" href="https://schema.org/EducationEvent">
 <h1 itemprop="name">Atelier numérique : premiers pas sur Internet</h1>
 <p itemprop="description">Naviguer, chercher et envoyer un courriel, accompagné par un médiateur numérique.</p>
 <time itemprop="startDate" datetime="2025-05-14T14:00:00+02:00">14 mai, 14 h</time>
 <link itemprop="eventAttendanceMode" href=" https://schema.org/OfflineEventAttendanceMode ">
 <div itemprop="location" itemscope itemtype="https://schema.org/Place"><span itemprop="name">Médiathèque</span>
  <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress"><span itemprop="addressLocality">Lyon</span><meta itemprop="addressCountry" content="FR"></div></div>
 <div itemprop="organizer" itemscope itemtype="https://schema.org/Organization"><a itemprop="url" href="https://bm.example/"><span itemprop="name">Bibliothèque municipale</span></a>
  <link itemprop="sameAs" href="https://www.wikidata.org/wiki/Q1"><link itemprop="sameAs" href="https://www.facebook.com/bm.example"></div>
 <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><meta itemprop="price" content="0"><meta itemprop="priceCurrency" content="EUR"><link itemprop="availability" href="  https://schema.org/InStock"></div>
 <img itemprop="image" src=" /img/atelier.jpg " alt="">
</div></body></html>`,

	// Three scripts that refer to each other's nodes by @id, and a
	// provider known only by its sameAs list.
	"/projekte/coding-club": `<!DOCTYPE html><html lang="en"><head>
<script type="application/ld+json">{"@context":"http://schema.org","@type":"Organization","@id":"#org","name":"Coding Club e.V.","sameAs":["https://coding-club.example/","https://www.linkedin.com/company/coding-club"]}</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Project","@id":"#project","name":"Coding Club for Girls","provider":{"@id":"#org"},"location":{"@id":"#place"},"sameAs":["https://www.wikidata.org/wiki/Q2","https://other-map.example/p/9"]}</script>
<script type="application/ld+json">{"@context":{"@vocab":"https://schema.org/"},"@type":"Place","@id":"#place","address":{"@type":"PostalAddress","addressLocality":"Chemnitz","addressCountry":"DE"}}</script>
</head><body></body></html>`,

	// Structured data without a name: the page's OpenGraph tags stand in
	// for title, description, image and URL.
	"/p/repair-cafe": `<!DOCTYPE html><html lang="en"><head>
<meta property="og:title" content="Digital Repair Café">
<meta property="og:description" content="Volunteers help with phones, laptops and apps every Saturday.">
<meta property="og:image" content="{site}/img/repair.jpg">
<meta property="og:url" content="{site}/p/repair-cafe">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Project","location":{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"Graz","addressCountry":"AT"}}}</script>
</head><body></body></html>`,

	// Two practices on one page, one without a name: OpenGraph describes
	// the page, so it stands in for neither.
	"/p/two": `<!DOCTYPE html><html lang="en"><head>
<meta property="og:title" content="Our projects">
<script type="application/ld+json">[{"@context":"https://schema.org","@type":"Course","@id":"{site}/p/two#a","name":"Tablet course"},{"@context":"https://schema.org","@type":"Course","@id":"{site}/p/two#b"}]</script>
</head><body></body></html>`,

	// A broken script next to a good one.
	"/p/broken-script": `<!DOCTYPE html><html lang="en"><head>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"WebSite",}</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Course","@id":"{site}/p/broken-script#c","name":"Online safety for parents"}</script>
</head><body></body></html>`,
}

// realWorldPage returns a fixture page with {site} replaced.
func realWorldPage(path, site string) string {
	return strings.ReplaceAll(realWorldPages[path], "{site}", site)
}
