//! Phone numbers and numbers grouped by spaces do not break across lines
//! (issue #16): in page text and on the residents' pages they are wrapped in
//! a `white-space: nowrap` span; code stays as written.

use crate::support::{Fixture, read};

#[test]
fn phone_numbers_stay_whole_in_pages_and_resident_pages() {
    let f = Fixture::copy("residents");
    let page = read(f.path("content/behovsidentifiering/halsa.md")).replace(
        "Vårdcentralen ligger långt bort.",
        "Vårdcentralen ligger långt bort. Ring 0771-11 22 33 eller läs mer om de 41 000 invånarna.\n\n```\n0771-11 22 33\n```\n",
    );
    f.write("content/behovsidentifiering/halsa.md", page);
    let plan = read(f.path("content/analys-och-aterkoppling/plan.yaml")).replace(
        "doing: Fritidsgården får längre öppettider.",
        "doing: Fritidsgården får längre öppettider, ring 08-123 456 78.",
    );
    f.write("content/analys-och-aterkoppling/plan.yaml", plan);
    f.build(&["--audience", "internal"]).ok();
    let halsa = read(f.out().join("behovsidentifiering/halsa.html"));
    assert!(
        halsa.contains("Ring <span class=\"phone\">0771-11 22 33</span> eller läs mer om de <span class=\"nowrap\">41 000</span> invånarna."),
        "{halsa}"
    );
    assert!(
        halsa.contains("<pre><code>0771-11 22 33\n</code></pre>"),
        "{halsa}"
    );
    let residents = read(f.out().join("residents.html"));
    assert!(
        residents.contains("ring <span class=\"phone\">08-123 456 78</span>."),
        "{residents}"
    );
    let css = read(f.out().join("style.css"));
    assert!(css.contains(".phone, .nowrap, a[href^=\"tel:\"] { white-space: nowrap; }"));
}
