//! The endpoint catalog as the list shows it: each row's verdict for the inspected token's
//! scopes (with any rule a 403 taught this session), the text and verdict filters, the
//! collapsible groups and the selected row.

use super::groups::{GroupInfo, groups};
use crate::domain::catalog::{
    Capability, Endpoint, FilterRank, Requirement, ScopeCheck, ScopeIndex, ScopeSet, catalog,
};
use std::collections::HashMap;

/// The second filter: every row, or only those the token passes, or only those it fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VerdictFilter {
    #[default]
    All,
    Allowed,
    Denied,
}

impl VerdictFilter {
    pub fn next(self) -> Self {
        match self {
            VerdictFilter::All => VerdictFilter::Allowed,
            VerdictFilter::Allowed => VerdictFilter::Denied,
            VerdictFilter::Denied => VerdictFilter::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VerdictFilter::All => "all",
            VerdictFilter::Allowed => "only allowed",
            VerdictFilter::Denied => "only denied",
        }
    }

    fn admits(self, check: Option<&ScopeCheck>) -> bool {
        let allowed = check.is_none_or(ScopeCheck::is_allowed);
        match self {
            VerdictFilter::All => true,
            VerdictFilter::Allowed => allowed,
            VerdictFilter::Denied => !allowed,
        }
    }
}

/// One line of the list: a group header (index into `groups()`) or an operation (catalog index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListRow {
    Group(usize),
    Endpoint(usize),
}

#[derive(Debug, Clone)]
pub struct EndpointList {
    /// The inspected token's scopes, and each catalog entry's verdict for them.
    pub(crate) scopes: Vec<String>,
    pub(crate) scope_set: ScopeSet,
    pub(crate) checks: Vec<ScopeCheck>,
    /// What the token can do, per group; recomputed with the verdicts.
    pub(crate) capability: Capability,
    /// Rules a 403 stated this session, by catalog index.
    pub(crate) learned: HashMap<usize, Endpoint>,
    pub(crate) filter: String,
    pub(crate) verdict: VerdictFilter,
    /// Catalog indices that pass both filters, in catalog order.
    pub(crate) matching: Vec<usize>,
    /// How well the text filter finds each of `matching` (the same positions).
    ranks: Vec<FilterRank>,
    /// How many of `matching` each group holds.
    pub(crate) matching_per_group: Vec<usize>,
    /// Per group of `groups()`.
    pub(crate) collapsed: Vec<bool>,
    pub(crate) rows: Vec<ListRow>,
    /// Index into `rows`.
    pub(crate) selected: usize,
}

impl EndpointList {
    pub(crate) fn new() -> Self {
        let mut list = Self {
            scopes: Vec::new(),
            scope_set: ScopeSet::default(),
            checks: Vec::new(),
            capability: Capability::default(),
            learned: HashMap::new(),
            filter: String::new(),
            verdict: VerdictFilter::All,
            matching: Vec::new(),
            ranks: Vec::new(),
            matching_per_group: Vec::new(),
            // The curated resources are the ones people use most: open; the rest folded.
            collapsed: groups().iter().map(|g| !g.curated).collect(),
            rows: Vec::new(),
            selected: 0,
        };
        list.set_scopes(&[]);
        list
    }

    pub(crate) fn set_scopes(&mut self, scopes: &[String]) {
        self.scopes = scopes.to_vec();
        self.scope_set = ScopeSet::new(scopes);
        self.recheck();
    }

