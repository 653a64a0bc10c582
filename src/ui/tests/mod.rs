//! Rendering tests: models driven by messages, drawn into ratatui's `TestBackend`, and the
//! screen read back (insta snapshots where the whole picture matters, explicit styles where
//! colour carries meaning).

mod api_catalog_render;
mod api_render;
mod encoder_render;
mod exposure;
mod focus;
mod help;
mod huge_token;
mod render;
mod sizes;
mod summary;
