//! kartsite: a static site generator for area mapping reports
//! (områdeskartläggning).
//!
//! The data flows one way: [`config`] (book.toml) → [`load`] (walk the
//! report into a typed [`model`]) → [`check`] (references, questions,
//! audiences) → [`render`] (Markdown and Tera themes, pure) → [`write`](mod@write)
//! (atomic output). [`build`](mod@build) runs the phases; [`cli`] is a thin layer.
//! [`site_files`] adds robots.txt, sitemap.xml and build.json beside the
//! pages; [`export`] turns a build into one HTML file or a zip, and
//! [`publish`] mirrors it into a folder a web server serves.
//! [`session`] rebuilds incrementally in memory for `serve` (a default-on
//! cargo feature). [`export`] turns a built report into one file (a PDF
//! with the default-on `pdf` feature).

// The developer docs are built with `--document-private-items` (CI runs
// `cargo doc --no-deps --document-private-items` with `-D warnings`): a
// module's doc may name the private files and functions it is made of.
#![allow(rustdoc::private_intra_doc_links)]

pub mod build;
pub mod chart;
pub mod check;
pub mod cli;
pub mod config;
pub mod edit;
pub mod error;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod gate;
pub mod links;
pub mod load;
pub mod messages;
pub mod mime;
pub mod model;
pub mod paths;
pub mod project;
pub mod publish;
pub mod render;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod session;
pub mod site_files;
pub mod suggest;
pub mod text;
pub mod theme;
pub mod write;

pub use build::{BuildOptions, build, build_in_memory, build_site};
pub use error::{Diagnostic, Diagnostics};
