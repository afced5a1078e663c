//! `serve --edit`: the page forms of [`crate::edit::page_form`] over HTTP.
//!
//! A page is addressed by its output path as the loader gives it
//! (`/__kartsite/page/kartlaggning/statistik.html`), a translation by its
//! language and that path, a section by its index page; the file comes
//! from the loaded report, never from the request. Writes need the
//! session's token and a same-origin request, as the item forms do.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::edit::{
    REBUILD_WAIT, Writing, begin, begin_write, checked_from, field, html, not_found, page, plain,
    refused, see_other,
};
use super::server::AppState;
use crate::edit::apply::{Refusal, Workspace};
use crate::edit::form::{self, Notice, shown_languages};
use crate::edit::page::{self, Target};
use crate::edit::page_apply::{self, PageAction, PageRefusal, PageRequest};
use crate::edit::page_form::{self, Subject};
use crate::edit::page_strings::pt;

/// The page routes, added with `--edit` beside the item routes.
pub(crate) fn routes(router: axum::Router<Arc<AppState>>) -> axum::Router<Arc<AppState>> {
    use axum::routing::get;
    router
        .route(page_form::PAGES_PATH, get(overview))
        .route("/__kartsite/page/{*url}", get(edit_form).post(save))
        .route(
            "/__kartsite/translation/{lang}/{*url}",
            get(translation_form).post(save_translation),
        )
        .route("/__kartsite/new-page/{*url}", get(new_form).post(save_new))
        .route(
            "/__kartsite/delete-page/{*url}",
            get(delete_form).post(delete),
        )
        .route(
            "/__kartsite/delete-translation/{lang}/{*url}",
            get(delete_translation_form).post(delete_translation),
        )
}

/// `GET /__kartsite/pages/`: every section and page.
async fn overview(State(app): State<Arc<AppState>>, RawQuery(q): RawQuery) -> Response {
    match begin(&app, q.as_deref()) {
        Ok((ed, ws, from)) => html(
            StatusCode::OK,
            page_form::pages_overview(&page(ed, &ws, &from)),
        ),
        Err(r) => r,
    }
}

/// The page a form goes back to: `from`, else the page itself.
fn back_to(from: String, target: &Target) -> String {
    if from.is_empty() {
        checked_from(target.url())
    } else {
        from
    }
}

fn show_form(app: &AppState, target: &Target, q: Option<&str>) -> Response {
    let (ed, ws, from) = match begin(app, q) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let from = back_to(from, target);
    let p = page(ed, &ws, &from);
    match page_apply::current(&ws, target) {
        Ok((values, _, fh, ph)) => {
            let subject = Subject::Target {
                target,
                exists: !fh.is_empty(),
            };
            html(
                StatusCode::OK,
                page_form::page_form(&p, &subject, &values, &fh, &ph, &[], None),
            )
        }
        Err(r) => refused(&p, &r),
    }
}

/// `GET /__kartsite/page/{url}`.
async fn edit_form(
    State(app): State<Arc<AppState>>,
    UrlPath(url): UrlPath<String>,
    RawQuery(q): RawQuery,
) -> Response {
    show_form(&app, &Target::Page(url), q.as_deref())
}

/// `GET /__kartsite/translation/{lang}/{url}`: its form, or the form of a
/// new one.
async fn translation_form(
    State(app): State<Arc<AppState>>,
    UrlPath((lang, url)): UrlPath<(String, String)>,
    RawQuery(q): RawQuery,
) -> Response {
    show_form(&app, &Target::Translation { url, lang }, q.as_deref())
}

/// `GET /__kartsite/new-page/{section}`.
async fn new_form(
    State(app): State<Arc<AppState>>,
    UrlPath(section): UrlPath<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let (ed, ws, from) = match begin(&app, q.as_deref()) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let from = if from.is_empty() {
        checked_from(&section)
    } else {
        from
    };
    let p = page(ed, &ws, &from);
    let Some((_, dir)) = page::sections(&ws.report, &ws.settings)
        .into_iter()
        .find(|(u, _)| *u == section)
    else {
        return not_found(&p);
    };
    let values = page_apply::new_page_values(&ws, &dir);
    let subject = Subject::NewPage {
        section: &section,
        dir,
    };
    html(
        StatusCode::OK,
        page_form::page_form(&p, &subject, &values, "", "", &[], None),
    )
}

