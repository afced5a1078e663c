//! The words of the edit forms in Swedish, Norwegian (bokmål) and English.
//! Kept here, not in the theme: the forms are the preview's, never a built
//! site's.

/// The form language for a report language: `nb`/`nn`/`no` → Norwegian,
/// `en` → English, anything else Swedish.
pub fn form_lang(report_lang: &str) -> &'static str {
    match report_lang.split(['-', '_']).next().unwrap_or("") {
        "nb" | "nn" | "no" => "nb",
        "en" => "en",
        _ => "sv",
    }
}

/// `key` in `lang` (from [`form_lang`]); empty when missing (a unit
/// test checks that every key the forms use is here).
pub fn t(lang: &str, key: &str) -> &'static str {
    lookup(TABLE, lang, key).unwrap_or("")
}

/// `key` of a table of (key, sv, nb, en) rows in `lang`, if it has it.
pub(super) fn lookup(
    table: &[(&str, &'static str, &'static str, &'static str)],
    lang: &str,
    key: &str,
) -> Option<&'static str> {
    table
        .iter()
        .find(|(k, ..)| *k == key)
        .map(|(_, sv, nb, en)| match lang {
            "nb" => *nb,
            "en" => *en,
            _ => *sv,
        })
}

const TABLE: &[(&str, &str, &str, &str)] = &[
    ("edit", "Ändra", "Endre", "Edit"),
    ("new", "Ny", "Ny", "New"),
    ("save", "Spara", "Lagre", "Save"),
    ("cancel", "Avbryt", "Avbryt", "Cancel"),
    ("delete", "Ta bort", "Slett", "Delete"),
    ("delete_confirm", "Ja, ta bort", "Ja, slett", "Yes, delete"),
    (
        "delete_question",
        "Vill du ta bort detta?",
        "Vil du slette dette?",
        "Do you want to delete this?",
    ),
    (
        "delete_refused",
        "Det går inte att ta bort förrän inget hänvisar hit. Ändra först:",
        "Dette kan ikke slettes før ingenting viser hit. Endre først:",
        "This cannot be deleted while other items refer to it. Change these first:",
    ),
    (
        "nothing_refers",
        "Inget annat hänvisar hit.",
        "Ingenting annet viser hit.",
        "Nothing else refers to it.",
    ),
    (
        "overview",
        "Ändra i rapporten",
        "Endre i rapporten",
        "Edit the report",
    ),
    (
        "overview_intro",
        "Välj vad du vill ändra, eller lägg till något nytt. Det du sparar skrivs i rapportens filer och förhandsvisningen uppdateras.",
        "Velg hva du vil endre, eller legg til noe nytt. Det du lagrer skrives i rapportens filer, og forhåndsvisningen oppdateres.",
        "Choose what to change, or add something new. What you save is written to the report's files and the preview updates.",
    ),
    (
        "errors_title",
        "Det gick inte att spara",
        "Kunne ikke lagre",
        "Could not save",
    ),
    (
        "errors_intro",
        "Rätta det som står nedan och spara igen. Inget har ändrats i filen.",
        "Rett det som står nedenfor og lagre igjen. Ingenting er endret i filen.",
        "Fix what is said below and save again. Nothing was changed in the file.",
    ),
    (
        "conflict_title",
        "Filen har ändrats sedan du öppnade formuläret",
        "Filen er endret siden du åpnet skjemaet",
        "The file changed since you opened the form",
    ),
    (
        "conflict_item",
        "Någon annan har ändrat just det här i filen. Så här står det nu:",
        "Noen andre har endret akkurat dette i filen. Slik står det nå:",
        "Someone else changed this very item in the file. This is what it says now:",
    ),
    (
        "conflict_other",
        "Andra delar av filen har ändrats (inte det här). Din text finns kvar nedan; spara igen för att skriva den.",
        "Andre deler av filen er endret (ikke dette). Teksten din er beholdt nedenfor; lagre igjen for å skrive den.",
        "Other parts of the file changed (not this item). Your text is kept below; save again to write it.",
    ),
    (
        "conflict_keep",
        "Din text finns kvar i formuläret. Jämför, och spara igen när du är klar.",
        "Teksten din er beholdt i skjemaet. Sammenlign, og lagre igjen når du er klar.",
        "Your text is kept in the form. Compare, and save again when you are ready.",
    ),
    (
        "conflict_gone",
        "Det finns inte längre i filen.",
        "Det finnes ikke lenger i filen.",
        "It is no longer in the file.",
    ),
    ("saved", "Sparat", "Lagret", "Saved"),
    ("not_found", "Finns inte", "Finnes ikke", "Not found"),
    (
        "not_found_text",
        "Det finns inget sådant i rapporten (det kan ha tagits bort eller bytt id).",
        "Det finnes ikke noe slikt i rapporten (det kan ha blitt slettet eller fått ny id).",
        "There is no such item in the report (it may have been deleted or renamed).",
    ),
    (
        "flow",
        "Listan i den här filen är skriven på en rad ([ … ]) och kan bara ändras i filen:",
        "Listen i denne filen er skrevet på én linje ([ … ]) og kan bare endres i filen:",
        "The list in this file is written on one line ([ … ]) and can only be changed in the file:",
    ),
    (
        "unreadable",
        "Filen kan inte ändras här:",
        "Filen kan ikke endres her:",
        "The file cannot be changed here:",
    ),
    ("file", "Fil", "Fil", "File"),
    ("required", "måste fyllas i", "må fylles ut", "required"),
    ("default", "(standard)", "(standard)", "(default)"),
    ("none", "(ingen)", "(ingen)", "(none)"),
    (
        "audience_default",
        "Rapportens standard",
        "Rapportens standard",
        "The report's default",
    ),
    ("internal", "Intern", "Intern", "Internal"),
    ("public", "Publik", "Offentlig", "Public"),
    ("yes", "Ja", "Ja", "Yes"),
    ("preview", "Förhandsvisning", "Forhåndsvisning", "Preview"),
    ("filter", "Sök", "Søk", "Search"),
    (
        "add_entry",
        "Lägg till en rad",
        "Legg til en rad",
        "Add an entry",
    ),
    ("timeline_entry", "Händelse", "Hendelse", "Entry"),
    (
        "timeline_new",
        "Ny händelse (lämna tom om du inte vill lägga till någon)",
        "Ny hendelse (la stå tom hvis du ikke vil legge til noen)",
        "New entry (leave empty to add none)",
    ),
    (
        "timeline_hint",
        "Töm datum och text för att ta bort en händelse.",
        "Tøm dato og tekst for å fjerne en hendelse.",
        "Empty the date and text to remove an entry.",
    ),
    (
        "date_hint",
        "ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM",
        "ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM",
        "YYYY-MM-DD or YYYY-MM",
    ),
    (
        "id_hint",
        "Små bokstäver, siffror och bindestreck. Lämna tomt så föreslås ett id från titeln.",
        "Små bokstaver, tall og bindestrek. La stå tomt, så foreslås en id fra tittelen.",
        "Lowercase letters, digits and dashes. Leave empty to get one from the title.",
    ),
    (
        "id_hint_existing",
        "Byter du id måste allt som hänvisar hit ändras också.",
        "Bytter du id, må alt som viser hit også endres.",
        "If you change the id, everything that refers here must change too.",
    ),
    (
        "markdown_hint",
        "Markdown: tom rad mellan stycken, **fet**, [länk](sida.md).",
        "Markdown: tom linje mellom avsnitt, **fet**, [lenke](side.md).",
        "Markdown: a blank line between paragraphs, **bold**, [link](page.md).",
    ),
    (
        "refs_hint",
        "Håll Ctrl (Cmd på Mac) nedtryckt för att välja flera.",
        "Hold Ctrl (Cmd på Mac) nede for å velge flere.",
        "Hold Ctrl (Cmd on a Mac) to choose several.",
    ),
    (
        "translations",
        "Översättningar",
        "Oversettelser",
        "Translations",
    ),
    ("kind.finding", "fynd", "funn", "finding"),
    ("kind.priority", "prioritering", "prioritering", "priority"),
    (
        "kind.feedback",
        "återkoppling",
        "tilbakemelding",
        "feedback",
    ),
    ("kind.actor", "aktör", "aktør", "actor"),
    ("kind.place", "plats", "sted", "place"),
    ("kind.quote", "citat", "sitat", "quote"),
    ("kinds.finding", "Fynd", "Funn", "Findings"),
    (
        "kinds.priority",
        "Prioriteringar",
        "Prioriteringer",
        "Priorities",
    ),
    (
        "kinds.feedback",
        "Återkoppling",
        "Tilbakemeldinger",
        "Feedback",
    ),
    ("kinds.actor", "Aktörer", "Aktører", "Actors"),
    ("kinds.place", "Platser", "Steder", "Places"),
    ("kinds.quote", "Citat", "Sitater", "Quotes"),
    ("field.id", "Id", "Id", "Id"),
    ("field.title", "Titel", "Tittel", "Title"),
    ("field.name", "Namn", "Navn", "Name"),
    (
        "field.need_area",
        "Behovsområde",
        "Behovsområde",
        "Need area",
    ),
    ("field.source", "Källa", "Kilde", "Source"),
    ("field.text", "Text", "Tekst", "Text"),
    (
        "field.evidence",
        "Underlag (sida eller webbadress)",
        "Grunnlag (side eller nettadresse)",
        "Evidence (page or web address)",
    ),
    ("field.phase", "Fas", "Fase", "Phase"),
    (
        "field.audience",
        "Vem det är för",
        "Hvem det er for",
        "Who it is for",
    ),
    (
        "field.translations",
        "Översättningar",
        "Oversettelser",
        "Translations",
    ),
    (
        "field.rank",
        "Ordning (1 är viktigast)",
        "Rekkefølge (1 er viktigst)",
        "Rank (1 is the most important)",
    ),
    (
        "field.based_on",
        "Bygger på fynd",
        "Bygger på funn",
        "Based on findings",
    ),
    (
        "field.action",
        "Vad vi gör",
        "Hva vi gjør",
        "What we will do",
    ),
    (
        "field.responsible",
        "Ansvarig aktör",
        "Ansvarlig aktør",
        "Responsible actor",
    ),
    ("field.when", "När", "Når", "When"),
    ("field.status", "Status", "Status", "Status"),
    (
        "field.status_reason",
        "Varför (krävs för ”inte aktuell”)",
        "Hvorfor (kreves for «ikke aktuell»)",
        "Why (required for \"not relevant\")",
    ),
    ("field.timeline", "Tidslinje", "Tidslinje", "Timeline"),
    ("field.date", "Datum", "Dato", "Date"),
    ("field.to", "Till", "Til", "To"),
    (
        "field.heard",
        "Vad vi hörde",
        "Hva vi hørte",
        "What we heard",
    ),
    ("field.doing", "Vad vi gör", "Hva vi gjør", "What we do"),
    (
        "field.channel",
        "Hur vi återkopplar",
        "Hvordan vi gir tilbakemelding",
        "How we report back",
    ),
    (
        "field.priorities",
        "Prioriteringar",
        "Prioriteringer",
        "Priorities",
    ),
    ("field.kind", "Sort", "Type", "Kind"),
    ("field.does", "Vad de gör", "Hva de gjør", "What they do"),
    ("field.for_whom", "För vem", "For hvem", "For whom"),
    (
        "field.cooperates_with",
        "Samarbetar med",
        "Samarbeider med",
        "Cooperates with",
    ),
    ("field.places", "Platser", "Steder", "Places"),
    (
        "field.contact",
        "Kontakt (en roll, inte en person)",
        "Kontakt (en rolle, ikke en person)",
        "Contact (a role, not a person)",
    ),
    (
        "field.description",
        "Beskrivning",
        "Beskrivelse",
        "Description",
    ),
    (
        "field.finding",
        "Fynd som citatet visar",
        "Funn som sitatet viser",
        "Finding the quote illustrates",
    ),
    (
        "field.context",
        "Var och när det sades",
        "Hvor og når det ble sagt",
        "Where and when it was said",
    ),
    (
        "field.attribution",
        "Vem som sa det (kräver samtycke)",
        "Hvem som sa det (krever samtykke)",
        "Who said it (needs consent)",
    ),
    (
        "field.consent",
        "Samtycke till att namnet visas",
        "Samtykke til at navnet vises",
        "Consent to show the name",
    ),
    ("choice.statistics", "Statistik", "Statistikk", "Statistics"),
    ("choice.dialogue", "Dialog", "Dialog", "Dialogue"),
    ("choice.interview", "Intervju", "Intervju", "Interview"),
    ("choice.workshop", "Workshop", "Verksted", "Workshop"),
    ("choice.report", "Rapport", "Rapport", "Report"),
    ("choice.planned", "Planerad", "Planlagt", "Planned"),
    ("choice.ongoing", "Pågår", "Pågår", "Ongoing"),
    ("choice.done", "Klar", "Ferdig", "Done"),
    (
        "choice.not_relevant",
        "Inte aktuell",
        "Ikke aktuell",
        "Not relevant",
    ),
    ("choice.residents", "Boende", "Beboere", "Residents"),
    ("choice.actors", "Aktörer", "Aktører", "Actors"),
    ("choice.branch", "Kretsen", "Lokalforeningen", "The branch"),
    ("choice.authority", "Myndighet", "Myndighet", "Authority"),
    ("choice.municipality", "Kommun", "Kommune", "Municipality"),
    ("choice.region", "Region", "Fylkeskommune", "Region"),
    (
        "choice.civil_society",
        "Civilsamhälle",
        "Sivilsamfunn",
        "Civil society",
    ),
    (
        "choice.private",
        "Näringsliv",
        "Næringsliv",
        "Private sector",
    ),
    ("choice.square", "Torg", "Torg", "Square"),
    (
        "choice.meeting_place",
        "Mötesplats",
        "Møteplass",
        "Meeting place",
    ),
    ("choice.school", "Skola", "Skole", "School"),
    ("choice.preschool", "Förskola", "Barnehage", "Preschool"),
    ("choice.library", "Bibliotek", "Bibliotek", "Library"),
    ("choice.sports", "Idrott", "Idrett", "Sports"),
    ("choice.park", "Park", "Park", "Park"),
    (
        "choice.religious",
        "Religiös plats",
        "Religiøst sted",
        "Place of worship",
    ),
    ("choice.shop", "Butik", "Butikk", "Shop"),
    ("choice.health", "Vård", "Helse", "Health care"),
    ("choice.other", "Annat", "Annet", "Other"),
    // The analysis tools' items, the glossary and key persons.
    ("kind.swot", "SWOT-punkt", "SWOT-punkt", "SWOT entry"),
    ("kinds.swot", "SWOT", "SWOT", "SWOT"),
    (
        "kind.activity",
        "aktivitet i årshjulet",
        "aktivitet i årshjulet",
        "annual cycle activity",
    ),
    ("kinds.activity", "Årshjul", "Årshjul", "Annual cycle"),
    (
        "kind.glossary",
        "term i ordlistan",
        "term i ordlisten",
        "glossary entry",
    ),
    ("kinds.glossary", "Ordlista", "Ordliste", "Glossary"),
    (
        "kind.factor",
        "omvärldsfaktor",
        "omverdensfaktor",
        "environmental factor",
    ),
    (
        "kinds.factor",
        "Omvärldsanalys",
        "Omverdensanalyse",
        "Environmental scan",
    ),
    (
        "kind.link",
        "samarbetslänk",
        "samarbeidslenke",
        "network link",
    ),
    (
        "kinds.link",
        "Nätverkets samarbeten",
        "Nettverkets samarbeid",
        "Network links",
    ),
    ("kind.target_group", "målgrupp", "målgruppe", "target group"),
    (
        "kinds.target_group",
        "Målgrupper",
        "Målgrupper",
        "Target groups",
    ),
    (
        "kind.key_person",
        "nyckelperson",
        "nøkkelperson",
        "key person",
    ),
    (
        "kinds.key_person",
        "Nyckelpersoner (bara internt)",
        "Nøkkelpersoner (bare internt)",
        "Key persons (internal only)",
    ),
    (
        "field.findings",
        "Bygger på fynd",
        "Bygger på funn",
        "Rests on findings",
    ),
    (
        "field.months",
        "Månader (eller Från och Till, eller Datum)",
        "Måneder (eller Fra og Til, eller Dato)",
        "Months (or From and To, or Date)",
    ),
    ("field.from", "Från", "Fra", "From"),
    (
        "field.recurring",
        "Återkommer varje år",
        "Gjentas hvert år",
        "Every year",
    ),
    ("field.term", "Ord", "Ord", "Term"),
    (
        "field.explanation",
        "Förklaring på lätt svenska",
        "Forklaring på enkel norsk",
        "Explanation in plain words",
    ),
    ("field.trend", "Vart det är på väg", "Hvor det går", "Trend"),
    (
        "field.effect",
        "Vad det kan betyda för området",
        "Hva det kan bety for området",
        "Likely effect on the area",
    ),
    ("field.certainty", "Hur säkert", "Hvor sikkert", "Certainty"),
    (
        "field.source_title",
        "Källans namn (länktext)",
        "Kildens navn (lenketekst)",
        "Name of the source (link text)",
    ),
    (
        "field.strength",
        "Styrka 1–5 (1 svag, 5 stark)",
        "Styrke 1–5 (1 svak, 5 sterk)",
        "Strength 1–5 (1 weak, 5 strong)",
    ),
    (
        "field.label",
        "Vad samarbetet är",
        "Hva samarbeidet er",
        "What the link is",
    ),
    ("field.role", "Roll", "Rolle", "Role"),
    (
        "field.organisation",
        "Organisation (aktör)",
        "Organisasjon (aktør)",
        "Organisation (actor)",
    ),
    ("field.phone", "Telefon", "Telefon", "Phone"),
    ("field.email", "E-post", "E-post", "Email"),
    ("field.notes", "Anteckningar", "Notater", "Notes"),
    (
        "source_hint",
        "En webbadress (https://…) eller en sida i rapporten (../kartlaggning/statistik.md).",
        "En nettadresse (https://…) eller en side i rapporten (../kartlegging/statistikk.md).",
        "A web address (https://…) or a page of the report (../mapping/statistics.md).",
    ),
    (
        "field.work",
        "Vem gör vad, för vem",
        "Hvem gjør hva, for hvem",
        "Who does what, for whom",
    ),
    (
        "field.for",
        "För målgrupp",
        "For målgruppe",
        "For target group",
    ),
    (
        "work_hint",
        "En rad per behovsområde och målgrupp. Töm en rad för att ta bort den.",
        "Én rad per behovsområde og målgruppe. Tøm en rad for å fjerne den.",
        "One row per need area and target group. Empty a row to remove it.",
    ),
    ("work_row", "Rad", "Rad", "Row"),
    (
        "work_new",
        "Ny rad (lämna tom om du inte vill lägga till någon)",
        "Ny rad (la stå tom hvis du ikke vil legge til noen)",
        "New row (leave empty to add none)",
    ),
    ("choice.strength", "Styrka", "Styrke", "Strength"),
    ("choice.weakness", "Svaghet", "Svakhet", "Weakness"),
    ("choice.opportunity", "Möjlighet", "Mulighet", "Opportunity"),
    ("choice.threat", "Hot", "Trussel", "Threat"),
    ("choice.political", "Politisk", "Politisk", "Political"),
    ("choice.economic", "Ekonomisk", "Økonomisk", "Economic"),
    ("choice.social", "Social", "Sosial", "Social"),
    (
        "choice.technological",
        "Teknisk",
        "Teknologisk",
        "Technological",
    ),
    ("choice.environmental", "Miljö", "Miljø", "Environmental"),
    ("choice.legal", "Rättslig", "Juridisk", "Legal"),
    ("choice.low", "Låg", "Lav", "Low"),
    ("choice.medium", "Medel", "Middels", "Medium"),
    ("choice.high", "Hög", "Høy", "High"),
    ("choice.informal", "Informellt", "Uformelt", "Informal"),
    (
        "choice.formal",
        "Formellt (avtal)",
        "Formelt (avtale)",
        "Formal (agreement)",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_and_choice_has_words_in_each_language() {
        for k in crate::edit::Kind::ALL {
            for key in [format!("kind.{}", k.key()), format!("kinds.{}", k.key())] {
                assert_ne!(t("sv", &key), "", "{key}");
            }
            for f in k.fields() {
                let key = format!("field.{}", f.key);
                assert_ne!(t("nb", &key), "", "{key}");
                if let crate::edit::kinds::Ty::Choice(all) = f.ty {
                    for c in all {
                        let key = format!("choice.{c}");
                        assert_ne!(t("en", &key), "", "{key}");
                    }
                }
            }
        }
        assert_eq!(form_lang("nn"), "nb");
        assert_eq!(form_lang("en-GB"), "en");
        assert_eq!(form_lang("sv"), "sv");
        let mut keys: Vec<_> = TABLE.iter().map(|r| r.0).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), TABLE.len(), "a key is in the table twice");
    }
}
