//! `kartsite serve --edit`, pages over HTTP: the page bar only with
//! `--edit`, a page form saved with an ordinary POST (as a browser sends
//! it, `\r\n` in the text area) that the next page view shows, and every
//! page write without the token, from another origin or host, or to a
//! made-up page, section or language refused without a byte changed.

use crate::edit_serve::{encoded, form_pairs, get, hidden, report, send, snapshot, start};

const STAT: &str = "content/kartlaggning/statistik.md";

/// The statistics page's form as a browser sends it, with changes.
fn page_form(html: &str, body: &str, changes: &[(&str, &str)]) -> String {
    let base = [
        ("f.title", "Statistik"),
        ("f.phase", ""),
        ("f.summary", "Befolkning och boende i siffror."),
        ("f.order", "1"),
        ("f.audience", ""),
        ("f.answers", "statistik"),
    ];
    let mut pairs = form_pairs(html, &base, changes);
    pairs.push(("f.body".into(), body.replace('\n', "\r\n")));
    encoded(&pairs)
}

#[test]
fn without_edit_there_is_no_page_bar_and_no_page_form() {
    let dir = report();
    let server = start(dir.path(), false);
    let addr = server.addr();
    let page = get(addr, "/kartlaggning/statistik.html");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("ks-edit-page"), "{}", page.body);
    assert_eq!(
        get(addr, "/__kartsite/page/kartlaggning/statistik.html").status,
        404
    );
    assert_eq!(get(addr, "/__kartsite/pages/").status, 404);
    server.shutdown();
}

#[test]
fn a_saved_page_form_is_in_the_file_and_in_the_page_that_follows() {
    let dir = report();
    let server = start(dir.path(), true);
    let addr = server.addr();
    let page = get(addr, "/kartlaggning/statistik.html");
    assert!(
        page.body.contains("<a href=\"/__kartsite/page/kartlaggning/statistik.html?from=kartlaggning/statistik.html\">Ändra sidan</a>"),
        "{}",
        page.body
    );
    let section = get(addr, "/kartlaggning/");
    assert!(
        section.body.contains("href=\"/__kartsite/new-page/kartlaggning/index.html?from=kartlaggning/index.html\">Ny sida i det här avsnittet</a>"),
        "{}",
        section.body
    );
    let form = get(
        addr,
        "/__kartsite/page/kartlaggning/statistik.html?from=kartlaggning/statistik.html",
    );
    assert_eq!(form.status, 200);
    for expected in [
        "<label for=\"f-title\">Titel</label>",
        "<option value=\"statistik\" selected>",
        "<select id=\"f-phase\" name=\"f.phase\"><option value=\"\" selected>Mappens fas (standard)</option>",
        "<textarea id=\"f-body\" name=\"f.body\" rows=\"20\" data-markdown aria-describedby=\"f-body-hint\">\n\nNorrby har ungefär 4 000 invånare.",
    ] {
        assert!(form.body.contains(expected), "{expected}\n{}", form.body);
    }
    let before = std::fs::read_to_string(dir.path().join(STAT)).unwrap();
    let body = before
        .split_once("\n---\n")
        .unwrap()
        .1
        .replace("4 000", "4 300");
    let r = send(
        addr,
        "POST",
        "/__kartsite/page/kartlaggning/statistik.html",
        &format!("Origin: http://{addr}\r\n"),
        &page_form(&form.body, &body, &[("f.order", "4")]),
    );
    assert_eq!(r.status, 303, "{}\n{}", r.headers, r.body);
    assert!(
        r.headers
            .to_ascii_lowercase()
            .contains("location: /kartlaggning/statistik.html"),
        "{}",
        r.headers
    );
    let after = std::fs::read_to_string(dir.path().join(STAT)).unwrap();
    assert_eq!(
        after,
        before
            .replace("4 000", "4 300")
            .replace("order: 1", "order: 4")
    );
    // The save answered after the rebuild: the next page is the new one.
    let page = get(addr, "/kartlaggning/statistik.html");
    assert!(page.body.contains("4 300"), "{}", page.body);
    // An invalid save shows the build's message at the field.
    let form = get(addr, "/__kartsite/page/kartlaggning/statistik.html");
    let now = snapshot(dir.path());
    let r = send(
        addr,
        "POST",
        "/__kartsite/page/kartlaggning/statistik.html",
        "",
        &page_form(
            &form.body,
            &body,
            &[("f.order", "4"), ("f.phase", "finns-inte")],
        ),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("id=\"f-phase-err\""), "{}", r.body);
    assert!(
        r.body
            .contains("aria-invalid=\"true\" aria-describedby=\"f-phase-err\""),
        "{}",
        r.body
    );
    assert!(r.body.contains(&format!("{STAT}:3:")), "{}", r.body);
    assert_eq!(snapshot(dir.path()), now);
    server.shutdown();
}

#[test]
fn page_writes_without_the_token_from_elsewhere_or_to_made_up_pages_change_nothing() {
    let dir = report();
    let server = start(dir.path(), true);
    let addr = server.addr();
    let form = get(addr, "/__kartsite/page/kartlaggning/statistik.html");
    let body = page_form(&form.body, "Ny text.\n", &[]);
    let token = hidden(&form.body, "_token");
    let no_token = body.replace(&format!("_token={token}"), "_token=");
    let before = snapshot(dir.path());
    let cases: Vec<(&str, &str, String, u16)> = vec![
        (
            "no token",
            "/__kartsite/page/kartlaggning/statistik.html",
            no_token.clone(),
            403,
        ),
        (
            "foreign origin",
            "/__kartsite/page/kartlaggning/statistik.html",
            body.clone(),
            403,
        ),
        (
            "foreign host",
            "/__kartsite/page/kartlaggning/statistik.html",
            body.clone(),
            403,
        ),
        (
            "made-up page",
            "/__kartsite/page/kartlaggning/finns-inte.html",
            body.clone(),
            404,
        ),
        (
            "a path as page",
            "/__kartsite/page/..%2F..%2Fbook.toml",
            body.clone(),
            404,
        ),
        (
            "a source path",
            "/__kartsite/page/content/kartlaggning/statistik.md",
            body.clone(),
            404,
        ),
        (
            "made-up section",
            "/__kartsite/new-page/finns-inte/index.html",
            body.clone(),
            404,
        ),
        (
            "a language not configured",
            "/__kartsite/translation/ar/kartlaggning/statistik.html",
            body.clone(),
            404,
        ),
        (
            "delete without token",
            "/__kartsite/delete-page/om.html",
            no_token.clone(),
            403,
        ),
        (
            "delete a made-up page",
            "/__kartsite/delete-page/finns-inte.html",
            body.clone(),
            404,
        ),
    ];
    for (what, path, body, status) in cases {
        let extra = match what {
            "foreign origin" => "Origin: http://evil.example\r\n".to_string(),
            "foreign host" => "Host: evil.example\r\n".to_string(),
            _ => String::new(),
        };
        let r = send(addr, "POST", path, &extra, &body);
        assert_eq!(r.status, status, "{what}: {}", r.body);
        assert_eq!(snapshot(dir.path()), before, "{what}: a file changed");
    }
    // Deleting asks first and names what links to the page.
    let ask = get(addr, "/__kartsite/delete-page/kartlaggning/torget.html");
    assert_eq!(ask.status, 200);
    assert!(ask.body.contains(&format!("{STAT}:12:")), "{}", ask.body);
    assert!(
        ask.body
            .contains("content/behovsidentifiering/resultat.yaml:6:"),
        "{}",
        ask.body
    );
    assert!(!ask.body.contains("<button"), "{}", ask.body);
    server.shutdown();
}
