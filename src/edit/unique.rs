//! Items without an id are addressed by what they say: a glossary entry by
//! its term, a network link by its ends and kind. A second one with the
//! same address is refused (the build reports a term explained twice; a
//! link written twice would draw one line and hide the second's label).

use std::path::Path;

use super::apply::{Action, FieldError, Refusal};
use super::kinds::{self, Kind};
use super::workspace::Workspace;
use crate::error::{Diagnostic, Pos};

/// Refuse a new or changed item of `kind` whose address `new` another
/// item already has (`old`, in `rel`: the item being changed, if any).
pub(super) fn refuse_a_second(
    ws: &Workspace,
    kind: Kind,
    rel: &Path,
    old: &str,
    new: &str,
    action: &Action,
) -> Result<(), Refusal> {
    let updating = matches!(action, Action::Update { .. });
    let Some((_, values, origin)) = kinds::items(&ws.report, kind)
        .into_iter()
        .find(|(a, _, o)| a == new && !(updating && a == old && o.file == rel))
    else {
        return Ok(());
    };
    let get = |k: &str| values.get(k).map_or("", |v| v.text().trim()).to_string();
    let message = match kind {
        Kind::Link => crate::msg!(
            "edit.refuse.duplicate-link",
            from = get("from"),
            to = get("to"),
            kind = new.rsplit('~').next().unwrap_or("").to_string()
        ),
        _ => crate::msg!("edit.refuse.duplicate-term", value = get("term")),
    };
    let at = origin.fields.get(kind.anchor_field()).map(|s| Pos {
        line: s.line,
        column: s.column,
    });
    let there = Diagnostic::error("duplicate-id", &origin.file, "").at(at);
    let diagnostic = Diagnostic::error("duplicate-id", rel, message)
        .hint(crate::msg!("edit.refuse.it-is-at", at = there.location()));
    Err(Refusal::Invalid(vec![FieldError {
        field: Some(kind.anchor_field()),
        diagnostic,
    }]))
}
