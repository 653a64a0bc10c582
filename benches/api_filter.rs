//! One keystroke in the API pane's `/` filter: re-matching all 469 operations (method, path,
//! group, description), re-grouping the rows and keeping the selection. It must stay well
//! under one frame (16 ms); the list then draws only the rows on screen.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tokex::app::api_pane::{ApiPane, VerdictFilter};
use tokex::domain::catalog::catalog;

fn benches(c: &mut Criterion) {
    assert_eq!(catalog().len(), 469);
    let mut pane = ApiPane::new();
    pane.on_token_changed(&["read:users".to_owned(), "read:clients".to_owned(), "update:users".to_owned()]);
    let mut group = c.benchmark_group("api filter keystroke");
    // Typing the last letter of a two-word filter, then taking it back: each call re-filters.
    let texts = ["get user", "get users"];
    let mut turn = 0;
    group.bench_function("469 operations, two words", |b| {
        b.iter(|| {
            turn ^= 1;
            pane.set_filter(black_box(texts[turn]));
            black_box(pane.rows().len())
        })
    });
    let texts = ["d", ""];
    group.bench_function("469 operations, one letter then cleared", |b| {
        b.iter(|| {
            turn ^= 1;
            pane.set_filter(black_box(texts[turn]));
            black_box(pane.rows().len())
        })
    });
    group.finish();
    assert_eq!(pane.verdict_filter(), VerdictFilter::All);
}

criterion_group!(api_filter, benches);
criterion_main!(api_filter);
