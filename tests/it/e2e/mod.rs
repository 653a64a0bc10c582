mod api_e2e;
mod clipboard_paste;
mod drift_tui;
mod exposure_tui;
mod inspector;
mod tui_exit_paths;
mod tui_focus_tmux;
mod tui_times;
