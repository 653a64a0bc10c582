//! The endpoint catalog as the list shows it: each row's verdict for the inspected token's
//! scopes, the filter, and the selected row.

use crate::domain::catalog::{Endpoint, ScopeCheck, ScopeSet, catalog};

#[derive(Debug, Clone)]
pub(super) struct EndpointList {
    /// The inspected token's scopes, and each catalog entry's verdict for them.
    scopes: Vec<String>,
    scope_set: ScopeSet,
    checks: Vec<ScopeCheck>,
    filter: String,
    /// Catalog indices that pass the filter, in catalog order.
    visible: Vec<usize>,
    /// Index into `visible`.
    selected: usize,
}

impl EndpointList {
    pub(super) fn new() -> Self {
        let mut list = Self {
            scopes: Vec::new(),
            scope_set: ScopeSet::default(),
            checks: Vec::new(),
            filter: String::new(),
            visible: (0..catalog().len()).collect(),
            selected: 0,
        };
        list.set_scopes(&[]);
        list
    }

    pub(super) fn set_scopes(&mut self, scopes: &[String]) {
        self.scopes = scopes.to_vec();
        self.scope_set = ScopeSet::new(scopes);
        self.checks = catalog().iter().map(|e| e.check(&self.scope_set)).collect();
    }

    pub(super) fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The same scopes, hashed for checks.
    pub(super) fn scope_set(&self) -> &ScopeSet {
        &self.scope_set
    }

    pub(super) fn checks(&self) -> &[ScopeCheck] {
        &self.checks
    }

    pub(super) fn filter(&self) -> &str {
        &self.filter
    }

    pub(super) fn visible(&self) -> &[usize] {
        &self.visible
    }

    pub(super) fn selected_row(&self) -> usize {
        self.selected
    }

    /// The catalog index of the selected row.
    pub(super) fn selected_index(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    pub(super) fn selected_endpoint(&self) -> Option<&'static Endpoint> {
        self.selected_index().and_then(|i| catalog().get(i))
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        let last = self.visible.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// Applies a new filter, keeping the selected endpoint selected when it still shows.
    pub(super) fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_owned();
        let keep = self.selected_index();
        self.visible = catalog()
            .iter()
            .enumerate()
            .filter(|(_, e)| e.matches_filter(&self.filter))
            .map(|(i, _)| i)
            .collect();
        self.selected = keep.and_then(|k| self.visible.iter().position(|&i| i == k)).unwrap_or(0);
    }
}