    /// Recomputes every verdict and the capability, then the rows (the verdict filter depends
    /// on them).
    fn recheck(&mut self) {
        self.checks =
            (0..catalog().len()).filter_map(|i| self.endpoint(i)).map(|e| e.check(&self.scope_set)).collect();
        let mut capability = Capability { total: self.checks.len(), ..Capability::default() };
        for group in groups() {
            let allowed = self.checks[group.range.clone()].iter().filter(|c| c.is_allowed()).count();
            capability.allowed += allowed;
            capability.groups.push(crate::domain::catalog::GroupCount {
                group: group.name.to_owned(),
                allowed,
                total: group.range.len(),
            });
        }
        let index = ScopeIndex::global();
        capability.unused_scopes =
            self.scopes.iter().filter(|s| index.unlocks(s) == 0).cloned().collect::<Vec<_>>();
        capability.unused_scopes.sort();
        capability.unused_scopes.dedup();
        self.capability = capability;
        self.rebuild(true);
    }

    /// Remembers the rule a 403 stated for catalog entry `index`; true when it changed the rule.
    pub(crate) fn learn(&mut self, index: usize, requirement: Requirement) -> bool {
        let Some(endpoint) = catalog().get(index) else { return false };
        if self.endpoint(index).is_some_and(|e| e.requirement == requirement) {
            return false;
        }
        self.learned.insert(index, endpoint.with_learned_rule(requirement));
        self.recheck();
        true
    }

    /// Catalog entry `index` with the rule this session learned for it, if any.
    pub(crate) fn endpoint(&self, index: usize) -> Option<&Endpoint> {
        self.learned.get(&index).or_else(|| catalog().get(index))
    }

    pub(crate) fn matching_in(&self, group: usize) -> usize {
        self.matching_per_group.get(group).copied().unwrap_or(0)
    }

    pub(crate) fn is_collapsed(&self, group: usize) -> bool {
        self.filter.trim().is_empty() && self.collapsed.get(group).copied().unwrap_or(false)
    }

    /// The catalog index of the selected row, when it is an operation.
    pub(crate) fn selected_index(&self) -> Option<usize> {
        match self.rows.get(self.selected) {
            Some(ListRow::Endpoint(index)) => Some(*index),
            _ => None,
        }
    }

    /// The group of the selected row (its header or one of its operations).
    pub(crate) fn selected_group(&self) -> Option<usize> {
        match self.rows.get(self.selected)? {
            ListRow::Group(group) => Some(*group),
            ListRow::Endpoint(index) => group_of(*index),
        }
    }

