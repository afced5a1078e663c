//! `serve --edit`: the forms of [`crate::edit`] over HTTP, and the "Edit"
//! and "New" links added to the preview's pages (never to a built site).
//!
//! Every write needs the session's token (in the form) and a same-origin
//! request (the Host is checked for every request by the server, the
//! Origin here). A request names an item by kind and id only: the file
//! comes from the loaded report, never from the request.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::edit_state::EditState;
use super::server::{AppState, same_origin, site_path};
use crate::edit::apply::{self, Workspace};
use crate::edit::form::{self, Notice, Page};
use crate::edit::strings::t;
use crate::edit::{Action, Kind, Refusal, Request};

/// The edit routes, added to the server's router with `--edit`.
pub(crate) fn routes(router: axum::Router<Arc<AppState>>) -> axum::Router<Arc<AppState>> {
    use axum::routing::{get, post};
    router
        .route(form::EDIT_PATH, get(overview))
        .route(
            "/__kartsite/edit/{kind}/{id}",
            get(edit_form).post(save_item),
        )
        .route("/__kartsite/new/{kind}", get(new_form).post(save_new))
        .route(
            "/__kartsite/delete/{kind}/{id}",
            get(delete_form).post(delete_item),
        )
        .route(form::SCRIPT_PATH, get(script))
        .route(form::PREVIEW_PATH, post(markdown_preview))
}

pub(super) fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A plain-text answer: the message in the report's language, one line.
pub(super) fn plain(status: StatusCode, body: crate::messages::Msg) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{body}\n"),
    )
        .into_response()
}

pub(super) fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// The site page a form goes back to: a site URL, or empty.
fn from_of(raw: Option<&str>) -> String {
    let Some(raw) = raw else {
        return String::new();
    };
    let value = form::parse_urlencoded(raw)
        .into_iter()
        .find(|(k, _)| k == "from" || k == "_from")
        .map(|(_, v)| v)
        .unwrap_or_default();
    checked_from(&value)
}

pub(super) fn checked_from(value: &str) -> String {
    let encoded = form::seg(value).replace("%2F", "/");
    match site_path(&format!("/{encoded}")) {
        Ok(u) if !value.is_empty() && !u.starts_with("__kartsite") => value.to_string(),
        _ => String::new(),
    }
}

fn edit_state(app: &AppState) -> Option<&EditState> {
    app.edit.as_deref()
}

/// What every form page starts from: the edit state, the report as it is
/// now and the site page to go back to (or the answer when there is none).
// The error side is the answer itself, returned at once (as axum's own
// extractors do).
#[allow(clippy::result_large_err)]
pub(super) fn begin<'a>(
    app: &'a AppState,
    query: Option<&str>,
) -> Result<(&'a EditState, Arc<Workspace>, String), Response> {
    let ed = edit_state(app)
        .ok_or_else(|| plain(StatusCode::NOT_FOUND, crate::msg!("edit.refuse.not-found")))?;
    let ws = ed.workspace(&app.site).map_err(|e| unavailable(&e))?;
    Ok((ed, ws, from_of(query)))
}

pub(super) fn page<'a>(ed: &'a EditState, ws: &'a Workspace, from: &'a str) -> Page<'a> {
    Page {
        ws,
        lang: ed.lang,
        token: &ed.token,
        from,
    }
}

/// `GET /__kartsite/edit/`: every item, by kind.
pub(crate) async fn overview(State(app): State<Arc<AppState>>, RawQuery(q): RawQuery) -> Response {
    match begin(&app, q.as_deref()) {
        Ok((ed, ws, from)) => html(StatusCode::OK, form::overview(&page(ed, &ws, &from))),
        Err(r) => r,
    }
}

pub(super) fn unavailable(errors: &str) -> Response {
    let mut body = String::from(
        "The report does not load now, so it cannot be edited; fix the errors shown in the preview first.\n\n",
    );
    body.push_str(errors);
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

pub(super) fn not_found(p: &Page<'_>) -> Response {
    html(
        StatusCode::NOT_FOUND,
        form::message(
            p,
            t(p.lang, "not_found"),
            &[t(p.lang, "not_found_text").to_string()],
        ),
    )
}

/// [`begin`] for a page about item `id` of `kind`: also the kind and the
/// item's values (a made-up kind or id is answered with 404).
#[allow(clippy::result_large_err)]
fn begin_item<'a>(
    app: &'a AppState,
    kind: &str,
    id: &str,
    query: Option<&str>,
) -> Result<
    (
        &'a EditState,
        Arc<Workspace>,
        String,
        Kind,
        crate::edit::Values,
    ),
    Response,
