#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| kartsite_fuzz::check_whole_page(bytes));
