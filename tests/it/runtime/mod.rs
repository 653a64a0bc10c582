mod event_loop;