> {
    let (ed, ws, from) = begin(app, query)?;
    let found = Kind::parse(kind).and_then(|k| ws.item(k, id).map(|(v, _)| (k, v)));
    match found {
        Some((kind, values)) => Ok((ed, ws, from, kind, values)),
        None => Err(not_found(&page(ed, &ws, &from))),
    }
}

/// `GET /__kartsite/edit/{kind}/{id}`.
pub(crate) async fn edit_form(
    State(app): State<Arc<AppState>>,
    UrlPath((kind, id)): UrlPath<(String, String)>,
    RawQuery(q): RawQuery,
) -> Response {
    let (ed, ws, from, kind, values) = match begin_item(&app, &kind, &id, q.as_deref()) {
        Ok(b) => b,
        Err(r) => return new_link_for_pair(&app, &kind, &id, q.as_deref()).unwrap_or(r),
    };
    let p = page(ed, &ws, &from);
    match apply::current_item(&ws, kind, &id) {
        Ok((fh, ih)) => html(
            StatusCode::OK,
            form::item_form(&p, kind, Some(&id), &values, &fh, &ih, &[], None),
        ),
        Err(r) => refused(&p, &r),
    }
}

/// A row of the actor map's table that only an actor's `cooperates_with`
/// makes has no `links:` entry: its edit link opens the form of a new link
/// between the two actors, to say more about their cooperation.
fn new_link_for_pair(
    app: &AppState,
    kind: &str,
    id: &str,
    query: Option<&str>,
) -> Option<Response> {
    if kind != Kind::Link.key() {
        return None;
    }
    let (ed, ws, from) = begin(app, query).ok()?;
    let mut parts = id.splitn(3, '~');
    let (a, b, link_kind) = (parts.next()?, parts.next()?, parts.next()?);
    let actors = crate::edit::kinds::items(&ws.report, Kind::Actor);
    if a == b || ![a, b].iter().all(|x| actors.iter().any(|(i, _, _)| i == x)) {
        return None;
    }
    let mut values = crate::edit::kinds::blank(Kind::Link);
    let text = |s: &str| crate::edit::Value::Text(s.to_string());
    values.insert("from", text(a));
    values.insert("to", text(b));
    if link_kind == "formal" {
        values.insert("kind", text(link_kind));
    }
    let fh = apply::new_item_hash(&ws, Kind::Link);
    let p = page(ed, &ws, &from);
    Some(html(
        StatusCode::OK,
        form::item_form(&p, Kind::Link, None, &values, &fh, "", &[], None),
    ))
}

/// `GET /__kartsite/new/{kind}`.
pub(crate) async fn new_form(
    State(app): State<Arc<AppState>>,
    UrlPath(kind): UrlPath<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let (ed, ws, from) = match begin(&app, q.as_deref()) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let p = page(ed, &ws, &from);
    let Some(kind) = Kind::parse(&kind).filter(|k| ws.editable(*k)) else {
        return not_found(&p);
    };
    let values = crate::edit::kinds::blank(kind);
    let fh = apply::new_item_hash(&ws, kind);
    html(
        StatusCode::OK,
        form::item_form(&p, kind, None, &values, &fh, "", &[], None),
    )
}

/// `GET /__kartsite/delete/{kind}/{id}`: what refers to it, and the button.
pub(crate) async fn delete_form(
    State(app): State<Arc<AppState>>,
    UrlPath((kind, id)): UrlPath<(String, String)>,
    RawQuery(q): RawQuery,
) -> Response {
    let (ed, ws, from, kind, values) = match begin_item(&app, &kind, &id, q.as_deref()) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let p = page(ed, &ws, &from);
    let refs = apply::references(&ws, kind, &id);
    match apply::current_item(&ws, kind, &id) {
        Ok((fh, ih)) => html(
            StatusCode::OK,
            form::delete_form(&p, kind, &id, &values, &refs, &fh, &ih),
        ),
        Err(r) => refused(&p, &r),
    }
}

pub(super) fn refused(p: &Page<'_>, r: &Refusal) -> Response {
    let lang = p.lang;
    match r {
        Refusal::NotFound => not_found(p),
        Refusal::Flow(file) => html(
            StatusCode::CONFLICT,
            form::message(
                p,
                t(lang, "unreadable"),
                &[format!("{} {}", t(lang, "flow"), file.display())],
            ),
        ),
        Refusal::Unreadable(file, why) | Refusal::Io(file, why) => html(
            StatusCode::CONFLICT,
            form::message(
                p,
                t(lang, "unreadable"),
                &[format!("{}: {why}", file.display())],
            ),
        ),
        Refusal::Referenced(refs) => {
            let body = form::refs_html(lang, refs);
            html(
                StatusCode::CONFLICT,
                form::message(p, t(lang, "delete"), &[]).replacen(
                    "</h1>\n",
                    &format!("</h1>\n{body}"),
                    1,
                ),
            )
        }
        Refusal::Invalid(_) | Refusal::Conflict { .. } => html(
            StatusCode::CONFLICT,
            form::message(p, t(lang, "errors_title"), &[]),
        ),
    }
}

