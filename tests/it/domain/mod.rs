mod api_catalog;
mod decode;
mod fuzz_replay;
mod properties;
