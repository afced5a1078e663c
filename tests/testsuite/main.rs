//! Integration tests: one binary, one module per behaviour, each over
//! fixture reports copied into temporary folders.

mod support;

mod architecture;
mod atomic;
mod build_errors;
mod build_output;
mod check;
mod corpus;
mod error_kinds;
mod init;
mod privacy;
mod residents;
mod start;
mod xss;
