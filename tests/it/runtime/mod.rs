mod event_loop;
mod exchanges;
mod exposure_reads;
mod loop_support;
