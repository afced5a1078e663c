//! Search snippets hold what a reader wrote (issue #16): no need area,
//! kind or date glued to the end of an item's text, no table cells, code or
//! chart spec in a page's snippet; those words are still found.

use crate::support::{Fixture, read};

/// The documents of the built index: (url, title, kind, excerpt).
fn docs(index: &str) -> Vec<(String, String, u64, String)> {
    let json = index
        .strip_prefix("window.kartsiteSearch = ")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("the index script");
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d[0].as_str().unwrap().to_string(),
                d[1].as_str().unwrap().to_string(),
                d[2].as_u64().unwrap(),
                d[3].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn snippets_show_the_text_and_not_the_metadata() {
    let f = Fixture::copy("residents");
    f.write(
        "content/behovsidentifiering/halsa.md",
        "---\ntitle: Hälsa i Lindby\nsummary: Vårdcentralen ligger långt bort.\n---\n\n| Område | Antal besök |\n|---|---|\n| Lindby | 4 300 |\n\n```chart\nid: besok\ntype: bar\ntitle: Hemligt diagramnamn\nrows:\n  - {o: Lindby, antal: 12}\n```\n\n```\nkonfiguration: 1\n```\n\nDe flesta åker buss till vårdcentralen.\n",
    );
    f.build(&["--audience", "internal"]).ok();
    let index = read(f.out().join("search-index.js"));
    let docs = docs(&index);
    let finding = docs
        .iter()
        .find(|d| d.0 == "findings.html#f-fritid")
        .expect("the finding");
    assert_eq!(finding.3, "Fritidsgården stänger klockan 18.");
    let page = docs
        .iter()
        .find(|d| d.0 == "behovsidentifiering/halsa.html")
        .expect("the page");
    assert_eq!(
        page.3,
        "Vårdcentralen ligger långt bort. De flesta åker buss till vårdcentralen."
    );
    for d in &docs {
        assert!(
            !d.3.contains("title:") && !d.3.contains('|') && !d.3.contains("```"),
            "{d:?}"
        );
    }
    // The need area, the table and the code still find their documents;
    // the chart's spec is not indexed.
    for word in ["trygghet", "besök", "konfiguration"] {
        let stem = format!("\"{}\"", kartsite::render::search::stem_word("sv", word));
        assert!(index.contains(&stem), "{word} ({stem}) not indexed");
    }
    assert!(
        !index.contains(&kartsite::render::search::stem_word("sv", "diagramnamn")),
        "the chart spec is indexed"
    );
}