fn show_delete(app: &AppState, target: &Target, q: Option<&str>) -> Response {
    let (ed, ws, from) = match begin(app, q) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let from = back_to(from, target);
    let p = page(ed, &ws, &from);
    match page_apply::current(&ws, target) {
        Ok((_, _, fh, _)) if fh.is_empty() => not_found(&p),
        Ok((_, _, fh, ph)) => {
            let refs = page_apply::references(&ws, target);
            let also: Vec<std::path::PathBuf> = match target {
                Target::Page(u) => page::page_at(&ws.report, u)
                    .map(|pg| pg.translations.values().map(|t| t.source.clone()).collect())
                    .unwrap_or_default(),
                Target::Translation { .. } => Vec::new(),
            };
            html(
                StatusCode::OK,
                page_form::delete_page_form(&p, target, &also, &refs, &fh, &ph),
            )
        }
        Err(r) => refused(&p, &r),
    }
}

/// `GET /__kartsite/delete-page/{url}`: what links to it, and the button.
async fn delete_form(
    State(app): State<Arc<AppState>>,
    UrlPath(url): UrlPath<String>,
    RawQuery(q): RawQuery,
) -> Response {
    show_delete(&app, &Target::Page(url), q.as_deref())
}

/// `GET /__kartsite/delete-translation/{lang}/{url}`.
async fn delete_translation_form(
    State(app): State<Arc<AppState>>,
    UrlPath((lang, url)): UrlPath<(String, String)>,
    RawQuery(q): RawQuery,
) -> Response {
    show_delete(&app, &Target::Translation { url, lang }, q.as_deref())
}

/// What a POST asks for, before the report is looked at.
enum Ask {
    Edit(Target),
    New(String),
    Delete(Target),
}

/// `POST /__kartsite/page/{url}`.
async fn save(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(url): UrlPath<String>,
    body: Bytes,
) -> Response {
    write(app, headers, Ask::Edit(Target::Page(url)), body).await
}

/// `POST /__kartsite/translation/{lang}/{url}`.
async fn save_translation(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath((lang, url)): UrlPath<(String, String)>,
    body: Bytes,
) -> Response {
    write(
        app,
        headers,
        Ask::Edit(Target::Translation { url, lang }),
        body,
    )
    .await
}

/// `POST /__kartsite/new-page/{section}`.
async fn save_new(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(section): UrlPath<String>,
    body: Bytes,
) -> Response {
    write(app, headers, Ask::New(section), body).await
}

/// `POST /__kartsite/delete-page/{url}`.
async fn delete(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(url): UrlPath<String>,
    body: Bytes,
) -> Response {
    write(app, headers, Ask::Delete(Target::Page(url)), body).await
}

/// `POST /__kartsite/delete-translation/{lang}/{url}`.
async fn delete_translation(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath((lang, url)): UrlPath<(String, String)>,
    body: Bytes,
) -> Response {
    write(
        app,
        headers,
        Ask::Delete(Target::Translation { url, lang }),
        body,
    )
    .await
}

/// The action a POST asks for, when the report has what it names.
fn action_of(ws: &Workspace, ask: &Ask) -> Option<PageAction> {
    let langs = shown_languages(ws);
    match ask {
        Ask::Edit(t) => {
            let pg = page::page_at(&ws.report, t.url())?;
            match t {
                Target::Page(_) => Some(PageAction::Update(t.clone())),
                Target::Translation { lang, .. } if pg.translations.contains_key(lang) => {
                    Some(PageAction::Update(t.clone()))
                }
                Target::Translation { url, lang } => {
                    langs.contains(lang).then(|| PageAction::NewTranslation {
                        url: url.clone(),
                        lang: lang.clone(),
                    })
                }
            }
        }
        Ask::New(section) => page::sections(&ws.report, &ws.settings)
            .iter()
            .any(|(u, _)| u == section)
            .then(|| PageAction::NewPage {
                section: section.clone(),
            }),
        Ask::Delete(t) => {
            let pg = page::page_at(&ws.report, t.url())?;
            let exists = t.lang().is_none_or(|l| pg.translations.contains_key(l));
            exists.then(|| PageAction::Delete(t.clone()))
        }
    }
}

