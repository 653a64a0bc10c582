mod api;
mod fetch;
mod tenant;
mod verify_http;
mod verify_pure;
