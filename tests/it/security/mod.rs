mod bounds;
mod cli_trust;
mod files;
mod hostile_output;
mod redaction;
mod secret_cmd;
mod secret_cmd_memory;
mod urls;
