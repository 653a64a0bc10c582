mod decode;
mod fuzz_replay;
mod properties;
