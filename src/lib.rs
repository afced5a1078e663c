//! kartsite: a static site generator for area mapping reports
//! (områdeskartläggning).
//!
//! The data flows one way: [`config`] (book.toml) → [`load`] (walk the
//! report into a typed [`model`]) → [`check`] (references, questions,
//! audiences) → [`render`] (Markdown and Tera themes, pure) → [`write`]
//! (atomic output). [`build`] runs the phases; [`cli`] is a thin layer.
//! [`session`] rebuilds incrementally in memory for `serve` (a default-on
//! cargo feature).

pub mod build;
pub mod chart;
pub mod check;
pub mod cli;
pub mod config;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod links;
pub mod load;
pub mod model;
pub mod paths;
pub mod project;
pub mod render;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod session;
pub mod text;
pub mod theme;
pub mod write;

pub use build::{BuildOptions, build, build_in_memory};
pub use error::{Diagnostic, Diagnostics};
