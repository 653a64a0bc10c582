//! `Msg → Model` tests of the TUI's state machine: messages in, the model and the commands out,
//! no runtime. They sit next to the code so they can read the panes' `pub(crate)` parts.

mod api_catalog;
mod api_pane;
// Two real local tenants (the default `tenant` feature).
#[cfg(feature = "tenant")]
mod api_pane_tenant;
mod drift;
mod encoder;
mod exposure;
mod mouse;
mod notices;
mod tokens_diff;
mod update;
