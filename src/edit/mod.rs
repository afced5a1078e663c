//! `kartsite serve --edit`: forms instead of YAML. A writer changes, adds
//! or deletes an item (a finding, priority, feedback, actor, place, quote,
//! SWOT entry, årshjul activity, glossary entry, environmental factor,
//! network link, target group or key person) in a form; the item's lines in its YAML file are rewritten in the
//! file's own style and every other byte stays as it was.
//!
//! - [`kinds`]: the kinds, their fields typed as the model says
//!   (`fields`), an item's address and current values (`item_values`,
//!   `analysis_values`).
//! - [`yaml_text`]: the file as lines: lists, items, keys, and values
//!   written the way the file writes them.
//! - [`rewrite`]: an item's lines changed, added or taken out.
//! - [`workspace`]: the report loaded for editing, its items by address
//!   and what refers to one.
//! - [`apply`]: a save: the new text, checked with the build's checks in
//!   memory, refused on a conflict, written through a temporary file and a
//!   rename.
//! - [`form`]: the forms as plain HTML in the report's language, with
//!   [`strings`] (sv, nb, en); `form_fields` makes each field and
//!   `form_values` reads the answer back.
//!
//! Pages too ([`page`], `page_rewrite`, [`page_apply`] with `page_check`
//! and `page_refs`, [`page_form`], `page_strings`): a page's front matter fields and text in a form, only
//! the changed lines rewritten; new pages and translations; deleting a
//! page nothing links to.
//!
//! A layer above `check` (it loads and checks like `build`) and below
//! `serve`, which adds HTTP, the session token and same-origin checks.

mod analysis_values;
pub mod apply;
mod fields;
pub mod form;
mod form_fields;
mod form_values;
mod item_values;
pub mod kinds;
pub mod page;
pub mod page_apply;
mod page_check;
pub mod page_form;
mod page_refs;
pub mod page_rewrite;
pub mod page_strings;
mod rewrite;
mod rewrite_work;
pub mod strings;
mod unique;
pub mod workspace;
pub mod yaml_text;

pub use apply::{Action, FieldError, Refusal, Request, Saved, save};
pub use kinds::{Kind, Value, Values};
pub use workspace::Workspace;
