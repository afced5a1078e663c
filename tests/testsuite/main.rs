//! Integration tests: one binary, one module per behaviour, each over
//! fixture reports copied into temporary folders.

// The helpers in `support` are `pub` for the test modules of this one
// binary; `unreachable_pub` (from Cargo.toml's lints) is for the library.
#![allow(unreachable_pub)]

mod support;

mod analysis;
mod architecture;
mod atomic;
mod build_errors;
mod build_output;
mod charts;
mod check;
mod corpus;
mod edit_items;
mod edit_kinds;
mod edit_kinds_address;
mod edit_pages;
mod error_kinds;
mod exports;
mod gate;
mod gate_channels;
mod gate_shortcuts;
mod init;
mod languages;
mod messages;
mod messages_charts;
mod nowrap_text;
mod open_answers;
#[cfg(feature = "pdf")]
mod pdf;
mod privacy;
mod publish;
mod publishing;
mod residents;
mod residents_ui;
mod search_print;
// `kartsite serve` exists with the `serve` feature only (the default).
#[cfg(feature = "serve")]
mod edit_pages_serve;
#[cfg(feature = "serve")]
mod edit_serve;
#[cfg(feature = "serve")]
mod edit_serve_kinds;
mod search_snippets;
#[cfg(feature = "serve")]
mod serve;
mod start;
mod statistics;
mod theme_extends;
mod xss;
