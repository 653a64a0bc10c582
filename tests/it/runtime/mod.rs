mod event_loop;
mod exchanges;
