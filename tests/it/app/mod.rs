mod api_pane;
mod api_pane_tenant;
mod drift;
mod tokens_diff;
mod update;