async fn write(app: Arc<AppState>, headers: HeaderMap, ask: Ask, body: Bytes) -> Response {
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
    let Some(action) = action_of(&ws, &ask) else {
        return not_found(&p);
    };
    let (fields, new_page) = match &action {
        PageAction::Update(t) | PageAction::Delete(t) => (t.fields(), false),
        PageAction::NewPage { .. } => (page::PAGE_FIELDS, true),
        PageAction::NewTranslation { .. } => (page::TRANSLATION_FIELDS, false),
    };
    let deleting = matches!(action, PageAction::Delete(_));
    let values = if deleting {
        crate::edit::Values::new()
    } else {
        page_form::values_from_form(fields, &pairs, new_page)
    };
    let request = PageRequest {
        action: action.clone(),
        values: values.clone(),
        file_hash: field(&pairs, "_file").to_string(),
        part_hash: field(&pairs, "_item").to_string(),
        drafts: ed.drafts,
    };
    let mut rebuilds = app.site.watch_rebuilds();
    rebuilds.mark_unchanged();
    let result = {
        let ws = ws.clone();
        tokio::task::spawn_blocking(move || page_apply::save_page(&ws, &request)).await
    };
    let Ok(result) = result else {
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            crate::msg!("edit.refuse.save-failed"),
        );
    };
    // The form to show again: the subject, as the writer sent it.
    let target = match &action {
        PageAction::Update(t) | PageAction::Delete(t) => Some(t.clone()),
        PageAction::NewTranslation { url, lang } => Some(Target::Translation {
            url: url.clone(),
            lang: lang.clone(),
        }),
        PageAction::NewPage { .. } => None,
    };
    let section = match &ask {
        Ask::New(s) => s.clone(),
        _ => String::new(),
    };
    let subject = |exists: bool| match &target {
        Some(t) => Subject::Target { target: t, exists },
        None => Subject::NewPage {
            section: &section,
            dir: page::sections(&ws.report, &ws.settings)
                .into_iter()
                .find(|(u, _)| *u == section)
                .map(|(_, d)| d)
                .unwrap_or_default(),
        },
    };
    let existed = matches!(action, PageAction::Update(_));
    match result {
        Ok(saved) => {
            if saved.written {
                // The preview rebuilds from the file (the watcher sees it);
                // answer once it has, so the page shown next is the new one.
                let _ = tokio::time::timeout(REBUILD_WAIT, rebuilds.changed()).await;
            }
            let to = format!("/{}", page_form::url_path(&saved.url));
            ed.remember(
                app.site.rebuild_count(),
                ws.with_report(saved.report, saved.errors),
            );
            see_other(&to)
        }
        Err(PageRefusal::Refused(Refusal::Invalid(errors))) => {
            let (fh, ph) = (field(&pairs, "_file"), field(&pairs, "_item"));
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                page_form::page_form(&p, &subject(existed), &values, fh, ph, &errors, None),
            )
        }
        Err(PageRefusal::Refused(Refusal::Referenced(refs))) => {
            let body = page_form::refs_html(ed.lang, &refs);
            html(
                StatusCode::CONFLICT,
                form::message(&p, pt(ed.lang, "delete"), &[]).replacen(
                    "</h1>\n",
                    &format!("</h1>\n{body}"),
                    1,
                ),
            )
        }
        Err(PageRefusal::Conflict {
            file,
            front_changed,
            body_changed,
            front_now,
        }) => {
            let lang = ed.lang;
            let mut lines = Vec::new();
            let mut code = None;
            if front_changed {
                lines.push(pt(lang, "conflict_front").to_string());
                code = Some(
                    front_now
                        .iter()
                        .map(|(n, l)| format!("{}:{n}  {l}", file.display()))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            }
            if body_changed {
                lines.push(pt(lang, "conflict_body").to_string());
            }
            if !front_changed && !body_changed {
                lines.push(pt(lang, "conflict_file").to_string());
            }
            lines.push(pt(lang, "conflict_keep").to_string());
            let notice = Notice {
                title: pt(lang, "conflict_title").to_string(),
                lines,
                code,
            };
            if deleting {
                return html(
                    StatusCode::CONFLICT,
                    form::message(&p, &notice.title, &notice.lines),
                );
            }
            // The form keeps the writer's text, against the file as it is
            // now, so that saving again is a choice made knowing it.
            let fresh = Workspace::load(&ed.root, ed.drafts, ed.audience).ok();
            let fresh = fresh.as_ref().unwrap_or(&ws);
            let (fh, ph, exists) = match &target {
                Some(t) => page_apply::current(fresh, t)
                    .map(|(_, _, fh, ph)| {
                        let exists = !fh.is_empty();
                        (fh, ph, exists)
                    })
                    .unwrap_or_default(),
                None => Default::default(),
            };
            let p = crate::edit::form::Page { ws: fresh, ..p };
            html(
                StatusCode::CONFLICT,
                page_form::page_form(&p, &subject(exists), &values, &fh, &ph, &[], Some(&notice)),
            )
        }
        Err(PageRefusal::Refused(r)) => refused(&p, &r),
    }
}