/// What every write starts with: the form's fields (checked by [`guard`]),
/// the edit state, the save lock (one save at a time), the report as it is
/// and the page the form came from.
pub(super) struct Writing<'a> {
    pub(super) pairs: Vec<(String, String)>,
    pub(super) ed: &'a EditState,
    pub(super) _one: tokio::sync::MutexGuard<'a, ()>,
    pub(super) ws: Arc<Workspace>,
    pub(super) from: String,
}

/// Start a write of the item or page forms; a refusal is the answer.
#[allow(clippy::result_large_err)]
pub(super) async fn begin_write<'a>(
    app: &'a AppState,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Writing<'a>, Response> {
    let pairs = form::parse_urlencoded(&String::from_utf8_lossy(body));
    guard(app, headers, &pairs)?;
    let Some(ed) = edit_state(app) else {
        return Err(plain(
            StatusCode::NOT_FOUND,
            crate::msg!("edit.refuse.not-found"),
        ));
    };
    let one = ed.saving.lock().await;
    let ws = ed.workspace(&app.site).map_err(|e| unavailable(&e))?;
    let from = checked_from(field(&pairs, "_from"));
    Ok(Writing {
        pairs,
        ed,
        _one: one,
        ws,
        from,
    })
}

/// Why a write was refused before anything was looked at.
#[allow(clippy::result_large_err)]
pub(super) fn guard(
    app: &AppState,
    headers: &HeaderMap,
    pairs: &[(String, String)],
) -> Result<(), Response> {
    let Some(ed) = edit_state(app) else {
        return Err(plain(
            StatusCode::NOT_FOUND,
            crate::msg!("edit.refuse.not-found"),
        ));
    };
    if !same_origin(headers) {
        return Err(plain(
            StatusCode::FORBIDDEN,
            crate::msg!("edit.refuse.not-from-this-preview"),
        ));
    }
    let token = pairs
        .iter()
        .find(|(k, _)| k == "_token")
        .map_or("", |(_, v)| v.as_str());
    if !super::edit_state::same_token(token, &ed.token) {
        return Err(plain(
            StatusCode::FORBIDDEN,
            crate::msg!("edit.refuse.another-serve"),
        ));
    }
    Ok(())
}

pub(super) fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// `POST /__kartsite/edit/{kind}/{id}`.
pub(crate) async fn save_item(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath((kind, id)): UrlPath<(String, String)>,
    body: Bytes,
) -> Response {
    write(app, headers, &kind, Some(id), false, body).await
}

/// `POST /__kartsite/new/{kind}`.
pub(crate) async fn save_new(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(kind): UrlPath<String>,
    body: Bytes,
) -> Response {
    write(app, headers, &kind, None, false, body).await
}

/// `POST /__kartsite/delete/{kind}/{id}`.
pub(crate) async fn delete_item(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath((kind, id)): UrlPath<(String, String)>,
    body: Bytes,
) -> Response {
    write(app, headers, &kind, Some(id), true, body).await
}

/// How long a save waits for the preview to rebuild before answering.
pub(super) const REBUILD_WAIT: Duration = Duration::from_secs(10);

