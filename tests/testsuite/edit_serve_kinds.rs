//! `kartsite serve --edit` on the example report: "Edit" links on SWOT
//! entries, årshjul activities, factors, glossary entries (in every
//! language), network links, target groups and key persons; a SWOT entry
//! saved through an ordinary POST; made-up items refused without a byte
//! changed; key persons never in a public preview.

use std::path::Path;

use kartsite::BuildOptions;
use kartsite::model::Audience;
use kartsite::serve::{ServeOptions, Server};

use crate::edit_serve::{form_body, get, hidden, send, snapshot};
use crate::support::Fixture;

fn start(root: &Path, audience: Audience) -> Server {
    Server::start(ServeOptions {
        port: 0,
        edit: true,
        build: BuildOptions {
            audience,
            ..BuildOptions::new(root)
        },
        ..ServeOptions::new(root)
    })
    .expect("the server starts")
}

#[test]
fn every_kind_has_its_edit_links_and_a_swot_entry_saves() {
    let f = Fixture::example();
    let server = start(&f.root, Audience::Internal);
    let addr = server.addr();
    for (page, wants) in [
        (
            "swot.html",
            &[
                "href=\"/__kartsite/edit/swot/s-engagerad-skola?from=swot.html\" aria-describedby=\"s-engagerad-skola\">Ändra</a>",
                "Ny SWOT-punkt</a>",
            ][..],
        ),
        (
            "annual-cycle.html",
            &[
                "/__kartsite/edit/activity/ah-vinterhjalp?from=annual-cycle.html",
                "Ny aktivitet i årshjulet</a>",
            ][..],
        ),
        (
            "environment.html",
            &["/__kartsite/edit/factor/o-civilt-forsvar?from=environment.html"][..],
        ),
        (
            "glossary.html",
            &["/__kartsite/edit/glossary/fritidsgard?from=glossary.html"][..],
        ),
        (
            "en/glossary.html",
            &["/__kartsite/edit/glossary/youth-centre?from=en/glossary.html"][..],
        ),
        (
            "actors.html",
            &[
                "/__kartsite/edit/key_person/kp-diakon?from=actors.html",
                "/__kartsite/edit/target_group/barn-unga?from=actors.html",
                "/__kartsite/edit/link/a-biblioteket~a-rodakorset-ekby~formal?from=actors.html",
                "Ny samarbetslänk</a>",
            ][..],
        ),
    ] {
        let r = get(addr, &format!("/{page}"));
        assert_eq!(r.status, 200, "{page}");
        for w in wants {
            assert!(r.body.contains(w), "{page}: no {w}");
        }
    }
    // The English glossary page's link opens the Swedish entry's form.
    let form = get(addr, "/__kartsite/edit/glossary/youth-centre");
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains("<input type=\"text\" id=\"f-term\" name=\"f.term\" value=\"fritidsgård\">"),
        "{}",
        form.body
    );
    assert!(form.body.contains("lang=\"en\""), "{}", form.body);
    // A row the actor map has only from `cooperates_with`: a new link's form.
    let pair = get(
        addr,
        "/__kartsite/edit/link/a-polisen~a-fritidsgarden~informal",
    );
    assert_eq!(pair.status, 200, "{}", pair.body);
    assert!(
        pair.body.contains("action=\"/__kartsite/new/link\""),
        "{}",
        pair.body
    );

    // A SWOT entry through the form, as a browser posts it.
    let rel = "content/analys-och-aterkoppling/swot.yaml";
    let form = get(
        addr,
        "/__kartsite/edit/swot/s-engagerad-skola?from=swot.html",
    );
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains("<option value=\"strength\" selected>Styrka</option>"),
        "{}",
        form.body
    );
    let before = std::fs::read_to_string(f.root.join(rel)).unwrap();
    let fields: Vec<(String, String)> = [
        ("f.id", "s-engagerad-skola"),
        ("f.kind", "opportunity"),
        ("f.text", "Skolan har kurator och skolsköterska."),
        ("f.findings", "f-stress-unga"),
        ("f.phase", ""),
        ("f.audience", ""),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
    .collect();
    let body = form_body(&form.body, &fields);
    let r = send(
        addr,
        "POST",
        "/__kartsite/edit/swot/s-engagerad-skola",
        &format!("Origin: http://{addr}\r\n"),
        &body,
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        r.headers
            .to_lowercase()
            .contains("location: /swot.html#s-engagerad-skola"),
        "{}",
        r.headers
    );
    let after = std::fs::read_to_string(f.root.join(rel)).unwrap();
    assert_eq!(
        after,
        before.replace(
            "  - id: s-engagerad-skola\n    kind: styrka\n    text: Skolan har kurator, skolsköterska och studiehandledning på sex språk.\n",
            "  - id: s-engagerad-skola\n    kind: opportunity\n    text: Skolan har kurator och skolsköterska.\n"
        )
    );
    let page = get(addr, "/swot.html");
    assert!(
        page.body.contains("Skolan har kurator och skolsköterska."),
        "{}",
        page.body
    );

    // Made-up items of the new kinds: 404, nothing written.
    let token = hidden(&form.body, "_token");
    let before = snapshot(&f.root);
    for path in [
        "/__kartsite/edit/swot/s-finns-inte",
        "/__kartsite/edit/glossary/finns-inte",
        "/__kartsite/edit/link/a-x~a-y~formal",
        "/__kartsite/edit/target_group/..%2F..%2Fbook.toml",
        "/__kartsite/delete/key_person/kp-finns-inte",
        "/__kartsite/delete/link/a-polisen~a-fritidsgarden~informal",
    ] {
        let r = send(
            addr,
            "POST",
            path,
            "",
            &format!("_token={token}&f.text=x&f.term=x&f.from=a-polisen"),
        );
        assert_eq!(r.status, 404, "{path}: {}", r.body);
    }
    assert_eq!(snapshot(&f.root), before);
    server.shutdown();
}

#[test]
fn a_public_preview_has_no_key_person_forms() {
    let f = Fixture::example();
    let server = start(&f.root, Audience::Public);
    let addr = server.addr();
    let actors = get(addr, "/actors.html");
    assert_eq!(actors.status, 200);
    assert!(!actors.body.contains("key_person"), "{}", actors.body);
    assert!(!actors.body.contains("070-174"), "a phone number in public");
    assert_eq!(
        get(addr, "/__kartsite/edit/key_person/kp-diakon").status,
        404
    );
    assert_eq!(get(addr, "/__kartsite/new/key_person").status, 404);
    assert_eq!(
        get(addr, "/__kartsite/delete/key_person/kp-diakon").status,
        404
    );
    let overview = get(addr, "/__kartsite/edit/");
    assert!(overview.body.contains("Ny SWOT-punkt"), "{}", overview.body);
    assert!(
        !overview.body.contains("kp-diakon") && !overview.body.contains("Nyckelpersoner"),
        "{}",
        overview.body
    );
    // The form of a new key person, posted anyway: refused, nothing written.
    let form = get(addr, "/__kartsite/new/swot");
    let token = hidden(&form.body, "_token");
    let before = snapshot(&f.root);
    let r = send(
        addr,
        "POST",
        "/__kartsite/new/key_person",
        "",
        &format!("_token={token}&_file=&f.name=Test+Person&f.organisation=a-polisen"),
    );
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(snapshot(&f.root), before);
    server.shutdown();
}
