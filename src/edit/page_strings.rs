//! The words of the page forms in Swedish, Norwegian (bokmål) and
//! English; a key not here is looked up in [`super::strings`].

/// `key` in `lang` (from [`super::strings::form_lang`]).
pub fn pt(lang: &str, key: &str) -> &'static str {
    super::strings::lookup(TABLE, lang, key).unwrap_or_else(|| super::strings::t(lang, key))
}

const TABLE: &[(&str, &str, &str, &str)] = &[
    ("edit_page", "Ändra sidan", "Endre siden", "Edit page"),
    (
        "new_page",
        "Ny sida i det här avsnittet",
        "Ny side i denne delen",
        "New page in this section",
    ),
    ("new_page_title", "Ny sida", "Ny side", "New page"),
    ("pages", "Alla sidor", "Alle sider", "All pages"),
    (
        "pages_intro",
        "Välj en sida att ändra, en översättning, eller lägg till en ny sida i ett avsnitt.",
        "Velg en side du vil endre, en oversettelse, eller legg til en ny side i en del.",
        "Choose a page to change, a translation, or add a new page to a section.",
    ),
    ("page_tools", "Sidan", "Siden", "This page"),
    ("section", "Avsnitt", "Del", "Section"),
    ("translation", "Översättning", "Oversettelse", "Translation"),
    (
        "translations",
        "Översättningar",
        "Oversettelser",
        "Translations",
    ),
    (
        "new_translation",
        "Ny översättning",
        "Ny oversettelse",
        "New translation",
    ),
    (
        "original",
        "Originalsidan",
        "Originalsiden",
        "The original page",
    ),
    ("field.summary", "Sammanfattning", "Sammendrag", "Summary"),
    (
        "field.order",
        "Ordning (lägre tal visas först)",
        "Rekkefølge (lavere tall vises først)",
        "Order (lower numbers first)",
    ),
    (
        "field.answers",
        "Vägledande frågor som sidan besvarar",
        "Veiledende spørsmål siden svarer på",
        "Guiding questions the page answers",
    ),
    (
        "field.draft",
        "Utkast (kommer inte med när rapporten byggs)",
        "Utkast (kommer ikke med når rapporten bygges)",
        "Draft (left out when the report is built)",
    ),
    (
        "field.resident",
        "Skriven för boende (översätts, läsbarheten mäts)",
        "Skrevet for beboere (oversettes, lesbarheten måles)",
        "Written for residents (translated, readability measured)",
    ),
    ("field.body", "Sidans text", "Sidens tekst", "Page text"),
    ("field.file", "Filnamn", "Filnavn", "File name"),
    (
        "title_hint",
        "Lämna tomt för att använda sidans första rubrik.",
        "La stå tomt for å bruke sidens første overskrift.",
        "Leave empty to use the page's first heading.",
    ),
    (
        "file_hint",
        "Lämna tomt så föreslås ett namn från titeln (små bokstäver, siffror och bindestreck). En fil som finns skrivs aldrig över.",
        "La stå tomt, så foreslås et navn fra tittelen (små bokstaver, tall og bindestrek). En fil som finnes, skrives aldri over.",
        "Leave empty to get a name from the title (lowercase letters, digits and dashes). A file that exists is never replaced.",
    ),
    (
        "phase_default",
        "Mappens fas",
        "Mappens fase",
        "The folder's phase",
    ),
    (
        "delete_page",
        "Ta bort sidan",
        "Slett siden",
        "Delete the page",
    ),
    (
        "delete_also",
        "Översättningarna tas bort samtidigt:",
        "Oversettelsene slettes samtidig:",
        "Its translations are deleted too:",
    ),
    (
        "delete_page_refused",
        "Det går inte att ta bort förrän inget länkar hit. Ändra först:",
        "Dette kan ikke slettes før ingenting lenker hit. Endre først:",
        "This cannot be deleted while anything links to it. Change these first:",
    ),
    (
        "nothing_links",
        "Inget annat länkar hit eller hänvisar hit.",
        "Ingenting annet lenker eller viser hit.",
        "Nothing else links or refers to it.",
    ),
    (
        "conflict_front",
        "Sidans uppgifter (front matter) har ändrats i filen. Så här står de nu:",
        "Sidens opplysninger (front matter) er endret i filen. Slik står de nå:",
        "The page's front matter changed in the file. This is what it says now:",
    ),
    (
        "conflict_body",
        "Sidans text har ändrats i filen.",
        "Sidens tekst er endret i filen.",
        "The page's text changed in the file.",
    ),
    (
        "conflict_file",
        "Filen har sparats om (med samma innehåll eller på ett annat sätt).",
        "Filen er lagret på nytt (med samme innhold eller på en annen måte).",
        "The file was saved again (with the same content or in another way).",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_words_in_each_language() {
        for (k, sv, nb, en) in TABLE {
            assert!(!sv.is_empty() && !nb.is_empty() && !en.is_empty(), "{k}");
        }
        for f in super::super::page::PAGE_FIELDS {
            let key = format!("field.{}", f.key);
            for lang in ["sv", "nb", "en"] {
                assert_ne!(pt(lang, &key), "", "{key} {lang}");
            }
        }
        assert_eq!(pt("nb", "save"), "Lagre");
        let mut keys: Vec<_> = TABLE.iter().map(|r| r.0).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), TABLE.len(), "a key is in the table twice");
    }
}