#[allow(clippy::too_many_lines)]
async fn write(
    app: Arc<AppState>,
    headers: HeaderMap,
    kind: &str,
    id: Option<String>,
    delete: bool,
    body: Bytes,
) -> Response {
    let Writing {
        pairs,
        ed,
        _one,
        ws,
        from,
    } = match begin_write(&app, &headers, &body).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    let p = page(ed, &ws, &from);
    let Some(kind) = Kind::parse(kind) else {
        return not_found(&p);
    };
    let old = match &id {
        Some(id) => match ws.item(kind, id) {
            Some((v, _)) => Some(v),
            None => return not_found(&p),
        },
        None => None,
    };
    let values = if delete {
        crate::edit::Values::new()
    } else {
        form::values_from_form(&ws, kind, &pairs, old.as_ref())
    };
    let action = match (&id, delete) {
        (Some(id), true) => Action::Delete {
            kind,
            id: id.clone(),
        },
        (Some(id), false) => Action::Update {
            kind,
            id: id.clone(),
        },
        (None, _) => Action::Create { kind },
    };
    let request = Request {
        action,
        values: values.clone(),
        file_hash: field(&pairs, "_file").to_string(),
        item_hash: field(&pairs, "_item").to_string(),
    };
    let mut rebuilds = app.site.watch_rebuilds();
    rebuilds.mark_unchanged();
    let result = {
        let ws = ws.clone();
        tokio::task::spawn_blocking(move || crate::edit::save(&ws, &request)).await
    };
    let result = match result {
        Ok(r) => r,
        Err(_) => {
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                crate::msg!("edit.refuse.save-failed"),
            );
        }
    };
    match result {
        Ok(saved) => {
            // The preview rebuilds from the file (the watcher sees it);
            // answer once it has, so the page shown next is the new one.
            let _ = tokio::time::timeout(REBUILD_WAIT, rebuilds.changed()).await;
            let anchor = if delete {
                String::new()
            } else {
                form::anchor(kind, &saved.id)
            };
            ed.remember(app.site.rebuild_count(), ws.after(saved));
            if from.is_empty() {
                see_other(&format!("{}{anchor}", form::EDIT_PATH))
            } else {
                let path: Vec<String> = from.split('/').map(form::seg).collect();
                see_other(&format!("/{}{anchor}", path.join("/")))
            }
        }
        Err(Refusal::Invalid(errors)) => {
            let id = id.as_deref();
            let (fh, ih) = (field(&pairs, "_file"), field(&pairs, "_item"));
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                form::item_form(&p, kind, id, &values, fh, ih, &errors, None),
            )
        }
        Err(Refusal::Conflict {
            file,
            item_changed,
            now,
        }) => {
            let lang = ed.lang;
            let mut lines = Vec::new();
            let code = if item_changed {
                if now.is_empty() {
                    lines.push(t(lang, "conflict_gone").to_string());
                    None
                } else {
                    lines.push(t(lang, "conflict_item").to_string());
                    Some(
                        now.iter()
                            .map(|(n, l)| format!("{}:{n}  {l}", file.display()))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    )
                }
            } else {
                lines.push(t(lang, "conflict_other").to_string());
                None
            };
            lines.push(t(lang, "conflict_keep").to_string());
            let notice = Notice {
                title: t(lang, "conflict_title").to_string(),
                lines,
                code,
            };
            // The form keeps the writer's text, with the file as it is now,
            // so that saving again is a choice made knowing what changed.
            let fresh = Workspace::load(&ed.root, ed.drafts, ed.audience).ok();
            let fresh = fresh.as_ref().unwrap_or(&ws);
            let (fh, ih) = match id.as_deref() {
                Some(id) if !delete => apply::current_item(fresh, kind, id).unwrap_or_default(),
                Some(_) => Default::default(),
                None => (apply::new_item_hash(fresh, kind), String::new()),
            };
            let p = Page { ws: fresh, ..p };
            if delete {
                return html(
                    StatusCode::CONFLICT,
                    form::message(&p, &notice.title, &notice.lines),
                );
            }
            html(
                StatusCode::CONFLICT,
                form::item_form(
                    &p,
                    kind,
                    id.as_deref(),
                    &values,
                    &fh,
                    &ih,
                    &[],
                    Some(&notice),
                ),
            )
        }
        Err(r) => refused(&p, &r),
    }
}

/// `POST /__kartsite/markdown`: a Markdown text as HTML, for the live
/// preview beside a text area (the token and same origin as for a save).
pub(crate) async fn markdown_preview(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let pairs = form::parse_urlencoded(&String::from_utf8_lossy(&body));
    if let Err(r) = guard(&app, &headers, &pairs) {
        return r;
    }
    let text = field(&pairs, "text");
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(text));
    // Only text and plain markup: no links out, no images, no scripts.
    let clean = ammonia::Builder::default()
        .rm_tags(&["img", "a"])
        .clean(&out)
        .to_string();
    html(StatusCode::OK, clean)
}

/// `GET /__kartsite/edit.js`: pickers with a filter, the Markdown preview,
/// a button for another timeline entry, focus on the error summary.
pub(crate) async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        EDIT_JS,
    )
        .into_response()
}

const EDIT_JS: &str = include_str!("edit.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_goes_back_only_to_a_page_of_the_site() {
        assert_eq!(checked_from("analys/prio.html"), "analys/prio.html");
        assert_eq!(checked_from("../../etc/passwd"), "");
        assert_eq!(checked_from("//evil.example/x"), "");
        assert_eq!(checked_from("__kartsite/edit/"), "");
        assert_eq!(from_of(Some("from=a%2Fb.html")), "a/b.html");
    }
}
