mod api_catalog_render;
mod api_render;
mod focus;
mod help;
mod render;