    pub(crate) fn selected_endpoint(&self) -> Option<&'static Endpoint> {
        self.selected_index().and_then(|i| catalog().get(i))
    }

    pub(crate) fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// Applies a new text filter, keeping the selected operation selected when it still matches,
    /// else selecting the best match.
    pub(crate) fn set_filter(&mut self, filter: &str) {
        if self.filter == filter {
            return;
        }
        self.filter = filter.to_owned();
        self.rebuild(true);
        // A group header selected before says nothing about the new text: take its best match.
        if matches!(self.rows.get(self.selected), Some(ListRow::Group(_)))
            && let Some(first) = self.rows.iter().position(|r| matches!(r, ListRow::Endpoint(_)))
        {
            self.selected = first;
        }
    }

    pub(crate) fn cycle_verdict(&mut self) -> VerdictFilter {
        self.verdict = self.verdict.next();
        self.rebuild(true);
        self.verdict
    }

    /// Folds or unfolds the selected group; the selection moves to its header.
    pub(crate) fn toggle_group(&mut self) -> Option<(usize, bool)> {
        let group = self.selected_group()?;
        let collapsed = self.collapsed.get_mut(group)?;
        *collapsed = !*collapsed;
        let now = *collapsed;
        self.rebuild(false);
        self.select_row(ListRow::Group(group));
        Some((group, now))
    }

    /// Unfolds every group when one is folded, otherwise folds them all; true when unfolded.
    pub(crate) fn toggle_all(&mut self) -> bool {
        let expand = self.collapsed.iter().any(|c| *c);
        self.collapsed.iter_mut().for_each(|c| *c = !expand);
        let keep = self.selected_group();
        let endpoint = self.selected_index();
        self.rebuild(false);
        match (endpoint, keep) {
            (Some(index), _) if self.rows.contains(&ListRow::Endpoint(index)) => {
                self.select_row(ListRow::Endpoint(index))
            }
            (_, Some(group)) => self.select_row(ListRow::Group(group)),
            _ => self.selected = 0,
        }
        expand
    }

    fn select_row(&mut self, row: ListRow) {
        if let Some(position) = self.rows.iter().position(|r| *r == row) {
            self.selected = position;
        }
    }

    /// Recomputes the matching operations and the rows. With `reveal`, an operation that was
    /// selected and still matches stays selected, unfolding its group if needed; otherwise the
    /// first matching operation is selected, so Enter calls it.
    fn rebuild(&mut self, reveal: bool) {
        let kept = self.rows.get(self.selected).copied();
        let text_filter = !self.filter.trim().is_empty();
        self.matching.clear();
        self.ranks.clear();
        self.matching_per_group = vec![0; groups().len()];
        for (index, endpoint) in catalog().iter().enumerate() {
            if !self.verdict.admits(self.checks.get(index)) {
                continue;
            }
            let rank =
                if text_filter { endpoint.filter_rank(&self.filter) } else { Some(FilterRank::Anywhere) };
            if let Some(rank) = rank {
                self.matching.push(index);
                self.ranks.push(rank);
                if let Some(group) = group_of(index) {
                    self.matching_per_group[group] += 1;
                }
            }
        }
        if reveal
            && let Some(ListRow::Endpoint(index)) = kept
            && self.matching.binary_search(&index).is_ok()
            && let Some(group) = group_of(index)
            && let Some(collapsed) = self.collapsed.get_mut(group)
        {
            *collapsed = false;
        }
        self.rows = self.build_rows();
        self.selected = match kept {
            Some(row) if self.rows.contains(&row) => self.rows.iter().position(|r| *r == row).unwrap_or(0),
            Some(ListRow::Endpoint(index)) if !reveal => {
                let group = group_of(index).map(ListRow::Group);
                group.and_then(|g| self.rows.iter().position(|r| *r == g)).unwrap_or(0)
            }
            _ => self.rows.iter().position(|r| matches!(r, ListRow::Endpoint(_))).unwrap_or(0),
        };
    }

    /// The rows: groups in catalog order, or with a text filter the groups holding the best
    /// matches first (`roles` before `users` for "roles"), each group's best matches first.
    fn build_rows(&self) -> Vec<ListRow> {
        let filtering = !self.filter.trim().is_empty() || self.verdict != VerdictFilter::All;
        // Each group's slice of `matching` (they are adjacent in catalog order).
        let mut slices = Vec::with_capacity(groups().len());
        let mut next = 0;
        for (group, info) in groups().iter().enumerate() {
            let count = self.matching_in(group);
            let mut members: Vec<(FilterRank, usize)> =
                (next..next + count).map(|at| (self.ranks[at], self.matching[at])).collect();
            next += count;
            debug_assert!(members.iter().all(|(_, i)| info.range.contains(i)));
            if filtering && count == 0 {
                continue;
            }
            members.sort();
            let best = members.first().map_or(FilterRank::Anywhere, |(rank, _)| *rank);
            slices.push((best, group, members));
        }
        if !self.filter.trim().is_empty() {
            slices.sort_by_key(|(best, group, _)| (*best, *group));
        }
        let mut rows = Vec::with_capacity(groups().len() + self.matching.len());
        for (_, group, members) in slices {
            rows.push(ListRow::Group(group));
            if !self.is_collapsed(group) {
                rows.extend(members.into_iter().map(|(_, i)| ListRow::Endpoint(i)));
            }
        }
        rows
    }
}

/// The group (index into `groups()`) holding catalog entry `index`.
pub(crate) fn group_of(index: usize) -> Option<usize> {
    let all: &[GroupInfo] = groups();
    let position = all.partition_point(|g| g.range.end <= index);
    (position < all.len() && all[position].range.contains(&index)).then_some(position)
}
