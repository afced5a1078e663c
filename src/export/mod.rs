//! Exports: the report as one file to hand on. `pdf` (a default-on cargo
//! feature) writes the report or the residents' flyer as a tagged PDF.

#[cfg(feature = "pdf")]
pub mod pdf;
